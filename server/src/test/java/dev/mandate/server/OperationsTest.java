package dev.mandate.server;

import static dev.mandate.server.TestSupport.VERIFY_TOKEN;
import static dev.mandate.server.TestSupport.get;
import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, metrics, access log, closed verify endpoints, header limits. */
class OperationsTest {
    static MandateServer server;
    static MandateServer closed;
    static OkHttpClient client;
    static List<String> log = new CopyOnWriteArrayList<>();
    static JsonObject credential;

    @BeforeAll
    static void start() throws Exception {
        server = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(log::add).start();
        AuthConfig auth = new AuthConfig(List.of(new Token("partner", Token.hash(VERIFY_TOKEN), Set.of("verify")),
                new Token("monitor", Token.hash("monitor-token-123456"), Set.of("metrics"))), Set.of());
        closed = MandateServer.builder(ServerConfig.defaults().withPort(0).withAuth(auth)).accessLog(l -> { }).start();
        client = TestSupport.client();
        KeyMaterial key = TestSupport.ed25519();
        credential = TestSupport.signedCredential(key);
    }

    @AfterAll
    static void stop() {
        server.close();
        closed.close();
    }

    @Test
    void theJsonProviderIsNamedSoJsonCallsSkipTheServiceLoaderScan() {
        assertEquals("org.eclipse.parsson.JsonProviderImpl", System.getProperty("jakarta.json.provider"));
        assertEquals("org.eclipse.parsson.JsonProviderImpl", jakarta.json.spi.JsonProvider.provider().getClass().getName());
    }

    @Test
    void healthIsOk() {
        Reply r = get(client, server, "/health");
        assertEquals(200, r.status(), r::toString);
        assertEquals("ok", r.json().getString("status"));
        assertEquals("no-store", r.headers().get("Cache-Control"));
    }

    @Test
    void metricsCountRequestsLatenciesAndVerificationOutcomesByErrorType() {
        assertEquals(200, post(client, server, "/credentials/verify", TestSupport.verifyRequest(credential)).status());
        JsonObject forged = Json.createObjectBuilder(credential).add("name", "forged").build();
        assertEquals(400, post(client, server, "/credentials/verify", TestSupport.verifyRequest(forged)).status());
        Reply m = get(client, server, "/metrics");
        assertEquals(200, m.status(), m::toString);
        assertTrue(m.contentType().startsWith("text/plain; version=0.0.4"), m.contentType());
        String text = m.body();
        assertTrue(text.contains("mandate_http_requests_total{route=\"/credentials/verify\",method=\"POST\",status=\"200\"}"), text);
        assertTrue(text.contains("mandate_http_requests_total{route=\"/credentials/verify\",method=\"POST\",status=\"400\"}"), text);
        assertTrue(text.contains("# TYPE mandate_http_request_duration_seconds histogram"), text);
        assertTrue(text.contains("mandate_http_request_duration_seconds_bucket{route=\"/credentials/verify\",le=\"+Inf\"}"), text);
        assertTrue(text.contains("mandate_verifications_total{endpoint=\"credentials\",result=\"verified\"}"), text);
        assertTrue(text.contains("mandate_verifications_total{endpoint=\"credentials\",result=\"invalid\"}"), text);
        assertTrue(text.contains("mandate_verification_problems_total{type=\"PROOF_VERIFICATION_ERROR\"}"), text);
        for (String line : text.split("\n")) {
            assertTrue(line.startsWith("#") || line.matches("[a-z_]+(\\{[^}]*\\})? [0-9.E+-]+"), "not Prometheus text: " + line);
        }
    }

    @Test
    void everyRequestWritesOneJsonAccessLogLineWithoutBodiesOrTokens() throws Exception {
        String marker = "unique-marker-" + System.nanoTime();
        JsonObject marked = Json.createObjectBuilder(credential).add("name", marker).build();
        Request req = new Request.Builder().url(server.uri().resolve("/credentials/verify").toString())
                .header("X-Request-Id", "trace-abc.123").header("Authorization", "Bearer secret-token-value")
                .post(okhttp3.RequestBody.create(TestSupport.verifyRequest(marked), TestSupport.JSON)).build();
        Reply r = TestSupport.call(client, req);
        assertEquals("trace-abc.123", r.headers().get("X-Request-Id"));
        String line = null;
        for (int i = 0; i < 50 && line == null; i++) {
            line = log.stream().filter(l -> l.contains("trace-abc.123")).findFirst().orElse(null);
            if (line == null) {
                Thread.sleep(20);
            }
        }
        assertTrue(line != null, "no access-log line for the request: " + log);
        JsonObject entry = TestSupport.json(line);
        assertEquals("POST", entry.getString("method"));
        assertEquals("/credentials/verify", entry.getString("path"));
        assertEquals("/credentials/verify", entry.getString("route"));
        assertEquals(400, entry.getInt("status"));
        assertTrue(entry.getJsonNumber("latencyMs").doubleValue() >= 0);
        assertTrue(entry.getJsonNumber("bytesIn").longValue() > 1000);
        assertEquals("127.0.0.1", entry.getString("remote"));
        assertFalse(line.contains(marker), line);
        assertFalse(line.contains("secret-token-value"), line);
        assertEquals(1, log.stream().filter(l -> l.contains("trace-abc.123")).count());
    }

    @Test
    void aHostileRequestIdIsReplaced() {
        Request req = new Request.Builder().url(server.uri().resolve("/health").toString())
                .header("X-Request-Id", "a\"b{c}" + "x".repeat(100)).get().build();
        Reply r = TestSupport.call(client, req);
        assertTrue(r.headers().get("X-Request-Id").matches("[0-9a-f]{8}-[0-9a-z]+"), r.headers().get("X-Request-Id"));
    }

    @Test
    void verifyCanBeClosedToTokenHolders() {
        Reply none = post(client, closed, "/credentials/verify", TestSupport.verifyRequest(credential));
        assertEquals(401, none.status(), none::toString);
        Reply ok = post(client, closed, "/credentials/verify", TestSupport.verifyRequest(credential), VERIFY_TOKEN);
        assertEquals(200, ok.status(), ok::toString);
        Reply wrongScope = post(client, closed, "/credentials/verify", TestSupport.verifyRequest(credential), "monitor-token-123456");
        assertEquals(403, wrongScope.status(), wrongScope::toString);
        assertEquals(401, get(client, closed, "/metrics").status());
        Reply metrics = TestSupport.call(client, new Request.Builder().url(closed.uri().resolve("/metrics").toString())
                .header("Authorization", "Bearer monitor-token-123456").get().build());
        assertEquals(200, metrics.status());
        Reply resolve = get(client, closed, "/1.0/identifiers/did:example:1");
        assertEquals(401, resolve.status(), resolve::toString);
        assertEquals(200, get(client, closed, "/health").status());
    }

    @Test
    void oversizedHeadersAre431WithAJsonProblem() {
        Request req = new Request.Builder().url(server.uri().resolve("/health").toString())
                .header("X-Padding", "p".repeat(16 * 1024)).get().build();
        Reply r = TestSupport.call(client, req);
        assertEquals(431, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType(), r::toString);
        assertEquals(431, r.json().getInt("status"));
    }
}
