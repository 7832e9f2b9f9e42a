package dev.mandate.cli;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate vc issue|verify}, {@code mandate vp create} and {@code mandate bench}, in-process. */
class VcCommandsTest {
    static final String UNSIGNED = """
            {"@context": ["https://www.w3.org/ns/credentials/v2", "https://mandate.dev/ns/agent/v1"],
             "type": ["VerifiableCredential", "AgentCapabilityCredential"],
             "credentialSubject": {"id": "did:example:agent",
               "capability": [{"action": "read", "resource": "https://api.supplier.example/orders/"}]}}
            """;

    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        Files.writeString(cli.workDir.resolve("credential.json"), UNSIGNED);
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        return r;
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(cli.workDir.resolve(name), text);
    }

    @ParameterizedTest
    @CsvSource({"Ed25519,,eddsa-rdfc-2022", "Ed25519,eddsa-jcs-2022,eddsa-jcs-2022", "P-256,,ecdsa-rdfc-2019",
            "P-384,ecdsa-jcs-2019,ecdsa-jcs-2019"})
    void issueThenVerifyEveryDefaultAndChosenSuite(String type, String suite, String expectedSuite) throws Exception {
        ok("key", "generate", "--type", type, "--name", "org");
        CliHarness.Result issued = suite == null
                ? ok("vc", "issue", "--key", "org", "--valid-for", "5m", "credential.json")
                : ok("vc", "issue", "--key", "org", "--suite", suite, "credential.json");
        JsonObject vc = issued.json();
        assertEquals(expectedSuite, vc.getJsonObject("proof").getString("cryptosuite"));
        assertTrue(vc.getString("issuer").startsWith("did:key:"));
        write("signed.json", issued.out());
        JsonObject result = ok("vc", "verify", "signed.json").json();
        assertTrue(result.getBoolean("verified"), result.toString());

        write("tampered.json", Json.createObjectBuilder(vc).add("name", "forged").build().toString());
        JsonObject bad = fails(ExitCode.NEGATIVE, "vc", "verify", "tampered.json").json();
        assertFalse(bad.getBoolean("verified"));
        assertEquals("PROOF_VERIFICATION_ERROR", bad.getJsonArray("problems").getJsonObject(0).getString("title"));
    }

    @Test
    void presentationWithChallengeAndDomain() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        ok("key", "generate", "--type", "P-256", "--name", "agent");
        write("signed.json", ok("vc", "issue", "--key", "org", "credential.json").out());
        write("vp.json", ok("vp", "create", "--key", "agent", "--challenge", "c-1", "--domain", "supplier.example", "signed.json").out());

        assertTrue(ok("vc", "verify", "--challenge", "c-1", "--domain", "supplier.example", "vp.json").json().getBoolean("verified"));
        JsonObject wrong = fails(ExitCode.NEGATIVE, "vc", "verify", "--challenge", "c-2", "vp.json").json();
        assertEquals("INVALID_CHALLENGE_ERROR", wrong.getJsonArray("problems").getJsonObject(0).getString("title"));
        assertEquals("presentation", wrong.getString("kind"));
        // an empty --challenge / --domain is refused in one line, not read as "expect none"
        String empty = fails(ExitCode.USAGE, "vc", "verify", "--challenge", "", "vp.json").err();
        assertTrue(empty.startsWith("mandate: --challenge: is empty") && empty.strip().lines().count() == 1, empty);
        assertTrue(fails(ExitCode.USAGE, "vc", "verify", "--domain", "", "vp.json").err().startsWith("mandate: --domain: is empty"));
    }

    @Test
    void severalInputsGiveOneLineEachAndTheWorstExitCode() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        String signed = ok("vc", "issue", "--key", "org", "credential.json").out();
        write("a.json", signed);
        write("b.json", signed.replace("did:example:agent", "did:example:mallory"));
        CliHarness.Result r = fails(ExitCode.NEGATIVE, "vc", "verify", "a.json", "b.json");
        assertEquals(2, r.out().lines().count(), r.out());
        assertTrue(r.out().lines().findFirst().orElseThrow().contains("\"verified\":true"));
    }

    @Test
    void validForAndAtDecideExpiry() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        write("signed.json", ok("vc", "issue", "--key", "org", "--valid-for", "3s", "credential.json").out());
        JsonObject later = fails(ExitCode.NEGATIVE, "vc", "verify", "--at", "2999-01-01T00:00:00Z", "signed.json").json();
        assertTrue(later.toString().contains("/validUntil"), later.toString());
    }

    @Test
    void badInputAndBadUsageExitTwoWithOneLine() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        ok("key", "generate", "--type", "secp256k1", "--name", "k1");
        write("not.json", "{nope");
        write("deep.json", "[".repeat(10_000) + "]".repeat(10_000));

        assertTrue(fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "not.json").err().startsWith("mandate: not.json: input is not JSON"));
        assertTrue(fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "--valid-for", "soon", "credential.json").err().contains("not a positive duration"));
        assertTrue(fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "--suite", "rot13", "credential.json").err().contains("unknown cryptosuite"));
        assertTrue(fails(ExitCode.USAGE, "vc", "issue", "--key", "k1", "credential.json").err().contains("secp256k1"));
        assertTrue(fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "missing.json").err().contains("no such file"));
        assertTrue(fails(ExitCode.NEGATIVE, "vc", "issue", "--key", "nobody", "credential.json").err().contains("no such key"));
        assertTrue(fails(ExitCode.USAGE, "vc", "verify", "--at", "yesterday", "credential.json").err().contains("RFC 3339"));

        JsonObject notJson = fails(ExitCode.NEGATIVE, "vc", "verify", "not.json").json();
        assertEquals("PARSING_ERROR", notJson.getJsonArray("problems").getJsonObject(0).getString("title"));
        JsonObject deep = fails(ExitCode.NEGATIVE, "vc", "verify", "deep.json").json();
        assertEquals("LIMIT_EXCEEDED_ERROR", deep.getJsonArray("problems").getJsonObject(0).getString("title"));
        JsonObject unsigned = fails(ExitCode.NEGATIVE, "vc", "verify", "credential.json").json();
        assertTrue(unsigned.getJsonArray("problems").stream()
                .anyMatch(p -> p.asJsonObject().getString("title").equals("CRYPTOGRAPHIC_SECURITY_ERROR")), unsigned.toString());
    }

    @Test
    void credentialFromStdin() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        cli.stdin = UNSIGNED;
        String signed = ok("vc", "issue", "--key", "org", "-").out();
        cli.stdin = signed;
        assertTrue(ok("vc", "verify", "-").json().getBoolean("verified"));
    }

    @Test
    void benchPrintsOneLinePerOperation() {
        CliHarness.Result r = ok("bench", "--seconds", "0.05", "--filter", "di_eddsa_jcs_2022_.*|raw_ed25519_verify");
        assertEquals(3, r.out().lines().count(), r.out());
        r.out().lines().forEach(l -> assertTrue(l.matches("[a-z0-9_]+ [0-9]+") && !l.endsWith(" 0"), l));
        assertTrue(fails(ExitCode.USAGE, "bench", "--seconds", "-1").err().contains("out of range"));
    }

    @Test
    void benchJsonIsOneDocumentWithEveryOperation() {
        CliHarness.Result r = ok("bench", "--json", "--seconds", "0.05", "--filter", "di_eddsa_jcs_2022_.*|raw_ed25519_verify");
        assertEquals(1, r.out().lines().count(), r.out());
        JsonObject doc = r.json();
        assertEquals(3, doc.getJsonArray("results").size(), r.out());
        doc.getJsonArray("results").forEach(v -> {
            assertTrue(v.asJsonObject().getString("operation").matches("[a-z0-9_]+"), v.toString());
            assertTrue(v.asJsonObject().getJsonNumber("opsPerSecond").longValue() > 0, v.toString());
        });
        assertEquals(5, doc.getInt("rounds"));
        assertEquals(0.05, doc.getJsonNumber("seconds").doubleValue(), 1e-9);
    }

    @Test
    void benchTakesAnyValidCredential() throws Exception {
        // no capability, no agent context: the SD-JWT operation discloses the claim the subject has
        write("minimal.json", """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "did:example:subject", "name": "Example subject"}}
                """);
        CliHarness.Result r = ok("bench", "--seconds", "0.05", "--credential", "minimal.json", "--filter", "sd_jwt_present_verify|di_eddsa_jcs_2022_verify");
        assertEquals(List.of("di_eddsa_jcs_2022_verify", "sd_jwt_present_verify"), r.out().lines().map(l -> l.split(" ")[0]).toList(), r.out());
        r.out().lines().forEach(l -> assertTrue(l.matches("[a-z0-9_]+ [0-9]+") && !l.endsWith(" 0"), l));
        assertEquals("", r.err());

        // nothing to disclose: that one operation is left out, with a note
        write("bare.json", """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "did:example:subject"}}
                """);
        r = ok("bench", "--seconds", "0.05", "--credential", "bare.json", "--filter", "sd_jwt_present_verify|jose_eddsa_jwt_verify");
        assertEquals(List.of("jose_eddsa_jwt_verify"), r.out().lines().map(l -> l.split(" ")[0]).toList(), r.out());
        assertTrue(r.err().startsWith("mandate bench: sd_jwt_present_verify skipped: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        // a bad file is the usual one-line usage error
        write("not-json.json", "{\"credentialSubject\": ");
        write("not-a-credential.json", "{\"hello\": \"world\"}");
        for (String bad : List.of("not-json.json", "not-a-credential.json", "missing.json")) {
            CliHarness.Result f = fails(ExitCode.USAGE, "bench", "--seconds", "0.05", "--credential", bad);
            assertEquals(1, f.err().lines().count(), f.err());
            assertTrue(f.err().startsWith("mandate: " + bad + ": "), f.err());
            assertEquals("", f.out());
        }
    }

    @ParameterizedTest
    @CsvSource({"Ed25519,jwt,vc+jwt", "P-256,jwt,vc+jwt", "secp256k1,jwt,vc+jwt", "P-384,jwt-1.1,vc-jwt-1.1", "Ed25519,sd-jwt,sd-jwt"})
    void joseFormatsIssueAndVerify(String type, String format, String resultFormat) throws Exception {
        ok("key", "generate", "--type", type, "--name", "org");
        String token = ok("vc", "issue", "--key", "org", "--format", format, "credential.json").out().strip();
        assertFalse(token.startsWith("{"), token);
        write("credential.token", token);
        JsonObject r = ok("vc", "verify", "credential.token").json();
        assertTrue(r.getBoolean("verified"), r.toString());
        assertEquals(resultFormat, r.getString("format"));

        String[] parts = token.split("~")[0].split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];
        write("forged.token", forged);
        assertFalse(fails(ExitCode.NEGATIVE, "vc", "verify", "forged.token").json().getBoolean("verified"));
    }

    @Test
    void sdJwtSelectiveDisclosureWithKeyBinding() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        String agentDid = ok("key", "generate", "--type", "P-256", "--name", "agent").json().getString("publicKeyMultibase");
        write("bound.json", UNSIGNED.replace("did:example:agent", "did:key:" + agentDid)
                .replace("[{\"action\": \"read\"", "[{\"action\": \"pay\", \"resource\": \"https://api.supplier.example/pay\"}, {\"action\": \"read\""));
        write("cred.sd-jwt", ok("vc", "issue", "--key", "org", "--format", "sd-jwt",
                "--disclosable", "/credentialSubject/capability/0", "--disclosable", "/credentialSubject/capability/1", "bound.json").out());
        String vp = ok("vp", "create", "--key", "agent", "--format", "sd-jwt", "--disclose", "/credentialSubject/capability/1",
                "--nonce", "n-1", "--audience", "https://api.supplier.example", "cred.sd-jwt").out().strip();
        assertEquals(2 + 1, vp.split("~", -1).length, "issuer JWT, one disclosure, key-binding JWT: " + vp);
        write("vp.sd-jwt", vp);
        JsonObject r = ok("vc", "verify", "--nonce", "n-1", "--audience", "https://api.supplier.example", "vp.sd-jwt").json();
        assertTrue(r.getBoolean("verified"), r.toString());
        JsonObject wrongAud = fails(ExitCode.NEGATIVE, "vc", "verify", "--nonce", "n-1", "--audience", "https://evil.example", "vp.sd-jwt").json();
        assertEquals("INVALID_DOMAIN_ERROR", wrongAud.getJsonArray("problems").getJsonObject(0).getString("title"));

        assertTrue(fails(ExitCode.USAGE, "vp", "create", "--key", "agent", "--format", "sd-jwt", "--nonce", "n", "cred.sd-jwt").err()
                .contains("audience"));
        assertTrue(fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "--disclosable", "/credentialSubject", "credential.json").err()
                .contains("only applies to --format sd-jwt"));
        assertTrue(fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "--format", "cbor", "credential.json").err().contains("unknown format"));
    }

    @Test
    void jwtPresentationEnvelopesJwtCredentials() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        ok("key", "generate", "--type", "Ed25519", "--name", "agent");
        write("c.jwt", ok("vc", "issue", "--key", "org", "--format", "jwt", "credential.json").out());
        write("vp.jwt", ok("vp", "create", "--key", "agent", "--format", "jwt", "--nonce", "n-2", "--audience", "https://x.example", "c.jwt").out());
        JsonObject r = ok("vc", "verify", "--nonce", "n-2", "--audience", "https://x.example", "vp.jwt").json();
        assertTrue(r.getBoolean("verified"), r.toString());
        assertEquals("vp+jwt", r.getString("format"));
        assertEquals(1, r.getJsonArray("credentialResults").size());
        // an empty nonce is not "no nonce": it is refused in one line instead of being signed as ""
        String empty = fails(ExitCode.USAGE, "vp", "create", "--key", "agent", "--format", "jwt", "--nonce", "", "c.jwt").err();
        assertTrue(empty.contains("nonce must not be empty"), empty);
        assertFalse(empty.contains("\tat ") || empty.contains("Exception"), empty);
    }

    @Test
    void contextsFromAFolderAreUsedOnlyWhenGiven() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        write("custom.json", """
                {"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.com/ctx/v1"],
                 "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:1", "team": "procurement"}}
                """);
        String err = fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "custom.json").err();
        assertTrue(err.contains("https://example.com/ctx/v1") && err.contains("--context-dir"), err);

        Path ctx = cli.workDir.resolve("contexts");
        Files.createDirectories(ctx);
        Files.writeString(ctx.resolve("index.json"), "{\"https://example.com/ctx/v1\": \"team.jsonld\"}");
        Files.writeString(ctx.resolve("team.jsonld"), "{\"@context\": {\"team\": \"https://example.com/ctx#team\"}}");
        write("signed.json", ok("vc", "issue", "--key", "org", "--context-dir", "contexts", "custom.json").out());
        cli.env.put("MANDATE_CONTEXT_DIR", ctx.toString());
        assertTrue(ok("vc", "verify", "signed.json").json().getBoolean("verified"));
        cli.env.remove("MANDATE_CONTEXT_DIR");
        JsonObject without = fails(ExitCode.NEGATIVE, "vc", "verify", "signed.json").json();
        assertEquals("UNKNOWN_CONTEXT_ERROR", without.getJsonArray("problems").getJsonObject(0).getString("title"), without.toString());
        assertTrue(fails(ExitCode.USAGE, "vc", "verify", "--context-dir", "nowhere", "signed.json").err().contains("--context-dir"));
    }

    @Test
    void trustedIssuerOption() throws Exception {
        JsonObject org = ok("key", "generate", "--type", "Ed25519", "--name", "org").json();
        String orgDid = "did:key:" + org.getString("publicKeyMultibase");
        write("signed.json", ok("vc", "issue", "--key", "org", "credential.json").out());
        assertTrue(ok("vc", "verify", "--trusted-issuer", orgDid, "signed.json").json().getBoolean("verified"));
        JsonObject r = fails(ExitCode.NEGATIVE, "vc", "verify", "--trusted-issuer", "did:web:partner.example", "signed.json").json();
        assertEquals("UNTRUSTED_ISSUER_ERROR", r.getJsonArray("problems").getJsonObject(0).getString("title"));
        assertTrue(fails(ExitCode.USAGE, "vc", "verify", "--trusted-issuer", "partner", "signed.json").err().contains("not a DID"));
    }

    /** Issue 16: a challenge given for a bare credential was silently ignored and the answer was "verified". */
    @Test
    void aChallengeOrDomainForABareCredentialIsRefused() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        write("signed.json", ok("vc", "issue", "--key", "org", "credential.json").out());
        write("credential.jwt", ok("vc", "issue", "--key", "org", "--format", "jwt", "credential.json").out());
        for (String file : new String[] {"signed.json", "credential.jwt"}) {
            CliHarness.Result r = fails(ExitCode.USAGE, "vc", "verify", "--challenge", "9f2c", file);
            assertTrue(r.err().startsWith("mandate: " + file + ": is a bare credential, so --challenge cannot be checked"), r.err());
            assertFalse(r.out().contains("\"verified\":true"), "no verified answer is printed: " + r.out());
            assertEquals(1, r.err().lines().count(), r.err());
            CliHarness.Result d = fails(ExitCode.USAGE, "vc", "verify", "--domain", "api.example", file);
            assertTrue(d.err().contains("--domain cannot be checked"), d.err());
        }
        // without the option it verifies; a presentation with the challenge still does
        ok("vc", "verify", "signed.json");
        ok("key", "generate", "--type", "P-256", "--name", "agent");
        write("vp.json", ok("vp", "create", "--key", "agent", "--challenge", "9f2c", "signed.json").out());
        ok("vc", "verify", "--challenge", "9f2c", "vp.json");
    }
}
