package dev.mandate.server;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.server.PresentationEndpointTest.MovableClock;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.ChallengeConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code challenges.requireIssued = false}: a relying party that makes its own nonces has presentations checked
 * against {@code options.challenge} as given, which stays required and single use within the challenge ttl.
 */
class RelyingPartyChallengeTest {
    static final String DOMAIN = "api.partner.example";
    static MandateServer server;
    static OkHttpClient client;
    static final MovableClock CLOCK = new MovableClock();
    static KeyMaterial holder;
    static JsonObject credential;

    @BeforeAll
    static void start() throws Exception {
        server = MandateServer.builder(ServerConfig.defaults().withPort(0)
                .withAuth(new AuthConfig(List.of(), java.util.Set.of("verify", "challenges")))
                .withChallenges(new ChallengeConfig(Duration.ofMinutes(2), 100, false))).clock(CLOCK).accessLog(l -> { }).start();
        client = TestSupport.client();
        holder = TestSupport.ed25519();
        credential = TestSupport.signedCredential(TestSupport.ed25519());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String nonce() {
        return "rp-" + UUID.randomUUID();
    }

    static Reply verify(JsonObject vp, String challenge) {
        return post(client, server, "/presentations/verify", PresentationEndpointTest.request(vp, challenge, DOMAIN));
    }

    static String firstDetail(Reply r) {
        return r.json().getJsonArray("problems").getJsonObject(r.json().getJsonArray("problems").size() - 1).getString("detail");
    }

    @Test
    void theRelyingPartysOwnChallengeVerifiesOnceAndItsReplayFails() throws Exception {
        String c = nonce();
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        Reply ok = verify(vp, c);
        assertEquals(200, ok.status(), ok::toString);
        assertTrue(ok.json().getBoolean("verified"));

        Reply replay = verify(vp, c);
        assertEquals(400, replay.status(), replay::toString);
        assertTrue(replay.body().contains("INVALID_CHALLENGE_ERROR") && replay.body().contains("already used"), replay::toString);
    }

    @Test
    void aMissingOptionsChallengeIsRefusedEvenWhenTheProofHasOne() throws Exception {
        String c = nonce();
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        Reply r = verify(vp, null);
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("no challenge: pass the challenge the holder signed as options.challenge"), r::toString);
        // and the refusal did not use the challenge up
        assertEquals(200, verify(vp, c).status());
    }

    @Test
    void aPresentationSignedForAnotherChallengeFails() throws Exception {
        JsonObject vp = TestSupport.present(holder, List.of(credential), nonce(), DOMAIN);
        Reply r = verify(vp, nonce());
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("INVALID_CHALLENGE_ERROR"), r::toString);
    }

    @Test
    void aServerIssuedChallengeIsAlsoSingleUse() throws Exception {
        Reply issued = post(client, server, "/challenges", "{}");
        assertEquals(200, issued.status(), issued::toString);
        String c = issued.json().getString("challenge");
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        assertEquals(200, verify(vp, c).status());
        assertEquals(400, verify(vp, c).status());
    }

    @Test
    void theConfigFileTurnsItOffOnlyWhenAsked() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("rp-challenge");
        assertTrue(ServerConfig.parse("{}", dir).challenges().requireIssued());
        assertTrue(ServerConfig.parse("{\"challenges\": {\"ttlSeconds\": 60}}", dir).challenges().requireIssued());
        ChallengeConfig off = ServerConfig.parse("{\"challenges\": {\"requireIssued\": false}}", dir).challenges();
        assertEquals(new ChallengeConfig(Duration.ofMinutes(5), 10_000, false), off);
        ServerConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ServerConfigException.class,
                () -> ServerConfig.parse("{\"challenges\": {\"requireIssued\": \"no\"}}", dir));
        assertTrue(e.getMessage().contains("requireIssued"), e::getMessage);
    }

    @Test
    void anOverlongChallengeIsRefused() throws Exception {
        String c = "x".repeat(VerificationEndpoints.MAX_CHALLENGE_CHARS + 1);
        JsonObject vp = TestSupport.present(holder, List.of(credential), c, DOMAIN);
        Reply r = verify(vp, c);
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("longer than 512"), r::toString);
    }
}
