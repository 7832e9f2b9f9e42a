package dev.mandate.cli;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mandate status / grant / vc issue --status / vc verify with status, on a real SQLite store and a local list server. */
class StatusCommandsTest {
    @TempDir
    Path dir;
    CliHarness cli;
    String store;
    StatusListServer lists;
    String base;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        store = "jdbc:sqlite:" + dir.resolve("status.db");
        cli.env.put("MANDATE_STORE", store);
        assertEquals(0, cli.run("key", "generate", "--type", "Ed25519", "--name", "org").exit());
        lists = StatusListServer.start(store, StatusListServer.issuerKey(cli, "org"));
        base = lists.base();
        cli.env.put("MANDATE_STATUS_URL", base);
    }

    @AfterEach
    void tearDown() {
        lists.close();
    }

    JsonObject ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r.json();
    }

    CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertTrue(r.err().startsWith("mandate: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        return r;
    }

    Path unsigned() throws Exception {
        Path f = dir.resolve("unsigned.json");
        Files.writeString(f, """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "did:example:agent"}}""");
        return f;
    }

    @Test
    void issueWithStatusThenSuspendReinstateRevokeAsSeenByVcVerify() throws Exception {
        JsonObject vc = ok("vc", "issue", "--key", "org", "--status", "both", unsigned().toString());
        String id = vc.getString("id");
        assertEquals(2, vc.getJsonArray("credentialStatus").size());
        assertTrue(vc.getJsonArray("credentialStatus").getJsonObject(0).getString("statusListCredential").startsWith(base));
        Path signed = dir.resolve("signed.json");
        Files.writeString(signed, vc.toString());

        assertEquals("active", ok("status", "show", id).getString("status"));
        JsonObject verified = ok("vc", "verify", "--allow-http-loopback", signed.toString());
        assertTrue(verified.getJsonArray("checks").toString().contains("status"), verified.toString());

        JsonObject s = ok("status", "suspend", id);
        assertTrue(s.getBoolean("changed"));
        assertEquals("suspension", s.getString("statusPurpose"));
        assertEquals("suspended", ok("status", "show", id).getString("status"));
        CliHarness.Result suspended = cli.run("vc", "verify", "--allow-http-loopback", signed.toString());
        assertEquals(1, suspended.exit(), suspended.toString());
        assertTrue(suspended.out().contains("CREDENTIAL_SUSPENDED"), suspended.out());

        assertTrue(ok("status", "reinstate", id).getBoolean("changed"));
        assertEquals(0, cli.run("vc", "verify", "--allow-http-loopback", signed.toString()).exit());

        assertTrue(ok("status", "revoke", id).getBoolean("changed"));
        assertFalse(ok("status", "revoke", id).getBoolean("changed"), "idempotent");
        // issue 16: reinstating a revoked credential exited 0 and changed nothing; it is refused and says why
        ok("status", "suspend", id);
        CliHarness.Result reinstate = fails(2, "status", "reinstate", id);
        assertTrue(reinstate.err().contains("the credential is revoked, and a revocation cannot be undone"), reinstate.err());
        assertEquals("", reinstate.out());
        assertEquals(1, ok("status", "show", id).getJsonArray("entries").stream()
                .map(v -> v.asJsonObject()).filter(x -> x.getString("statusPurpose").equals("suspension")).findFirst().orElseThrow().getInt("value"),
                "the refused reinstate left the suspension as it was");
        assertEquals("revoked", ok("status", "show", id).getString("status"));
        CliHarness.Result revoked = cli.run("vc", "verify", "--allow-http-loopback", signed.toString());
        assertEquals(1, revoked.exit(), revoked.toString());
        assertTrue(revoked.out().contains("CREDENTIAL_REVOKED"), revoked.out());
        assertEquals(0, cli.run("vc", "verify", "--no-status", signed.toString()).exit(), "--no-status skips the check");

        // default SSRF settings refuse the loopback list host: status could not be checked, exit 3
        assertEquals(3, cli.run("vc", "verify", signed.toString()).exit());
    }

    @Test
    void grantsAreShortLivedTaskScopedAndCompletedAtOnce() throws Exception {
        JsonObject g1 = ok("grant", "--key", "org", "--agent", "did:example:agent", "--action", "read", "--resource",
                "https://db.example/reports", "--ttl", "3s", "--task", "report-42", "--single-use");
        JsonObject g2 = ok("grant", "--key", "org", "--agent", "did:example:agent", "--action", "write", "--resource",
                "https://db.example/reports", "--ttl", "3s", "--task", "report-42");
        assertTrue(g1.getJsonArray("type").toString().contains("AgentCapabilityCredential"));
        assertEquals("report-42", g1.getJsonObject("credentialSubject").getString("task"));
        Duration life = Duration.between(Instant.parse(g1.getString("validFrom")), Instant.parse(g1.getString("validUntil")));
        assertTrue(!life.isNegative() && life.compareTo(Duration.ofSeconds(3)) <= 0, life.toString());
        JsonObject shown = ok("status", "show", g1.getString("id"));
        assertEquals("report-42", shown.getJsonObject("grant").getString("task"));
        assertTrue(shown.getJsonObject("grant").getBoolean("singleUse"));

        Path signed = dir.resolve("grant.json");
        Files.writeString(signed, g1.toString());
        assertEquals(0, cli.run("vc", "verify", "--allow-http-loopback", signed.toString()).exit(), "used within its window");

        JsonObject done = ok("grant", "complete", "--task", "report-42");
        assertEquals(2, done.getInt("revoked"));
        assertEquals("revoked", ok("status", "show", g1.getString("id")).getString("status"));
        assertEquals("revoked", ok("status", "show", g2.getString("id")).getString("status"));
        assertEquals(1, cli.run("vc", "verify", "--allow-http-loopback", signed.toString()).exit(), "refused after completion");
        assertEquals(0, ok("grant", "complete", "--task", "report-42").getInt("revoked"));
        fails(2, "grant", "--key", "org", "--agent", "did:example:agent", "--action", "read", "--resource", "r", "--ttl", "3s",
                "--task", "report-42");
    }

    @Test
    void badInputAndUnreachableStoresHaveTheirExitCodes() throws Exception {
        fails(1, "status", "revoke", "urn:uuid:unknown");
        fails(1, "status", "show", "urn:uuid:unknown");
        fails(2, "grant", "--key", "org", "--action", "read");
        fails(2, "grant", "--key", "org", "--agent", "not-a-did", "--action", "read", "--resource", "r", "--ttl", "3s", "--task", "t");
        fails(2, "vc", "issue", "--key", "org", "--status", "sometimes", unsigned().toString());
        fails(2, "status", "show", "--store", "jdbc:mysql://localhost/x?password=hunter2", "urn:x");
        CliHarness.Result pg = fails(3, "status", "show", "--store", "jdbc:postgresql://127.0.0.1:1/none?user=u&password=hunter2", "urn:x");
        assertFalse(pg.err().contains("hunter2"), pg.err());
        JsonObject vc = ok("vc", "issue", "--key", "org", "--status", "revocation", unsigned().toString());
        fails(1, "status", "reinstate", vc.getString("id")); // no suspension entry: not found
    }
}
