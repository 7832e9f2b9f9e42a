package dev.mandate.server;

import static dev.mandate.server.TestSupport.VERIFY_TOKEN;
import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.ChallengeConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /challenges and POST /presentations/verify: single-use challenges, replay, domain, expiry, bounds. */
class PresentationEndpointTest {
    static final String DOMAIN = "api.partner.example";

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    static MandateServer server;
    static OkHttpClient client;
    static MovableClock clock = new MovableClock();
    static KeyMaterial holder;
    static JsonObject credential;

    @BeforeAll
    static void start() throws Exception {
        AuthConfig auth = new AuthConfig(List.of(new Token("verifier-app", Token.hash(VERIFY_TOKEN), Set.of("challenges"))),
                Set.of("verify"));
        server = MandateServer.builder(ServerConfig.defaults().withPort(0).withAuth(auth)
                .withChallenges(new ChallengeConfig(Duration.ofMinutes(2), 1000))).clock(clock).accessLog(l -> { }).start();
        client = TestSupport.client();
        holder = TestSupport.ed25519();
        credential = TestSupport.signedCredential(TestSupport.ed25519());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String challenge() {
        Reply r = post(client, server, "/challenges", "{}", VERIFY_TOKEN);
        assertEquals(200, r.status(), r::toString);
        String c = r.json().getString("challenge");
        assertTrue(c.matches("[A-Za-z0-9_-]{22}"), c);
        return c;
    }

    static String request(JsonObject vp, String challenge, String domain) {
        var opts = Json.createObjectBuilder();
        if (challenge != null) {
            opts.add("challenge", challenge);
        }
        if (domain != null) {
            opts.add("domain", domain);
        }
        return Json.createObjectBuilder().add("verifiablePresentation", vp).add("options", opts).build().toString();
    }

    @Test
    void aPresentationForAServerChallengeVerifiesOnceAndItsReplayFails() throws Exception {
        String c = challenge();
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        Reply ok = post(client, server, "/presentations/verify", request(vp, c, DOMAIN));
        assertEquals(200, ok.status(), ok::toString);
        JsonObject result = ok.json();
        assertTrue(result.getBoolean("verified"));
        assertEquals("presentation", result.getString("kind"));
        assertTrue(result.getJsonArray("credentialResults").getJsonObject(0).getBoolean("verified"));

        Reply replay = post(client, server, "/presentations/verify", request(vp, c, DOMAIN));
        assertEquals(400, replay.status(), replay::toString);
        JsonObject p = replay.json().getJsonArray("problems").getJsonObject(0);
        assertEquals("INVALID_CHALLENGE_ERROR", p.getString("title"));
        assertTrue(p.getString("detail").contains("already used"), p::toString);
    }

    @Test
    void withoutOptionsTheChallengeInTheProofIsUsedAndConsumed() throws Exception {
        String c = challenge();
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, null);
        String body = Json.createObjectBuilder().add("verifiablePresentation", vp).build().toString();
        assertEquals(200, post(client, server, "/presentations/verify", body).status());
        Reply replay = post(client, server, "/presentations/verify", body);
        assertEquals(400, replay.status(), replay::toString);
        assertTrue(replay.body().contains("INVALID_CHALLENGE_ERROR"));
    }

    @Test
    void aChallengeTheServerNeverIssuedIsRefused() throws Exception {
        JsonObject vp = TestSupport.present(holder, List.of(credential), "chosen-by-the-holder", DOMAIN);
        Reply r = post(client, server, "/presentations/verify", request(vp, "chosen-by-the-holder", DOMAIN));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("was not issued by this server"), r::toString);
    }

    @Test
    void aPresentationWithoutAnyChallengeIsRefused() throws Exception {
        JsonObject unsigned = Json.createObjectBuilder(TestSupport.present(holder, List.of(credential), "x", null)).remove("proof").build();
        Reply r = post(client, server, "/presentations/verify", request(unsigned, null, null));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("no challenge: get one from POST /challenges"), r::toString);
    }

    @Test
    void aProofForAnotherChallengeFailsAndStillUsesUpTheChallenge() throws Exception {
        String c = challenge();
        JsonObject vp = TestSupport.present(holder, List.of(credential), "some-other-challenge", DOMAIN);
        Reply r = post(client, server, "/presentations/verify", request(vp, c, DOMAIN));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("does not match the expected challenge"), r::toString);
        JsonObject good = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        assertEquals(400, post(client, server, "/presentations/verify", request(good, c, DOMAIN)).status());
    }

    @Test
    void theWrongDomainFails() throws Exception {
        String c = challenge();
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, "evil.example");
        Reply r = post(client, server, "/presentations/verify", request(vp, c, DOMAIN));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("INVALID_DOMAIN_ERROR"), r::toString);
    }

    @Test
    void aTamperedEmbeddedCredentialFailsAndSaysWhichOne() throws Exception {
        String c = challenge();
        JsonObject forged = Json.createObjectBuilder(credential).add("description", "anything").build();
        JsonObject vp = TestSupport.present(holder, List.of(forged), c, DOMAIN);
        Reply r = post(client, server, "/presentations/verify", request(vp, c, DOMAIN));
        assertEquals(400, r.status(), r::toString);
        JsonObject result = r.json();
        assertFalse(result.getJsonArray("credentialResults").getJsonObject(0).getBoolean("verified"));
        assertEquals("/verifiableCredential/0", result.getJsonArray("problems").getJsonObject(0).getString("path"));
    }

    @Test
    void anExpiredChallengeIsRefused() throws Exception {
        String c = challenge();
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        clock.offset = Duration.ofMinutes(3);
        try {
            Reply r = post(client, server, "/presentations/verify", request(vp, c, DOMAIN));
            assertEquals(400, r.status(), r::toString);
            assertTrue(r.body().contains("has expired"), r::toString);
        } finally {
            clock.offset = Duration.ZERO;
        }
    }

    @Test
    void twoConcurrentVerificationsOfOnePresentationSucceedAtMostOnce() throws Exception {
        String c = challenge();
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        String body = request(vp, c, DOMAIN);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<Integer>) () -> post(client, server, "/presentations/verify", body).status()));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                int s = f.get();
                assertTrue(s == 200 || s == 400, "status " + s);
                ok += s == 200 ? 1 : 0;
            }
            assertEquals(1, ok);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void challengesNeedATokenByDefault() {
        Reply r = post(client, server, "/challenges", "{}");
        assertEquals(401, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.headers().get("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void nonStringOptionsAre400() throws Exception {
        JsonObject vp = TestSupport.present(holder, List.of(credential), "c", DOMAIN);
        String body = Json.createObjectBuilder().add("verifiablePresentation", vp)
                .add("options", Json.createObjectBuilder().add("challenge", 5)).build().toString();
        Reply r = post(client, server, "/presentations/verify", body);
        assertEquals(400, r.status(), r::toString);
        assertEquals("/options/challenge", r.json().getJsonArray("problems").getJsonObject(0).getString("path"));
        Reply bare = post(client, server, "/presentations/verify", "{\"verifiablePresentation\":\"ey...\"}");
        assertEquals(400, bare.status(), bare::toString);
        assertEquals("PARSING_ERROR", bare.json().getJsonArray("problems").getJsonObject(0).getString("title"));
    }

    @Test
    void outstandingChallengesAreBounded() throws Exception {
        AuthConfig auth = new AuthConfig(List.of(), Set.of("verify", "challenges"));
        try (MandateServer small = MandateServer.builder(ServerConfig.defaults().withPort(0).withAuth(auth)
                .withChallenges(new ChallengeConfig(Duration.ofMinutes(5), 2))).accessLog(l -> { }).start()) {
            assertEquals(200, post(client, small, "/challenges", "").status());
            String second = post(client, small, "/challenges", "").json().getString("challenge");
            Reply full = post(client, small, "/challenges", "");
            assertEquals(503, full.status(), full::toString);
            assertEquals("5", full.headers().get("Retry-After"));
            // using one frees a slot
            JsonObject vp = TestSupport.present(holder, List.of(credential), second, null);
            assertEquals(200, post(client, small, "/presentations/verify", request(vp, second, null)).status());
            assertEquals(200, post(client, small, "/challenges", "").status());
        }
    }
}
