package dev.mandate.state.redis;

import dev.mandate.vc.issuer.IssuerKey;
import com.sun.net.httpserver.HttpServer;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.Reason;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.authz.RateLimiter;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.http.MandateHttpFilter;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.ReplayCache;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Authorizer and its HTTP filter on shared state in Redis: shared between two "instances", and failing closed without it. */
class AuthorizerOnRedisTest {
    static final String API = "https://api.supplier.example/orders/";
    private final KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
    private final KeyMaterial agent = KeyMaterial.generate(KeyType.ED25519);
    private final DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
    private final Verifier verifier = Verifier.builder(resolver).build();
    private RedisSharedState live;
    private RedisSharedState dead;
    private String prefix;
    private RequestSigner signer;
    private TrustPolicy policy;

    @BeforeEach
    void open() throws Exception {
        RedisTestSupport.assumeAvailable();
        prefix = RedisTestSupport.uniquePrefix("authorizer");
        live = RedisSharedState.open(RedisTestSupport.settings(prefix));
        dead = RedisSharedState.open(new RedisSettings("redis://:gw-secret-pw@127.0.0.1:" + RedisTestSupport.deadPort() + "/0", prefix,
                Duration.ofMillis(300)));
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject cap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid,
                        List.of(Capability.of("read", API, Constraints.builder().ratePerMinute(2).build())), 0, Workload.NONE,
                        Duration.ofMinutes(5)), IssuerKey.didKey(org, "eddsa-jcs-2022"));
        signer = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(cap), Clock.systemUTC(),
                Duration.ofSeconds(30));
        policy = TrustPolicy.trusting(DidKey.didFor(org.publicKey()), 1, API);
    }

    @AfterEach
    void close() {
        if (live != null) live.close();
        if (dead != null) dead.close();
        if (prefix != null) RedisTestSupport.deleteKeys(prefix);
    }

    private Authorizer authorizer(ReplayCache replay, RateLimiter rate) {
        return Authorizer.builder(verifier, policy).replayCache(replay).rateLimiter(rate).build();
    }

    private SimpleRequest request(String path) throws Exception {
        String url = API + path;
        Map<String, String> h = signer.headers("GET", url, new byte[0], new Intent("read", url));
        return new SimpleRequest("GET", url, h, new byte[0]);
    }

    private static Reason.Code code(Decision d) {
        return d.reasons().get(0).code();
    }

    @Test
    void twoAuthorizersOnOneRedisShareTheNonceAndTheRate() throws Exception {
        Authorizer a = authorizer(live.replayCache(), live.rateLimiter());
        Authorizer b = authorizer(live.replayCache(), live.rateLimiter());
        SimpleRequest r1 = request("1");
        assertTrue(a.authorize(r1).allow());
        assertEquals(Reason.Code.REPLAY, code(b.authorize(r1)));
        assertTrue(b.authorize(request("2")).allow());
        Decision third = a.authorize(request("3"));
        assertFalse(third.allow());
        assertEquals(Reason.Code.RATE_LIMITED, code(third), "2 per minute across both authorizers");
    }

    @Test
    void aReplayCacheThatDoesNotAnswerDeniesWithStateUnavailable() throws Exception {
        Decision d = authorizer(dead.replayCache(), RateLimiter.inMemory(10)).authorize(request("x"));
        assertFalse(d.allow());
        assertEquals(Reason.Code.STATE_UNAVAILABLE, code(d));
        assertTrue(d.reasons().get(0).message().startsWith("the replay check could not be made, so the request is refused: redis redis://***@127.0.0.1:"),
                d.reasons().get(0).message());
        assertFalse(d.toJson().toString().contains("gw-secret-pw"));
    }

    @Test
    void aRateLimiterThatDoesNotAnswerDeniesWithStateUnavailableNotRateLimited() throws Exception {
        Decision d = authorizer(ReplayCache.inMemory(10), dead.rateLimiter()).authorize(request("y"));
        assertFalse(d.allow());
        assertEquals(List.of(Reason.Code.STATE_UNAVAILABLE), d.reasons().stream().map(Reason::code).toList());
        assertTrue(d.reasons().get(0).message().startsWith("the rate limit could not be checked"), d.reasons().get(0).message());
    }

    @Test
    void theHttpFilterAnswers503WithRetryAfterWhenRedisDoesNotAnswer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        }).getFilters().add(new MandateHttpFilter(authorizer(dead.replayCache(), dead.rateLimiter()), "https://api.supplier.example", 4096));
        server.start();
        try {
            SimpleRequest r = request("z");
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/orders/z")).GET();
            r.headers().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("host") && !k.equalsIgnoreCase("content-length")) b.header(k, v);
            });
            HttpResponse<String> resp = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, resp.statusCode(), resp.body());
            assertEquals("1", resp.headers().firstValue("Retry-After").orElse(""));
            assertTrue(resp.body().contains("STATE_UNAVAILABLE"), resp.body());
        } finally {
            server.stop(0);
        }
    }
}
