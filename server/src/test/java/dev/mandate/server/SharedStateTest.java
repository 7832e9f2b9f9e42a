package dev.mandate.server;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.SharedState;
import dev.mandate.state.redis.RedisSettings;
import dev.mandate.state.redis.RedisTestSupport;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two servers sharing their replay cache, rate limits and challenges through the real Redis, and a third whose
 * Redis does not answer (a loopback port with nothing listening): it fails closed with 503, never falls back.
 */
class SharedStateTest {
    static final String API = "https://api.supplier.example/orders/";
    static final String SECRET = "redis-pass-0123456789";
    static String prefix;
    static MandateServer a;
    static MandateServer b;
    static MandateServer dead;
    static MandateServer local;
    static OkHttpClient client;
    static RequestSigner signer;
    static RequestSigner rateSigner;
    static KeyMaterial holder;
    static JsonObject credential;

    @BeforeAll
    static void start() throws Exception {
        RedisTestSupport.assumeAvailable();
        prefix = RedisTestSupport.uniquePrefix("server");
        KeyMaterial org = TestSupport.ed25519();
        KeyMaterial agent = TestSupport.ed25519();
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject cap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid,
                        List.of(Capability.of("read", API, Constraints.builder().ratePerMinute(3).build())), 0,
                        dev.mandate.vc.model.Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        signer = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(cap),
                Clock.systemUTC(), Duration.ofSeconds(30));
        // its own credential, so its own rate window (the rate key is agent, root credential and capability)
        JsonObject rateCap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid,
                        List.of(Capability.of("read", API, Constraints.builder().ratePerMinute(3).build())), 0,
                        dev.mandate.vc.model.Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        rateSigner = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(rateCap),
                Clock.systemUTC(), Duration.ofSeconds(30));
        holder = TestSupport.ed25519();
        credential = TestSupport.signedCredential(TestSupport.ed25519());
        TrustPolicy policy = TrustPolicy.trusting(orgDid, 2, API);
        ServerConfig shared = ServerConfig.defaults().withPort(0).withAuth(new AuthConfig(List.of(), Set.of("verify", "challenges", "metrics")))
                .withSharedState(new SharedState.Redis(RedisTestSupport.settings(prefix)));
        a = MandateServer.builder(shared).authorizePolicy(policy).accessLog(l -> { }).start();
        b = MandateServer.builder(shared).authorizePolicy(policy).accessLog(l -> { }).start();
        dead = MandateServer.builder(shared.withSharedState(new SharedState.Redis(new RedisSettings(
                        "redis://mandate:" + SECRET + "@127.0.0.1:" + RedisTestSupport.deadPort() + "/0", prefix, Duration.ofMillis(300)))))
                .authorizePolicy(policy).accessLog(l -> { }).start();
        local = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start();
        client = TestSupport.client();
    }

    @AfterAll
    static void stop() {
        for (MandateServer s : new MandateServer[] {a, b, dead, local}) {
            if (s != null) s.close();
        }
        if (prefix != null) RedisTestSupport.deleteKeys(prefix);
    }

    static String request(String url) throws Exception {
        return request(signer, url);
    }

    static String request(RequestSigner signer, String url) throws Exception {
        Map<String, String> headers = signer.headers("GET", url, new byte[0], new Intent("read", url));
        return new SimpleRequest("GET", url, headers, new byte[0]).toJson().toString();
    }

    @Test
    void aRequestAllowedAtOneInstanceIsAReplayAtTheOther() throws Exception {
        String req = request(API + "replayed");
        Reply ok = post(client, a, "/authorize", req);
        assertEquals(200, ok.status(), ok::toString);
        Reply replay = post(client, b, "/authorize", req);
        assertEquals(403, replay.status(), replay::toString);
        assertTrue(replay.body().contains("REPLAY"), replay::toString);
    }

    @Test
    void theRateLimitIsOneLimitAcrossInstances() throws Exception {
        int allowed = 0;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            Reply r = post(client, i % 2 == 0 ? a : b, "/authorize", request(rateSigner, API + "rate-" + i));
            seen.append(r.status()).append(' ');
            if (r.status() == 200) allowed++;
            else assertTrue(r.body().contains("RATE_LIMITED"), r::toString);
        }
        assertEquals(3, allowed, "3 per minute across both instances, not 3 each: " + seen);
    }

    @Test
    void aChallengeFromOneInstanceIsUsedOnceAtTheOther() throws Exception {
        Reply c = post(client, a, "/challenges", "{}");
        assertEquals(200, c.status(), c::toString);
        String challenge = c.json().getString("challenge");
        JsonObject vp = TestSupport.present(holder, List.of(credential), challenge, null);
        String body = Json.createObjectBuilder().add("verifiablePresentation", vp)
                .add("options", Json.createObjectBuilder().add("challenge", challenge)).build().toString();
        Reply ok = post(client, b, "/presentations/verify", body);
        assertEquals(200, ok.status(), ok::toString);
        Reply again = post(client, a, "/presentations/verify", body);
        assertEquals(400, again.status(), again::toString);
        assertTrue(again.body().contains("already used"), again::toString);
        assertTrue(a.sharedStateHealth().orElseThrow().up());
        assertTrue(local.sharedStateHealth().isEmpty(), "no shared state configured: nothing to probe");
    }

    @Test
    void whenRedisDoesNotAnswerEveryStatefulEndpointFailsClosedWith503() throws Exception {
        Reply authz = post(client, dead, "/authorize", request(API + "dead"));
        assertEquals(503, authz.status(), authz::toString);
        assertFalse(authz.json().getBoolean("allow"));
        assertEquals("STATE_UNAVAILABLE", authz.json().getJsonArray("reasons").getJsonObject(0).getString("code"), authz::toString);
        assertEquals("1", authz.headers().get("Retry-After"));
        Reply challenge = post(client, dead, "/challenges", "{}");
        assertEquals(503, challenge.status(), challenge::toString);
        assertTrue(challenge.body().contains("STATE_UNAVAILABLE"), challenge::toString);
        JsonObject vp = TestSupport.present(holder, List.of(credential), "some-challenge-000000", null);
        Reply verify = post(client, dead, "/presentations/verify", Json.createObjectBuilder().add("verifiablePresentation", vp)
                .add("options", Json.createObjectBuilder().add("challenge", "some-challenge-000000")).build().toString());
        assertEquals(503, verify.status(), verify::toString);
        for (Reply r : List.of(authz, challenge, verify)) {
            assertFalse(r.body().contains(SECRET), "the Redis password never reaches a response: " + r);
            assertTrue(r.body().contains("redis://***@127.0.0.1:"), r::toString);
        }
        assertFalse(dead.sharedStateHealth().orElseThrow().up());
        // the metrics gauge does not break on it
        assertEquals(200, TestSupport.get(client, dead, "/metrics").status());
        // a request that needs no shared state still works
        Reply v = post(client, dead, "/credentials/verify", TestSupport.verifyRequest(credential));
        assertEquals(200, v.status(), v::toString);
        // a load balancer routes around it: not ready (naming Redis, without the password), still live
        Reply ready = TestSupport.get(client, dead, "/health/ready");
        assertEquals(503, ready.status(), ready::toString);
        assertTrue(ready.body().contains("redis") && !ready.body().contains(SECRET), ready.body());
        assertEquals(200, TestSupport.get(client, dead, "/health/live").status());
        Reply healthy = TestSupport.get(client, a, "/health/ready");
        assertEquals(200, healthy.status(), healthy::toString);
    }
}
