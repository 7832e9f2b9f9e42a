package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.cli.demo.LocalHttpsServer;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DIDs are validated wherever the CLI accepts one (exit 2, one line naming the option and the value, nothing written),
 * and {@code vc issue --issuer} signs only for a DID whose document lists the signing key under assertionMethod.
 */
class DidArgumentsTest {
    /** The placeholder of the docs, with a real ellipsis, as people paste it. */
    static final String PASTED = "did:key:z6Mk\u2026";
    static final String CAP = "{\"action\":\"read\",\"resource\":\"https://api.example/orders/\"}";

    @TempDir
    Path dir;
    CliHarness cli;
    Path storeFile;
    String store;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        Files.writeString(cli.workDir.resolve("credential.json"), VcCommandsTest.UNSIGNED);
        storeFile = dir.resolve("never.db");
        store = "jdbc:sqlite:" + storeFile;
        assertEquals(0, cli.run("key", "generate", "--type", "Ed25519", "--name", "org").exit());
    }

    private CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one error line: " + r.err());
        assertTrue(r.err().startsWith("mandate: ") && r.err().contains("; "), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertEquals("", r.out(), "nothing is printed on refusal");
        return r;
    }

    private JsonObject ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r.json();
    }

    @Test
    void thePastedPlaceholderIsRefusedByGrantWithOneLineNamingOptionValueAndRemedy() {
        CliHarness.Result r = fails(ExitCode.USAGE, "grant", "--store", store, "--key", "org", "--agent", PASTED, "--action", "read",
                "--resource", "https://db.example/reports", "--ttl", "3s", "--task", "t-1");
        assertEquals("mandate: --agent " + PASTED + ": not a DID (the method-specific id has a character that is not allowed: '\u2026' (U+2026)"
                + " at position 12); paste the agent's full DID\n", r.err());
        assertFalse(Files.exists(storeFile), "no store was created");
    }

    static Stream<Arguments> didOptions() {
        String agent = DidCommandsTest.ED_DID;
        List<Arguments> cases = new ArrayList<>();
        for (String bad : List.of(PASTED, "did:key:AGENT", "did:key:z6Mk...", "AGENT", "did:web:127.1", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do")) {
            cases.add(Arguments.of("--agent", bad, List.of("grant", "--key", "org", "--agent", bad, "--action", "read", "--resource", "r",
                    "--ttl", "3s", "--task", "t")));
            cases.add(Arguments.of("--issuer", bad, List.of("grant", "--key", "org", "--agent", agent, "--issuer", bad, "--action", "read",
                    "--resource", "r", "--ttl", "3s", "--task", "t")));
            cases.add(Arguments.of("--subject", bad, List.of("cap", "grant", "--key", "org", "--subject", bad, "--capability", CAP)));
            cases.add(Arguments.of("--subject", bad, List.of("cap", "delegate", "--key", "org", "--parent", "root.json", "--subject", bad,
                    "--capability", CAP)));
            cases.add(Arguments.of("--did", bad, List.of("agent", "register", "--did", bad, "--name", "n", "--owner", "o")));
            cases.add(Arguments.of("DID", bad, List.of("agent", "add-did", agent, bad, "--reason", "r")));
            cases.add(Arguments.of("--issuer", bad, List.of("agent", "rotate-key", agent, "--issuer-key", "org", "--issuer", bad, "--reason", "r")));
            cases.add(Arguments.of("--issuer", bad, List.of("vc", "issue", "--key", "org", "--issuer", bad, "credential.json")));
            cases.add(Arguments.of("--issuer", bad, List.of("vc", "issue", "--key", "org", "--format", "jwt", "--issuer", bad, "credential.json")));
            cases.add(Arguments.of("--trusted-issuer", bad, List.of("vc", "verify", "--trusted-issuer", bad, "credential.json")));
            cases.add(Arguments.of("--holder", bad, List.of("vp", "create", "--key", "org", "--challenge", "c", "--holder", bad, "credential.json")));
            if (bad.startsWith("did:key:")) {
                cases.add(Arguments.of("--key-did", bad, List.of("audit", "verify", "--key-did", bad)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("didOptions")
    void everyDidOptionRefusesWhatIsNotAUsableDid(String option, String value, List<String> args) {
        List<String> all = new ArrayList<>(args);
        boolean hasStore = !(args.get(0).equals("vp") || args.get(1).equals("verify") && args.get(0).equals("vc"));
        if (hasStore) {
            all.add("--store"); // picocli takes options after positional parameters too
            all.add(store);
        }
        CliHarness.Result r = fails(ExitCode.USAGE, all.toArray(String[]::new));
        assertTrue(r.err().startsWith("mandate: " + option + " " + value + ": not a "), r.err());
        assertFalse(Files.exists(storeFile), "no store was created");
    }

    @Test
    void vcIssueRefusesAnIssuerWhoseDocumentDoesNotListTheSigningKey() throws Exception {
        assertEquals(0, cli.run("key", "generate", "--type", "Ed25519", "--name", "other").exit());
        String otherKey = ok("did", "create", "--key", "other", "--method", "key").getString("did");
        String otherJwk = ok("did", "create", "--key", "other", "--method", "jwk").getString("did");
        CliHarness.Result key = fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "--issuer", otherKey, "credential.json");
        assertTrue(key.err().startsWith("mandate: --issuer " + otherKey + ": this did:key is not the signing key's"), key.err());
        CliHarness.Result jwk = fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "--issuer", otherJwk, "credential.json");
        assertTrue(jwk.err().startsWith("mandate: --issuer " + otherJwk + ": its DID document's verification method " + otherJwk
                + "#0 is not the signing key ("), jwk.err());
        CliHarness.Result jose = fails(ExitCode.USAGE, "vc", "issue", "--key", "org", "--format", "jwt", "--issuer", otherJwk, "credential.json");
        assertTrue(jose.err().contains("is not the signing key"), jose.err());
        // the key's own did:jwk is fine
        String orgJwk = ok("did", "create", "--key", "org", "--method", "jwk").getString("did");
        assertEquals(orgJwk, ok("vc", "issue", "--key", "org", "--issuer", orgJwk, "credential.json").getString("issuer"));
    }

    @Test
    void vcIssueChecksADidWebDocumentOverHttpsWithTheResolverOptions() throws Exception {
        assertEquals(0, cli.run("key", "generate", "--type", "Ed25519", "--name", "other").exit());
        Path site = Files.createDirectories(dir.resolve("site"));
        try (LocalHttpsServer server = LocalHttpsServer.start(site)) {
            Path pem = dir.resolve("server.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(server.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            String base = "https://127.0.0.1:" + server.port();
            String[] local = {"--allow-private-networks", "--trust-cert", pem.toString()};

            // a document that lists another key
            String otherDid = ok("did", "create", "--key", "other", "--method", "web", "--url", base + "/other",
                    "--out", site.resolve("other/did.json").toString()).getString("did");
            assertEquals("did:web:127.0.0.1%3A" + server.port() + ":other", otherDid);
            CliHarness.Result other = fails(ExitCode.USAGE, concat(new String[] {"vc", "issue", "--key", "org", "--issuer", otherDid}, local,
                    "credential.json"));
            assertTrue(other.err().startsWith("mandate: --issuer " + otherDid + ": its DID document has no verification method " + otherDid
                    + "#z6Mk"), other.err());

            // a document that lists the key, but not under assertionMethod
            String orgPub = ok("did", "create", "--key", "org", "--method", "key").getString("did").substring("did:key:".length());
            String authOnly = "did:web:127.0.0.1%3A" + server.port() + ":auth";
            Files.createDirectories(site.resolve("auth"));
            Files.writeString(site.resolve("auth/did.json"), "{\"@context\":[\"https://www.w3.org/ns/did/v1\",\"https://w3id.org/security/multikey/v1\"],"
                    + "\"id\":\"" + authOnly + "\",\"verificationMethod\":[{\"id\":\"" + authOnly + "#" + orgPub + "\",\"type\":\"Multikey\","
                    + "\"controller\":\"" + authOnly + "\",\"publicKeyMultibase\":\"" + orgPub + "\"}],\"authentication\":[\"#" + orgPub + "\"]}");
            CliHarness.Result auth = fails(ExitCode.USAGE, concat(new String[] {"vc", "issue", "--key", "org", "--issuer", authOnly}, local,
                    "credential.json"));
            assertTrue(auth.err().contains("does not list the signing key") && auth.err().contains("under assertionMethod"), auth.err());

            // no document published at that path: exit 2
            String nobody = "did:web:127.0.0.1%3A" + server.port() + ":nobody";
            CliHarness.Result nf = fails(ExitCode.USAGE, concat(new String[] {"vc", "issue", "--key", "org", "--issuer", nobody}, local,
                    "credential.json"));
            assertTrue(nf.err().contains("cannot check that its DID document lists the signing key"), nf.err());

            // the organisation's own document: signed, and it verifies
            String orgDid = ok("did", "create", "--key", "org", "--method", "web", "--url", base + "/org",
                    "--out", site.resolve("org/did.json").toString()).getString("did");
            CliHarness.Result signed = cli.run(concat(new String[] {"vc", "issue", "--key", "org", "--issuer", orgDid}, local, "credential.json"));
            assertEquals(0, signed.exit(), signed.toString());
            assertEquals(orgDid, signed.json().getString("issuer"));
            Files.writeString(cli.workDir.resolve("signed.json"), signed.out());
            assertTrue(ok(concat(new String[] {"vc", "verify"}, local, "signed.json")).getBoolean("verified"));

            // without the resolver options the loopback host is refused: exit 3, the one message, nothing signed
            CliHarness.Result refused = fails(ExitCode.DEPENDENCY, "vc", "issue", "--key", "org", "--issuer", orgDid, "credential.json");
            assertTrue(refused.err().startsWith("mandate: --issuer " + orgDid + ": cannot check that its DID document lists the signing key: "
                    + orgDid + " could not be resolved: the host is not reachable or not allowed; "), refused.err());
        }
    }

    private static String[] concat(String[] head, String[] middle, String last) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(middle));
        all.add(last);
        return all.toArray(String[]::new);
    }
}
