package dev.mandate.server;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.HttpStatusListFetcher;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verifier.status.StatusPushSubscriber;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** mandate serve's status-list, event-stream, VC-API status and grant routes, against a real SQLite store. */
class StatusEndpointsTest {
    static final String STATUS_TOKEN = "status-token-0123456789";
    static final String VERIFY_ONLY = "verify-only-token-0123456789";
    static final String ISSUE_TOKEN = "issue-token-0123456789abcdef";
    static MandateServer server;
    static Store store;
    static OkHttpClient client;
    static KeyMaterial orgKey = TestSupport.ed25519();
    /** Deleted by JUnit after the class, with the database and the TLS private key written into it. */
    @org.junit.jupiter.api.io.TempDir
    static Path dir;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        store = Stores.open("jdbc:sqlite:" + dir.resolve("status.db"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/status-lists/";
        AuthConfig auth = new AuthConfig(List.of(
                new Token("ops", Token.hash(STATUS_TOKEN), Set.of("status")),
                new Token("verifier", Token.hash(VERIFY_ONLY), Set.of("verify")),
                new Token("issuing", Token.hash(ISSUE_TOKEN), Set.of("issue"))), Set.of("verify"));
        ServerConfig config = ServerConfig.defaults().withPort(port).withAuth(auth)
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)));
        server = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", orgKey))).accessLog(l -> { })
                .status(store, base).start();
        client = TestSupport.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    static Reply grant(String task, boolean singleUse) {
        return post(client, server, "/grants", "{\"agent\":\"did:example:agent\",\"action\":\"read\",\"resource\":\"https://db.example/r\","
                + "\"ttl\":60,\"task\":\"" + task + "\",\"singleUse\":" + singleUse + "}", STATUS_TOKEN);
    }

    static Reply verifyOnServer(JsonObject vc) {
        return post(client, server, "/credentials/verify", TestSupport.verifyRequest(vc));
    }

    static void await(BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what);
            Thread.sleep(5);
        }
    }

    /** An empty issuer name is refused, not read as "the default issuer" (which {@code status(store, base)} is). */
    @Test
    void anEmptyStatusIssuerNameIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MandateServer.builder(ServerConfig.defaults()).status(store, base, ""));
        assertEquals("issuerName must not be empty; status(store, listBaseUrl) signs with the default issuer", e.getMessage());
    }

    @Test
    void grantsAreIssuedServedVerifiedAndRevokedOnCompletionWithPush() throws Exception {
        Reply g = grant("task-push", false);
        assertEquals(201, g.status(), g::toString);
        JsonObject vc = g.json();
        assertEquals(DidKey.didFor(orgKey.publicKey()), vc.getString("issuer"));
        String listUrl = vc.getJsonObject("credentialStatus").getString("statusListCredential");
        assertTrue(listUrl.startsWith(base), listUrl);

        Reply onServer = verifyOnServer(vc);
        assertTrue(onServer.json().getBoolean("verified"), onServer::toString);
        assertTrue(onServer.json().getJsonArray("checks").toString().contains("status"));

        Reply list = TestSupport.get(client, server, "/status-lists/" + listUrl.substring(base.length()));
        assertEquals(200, list.status(), list::toString);
        assertEquals("public, max-age=300", list.headers().get("Cache-Control"));
        assertEquals(listUrl, StatusListCredential.parse(list.json()).id());
        Reply notModified = TestSupport.call(client, new Request.Builder().url(listUrl).header("If-None-Match", list.headers().get("ETag")).build());
        assertEquals(304, notModified.status());
        assertEquals(404, TestSupport.get(client, server, "/status-lists/nope").status());

        // a remote verifier: fetches the list over HTTP, caches it for an hour, and is subscribed to the stream
        StatusFetchOptions opts = StatusFetchOptions.builder().allowHttpOnLoopback(true).build();
        StatusChecker checker = StatusChecker.builder().fetcher(new HttpStatusListFetcher(opts)).maxStaleness(Duration.ofHours(1)).build();
        Verifier remote = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(checker).build();
        try (StatusPushSubscriber push = StatusPushSubscriber.start(base + "events", checker, opts, Duration.ofSeconds(30))) {
            await(push::connected, "the event stream");
            assertTrue(remote.verify(vc, VerifyOptions.none()).verified());

            Reply done = post(client, server, "/grants/task-push/complete", "", STATUS_TOKEN);
            assertEquals(200, done.status(), done::toString);
            assertEquals(1, done.json().getInt("revoked"));
            await(() -> push.eventsReceived() >= 1, "the push event");
            VerificationResult r = remote.verify(vc, VerifyOptions.none());
            assertFalse(r.verified());
            assertEquals(ErrorType.CREDENTIAL_REVOKED, r.problems().get(0).type());
        }
        Reply after = verifyOnServer(vc);
        assertFalse(after.json().getBoolean("verified"), "the server's own verifier sees the revocation at once: " + after);
        assertEquals(409, grant("task-push", false).status(), "a completed task takes no new grant");
    }

    @Test
    void vcApiStatusUpdatesNeedTheStatusScope() throws Exception {
        JsonObject vc = grant("task-vcapi", false).json();
        String id = vc.getString("id");
        String revoke = "{\"credentialId\":\"" + id + "\",\"credentialStatus\":{\"type\":\"BitstringStatusListEntry\","
                + "\"statusPurpose\":\"revocation\"},\"status\":true}";
        assertEquals(401, post(client, server, "/credentials/status", revoke).status());
        assertEquals(403, post(client, server, "/credentials/status", revoke, VERIFY_ONLY).status());
        Reply ok = post(client, server, "/credentials/status", revoke, STATUS_TOKEN);
        assertEquals(200, ok.status(), ok::toString);
        assertTrue(ok.json().getBoolean("changed"));
        assertFalse(verifyOnServer(vc).json().getBoolean("verified"));
        Reply undo = post(client, server, "/credentials/status", revoke.replace("\"status\":true", "\"status\":false"), STATUS_TOKEN);
        assertEquals(409, undo.status(), undo::toString);
        assertTrue(undo.contentType().startsWith("application/problem+json"), undo::toString);
        assertEquals(404, post(client, server, "/credentials/status", revoke.replace(id, "urn:uuid:none"), STATUS_TOKEN).status());
        assertEquals(400, post(client, server, "/credentials/status", "{\"credentialId\":1}", STATUS_TOKEN).status());
        assertEquals(405, TestSupport.get(client, server, "/credentials/status").status());
    }

    @Test
    void singleUseGrantsAreAcceptedOnce() {
        String id = grant("task-once", true).json().getString("id");
        String use = "{\"credentialId\":\"" + id + "\"}";
        assertEquals(200, post(client, server, "/grants/use", use, STATUS_TOKEN).status());
        assertEquals(409, post(client, server, "/grants/use", use, STATUS_TOKEN).status());
        assertEquals(401, post(client, server, "/grants/use", use).status());
    }

    @Test
    void issueWithCredentialStatusAllocatesEntriesAuditsAndRecordsForARegisteredAgent() throws Exception {
        String agent = dev.mandate.did.key.DidKey.didFor(TestSupport.ed25519().publicKey());
        new dev.mandate.registry.agents.AgentRegistry(store).register(agent, "procurement", "team:procurement", "", dev.mandate.vc.model.Workload.NONE, "alice");
        JsonObject unsigned = Json.createObjectBuilder(TestSupport.unsignedCredential()).add("issuer", DidKey.didFor(orgKey.publicKey()))
                .add("credentialSubject", Json.createObjectBuilder().add("id", agent)).remove("id").build();
        String body = Json.createObjectBuilder().add("credential", unsigned).add("options", Json.createObjectBuilder()
                .add("credentialStatus", Json.createObjectBuilder().add("type", "BitstringStatusListEntry")
                        .add("statusPurpose", Json.createArrayBuilder().add("revocation").add("suspension")))).build().toString();
        Reply r = post(client, server, "/credentials/issue", body, ISSUE_TOKEN);
        assertEquals(201, r.status(), r::toString);
        JsonObject vc = r.json().getJsonObject("verifiableCredential");
        assertEquals(2, vc.getJsonArray("credentialStatus").size());
        assertTrue(verifyOnServer(vc).json().getBoolean("verified"));
        assertEquals(List.of(vc.getString("id")), new dev.mandate.registry.agents.AgentRegistry(store).credentials(agent));
        var log = new dev.mandate.registry.audit.AuditLog(store);
        assertTrue(log.entries(0, 10_000).stream().anyMatch(e -> e.type().equals("issuance") && e.details().contains(vc.getString("id"))));

        Reply plain = post(client, server, "/credentials/issue", Json.createObjectBuilder().add("credential", Json.createObjectBuilder(TestSupport.unsignedCredential())
                .add("issuer", DidKey.didFor(orgKey.publicKey()))).build().toString(), ISSUE_TOKEN);
        assertEquals(201, plain.status(), plain::toString);
        String plainId = plain.json().getJsonObject("verifiableCredential").getString("id");
        assertTrue(log.entries(0, 10_000).stream().anyMatch(e -> e.type().equals("issuance") && e.details().contains(plainId)),
                "issuance without status is audited too");

        Reply bad = post(client, server, "/credentials/issue", Json.createObjectBuilder().add("credential", unsigned).add("options",
                Json.createObjectBuilder().add("credentialStatus", Json.createObjectBuilder().add("statusPurpose", "message"))).build().toString(), ISSUE_TOKEN);
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.body().contains("revocation, suspension or both"), bad.body());
    }

    @Test
    void aGrantForSomethingThatIsNotAUsableDidIs400AndNotIssued() {
        for (String bad : List.of("did:key:z6Mk\u2026", "did:key:AGENT", "AGENT")) {
            Reply r = post(client, server, "/grants", "{\"agent\":\"" + bad + "\",\"action\":\"read\",\"resource\":\"https://db.example/r\","
                    + "\"ttl\":60,\"task\":\"junk-agent\",\"singleUse\":false}", STATUS_TOKEN);
            assertEquals(400, r.status(), r::toString);
            assertTrue(r.body().contains("agent " + bad + ": not a"), r::toString);
            assertTrue(r.body().contains("send the agent's full DID"), r::toString);
        }
    }

    @Test
    void eventStreamsTakeNoConcurrencySlot() throws Exception {
        // one slot: were a stream to take it for its lifetime, every other request would get 503
        ServerConfig config = ServerConfig.defaults().withPort(0)
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)))
                .withLimits(Limits.defaults().withMaxConcurrentRequests(1));
        List<java.net.Socket> streams = new java.util.ArrayList<>();
        try (MandateServer one = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", orgKey))).accessLog(l -> { })
                .signAuditLogEvery(Duration.ZERO).status(store, "http://127.0.0.1:1/status-lists/").start()) {
            for (int i = 0; i < 3; i++) {
                java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), one.port());
                streams.add(s);
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET /status-lists/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String head = new String(s.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
                assertEquals("HTTP/1.1 200", head);
            }
            Reply health = TestSupport.get(TestSupport.client(), one, "/health");
            assertEquals(200, health.status(), health::toString);
        } finally {
            for (java.net.Socket s : streams) {
                s.close();
            }
        }
    }
}
