package dev.mandate.cli;

import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate agent register|list|show|activate|suspend|resume|retire|add-credential}, in-process on a real SQLite store. */
class AgentCommandsTest {
    static final String DID = "did:example:procurement-agent";
    static final String DIGEST = "sha256:" + "0f".repeat(32);

    @TempDir
    Path dir;
    CliHarness cli;
    String store;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        store = "jdbc:sqlite:" + dir.resolve("agents.db");
        cli.env.put("MANDATE_STORE", store);
    }

    private CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    private CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertTrue(r.err().startsWith("mandate: "), r.err());
        return r;
    }

    private static JsonArray array(String s) {
        try (JsonReader r = Json.createReader(new StringReader(s))) {
            return r.readArray();
        }
    }

    private JsonObject register() {
        return ok("agent", "register", "--did", DID, "--name", "procurement", "--owner", "team:procurement", "--purpose", "buys supplies",
                "--image-digest", DIGEST, "--workload-id", "spiffe://org.example/procurement", "--by", "alice").json();
    }

    @Test
    void lifecycleThroughTheCli() {
        JsonObject a = register();
        assertEquals("registered", a.getString("state"));
        assertEquals(DIGEST, a.getJsonObject("workload").getString("imageDigest"));
        assertEquals("active", ok("agent", "activate", DID, "--reason", "approved", "--by", "alice").json().getString("state"));
        assertEquals("suspended", ok("agent", "suspend", DID, "--reason", "queried the HR database", "--by", "guard").json().getString("state"));
        assertEquals("active", ok("agent", "resume", DID, "--reason", "false alarm").json().getString("state"));

        JsonArray all = array(ok("agent", "list").out());
        assertEquals(1, all.size());
        assertEquals(DID, all.getJsonObject(0).getString("did"));
        assertEquals(0, array(ok("agent", "list", "--state", "suspended").out()).size());

        JsonObject shown = ok("agent", "show", DID).json();
        assertEquals("active", shown.getString("state"));
        JsonArray h = shown.getJsonArray("history");
        assertEquals(4, h.size());
        assertEquals("suspended", h.getJsonObject(2).getString("to"));
        assertEquals("guard", h.getJsonObject(2).getString("by"));
        assertEquals("queried the HR database", h.getJsonObject(2).getString("reason"));
        assertEquals("operator", h.getJsonObject(3).getString("by"));
    }

    @Test
    void retireRevokesRecordedCredentialsAndIsFinal() throws Exception {
        register();
        ok("agent", "activate", DID, "--reason", "approved");
        try (Store s = Stores.open(store)) {
            s.allocate("urn:cred:1", "did:key:z6MkIssuer", EnumSet.of(StatusPurpose.REVOCATION), "");
        }
        ok("agent", "add-credential", DID, "urn:cred:1");
        JsonObject r = ok("agent", "retire", DID, "--reason", "decommissioned", "--by", "alice").json();
        assertEquals("retired", r.getString("state"));
        assertEquals(List.of("urn:cred:1"), r.getJsonArray("revoked").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        JsonObject status = ok("status", "show", "urn:cred:1").json();
        assertEquals("revoked", status.getString("status"));

        CliHarness.Result again = fails(2, "agent", "resume", DID, "--reason", "oops");
        assertTrue(again.err().contains("retired") && again.err().contains("active"), again.err());
        fails(2, "agent", "add-credential", DID, "urn:cred:2");
        assertEquals("retired", ok("agent", "show", DID).json().getString("state"));

        try (Store s = Stores.open(store)) {
            // register, activate, retire in the registry; the revocation (by alice) and the retirement's summary as status entries
            var entries = new AuditLog(s).entries(0, 100);
            assertEquals(List.of("registry", "registry", "registry", "status", "status"), entries.stream().map(e -> e.type()).toList());
            assertEquals("alice", entries.get(3).actor());
            assertTrue(entries.get(3).details().contains("\"action\":\"set-status\""), entries.get(3).details());
            assertTrue(entries.get(4).details().contains("\"action\":\"revoke-agent-credentials\""), entries.get(4).details());
        }
    }

    @Test
    void errorsHaveTheirExitCodes() {
        fails(1, "agent", "show", DID);
        fails(1, "agent", "suspend", DID, "--reason", "x");
        register();
        CliHarness.Result dup = fails(2, "agent", "register", "--did", DID, "--name", "n", "--owner", "o");
        assertTrue(dup.err().contains("already registered"), dup.err());
        CliHarness.Result illegal = fails(2, "agent", "suspend", DID, "--reason", "x");
        assertTrue(illegal.err().contains("registered") && illegal.err().contains("suspended"), illegal.err());
        assertEquals("registered", ok("agent", "show", DID).json().getString("state"));
        fails(2, "agent", "register", "--did", "not-a-did", "--name", "n", "--owner", "o");
        fails(2, "agent", "register", "--did", "did:example:x", "--name", "n", "--owner", "o", "--image-digest", "latest");
        fails(2, "agent", "activate", DID);
        fails(2, "agent", "list", "--state", "sleeping");
        CliHarness.Result down = fails(3, "agent", "list", "--store", "jdbc:postgresql://127.0.0.1:1/none?user=u&password=hunter2");
        assertFalse(down.err().contains("hunter2"), down.err());
    }

    @Test
    void vcIssueWithAStoreAuditsAndRecordsTheCredentialForTheRegisteredAgent() throws Exception {
        register();
        ok("agent", "activate", DID, "--reason", "approved");
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        Files.writeString(cli.workDir.resolve("cred.json"), """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:0b7e4b8e-1d6a-4f57-8a39-5b3c1d2e9f01",
                 "type": ["VerifiableCredential"], "credentialSubject": {"id": "%s"}}""".formatted(DID));
        ok("vc", "issue", "--key", "org", "cred.json");
        Files.writeString(cli.workDir.resolve("cred2.json"), """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:0b7e4b8e-1d6a-4f57-8a39-5b3c1d2e9f02",
                 "type": ["VerifiableCredential"], "credentialSubject": {"id": "%s"}}""".formatted(DID));
        ok("vc", "issue", "--key", "org", "--format", "jwt", "cred2.json");
        Files.writeString(cli.workDir.resolve("cred3.json"), """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": "urn:uuid:0b7e4b8e-1d6a-4f57-8a39-5b3c1d2e9f03",
                 "type": ["VerifiableCredential"], "credentialSubject": {"id": "%s"}}""".formatted(DID));
        ok("vc", "issue", "--key", "org", "--status", "both", "--status-url", "https://org.example/status/", "cred3.json");
        JsonArray creds = ok("agent", "show", DID).json().getJsonArray("credentials");
        assertEquals(3, creds.size(), creds.toString());
        try (Store s = Stores.open(store)) {
            AuditLog log = new AuditLog(s);
            long issuances = log.entries(0, 100).stream().filter(e -> e.type().equals("issuance") && e.subject().equals(DID)).count();
            assertEquals(3, issuances);
        }
    }
}
