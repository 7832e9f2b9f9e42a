package dev.mandate.server;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The verified-result cache of POST /credentials/verify never answers past a credential's expiry or for failures,
 * and a cached credential with a status answers every status change at once.
 */
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
            cache.put(VerificationCache.key(new byte[] {(byte) i}), verified, new byte[] {1}, 1000);
        }
        assertEquals(2, cache.size());
        // other formats are not kept
        String jwt = new dev.mandate.vc.issuer.jose.JoseIssuer(clock).issueJwt(TestSupport.unsignedCredential(), IssuerKey.jose(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()), key.signer()), Duration.ofHours(1));
        VerificationCache other = new VerificationCache(Duration.ofMinutes(1), 2, clock);
        other.put(VerificationCache.key(new byte[] {9}), verifier.verifyWithView(jwt, dev.mandate.vc.verifier.VerifyOptions.none())
                .credential().orElseThrow(), new byte[] {1}, 1000);
        assertEquals(0, other.size());
    }

    static final String STATUS_TOKEN = "status-token-0123456789abcdef";
    static final String ISSUE_TOKEN = "issue-token-0123456789abcdef";

    /** A server on a fresh SQLite store that issues from its own status lists; the cache on (the default). */
    static MandateServer statusServer(KeyMaterial org, dev.mandate.registry.Store store) throws Exception {
        return statusServer(org, store, ServerConfig.defaults().verifier().cacheStatusKilobytes());
    }

    static MandateServer statusServer(KeyMaterial org, dev.mandate.registry.Store store, int cacheStatusKilobytes) throws Exception {
        dev.mandate.server.config.AuthConfig auth = new dev.mandate.server.config.AuthConfig(List.of(
                new dev.mandate.server.config.Token("ops", dev.mandate.server.config.Token.hash(STATUS_TOKEN), Set.of("status")),
                new dev.mandate.server.config.Token("issuing", dev.mandate.server.config.Token.hash(ISSUE_TOKEN), Set.of("issue"))),
                Set.of("verify", "metrics"));
        ServerConfig config = ServerConfig.defaults().withPort(0).withAuth(auth).withAccessLog(new dev.mandate.server.config.AccessLog.Off())
                .withIssuers(List.of(dev.mandate.server.config.IssuerConfig.of("org", "org-key").asDefault(true)));
        config = config.withVerifier(config.verifier().withCacheStatusKilobytes(cacheStatusKilobytes));
        return MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", org))).status(store, "https://status.example/lists/").start();
    }

    static String change(String id, String purpose, boolean set) {
        return OwnStatusAcrossInstancesTest.change(id, purpose, set);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aCachedCredentialWithStatusAnswersEveryStatusChangeAtOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        KeyMaterial org = TestSupport.ed25519();
        try (dev.mandate.registry.Store store = dev.mandate.registry.Stores.open("jdbc:sqlite:" + dir.resolve("status.db"));
             MandateServer server = statusServer(org, store)) {
            Reply issued = post(client, server, "/credentials/issue",
                    TestSupport.issueWithStatus(DidKey.didFor(org.publicKey()), "revocation", "suspension"), ISSUE_TOKEN);
            assertEquals(201, issued.status(), issued::toString);
            JsonObject vc = issued.json().getJsonObject("verifiableCredential");
            String id = vc.getString("id");
            String body = TestSupport.verifyRequest(vc);
            // the same credential in other bytes each time: never a hit, always a full verification
            java.util.function.IntFunction<String> respaced = n -> "{" + " ".repeat(n) + "\"verifiableCredential\":" + vc + "}";

            assertTrue(post(client, server, "/credentials/verify", body).json().getBoolean("verified"));
            for (int i = 0; i < 3; i++) {
                Reply hit = post(client, server, "/credentials/verify", body);
                Reply full = post(client, server, "/credentials/verify", respaced.apply(1 + i));
                assertEquals(200, hit.status(), hit::toString);
                assertTrue(hit.json().getBoolean("verified"), hit::toString);
                assertTrue(hit.json().getJsonArray("checks").contains(Json.createValue("status")), hit::toString);
                assertEquals(full.body(), hit.body(), "a hit answers byte for byte what a full verification answers");
            }
            assertEquals("3", metric(client, server, "mandate_verification_cache_hits_total"), "the first body's repeats are hits");
            int kept = body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            for (int i = 0; i < 3; i++) {
                kept += respaced.apply(1 + i).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            }
            assertEquals(Integer.toString(kept), metric(client, server, "mandate_verification_cache_status_view_bytes"),
                    "four views kept (the body and its three spacings), measured by their requests");
            assertEquals("0", metric(client, server, "mandate_verification_cache_not_kept_total{bound=\"status_views\"}"));

            assertEquals(200, post(client, server, "/credentials/status", change(id, "suspension", true), STATUS_TOKEN).status());
            Reply suspended = post(client, server, "/credentials/verify", body);
            assertEquals(400, suspended.status(), suspended::toString);
            assertFalse(suspended.json().getBoolean("verified"), "the very next hit sees the suspension: " + suspended);
            assertTrue(suspended.body().contains("CREDENTIAL_SUSPENDED"), suspended::toString);
            // the first check after a change fetches the new list version ("source":"fetched"); the next ones read it
            // decoded ("cached"), hit or not
            Reply suspendedFull = post(client, server, "/credentials/verify", respaced.apply(10));
            assertEquals(suspendedFull.body(), post(client, server, "/credentials/verify", body).body());

            assertEquals(200, post(client, server, "/credentials/status", change(id, "suspension", false), STATUS_TOKEN).status());
            Reply back = post(client, server, "/credentials/verify", body);
            assertTrue(back.json().getBoolean("verified"), "the very next hit sees the reinstatement: " + back);

            assertEquals(200, post(client, server, "/credentials/status", change(id, "revocation", true), STATUS_TOKEN).status());
            for (int i = 0; i < 3; i++) { // revoked stays revoked, answered from the entry by a status check, not a signature
                Reply revoked = post(client, server, "/credentials/verify", body);
                assertFalse(revoked.json().getBoolean("verified"), revoked::toString);
                assertTrue(revoked.body().contains("CREDENTIAL_REVOKED"), revoked::toString);
            }
            assertEquals("9", metric(client, server, "mandate_verification_cache_hits_total"), "every repeat of the first body");
            assertEquals("6", metric(client, server, "mandate_verifications_total{endpoint=\"credentials\",result=\"invalid\"}"),
                    "cached answers are counted by their outcome: two suspended hits (and one full verification), three revoked hits");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTamperedStatusEntryIsNeverAnsweredFromTheCache(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        KeyMaterial org = TestSupport.ed25519();
        try (dev.mandate.registry.Store store = dev.mandate.registry.Stores.open("jdbc:sqlite:" + dir.resolve("status.db"));
             MandateServer server = statusServer(org, store)) {
            JsonObject vc = post(client, server, "/credentials/issue", TestSupport.issueWithStatus(DidKey.didFor(org.publicKey()), "revocation"),
                    ISSUE_TOKEN).json().getJsonObject("verifiableCredential");
            String body = TestSupport.verifyRequest(vc);
            assertTrue(post(client, server, "/credentials/verify", body).json().getBoolean("verified"));
            assertTrue(post(client, server, "/credentials/verify", body).json().getBoolean("verified"));
            assertEquals(200, post(client, server, "/credentials/status", change(vc.getString("id"), "revocation", true), STATUS_TOKEN).status());
            // the revoked holder points its entry at another index, which is clear: the signature no longer covers it
            JsonObject entry = vc.getJsonObject("credentialStatus");
            long index = Long.parseLong(entry.getString("statusListIndex"));
            JsonObject moved = Json.createObjectBuilder(vc).add("credentialStatus", Json.createObjectBuilder(entry)
                    .add("statusListIndex", Long.toString(index + 1))).build();
            Reply forged = post(client, server, "/credentials/verify", TestSupport.verifyRequest(moved));
            assertFalse(forged.json().getBoolean("verified"), forged::toString);
            assertFalse(forged.body().contains("CREDENTIAL_REVOKED"), "refused for its proof, before any status: " + forged);
            Reply revoked = post(client, server, "/credentials/verify", body);
            assertTrue(revoked.body().contains("CREDENTIAL_REVOKED"), revoked::toString);
            assertEquals("2", metric(client, server, "mandate_verification_cache_hits_total"), "only the genuine body's repeats hit");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void theViewsKeptForStatusChecksAreBoundedByTheirBytes() throws Exception {
        // one valid credential with a status, sent in many spacings, must not fill the heap with parsed views
        JsonObject unsigned = dev.mandate.vc.issuer.status.StatusListIssuer.withStatus(TestSupport.unsignedCredential(), List.of(
                dev.mandate.vc.status.StatusListEntry.of(dev.mandate.vc.status.StatusPurpose.REVOCATION, "https://status.example/lists/1", 7)));
        JsonObject vc = new Issuer().issue(unsigned, new IssuerKey(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()),
                "eddsa-rdfc-2022", key.signer()), Duration.ofHours(1));
        dev.mandate.vc.verifier.Verifier verifier = dev.mandate.vc.verifier.Verifier.builder(
                new dev.mandate.vc.verifier.DidMethodResolver(dev.mandate.did.resolve.DidResolvers.offline())).ignoreCredentialStatus().build();
        dev.mandate.vc.verifier.VerifiedCredential withStatus = verifier.verifyWithView(vc, dev.mandate.vc.verifier.VerifyOptions.none())
                .credential().orElseThrow();
        dev.mandate.vc.verifier.VerifiedCredential plain = verifier.verifyWithView(credentialValidFor(Duration.ofHours(1)),
                dev.mandate.vc.verifier.VerifyOptions.none()).credential().orElseThrow();
        MovableClock clock = new MovableClock();
        VerificationCache cache = new VerificationCache(Duration.ofMinutes(1), 100, clock, 2_500);
        for (int i = 0; i < 5; i++) {
            cache.put(VerificationCache.key(new byte[] {(byte) i}), withStatus, new byte[] {1}, 1_000);
        }
        assertEquals(2, cache.size(), "two views of 1,000 request bytes fit in 2,500");
        assertEquals(3, cache.notKeptForViews(), "the other three were refused, and counted");
        assertEquals(0, cache.notKeptForEntries());
        assertEquals(2_000, cache.viewBytes());
        cache.put(VerificationCache.key(new byte[] {0}), withStatus, new byte[] {1}, 1_000); // the same key again
        assertEquals(2_000, cache.viewBytes(), "a replaced entry is not counted twice");
        cache.put(VerificationCache.key(new byte[] {9}), plain, new byte[] {1}, 1_000);
        assertEquals(3, cache.size(), "an answer without a view weighs nothing here");
        assertTrue(cache.get(VerificationCache.key(new byte[] {0})).orElseThrow().recheck());
        assertFalse(cache.get(VerificationCache.key(new byte[] {9})).orElseThrow().recheck());

        clock.offset = Duration.ofMinutes(2); // all expired: the next store purges them and their bytes
        cache.put(VerificationCache.key(new byte[] {5}), withStatus, new byte[] {1}, 1_000);
        assertEquals(1, cache.size());
        assertEquals(1_000, cache.viewBytes());
        assertTrue(cache.get(VerificationCache.key(new byte[] {1})).isEmpty());

        VerificationCache roomy = new VerificationCache(Duration.ofMinutes(1), 100, clock);
        roomy.put(VerificationCache.key(new byte[] {1}), withStatus, new byte[] {1}, VerificationCache.MAX_VIEW_BODY_BYTES + 1);
        assertEquals(0, roomy.size(), "a credential over the per-credential bound is verified in full every time");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void cacheStatusKilobytesZeroVerifiesEveryCredentialWithStatusInFull(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        KeyMaterial org = TestSupport.ed25519();
        try (dev.mandate.registry.Store store = dev.mandate.registry.Stores.open("jdbc:sqlite:" + dir.resolve("status.db"));
             MandateServer server = statusServer(org, store, 0)) {
            Reply issued = post(client, server, "/credentials/issue",
                    TestSupport.issueWithStatus(DidKey.didFor(org.publicKey()), "revocation"), ISSUE_TOKEN);
            assertEquals(201, issued.status(), issued::toString);
            JsonObject vc = issued.json().getJsonObject("verifiableCredential");
            String body = TestSupport.verifyRequest(vc);
            for (int i = 0; i < 3; i++) {
                assertTrue(post(client, server, "/credentials/verify", body).json().getBoolean("verified"));
            }
            assertEquals("0", metric(client, server, "mandate_verification_cache_hits_total"), "no view kept: never a hit");
            assertEquals("3", metric(client, server, "mandate_verification_cache_misses_total"));
            assertEquals("3", metric(client, server, "mandate_verification_cache_not_kept_total{bound=\"status_views\"}"),
                    "an operator sees why: each was refused for the bound on views");
            assertEquals("0", metric(client, server, "mandate_verification_cache_status_view_bytes"));
            // a credential without status is still remembered: the bound is on views only
            String plain = TestSupport.verifyRequest(TestSupport.signedCredential(org));
            post(client, server, "/credentials/verify", plain);
            assertTrue(post(client, server, "/credentials/verify", plain).json().getBoolean("verified"));
            assertEquals("1", metric(client, server, "mandate_verification_cache_hits_total"));
        }
    }
}
