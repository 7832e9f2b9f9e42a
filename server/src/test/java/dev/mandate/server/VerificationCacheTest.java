package dev.mandate.server;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.server.PresentationEndpointTest.MovableClock;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.VerifierConfig;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The verified-result cache of POST /credentials/verify never answers past a credential's expiry or for failures. */
class VerificationCacheTest {
    final OkHttpClient client = TestSupport.client();
    final KeyMaterial key = TestSupport.ed25519();

    static String metric(OkHttpClient client, MandateServer server, String name) {
        for (String line : TestSupport.get(client, server, "/metrics").body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return line.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no metric " + name);
    }

    JsonObject credentialValidFor(Duration d) throws Exception {
        return new Issuer().issue(TestSupport.unsignedCredential(), new IssuerKey(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()), "eddsa-rdfc-2022", key.signer()), d);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aRepeatedVerifiedRequestIsAnsweredFromTheCacheWithTheSameBody() throws Exception {
        try (MandateServer server = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start()) {
            String body = TestSupport.verifyRequest(credentialValidFor(Duration.ofHours(1)));
            Reply first = post(client, server, "/credentials/verify", body);
            Reply second = post(client, server, "/credentials/verify", body);
            assertEquals(200, first.status(), first::toString);
            assertEquals(200, second.status(), second::toString);
            assertEquals(first.body(), second.body());
            assertEquals("1", metric(client, server, "mandate_verification_cache_hits_total"));
            assertEquals("1", metric(client, server, "mandate_verification_cache_misses_total"));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aCachedResultEndsWhenTheCredentialExpires() throws Exception {
        MovableClock clock = new MovableClock();
        try (MandateServer server = MandateServer.builder(ServerConfig.defaults().withPort(0)).clock(clock).accessLog(l -> { }).start()) {
            String body = TestSupport.verifyRequest(credentialValidFor(Duration.ofSeconds(30)));
            assertEquals(200, post(client, server, "/credentials/verify", body).status());
            clock.offset = Duration.ofSeconds(20);
            assertEquals(200, post(client, server, "/credentials/verify", body).status());
            assertEquals("1", metric(client, server, "mandate_verification_cache_hits_total"));
            clock.offset = Duration.ofSeconds(45);
            Reply expired = post(client, server, "/credentials/verify", body);
            assertEquals(400, expired.status(), expired::toString);
            assertTrue(expired.body().contains("VALIDITY_PERIOD_ERROR"), expired::toString);
            assertEquals("1", metric(client, server, "mandate_verification_cache_hits_total"));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aCachedResultEndsAfterTheConfiguredTime() throws Exception {
        MovableClock clock = new MovableClock();
        ServerConfig config = ServerConfig.defaults().withPort(0).withVerifier(VerifierConfig.defaults().withCache(Duration.ofSeconds(10), 100));
        try (MandateServer server = MandateServer.builder(config).clock(clock).accessLog(l -> { }).start()) {
            String body = TestSupport.verifyRequest(credentialValidFor(Duration.ofHours(1)));
            assertEquals(200, post(client, server, "/credentials/verify", body).status());
            clock.offset = Duration.ofSeconds(11);
            assertEquals(200, post(client, server, "/credentials/verify", body).status());
            assertEquals("0", metric(client, server, "mandate_verification_cache_hits_total"));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void failuresAreNeverCached() throws Exception {
        try (MandateServer server = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start()) {
            JsonObject forged = Json.createObjectBuilder(credentialValidFor(Duration.ofHours(1))).add("name", "forged").build();
            String body = TestSupport.verifyRequest(forged);
            assertEquals(400, post(client, server, "/credentials/verify", body).status());
            assertEquals(400, post(client, server, "/credentials/verify", body).status());
            assertEquals("0", metric(client, server, "mandate_verification_cache_hits_total"));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aZeroTtlDisablesTheCache() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withVerifier(VerifierConfig.defaults().withCache(Duration.ZERO, 100));
        try (MandateServer server = MandateServer.builder(config).accessLog(l -> { }).start()) {
            String body = TestSupport.verifyRequest(credentialValidFor(Duration.ofHours(1)));
            assertEquals(200, post(client, server, "/credentials/verify", body).status());
            assertEquals(200, post(client, server, "/credentials/verify", body).status());
            assertEquals("0", metric(client, server, "mandate_verification_cache_hits_total"));
            assertEquals("0", metric(client, server, "mandate_verification_cache_misses_total"));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theCacheIsBounded() throws Exception {
        java.time.Clock clock = java.time.Clock.systemUTC();
        VerificationCache cache = new VerificationCache(Duration.ofMinutes(1), 2, clock);
        JsonObject vc = credentialValidFor(Duration.ofHours(1));
        dev.mandate.vc.verifier.Verifier verifier = dev.mandate.vc.verifier.Verifier.builder(
                new dev.mandate.vc.verifier.DidMethodResolver(dev.mandate.did.resolve.DidResolvers.offline())).build();
        dev.mandate.vc.verifier.VerifiedCredential verified = verifier.verifyWithView(vc, dev.mandate.vc.verifier.VerifyOptions.none())
                .credential().orElseThrow();
        for (int i = 0; i < 5; i++) {
            cache.put(VerificationCache.key(new byte[] {(byte) i}), verified, new byte[] {1});
        }
        assertEquals(2, cache.size());
        // other formats are not kept
        String jwt = new dev.mandate.vc.issuer.jose.JoseIssuer(clock).issueJwt(TestSupport.unsignedCredential(), IssuerKey.jose(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()), key.signer()), Duration.ofHours(1));
        VerificationCache other = new VerificationCache(Duration.ofMinutes(1), 2, clock);
        other.put(VerificationCache.key(new byte[] {9}), verifier.verifyWithView(jwt, dev.mandate.vc.verifier.VerifyOptions.none())
                .credential().orElseThrow(), new byte[] {1});
        assertEquals(0, other.size());
    }
}
