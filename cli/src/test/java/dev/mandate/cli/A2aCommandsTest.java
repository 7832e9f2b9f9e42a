package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.cli.demo.LocalHttpsServer;
import dev.mandate.did.Did;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import dev.mandate.vc.json.BoundedJson;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mandate a2a sign-card|verify-card}, in-process, with real keys, a real SQLite registry and a local HTTPS did:web host. */
class A2aCommandsTest {
    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        Files.writeString(cli.workDir.resolve("card.json"), docBlock("a2a-example-card"));
    }

    /** The code block after {@code <!-- marker -->} in docs/a2a.md. */
    static String docBlock(String marker) throws Exception {
        String md = Files.readString(Path.of("..", "docs", "a2a.md"));
        int at = md.indexOf("<!-- " + marker + " -->");
        assertTrue(at > 0, "docs/a2a.md has no " + marker + " marker");
        int start = md.indexOf('\n', md.indexOf("```", at)) + 1;
        return md.substring(start, md.indexOf("\n```", start));
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        return r;
    }

    private CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one error line: " + r.err());
        assertTrue(r.err().startsWith("mandate: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        return r;
    }

    /** Runs sign-card and writes the signed card to {@code out} in the working directory. */
    private JsonObject sign(String out, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("a2a", "sign-card"));
        a.addAll(List.of(args));
        CliHarness.Result r = ok(a.toArray(String[]::new));
        Files.writeString(cli.workDir.resolve(out), r.out());
        return r.json();
    }

    private static JsonObject header(JsonObject signed, int i) {
        String p = signed.getJsonArray("signatures").getJsonObject(i).getString("protected");
        try (JsonReader r = Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(p), StandardCharsets.UTF_8)))) {
            return r.readObject();
        }
    }

    // ------------------------------------------------------------------------------------------------ the documented walkthrough

    /** The `# exit N` comment at the end of a line, if any. */
    private static final Pattern EXIT = Pattern.compile("#\\s*exit (\\d)");
    private static final Pattern CAPTURE = Pattern.compile("^([A-Z_]+)=\\$\\((mandate .*) \\| jq -r \\.(\\w+)\\)$");
    private static final Pattern ASSIGN = Pattern.compile("^([A-Z_]+)=(\\S+)$");

    @Test
    void theWalkthroughInDocsA2aMdRunsAsWritten() throws Exception {
        Map<String, String> vars = new HashMap<>();
        Map<String, String> overrides = Map.of("STORE", "jdbc:sqlite:" + dir.resolve("registry.db"));
        List<CliHarness.Result> verifications = new ArrayList<>();
        for (String raw : docBlock("a2a-cli-walkthrough").lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int expected = 0;
            int hash = line.indexOf(" # ");
            if (hash >= 0) {
                Matcher m = EXIT.matcher(line.substring(hash));
                if (m.find()) {
                    expected = Integer.parseInt(m.group(1));
                }
                line = line.substring(0, hash).strip();
            }
            Matcher capture = CAPTURE.matcher(line);
            Matcher assign = ASSIGN.matcher(line);
            if (capture.matches()) {
                CliHarness.Result r = runLine(capture.group(2), vars);
                assertEquals(0, r.exit(), raw + "\n" + r);
                vars.put(capture.group(1), r.json().getString(capture.group(3)));
                continue;
            }
            if (assign.matches()) {
                vars.put(assign.group(1), overrides.getOrDefault(assign.group(1), assign.group(2)));
                continue;
            }
            CliHarness.Result r = runLine(line, vars);
            assertEquals(expected, r.exit(), raw + "\n" + r);
            if (line.startsWith("mandate a2a verify-card")) {
                verifications.add(r);
            }
        }
        assertEquals(4, verifications.size());
        JsonObject first = verifications.get(0).json();
        assertTrue(first.getBoolean("verified"), first.toString());
        assertEquals("agent-card", first.getString("kind"));
        assertEquals(vars.get("DID") + "#" + vars.get("DID").substring("did:key:".length()),
                first.getJsonArray("proofs").getJsonObject(0).getString("verificationMethod"));
        assertTrue(verifications.get(1).err().contains("is a registered agent that is not active (registered)"), verifications.get(1).err());
        JsonObject active = verifications.get(2).json();
        assertTrue(active.getBoolean("verified"));
        assertTrue(active.getJsonArray("checks").toString().contains("agentRegistry"), active.toString());
        assertTrue(verifications.get(3).err().contains("not active (suspended)"), verifications.get(3).err());
        assertEquals("UNTRUSTED_ISSUER_ERROR", verifications.get(3).json().getJsonArray("problems").getJsonObject(0).getString("title"));
    }

    @Test
    void publishCardStoresOnlyTheAgentsOwnSignedCard() throws Exception {
        String store = "jdbc:sqlite:" + dir.resolve("registry.db");
        ok("key", "generate", "--type", "Ed25519", "--name", "a");
        ok("key", "generate", "--type", "Ed25519", "--name", "b");
        String a = ok("did", "create", "--key", "a", "--method", "key").json().getString("did");
        String b = ok("did", "create", "--key", "b", "--method", "key").json().getString("did");
        for (String did : List.of(a, b)) {
            ok("agent", "register", "--did", did, "--name", did.substring(8, 16), "--owner", "team:x", "--store", store);
            ok("agent", "activate", did, "--reason", "ok", "--store", store);
        }
        sign("by-b.json", "--key", "b", "card.json");
        CliHarness.Result foreign = fails(ExitCode.NEGATIVE, "agent", "publish-card", a, "by-b.json", "--store", store);
        assertTrue(foreign.err().contains("which is not a DID of agent " + a), foreign.err());
        fails(ExitCode.NEGATIVE, "agent", "card", a, "--store", store);
        sign("by-a.json", "--key", "a", "card.json");
        Files.writeString(cli.workDir.resolve("altered.json"), Files.readString(cli.workDir.resolve("by-a.json")).replace("weather", "salaries"));
        fails(ExitCode.NEGATIVE, "agent", "publish-card", a, "altered.json", "--store", store);
        CliHarness.Result published = ok("agent", "publish-card", a, "by-a.json", "--by", "alice", "--store", store);
        assertEquals(a, published.json().getString("agent"));
        JsonObject shown = ok("agent", "card", a, "--store", store).json();
        assertEquals(BoundedJson.parseObject(Files.readString(cli.workDir.resolve("by-a.json")), BoundedJson.Limits.DEFAULT), shown);
    }

    /** Runs one documented command line: words, "double quotes", $VARS, and {@code > file} / {@code < file} redirections. */
    private CliHarness.Result runLine(String line, Map<String, String> vars) throws Exception {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '$' && i + 1 < line.length() && Character.isUpperCase(line.charAt(i + 1))) {
                int end = i + 1;
                while (end < line.length() && (Character.isUpperCase(line.charAt(end)) || line.charAt(end) == '_')) {
                    end++;
                }
                String name = line.substring(i + 1, end);
                assertTrue(vars.containsKey(name), "undefined $" + name + " in: " + line);
                w.append(vars.get(name));
                inWord = true;
                i = end - 1;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(w.toString());
        }
        assertEquals("mandate", words.get(0), line);
        String out = null;
        List<String> args = new ArrayList<>();
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i).equals(">")) {
                out = words.get(++i);
            } else if (words.get(i).equals("<")) {
                cli.stdin = Files.readString(cli.workDir.resolve(words.get(++i)));
            } else {
                args.add(words.get(i));
            }
        }
        CliHarness.Result r = cli.run(args.toArray(String[]::new));
        cli.stdin = "";
        if (out != null) {
            Files.writeString(cli.workDir.resolve(out), r.out());
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------ sign and verify

    @Test
    void signAndVerifyUnderDidKeyAndDidJwk() throws Exception {
        String ed = ok("key", "generate", "--type", "Ed25519", "--name", "ed").json().getString("publicKeyMultibase");
        JsonObject signed = sign("ed.json", "--key", "ed", "card.json");
        assertEquals("did:key:" + ed + "#" + ed, header(signed, 0).getString("kid"));
        assertEquals("EdDSA", header(signed, 0).getString("alg"));
        assertEquals("JOSE", header(signed, 0).getString("typ"));
        JsonObject r = ok("a2a", "verify-card", "ed.json").json();
        assertTrue(r.getBoolean("verified"), r.toString());
        assertEquals("a2a-jws", r.getString("format"));

        ok("key", "generate", "--type", "P-256", "--name", "p256");
        String jwkDid = ok("did", "create", "--key", "p256", "--method", "jwk").json().getString("did");
        JsonObject jwkSigned = sign("jwk.json", "--key", "p256", "--did-method", "jwk", "card.json");
        assertEquals(jwkDid + "#0", header(jwkSigned, 0).getString("kid"));
        assertEquals("ES256", header(jwkSigned, 0).getString("alg"));
        // --did alone chooses the method; stdin works; the same kid signing again replaces its signature.
        cli.stdin = Files.readString(cli.workDir.resolve("jwk.json"));
        JsonObject again = ok("a2a", "sign-card", "--key", "p256", "--did", jwkDid, "-").json();
        assertEquals(1, again.getJsonArray("signatures").size());
        cli.stdin = "";
        assertTrue(ok("a2a", "verify-card", "jwk.json").json().getBoolean("verified"));

        // Two signers on one card (a did:key and a did:jwk): both verify.
        sign("both.json", "--key", "ed", "jwk.json");
        JsonObject both = ok("a2a", "verify-card", "both.json").json();
        assertEquals(2, both.getJsonArray("proofs").size());
    }

    @Test
    void aChangedCardIsNotVerifiedExit1WithTheReasonOnStderr() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "ed");
        sign("signed.json", "--key", "ed", "card.json");
        String text = Files.readString(cli.workDir.resolve("signed.json"));
        Files.writeString(cli.workDir.resolve("tampered.json"), text.replace("Three-day forecast", "Ten-day forecast"));
        CliHarness.Result r = fails(ExitCode.NEGATIVE, "a2a", "verify-card", "tampered.json");
        assertFalse(r.json().getBoolean("verified"));
        assertTrue(r.err().startsWith("mandate: tampered.json: signature 0 does not verify with did:key:"), r.err());
        assertTrue(r.err().contains("(at /signatures/0/signature)"), r.err());

        CliHarness.Result unsigned = fails(ExitCode.NEGATIVE, "a2a", "verify-card", "card.json");
        assertTrue(unsigned.err().contains("the card has no signatures"), unsigned.err());
    }

    @Test
    void badInputAndBadOptionsExit2() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "ed");
        ok("key", "generate", "--type", "Ed25519", "--name", "other");
        String otherDid = ok("did", "create", "--key", "other", "--method", "key").json().getString("did");
        Files.writeString(cli.workDir.resolve("broken.json"), "{\"name\": ");
        Files.writeString(cli.workDir.resolve("array.json"), "[]");
        Files.writeString(cli.workDir.resolve("odd.json"), "{\"name\":\"x\",\"signatures\":true}");

        assertEquals("", fails(ExitCode.USAGE, "a2a", "verify-card", "missing.json").out());
        assertEquals("", fails(ExitCode.USAGE, "a2a", "verify-card", "broken.json").out());
        assertTrue(fails(ExitCode.USAGE, "a2a", "verify-card", "array.json").err().contains("not an object"));
        assertTrue(fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "broken.json").err().startsWith("mandate: broken.json: "));
        assertTrue(fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "odd.json").err().contains("not an array (at /signatures)"));
        assertTrue(fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "--did-method", "web", "card.json").err().contains("needs --did"));
        assertTrue(fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "--did", otherDid, "card.json").err()
                .contains("not the signing key's"));
        assertTrue(fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "--did", "did:example:123", "card.json").err()
                .contains("not a did:key, did:jwk or did:web DID"));
        assertTrue(fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "--did-method", "jwk", "--did", "did:web:example.com", "card.json")
                .err().contains("is not a did:jwk DID"));
        assertTrue(fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "--did", "did:web:example.com",
                "--verification-method", "did:web:other.example#k1", "card.json").err().contains("is not a #fragment of did:web:example.com"));
        fails(ExitCode.USAGE, "a2a", "sign-card", "--key", "ed", "--did-method", "plc", "card.json");
        fails(ExitCode.NEGATIVE, "a2a", "sign-card", "--key", "nobody", "card.json");
        assertTrue(fails(ExitCode.USAGE, "a2a").err().contains("sign-card, verify-card"));
    }

    @Test
    void theRegistryCheckRefusesUnknownAgentsAndAnUnreachableStoreIsExit3() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "ed");
        sign("signed.json", "--key", "ed", "card.json");
        String store = "jdbc:sqlite:" + dir.resolve("registry.db");
        CliHarness.Result unknown = fails(ExitCode.NEGATIVE, "a2a", "verify-card", "--store", store, "signed.json");
        assertTrue(unknown.err().contains("is not a registered agent"), unknown.err());
        // $MANDATE_STORE alone does not switch the registry check on.
        cli.env.put("MANDATE_STORE", store);
        assertTrue(ok("a2a", "verify-card", "signed.json").json().getBoolean("verified"));

        Files.writeString(dir.resolve("not-a-dir"), "x");
        CliHarness.Result down = fails(ExitCode.DEPENDENCY, "a2a", "verify-card", "--store", "jdbc:sqlite:" + dir.resolve("not-a-dir/r.db"),
                "signed.json");
        assertEquals("", down.out());
        assertTrue(down.err().startsWith("mandate: --store jdbc:sqlite:"), down.err());
    }

    // ------------------------------------------------------------------------------------------------ did:web

    @Test
    void aDidWebAgentRotatesItsKeyAndRetiresTheOldOneInTheRegistry() throws Exception {
        String oldMk = ok("key", "generate", "--type", "Ed25519", "--name", "old").json().getString("publicKeyMultibase");
        String newMk = ok("key", "generate", "--type", "P-256", "--name", "new").json().getString("publicKeyMultibase");
        Path site = Files.createDirectories(dir.resolve("site"));
        try (LocalHttpsServer server = LocalHttpsServer.start(site)) {
            Path didJson = site.resolve("agents/procurement/did.json");
            String did = ok("did", "create", "--key", "old", "--method", "web", "--url", "https://localhost:" + server.port()
                    + "/agents/procurement", "--out", didJson.toString()).json().getString("did");
            Path pem = dir.resolve("server.pem");
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(server.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            String[] web = {"--allow-private-networks", "--trust-cert", pem.toString()};

            JsonObject signed = sign("signed.json", "--key", "old", "--did-method", "web", "--did", did, "card.json");
            assertEquals(did + "#" + oldMk, header(signed, 0).getString("kid"));
            assertTrue(ok(args("a2a", "verify-card", "signed.json", web)).json().getBoolean("verified"));

            // Without permission to reach 127.0.0.1 the DID cannot be resolved (SSRF policy): exit 3.
            CliHarness.Result refused = fails(ExitCode.DEPENDENCY, "a2a", "verify-card", "signed.json");
            assertTrue(refused.json().getJsonArray("problems").getJsonObject(0).getString("title").equals("RESOLUTION_ERROR"), refused.out());

            // Rotation: the document lists both keys, the card carries both signatures.
            Files.writeString(didJson, document(did, oldMk, newMk));
            sign("rotating.json", "--key", "new", "--did", did, "signed.json");
            JsonObject during = ok(args("a2a", "verify-card", "rotating.json", web)).json();
            assertEquals(2, during.getJsonArray("proofs").size());

            // The registry knows the agent's two keys; retiring the old one there refuses its signature.
            String store = "jdbc:sqlite:" + dir.resolve("registry.db");
            ok("agent", "register", "--did", did, "--name", "procurement", "--owner", "team:procurement", "--store", store);
            ok("agent", "activate", did, "--reason", "approved", "--store", store);
            ok("agent", "add-key", did, "--key", "old", "--reason", "first key", "--store", store);
            ok("agent", "add-key", did, "--key", "new", "--reason", "rotation", "--store", store);
            ok(args("a2a", "verify-card", "--store", store, "rotating.json", web));
            ok("agent", "retire-key", did, did + "#" + oldMk, "--reason", "rotated", "--store", store);
            CliHarness.Result retired = fails(ExitCode.NEGATIVE, args("a2a", "verify-card", "--store", store, "rotating.json", web));
            assertTrue(retired.err().contains("was retired in the registry"), retired.err());

            // The old key leaves the DID document: its signature no longer verifies, so the card is refused...
            Files.writeString(didJson, document(did, newMk));
            CliHarness.Result stale = fails(ExitCode.NEGATIVE, args("a2a", "verify-card", "rotating.json", web));
            JsonObject r = stale.json();
            assertFalse(r.getJsonArray("proofs").getJsonObject(0).getBoolean("verified"));
            assertTrue(r.getJsonArray("proofs").getJsonObject(1).getBoolean("verified"));
            assertTrue(stale.err().contains("signature 0: "), stale.err());
            // ...until it is re-published signed by the new key alone.
            JsonObject replaced = sign("final.json", "--key", "new", "--did", did, "--replace", "rotating.json");
            assertEquals(1, replaced.getJsonArray("signatures").size());
            JsonObject fin = ok(args("a2a", "verify-card", "--store", store, "final.json", web)).json();
            assertTrue(fin.getBoolean("verified"), fin.toString());
            assertEquals(did + "#" + newMk, fin.getJsonArray("proofs").getJsonObject(0).getString("verificationMethod"));
        }
    }

    private static String[] args(String a, String b, String c, String... rest) {
        List<String> all = new ArrayList<>(List.of(a, b, c));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    private static String[] args(String a, String b, String c, String d, String e, String... rest) {
        List<String> all = new ArrayList<>(List.of(a, b, c, d, e));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    /** A did:web document listing the Multikeys {@code mks} for authentication and assertionMethod. */
    private static String document(String did, String... mks) throws Exception {
        DidDocument.Builder b = DidDocument.builder(Did.parse(did));
        for (String mk : mks) {
            b.verificationMethod(mk, PublicKeyValue.fromMultikey(mk), Relationship.AUTHENTICATION, Relationship.ASSERTION_METHOD);
        }
        return b.build().toPrettyJson();
    }
}
