package dev.mandate.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.cli.CliEnvironment;
import dev.mandate.cli.Mandate;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.server.MandateServer;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mandate serve} and {@code mandate serve hash-token}, run in-process. */
class ServeCommandTest {
    static final String PASSPHRASE = "test passphrase 1234";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(out))) {
                return r.readObject();
            }
        }
    }

    Run run(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = new HashMap<>();
        env.put(CliEnvironment.KEYSTORE_VAR, dir.resolve("keystore").toString());
        env.put(CliEnvironment.PASSPHRASE_VAR, PASSPHRASE);
        CliEnvironment e = new CliEnvironment(dir, env, dir.resolve("home"), new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), p -> Optional.empty(), EncryptedKeyStore.MIN_ITERATION_COUNT);
        int code = Mandate.run(e, args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void hashTokenHashesStdin() {
        Run r = run("test\n", "serve", "hash-token");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", r.json().getString("sha256"));
        Run empty = run("", "serve", "hash-token");
        assertEquals(2, empty.exit(), empty::toString);
        assertTrue(empty.err().startsWith("mandate: stdin: no token"), empty.err());
    }

    @Test
    void hashTokenGeneratesAStrongToken() {
        Run r = run("", "serve", "hash-token", "--generate");
        assertEquals(0, r.exit(), r::toString);
        String token = r.json().getString("token");
        assertTrue(token.matches("mnd_[A-Za-z0-9_-]{43}"), token);
        assertEquals(Token.hash(token), r.json().getString("sha256"));
    }

    @Test
    void aBadConfigurationIsExit2NamingTheField() throws Exception {
        Path cfg = Files.writeString(dir.resolve("server.json"), "{\"limits\": {\"maxBodyBytes\": \"big\"}}");
        Run r = run("", "serve", "--config", "server.json");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("mandate: " + cfg + ": limits.maxBodyBytes: must be a whole number"), r.err());
        Run port = run("", "serve", "--port", "70000");
        assertEquals(2, port.exit(), port::toString);
    }

    @Test
    void unusableRedisSettingsAreExit2WithoutThePassword() throws Exception {
        Run scheme = run("", "serve", "--port", "0", "--redis", "http://u:hunter2-secret@127.0.0.1:6379");
        assertEquals(2, scheme.exit(), scheme::toString);
        assertTrue(scheme.err().contains("--redis http://***@127.0.0.1:6379") && scheme.err().contains("is not a Redis URL"), scheme.err());
        assertTrue(!scheme.err().contains("hunter2-secret"), scheme.err());
        Run prefixAlone = run("", "serve", "--port", "0", "--redis-key-prefix", "eu:");
        assertEquals(2, prefixAlone.exit(), prefixAlone::toString);
        assertTrue(prefixAlone.err().contains("--redis-key-prefix: there is no Redis to use it with"), prefixAlone.err());
        Run badPrefix = run("", "serve", "--port", "0", "--redis", "redis://127.0.0.1:6379/0", "--redis-key-prefix", "has space");
        assertEquals(2, badPrefix.exit(), badPrefix::toString);
        assertTrue(badPrefix.err().contains("must be 1 to 64 characters"), badPrefix.err());
        Path cfg = Files.writeString(dir.resolve("server.json"), "{\"sharedState\": {\"redis\": \"redis://127.0.0.1:6379/16\"}}");
        Run db = run("", "serve", "--config", cfg.toString());
        assertEquals(2, db.exit(), db::toString);
        assertTrue(db.err().contains("sharedState.redis: 'redis://127.0.0.1:6379/16' names database 16; use 0 to 15"), db.err());
    }

    @Test
    void aMissingIssuerKeyIsExit2() throws Exception {
        assertEquals(0, run("", "key", "generate", "--type", "Ed25519", "--name", "org").exit());
        Path cfg = Files.writeString(dir.resolve("server.json"), "{\"port\": 0, \"issuers\": [{\"name\": \"org\", \"key\": \"nope\"}]}");
        Run r = run("", "serve", "--config", cfg.toString());
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("issuers[0].key: key store " + dir.resolve("keystore") + " has no key named 'nope'"), r.err());
    }

    @Test
    void serveIssuesWithAKeyStoreKeyVerifiesAndStopsCleanly() throws Exception {
        Run generated = run("", "key", "generate", "--type", "Ed25519", "--name", "org");
        assertEquals(0, generated.exit());
        String orgDid = "did:key:" + Json.createReader(new StringReader(generated.out())).readObject().getString("publicKeyMultibase");
        String token = "cli-test-token-123456";
        Path cfg = Files.writeString(dir.resolve("server.json"), "{\"issuers\": [{\"name\": \"org\", \"key\": \"org\"}],"
                + " \"auth\": {\"tokens\": [{\"name\": \"t\", \"sha256\": \"" + Token.hash(token) + "\", \"scopes\": [\"issue\"]}]},"
                + " \"accessLog\": \"off\"}");
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> run("", "serve", "--config", cfg.toString(), "--port", "0"));
        MandateServer server = null;
        for (int i = 0; i < 500 && server == null; i++) {
            server = ServeCommand.running().orElse(null);
            if (server == null) {
                Thread.sleep(20);
            }
        }
        assertTrue(server != null, () -> "the server did not start: " + (serving.isDone() ? serving.join() : "still starting"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            String template = new String(getClass().getResourceAsStream("/dev/mandate/vc/issuer/agent-capability-credential.json")
                    .readAllBytes(), StandardCharsets.UTF_8);
            String credential = Json.createObjectBuilder(Json.createReader(new StringReader(template)).readObject())
                    .add("issuer", orgDid).build().toString();
            HttpResponse<String> issued = http.send(HttpRequest.newBuilder(server.uri().resolve("/credentials/issue"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"credential\":" + credential + "}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, issued.statusCode(), issued.body());
            JsonObject vc;
            try (JsonReader r = Json.createReader(new StringReader(issued.body()))) {
                vc = r.readObject().getJsonObject("verifiableCredential");
            }
            HttpResponse<String> verified = http.send(HttpRequest.newBuilder(server.uri().resolve("/credentials/verify"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder().add("verifiableCredential", vc).build().toString()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, verified.statusCode(), verified.body());
        } finally {
            server.close();
        }
        Run r = serving.get(30, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r::toString);
        JsonObject started = Json.createReader(new StringReader(r.out().lines().findFirst().orElseThrow())).readObject();
        assertEquals(URI.create(started.getString("url")).getPort(), started.getInt("port"));
        assertTrue(r.err().contains("listening on http://127.0.0.1:"), r.err());
        assertTrue(r.err().contains("(issuers: org)"), r.err());
        assertTrue(r.err().trim().endsWith("mandate serve: stopped"), r.err());
    }

    @Test
    void serveWithAnUnreachableRedisStartsWarnsAndRefusesChallengesWith503() throws Exception {
        int dead;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            dead = probe.getLocalPort();
        }
        Path cfg = Files.writeString(dir.resolve("server.json"), "{\"auth\": {\"open\": [\"verify\", \"challenges\"]}, \"accessLog\": \"off\"}");
        int port = dead;
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> run("", "serve", "--config", cfg.toString(), "--port", "0",
                "--redis", "redis://ops:pw-not-printed@127.0.0.1:" + port + "/0", "--redis-key-prefix", "cli-test:"));
        MandateServer server = null;
        for (int i = 0; i < 500 && server == null; i++) {
            server = ServeCommand.running().orElse(null);
            if (server == null) {
                Thread.sleep(20);
            }
        }
        assertTrue(server != null, () -> "the server did not start: " + (serving.isDone() ? serving.join() : "still starting"));
        try {
            HttpResponse<String> c = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/challenges"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, c.statusCode(), c.body());
            assertTrue(c.body().contains("STATE_UNAVAILABLE"), c.body());
        } finally {
            server.close();
        }
        Run r = serving.get(30, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("(shared state: redis://***@127.0.0.1:" + port + "/0, keys cli-test:*)"), r.err());
        assertTrue(r.err().contains("mandate serve: warning: redis redis://***@127.0.0.1:" + port + "/0 is unreachable"), r.err());
        assertTrue(!r.err().contains("pw-not-printed") && !r.out().contains("pw-not-printed"), r.err());
    }

    @Test
    void guardNeedsAnAuthorizePolicyAndAValidConfig() throws Exception {
        Run r = run("", "serve", "--guard");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().startsWith("mandate: --guard: the guard watches /authorize decisions"), r.err());
        Run sync = run("", "serve", "--audit-sync");
        assertEquals(2, sync.exit(), sync::toString);
        assertTrue(sync.err().contains("--audit-sync") && sync.err().contains("--authorize-policy"), sync.err());
        Run emptyIssuer = run("", "serve", "--status-issuer", "");
        assertEquals(2, emptyIssuer.exit(), emptyIssuer::toString);
        assertTrue(emptyIssuer.err().startsWith("mandate: --status-issuer: is empty; name a configured issuer"), emptyIssuer.err());
        Run w = run("", "serve", "--guard-webhook", "https://alerts.example/x", "--authorize-policy", "p.json");
        assertEquals(2, w.exit(), w::toString);
        assertTrue(w.err().contains("only applies with --guard"), w.err());
        Files.writeString(dir.resolve("policy.json"), "{\"maxDepth\":2,\"trust\":[{\"issuer\":\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\",\"resources\":[\"https://erp.example/\"]}]}");
        Files.writeString(dir.resolve("guard.json"), "{\"threshold\": -1}");
        Run bad = run("", "serve", "--authorize-policy", "policy.json", "--guard", "--guard-config", "guard.json");
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("guard.json") && bad.err().contains("threshold"), bad.err());
    }

    @Test
    void authorizeDecisionsAreAuditedAndWatchedByTheGuard() throws Exception {
        Files.writeString(dir.resolve("policy.json"), "{\"maxDepth\":2,\"trust\":[{\"issuer\":\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\",\"resources\":[\"https://erp.example/\"]}]}");
        String store = "jdbc:sqlite:" + dir.resolve("gateway.db");
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> run("", "serve", "--port", "0", "--authorize-policy", "policy.json",
                "--store", store, "--guard", "--verifier-name", "erp-gateway", "--audit-sync"));
        MandateServer server = null;
        for (int i = 0; i < 500 && server == null; i++) {
            server = ServeCommand.running().orElse(null);
            if (server == null) {
                Thread.sleep(20);
            }
        }
        assertTrue(server != null, () -> "the server did not start: " + (serving.isDone() ? serving.join() : "still starting"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> denied = http.send(HttpRequest.newBuilder(server.uri().resolve("/authorize"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"method\":\"GET\",\"uri\":\"https://erp.example/orders\",\"headers\":{}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, denied.statusCode(), denied.body());
            try (dev.mandate.registry.Store s = dev.mandate.registry.Stores.open(store)) {
                assertEquals(1, new dev.mandate.registry.audit.AuditLog(s).size(), "--audit-sync: on disk before the answer");
            }
        } finally {
            server.close();
        }
        Run r = serving.get(30, TimeUnit.SECONDS);
        assertEquals(0, r.exit(), r::toString);
        try (dev.mandate.registry.Store s = dev.mandate.registry.Stores.open(store)) {
            var entries = new dev.mandate.registry.audit.AuditLog(s).entries(0, 10);
            assertEquals(2, entries.size(), "the decision was written before the server stopped, then the guard's checkpoint: " + entries);
            assertEquals("guard", entries.get(1).type(), "the guard checkpoints its baselines when the server stops (docs/guard.md)");
            assertTrue(entries.get(1).details().contains("\"action\":\"checkpoint\"") && entries.get(1).details().contains("\"position\":1"),
                    entries.get(1).details());
            assertEquals("authorization", entries.get(0).type());
            assertEquals("erp-gateway", entries.get(0).actor());
            assertEquals("anonymous", entries.get(0).subject(), "a request without a proof names no agent");
            assertTrue(entries.get(0).details().contains("PROOF_MISSING"), entries.get(0).details());
        }
    }

    /** Issue 16: --port 0 used to write port 0 into every status-list URL, so issued grants could never be checked. */
    @Test
    void portZeroPutsTheBoundPortIntoStatusListUrls() throws Exception {
        assertEquals(0, run("", "key", "generate", "--type", "Ed25519", "--name", "org").exit());
        String token = "cli-test-token-123456";
        Path cfg = Files.writeString(dir.resolve("server.json"), "{\"issuers\": [{\"name\": \"org\", \"key\": \"org\"}],"
                + " \"auth\": {\"tokens\": [{\"name\": \"t\", \"sha256\": \"" + Token.hash(token) + "\", \"scopes\": [\"status\"]}]},"
                + " \"accessLog\": \"off\"}");
        String store = "jdbc:sqlite:" + dir.resolve("status.db");
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> run("", "serve", "--config", cfg.toString(), "--port", "0",
                "--store", store));
        MandateServer server = null;
        for (int i = 0; i < 500 && server == null; i++) {
            server = ServeCommand.running().orElse(null);
            if (server == null) {
                Thread.sleep(20);
            }
        }
        assertTrue(server != null, () -> "the server did not start: " + (serving.isDone() ? serving.join() : "still starting"));
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> granted = http.send(HttpRequest.newBuilder(server.uri().resolve("/grants"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"agent\":\"did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\","
                            + "\"action\":\"read\",\"resource\":\"https://erp.example/\",\"ttl\":60,\"task\":\"t1\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, granted.statusCode(), granted.body());
            String listUrl;
            try (JsonReader r = Json.createReader(new StringReader(granted.body()))) {
                JsonObject vc = r.readObject();
                var status = vc.get("credentialStatus");
                JsonObject entry = status instanceof jakarta.json.JsonArray a ? a.getJsonObject(0) : (JsonObject) status;
                listUrl = entry.getString("statusListCredential");
            }
            URI list = URI.create(listUrl);
            assertEquals(server.port(), list.getPort(), listUrl);
            assertTrue(server.port() > 0);
            HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, fetched.statusCode(), "the list is served where the credential says: " + listUrl);
        } finally {
            server.close();
        }
        assertEquals(0, serving.get(30, TimeUnit.SECONDS).exit());
    }
}
