package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: version, completion, decode and serve --check-config. */
class ConveniencesTest {
    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
    }

    CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertTrue(r.err().startsWith("mandate: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        return r;
    }

    @Test
    void versionIsJson() {
        JsonObject v = ok("version").json();
        assertEquals(VersionProvider.version(), v.getString("mandate"));
        assertFalse(v.getString("mandate").contains("${"), "the version was filtered in at build time");
        assertEquals(System.getProperty("java.version"), v.getString("java"));
    }

    /** The bash script is loaded into a real bash, and Tab completion is asked for as bash would. */
    @Test
    void bashCompletionCompletesCommandsSubcommandsAndOptions() throws Exception {
        String script = ok("completion", "bash").out();
        Path file = dir.resolve("mandate-completion.bash");
        Files.writeString(file, script);
        assertEquals("key", complete(file, "mandate ke"));
        String keySubs = complete(file, "mandate key ");
        for (String sub : new String[] {"generate", "list", "import", "export", "rename", "delete", "passwd"}) {
            assertTrue((" " + keySubs + " ").contains(" " + sub + " "), keySubs);
        }
        assertTrue(complete(file, "mandate vc issue --for").contains("--format"));
        String zsh = ok("completion", "zsh").out();
        assertTrue(zsh.startsWith("autoload -U +X compinit") && zsh.contains("bashcompinit"), zsh.substring(0, 80));
        fails(2, "completion", "fish");
    }

    private static String complete(Path script, String line) throws Exception {
        String words = line.endsWith(" ") ? line + "''" : line;
        String cmd = "source '" + script + "'; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(" + words + "); "
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _complete_mandate 2>/dev/null; echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void decodeShowsJwtSdJwtAndJsonAndSaysUnverified() throws Exception {
        String agent = ok("key", "generate", "--type", "P-256", "--name", "agent").json().getString("publicKeyMultibase");
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        Files.writeString(cli.workDir.resolve("c.json"), """
                {"@context": ["https://www.w3.org/ns/credentials/v2", "https://mandate.dev/ns/agent/v1"],
                 "type": ["VerifiableCredential", "AgentCapabilityCredential"],
                 "credentialSubject": {"id": "did:key:%s",
                   "capability": [{"action": "read", "resource": "https://api.example/orders/"}]}}""".formatted(agent));
        ok("vc", "issue", "--key", "org", "--format", "jwt", "-o", "c.jwt", "c.json");
        CliHarness.Result jwt = ok("decode", "c.jwt");
        JsonObject j = jwt.json();
        assertTrue(j.getString("UNVERIFIED").contains("NOT checked"), j.toString());
        assertTrue(jwt.err().contains("UNVERIFIED"), jwt.err());
        assertEquals("vc+jwt", j.getString("format"));
        assertEquals("did:key:" + agent, j.getJsonObject("summary").getString("subject"));

        ok("vc", "issue", "--key", "org", "--format", "sd-jwt", "--disclosable", "/credentialSubject/capability/0", "-o", "c.sd-jwt", "c.json");
        ok("vp", "create", "--key", "agent", "--format", "sd-jwt", "--disclose", "/credentialSubject/capability/0", "--nonce", "n1",
                "--audience", "https://api.example", "-o", "p.sd-jwt", "c.sd-jwt");
        JsonObject sd = ok("decode", "p.sd-jwt").json();
        assertEquals("sd-jwt", sd.getString("format"));
        assertEquals(1, sd.getJsonArray("disclosures").size());
        assertEquals("read", sd.getJsonArray("disclosures").getJsonObject(0).getJsonObject("value").getString("action"));
        assertEquals("n1", sd.getJsonObject("keyBinding").getJsonObject("payload").getString("nonce"));

        ok("vc", "issue", "--key", "org", "-o", "signed.json", "c.json");
        cli.stdin = Files.readString(cli.workDir.resolve("signed.json"));
        JsonObject di = ok("decode", "-").json();
        assertEquals("json", di.getString("format"));
        assertEquals("eddsa-rdfc-2022", di.getJsonArray("proofs").getJsonObject(0).getString("cryptosuite"));
        assertEquals(1, di.getJsonArray("capabilities").size());

        // a forged JWT decodes just the same: decoding is not verifying, and says so
        String forged = Files.readString(cli.workDir.resolve("c.jwt")).strip();
        forged = forged.substring(0, forged.lastIndexOf('.') + 1) + "AAAA";
        Files.writeString(cli.workDir.resolve("forged.jwt"), forged);
        assertTrue(ok("decode", "forged.jwt").json().containsKey("UNVERIFIED"));
        assertEquals(1, cli.run("vc", "verify", "forged.jwt").exit());

        // bad input: one line, exit 2
        Files.writeString(cli.workDir.resolve("empty.txt"), "  \n");
        assertTrue(fails(2, "decode", "empty.txt").err().contains("empty"));
        Files.writeString(cli.workDir.resolve("junk.txt"), "hello.world");
        fails(2, "decode", "junk.txt");
        Files.writeString(cli.workDir.resolve("none.jwt"), "eyJhbGciOiJub25lIn0.eyJhIjoxfQ.");
        fails(2, "decode", "none.jwt");
        Files.writeString(cli.workDir.resolve("bad.sd-jwt"), forged + "~!!!~");
        fails(2, "decode", "bad.sd-jwt");
        Files.writeString(cli.workDir.resolve("deep.json"), "[".repeat(100_000));
        fails(2, "decode", "deep.json");
    }

    @Test
    void serveCheckConfigValidatesWithoutServing() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        Files.writeString(cli.workDir.resolve("good.json"), "{\"port\": 8443, \"issuers\": [{\"name\": \"org\", \"key\": \"org\"}]}");
        JsonObject good = ok("serve", "--config", "good.json", "--check-config").json();
        assertTrue(good.getBoolean("valid"));
        assertEquals(8443, good.getInt("port"));
        assertTrue(ok("serve", "--check-config").json().getBoolean("valid"), "the defaults are valid");

        Files.writeString(cli.workDir.resolve("bad.json"), "{\"limits\": {\"maxBodyBytes\": \"big\"}}");
        assertTrue(fails(2, "serve", "--config", "bad.json", "--check-config").err().contains("limits.maxBodyBytes"));
        Files.writeString(cli.workDir.resolve("nokey.json"), "{\"issuers\": [{\"name\": \"org\", \"key\": \"nope\"}]}");
        assertTrue(fails(2, "serve", "--config", "nokey.json", "--check-config").err().contains("issuers[0].key"));
        Files.writeString(cli.workDir.resolve("tls.json"), "{\"tls\": {\"certificate\": \"missing.pem\", \"privateKey\": \"missing-key.pem\"}}");
        CliHarness.Result tls = cli.run("serve", "--config", "tls.json", "--check-config");
        assertEquals(2, tls.exit(), tls.toString());
        assertTrue(tls.err().contains("tls"), tls.err());
    }
}
