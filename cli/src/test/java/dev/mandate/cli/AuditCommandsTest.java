package dev.mandate.cli;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate audit append|sign|verify|prove|check-proof}, in-process on a real SQLite store. */
class AuditCommandsTest {
    @TempDir
    Path dir;
    CliHarness cli;
    String store;
    String orgDid;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        store = "jdbc:sqlite:" + dir.resolve("audit.db");
        cli.env.put("MANDATE_STORE", store);
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        orgDid = "did:key:" + ok("key", "export", "--name", "org").json().getString("publicKeyMultibase");
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

    private void appendSome(int n) {
        for (int i = 0; i < n; i++) {
            JsonObject e = ok("audit", "append", "--type", i % 2 == 0 ? "status" : "authorization", "--actor", "did:example:guard",
                    "--subject", "did:example:agent-" + i, "--details", "{\"decision\":\"deny\",\"i\":" + i + "}").json();
            assertEquals(64, e.getString("leafHash").length());
        }
    }

    @Test
    void appendSignVerifyProveAndCheckOffline() throws Exception {
        appendSome(6);
        JsonObject head = ok("audit", "sign", "--key", "org").json();
        assertEquals(6, head.getJsonNumber("treeSize").longValue());
        assertTrue(head.getString("keyId").startsWith(orgDid + "#"));

        JsonObject v = ok("audit", "verify", "--key-did", orgDid).json();
        assertTrue(v.getBoolean("intact"), v.toString());
        assertEquals(6, v.getInt("entries"));
        assertEquals(1, v.getInt("signedTreeHeads"));
        assertTrue(ok("audit", "verify", "--key", "org").json().getBoolean("intact"));

        String proof = ok("audit", "prove", "3").out();
        Files.writeString(cli.workDir.resolve("proof.json"), proof);
        JsonObject p = cli.run("audit", "prove", "3").json();
        assertEquals(3, p.getInt("leafIndex"));
        assertEquals(6, p.getInt("treeSize"));
        assertEquals("did:example:agent-3", p.getJsonObject("entry").getString("subject"));

        JsonObject checked = ok("audit", "check-proof", "--key-did", orgDid, "proof.json").json();
        assertTrue(checked.getBoolean("valid"), checked.toString());
        // without a pinned key, the proof's own did:key is used and printed
        CliHarness.Result unpinned = ok("audit", "check-proof", "proof.json");
        assertEquals(orgDid, unpinned.json().getString("key"));
        assertTrue(unpinned.err().contains("warning"));

        // the proof checked with another organisation's key, or edited, fails
        ok("key", "generate", "--type", "Ed25519", "--name", "other");
        String otherDid = "did:key:" + ok("key", "export", "--name", "other").json().getString("publicKeyMultibase");
        assertFalse(fails(ExitCode.NEGATIVE, "audit", "check-proof", "--key-did", otherDid, "proof.json").json().getBoolean("valid"));
        Files.writeString(cli.workDir.resolve("edited.json"), proof.replace("\"decision\":\"deny\"", "\"decision\":\"allow\""));
        JsonObject edited = fails(ExitCode.NEGATIVE, "audit", "check-proof", "--key-did", orgDid, "edited.json").json();
        assertTrue(edited.getString("problem").contains("altered"), edited.toString());
        Files.writeString(cli.workDir.resolve("garbage.json"), "{\"type\":\"something else\"}");
        fails(ExitCode.USAGE, "audit", "check-proof", "--key-did", orgDid, "garbage.json");
    }

    @Test
    void verifyNamesTheFirstTamperedEntry() throws Exception {
        appendSome(8);
        ok("audit", "sign", "--key", "org");
        try (Connection c = DriverManager.getConnection(store); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_entry SET details = '{\"decision\":\"allow\",\"i\":5}' WHERE seq = 5");
        }
        CliHarness.Result r = fails(ExitCode.NEGATIVE, "audit", "verify", "--key-did", orgDid);
        JsonObject f = r.json().getJsonObject("finding");
        assertEquals("altered", f.getString("kind"));
        assertEquals(5, f.getInt("seq"));
        assertTrue(r.err().contains("NOT intact"));

        try (Connection c = DriverManager.getConnection(store); Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM audit_entry WHERE seq = 2");
        }
        JsonObject removed = fails(ExitCode.NEGATIVE, "audit", "verify", "--key-did", orgDid).json().getJsonObject("finding");
        assertEquals("removed", removed.getString("kind"));
        assertEquals(2, removed.getInt("seq"));
    }

    @Test
    void badInputAndMissingThings() {
        fails(ExitCode.USAGE, "audit", "append", "--type", "status", "--subject", "s", "--details", "[1,2]");
        fails(ExitCode.USAGE, "audit", "append", "--type", "Bad Type", "--subject", "s");
        appendSome(2);
        fails(ExitCode.NEGATIVE, "audit", "prove", "0"); // nothing signed yet
        ok("audit", "sign", "--key", "org");
        fails(ExitCode.NEGATIVE, "audit", "prove", "7");
        fails(ExitCode.USAGE, "audit", "verify", "--key-did", "did:web:example.com");
        fails(ExitCode.NEGATIVE, "audit", "sign", "--key", "missing");
    }

    /** Issue 16: 'audit prove 42' on a 17-entry log told the user to sign first; 'check-proof' of an empty file asked for a credential. */
    @Test
    void proveAndCheckProofSayWhatIsReallyWrong() throws Exception {
        CliHarness.Result empty = fails(ExitCode.NEGATIVE, "audit", "prove", "0");
        assertTrue(empty.err().contains("the audit log is empty"), empty.err());
        appendSome(17);
        ok("audit", "sign", "--key", "org");
        CliHarness.Result beyond = fails(ExitCode.NEGATIVE, "audit", "prove", "42");
        assertTrue(beyond.err().startsWith("mandate: SEQ 42: no such entry: the audit log has 17 entries, seq 0 to 16; pass a seq from 0 to 16"),
                beyond.err());
        assertFalse(beyond.err().contains("sign"), beyond.err());
        appendSome(1);
        CliHarness.Result unsigned = fails(ExitCode.NEGATIVE, "audit", "prove", "17");
        assertTrue(unsigned.err().contains("no signed tree head covers entry 17 yet") && unsigned.err().contains("mandate audit sign"),
                unsigned.err());
        ok("audit", "prove", "16");

        Files.writeString(cli.workDir.resolve("empty.json"), "");
        CliHarness.Result e = fails(ExitCode.USAGE, "audit", "check-proof", "empty.json");
        assertTrue(e.err().startsWith("mandate: empty.json: the file is empty; pass the output of 'mandate audit prove SEQ'"), e.err());
        assertFalse(e.err().contains("credential"), e.err());
        Files.writeString(cli.workDir.resolve("junk.json"), "{not json");
        assertTrue(fails(ExitCode.USAGE, "audit", "check-proof", "junk.json").err().contains("mandate audit prove"));
    }
}
