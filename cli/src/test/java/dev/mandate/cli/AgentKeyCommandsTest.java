package dev.mandate.cli;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate agent add-key|retire-key|add-did|rotate-key} and show, in-process on a real SQLite store and key store. */
class AgentKeyCommandsTest {
    static final String WEB = "did:web:agents.example.com:procurement";

    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        cli.env.put("MANDATE_STORE", "jdbc:sqlite:" + dir.resolve("agents.db"));
    }

    CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertTrue(r.err().startsWith("mandate: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        return r;
    }

    String generate(String name) {
        return ok("key", "generate", "--type", "Ed25519", "--name", name).json().getString("publicKeyMultibase");
    }

    void activeAgent(String did) {
        ok("agent", "register", "--did", did, "--name", "procurement", "--owner", "team:procurement", "--by", "alice");
        ok("agent", "activate", did, "--reason", "approved", "--by", "alice");
    }

    static List<String> strings(JsonArray a) {
        return a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    @Test
    void aDidWebAgentGetsKeysAndRotatesThem() {
        activeAgent(WEB);
        String k1 = generate("procurement-1");
        JsonObject added = ok("agent", "add-key", WEB, "--key", "procurement-1", "--reason", "first key", "--by", "alice").json();
        assertEquals(WEB + "#" + k1, added.getString("id"));
        assertEquals("active", added.getString("state"));
        CliHarness.Result last = fails(2, "agent", "retire-key", WEB, WEB + "#" + k1, "--reason", "oops");
        assertTrue(last.err().contains("last active key"), last.err());
        fails(2, "agent", "add-key", WEB, "--key", "procurement-1", "--reason", "again");
        fails(2, "agent", "add-key", WEB, "--public-key", "z123", "--reason", "bad");
        fails(2, "agent", "add-key", WEB, "--reason", "neither");
        fails(1, "agent", "add-key", "did:web:nobody.example", "--key", "procurement-1", "--reason", "r");

        CliHarness.Result rotated = ok("agent", "rotate-key", WEB, "--new-key", "procurement-2", "--reason", "quarterly rotation", "--by", "bob");
        assertTrue(rotated.err().contains("generated key 'procurement-2'"), rotated.err());
        JsonObject r = rotated.json();
        assertEquals("retired", r.getJsonObject("oldKey").getString("state"));
        assertEquals("bob", r.getJsonObject("oldKey").getString("retiredBy"));
        assertEquals(WEB, r.getString("newDid"));
        assertEquals("procurement-2", r.getString("newKeyAlias"));
        String k2 = ok("key", "export", "--name", "procurement-2").json().getString("publicKeyMultibase");
        assertEquals(WEB + "#" + k2, r.getJsonObject("newKey").getString("id"));

        ok("agent", "add-did", WEB, "did:web:agents.example.com:buyer", "--reason", "alias");
        fails(2, "agent", "add-did", WEB, "did:web:agents.example.com:buyer", "--reason", "alias");
        JsonObject shown = ok("agent", "show", "did:web:agents.example.com:buyer").json();
        assertEquals(WEB, shown.getString("did"));
        assertEquals(2, shown.getJsonArray("dids").size());
        JsonArray keys = shown.getJsonArray("keys");
        assertEquals(List.of("retired", "active"), keys.stream().map(k -> k.asJsonObject().getString("state")).toList());
        assertEquals("quarterly rotation", keys.getJsonObject(0).getString("retiredReason"));

        ok("agent", "add-key", WEB, "--public-key", generate("procurement-3"), "--reason", "spare");
        CliHarness.Result which = fails(2, "agent", "rotate-key", WEB, "--new-key", "procurement-4", "--reason", "r");
        assertTrue(which.err().contains("--old-key"), which.err());
    }

    @Test
    void aDidKeyAgentsCredentialsAreReissuedToItsNewDid() throws Exception {
        generate("org");
        String k1 = generate("agent-1");
        String did1 = "did:key:" + k1;
        activeAgent(did1);
        assertEquals(did1 + "#" + k1, ok("agent", "show", did1).json().getJsonArray("keys").getJsonObject(0).getString("id"),
                "registering a did:key records its key");
        fails(2, "agent", "add-key", did1, "--key", "agent-1", "--reason", "its key");
        Path unsigned = dir.resolve("unsigned.json");
        Files.writeString(unsigned, "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": [\"VerifiableCredential\"],"
                + " \"credentialSubject\": {\"id\": \"" + did1 + "\"}}");
        String signed = ok("vc", "issue", "--key", "org", "--status", "both", unsigned.toString()).out();
        Path signedFile = Files.writeString(dir.resolve("signed.json"), signed);
        String oldId = ok("agent", "add-credential", did1, "--file", signedFile.toString()).json().getJsonArray("credentials").getString(0);

        CliHarness.Result noIssuer = fails(2, "agent", "rotate-key", did1, "--new-key", "agent-2", "--reason", "rotation");
        assertTrue(noIssuer.err().contains("--issuer-key"), noIssuer.err());

        JsonObject r = ok("agent", "rotate-key", did1, "--new-key", "agent-2", "--issuer-key", "org", "--reason", "rotation").json();
        String k2 = ok("key", "export", "--name", "agent-2").json().getString("publicKeyMultibase");
        assertEquals("did:key:" + k2, r.getString("newDid"));
        assertEquals(List.of(oldId), strings(r.getJsonArray("revoked")));
        JsonObject fresh = r.getJsonArray("credentials").getJsonObject(0);
        assertEquals("did:key:" + k2, fresh.getJsonObject("credentialSubject").getString("id"));
        assertEquals(fresh.getString("id"), r.getJsonObject("reissued").getString(oldId));
        Path freshFile = Files.writeString(dir.resolve("fresh.json"), fresh.toString());
        ok("vc", "verify", "--no-status", freshFile.toString());
        assertEquals("revoked", ok("status", "show", oldId).json().getString("status"));

        // the agent is found by its new DID, and a second run changes nothing
        JsonObject shown = ok("agent", "show", "did:key:" + k2).json();
        assertEquals(did1, shown.getString("did"));
        JsonArray records = shown.getJsonArray("credentialRecords");
        assertEquals(2, records.size());
        assertEquals(1, records.getJsonObject(0).getJsonObject("status").getInt("revocation"));
        assertEquals(fresh.getString("id"), records.getJsonObject(0).getString("replacedBy"));
        assertEquals(0, records.getJsonObject(1).getJsonObject("status").getInt("revocation"));
        JsonObject again = ok("agent", "rotate-key", did1, "--old-key", did1 + "#" + k1, "--new-key", "agent-2", "--issuer-key", "org",
                "--reason", "rotation").json();
        assertTrue(again.getJsonArray("credentials").isEmpty() && again.getJsonArray("revoked").isEmpty(), again.toString());

        JsonObject retired = ok("agent", "retire", "did:key:" + k2, "--reason", "done").json();
        assertEquals(List.of(fresh.getString("id")), strings(retired.getJsonArray("revoked")));
        CliHarness.Result noRotation = fails(2, "agent", "rotate-key", did1, "--new-key", "agent-3", "--reason", "too late");
        assertTrue(noRotation.err().contains("retired"), noRotation.err());
        fails(1, "key", "export", "--name", "agent-3");
    }
}
