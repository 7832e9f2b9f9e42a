package dev.mandate.vc.verifier.status;

import dev.mandate.vc.issuer.status.StatusListOptions;
import dev.mandate.vc.issuer.jose.PresentationOptions;
import com.sun.net.httpserver.HttpServer;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status checker against a real local HTTP server serving real signed status lists. */
class StatusCheckerTest {
    record Served(byte[] body, String cacheControl, int status, long delayMillis) {}

    HttpServer server;
    String base;
    final Map<String, Served> routes = new ConcurrentHashMap<>();
    final AtomicInteger hits = new AtomicInteger();
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    static final Issuer ISSUER = new Issuer();
    static final StatusListIssuer LISTS = new StatusListIssuer(ISSUER);
    IssuerKey org = key();
    IssuerKey mallory = key();

    static IssuerKey key() {
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        String mk = k.publicKey().toMultikey();
        return new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-jcs-2022", k.signer());
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            Served s = routes.get(ex.getRequestURI().getPath());
            try {
                if (s == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                if (s.delayMillis() > 0) {
                    Thread.sleep(s.delayMillis());
                }
                ex.getResponseHeaders().add("Content-Type", "application/vc+ld+json");
                if (s.cacheControl() != null) {
                    ex.getResponseHeaders().add("Cache-Control", s.cacheControl());
                }
                ex.sendResponseHeaders(s.status(), s.body().length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(s.body());
                }
            } catch (InterruptedException | IOException e) {
                // client went away (timeout test)
            } finally {
                ex.close();
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    StatusChecker checker(StatusFetchOptions.Builder fetch) {
        return StatusChecker.builder().fetcher(new HttpStatusListFetcher(fetch.build())).nanoTime(clock::get).build();
    }

    StatusChecker checker() {
        return checker(StatusFetchOptions.builder().allowHttpOnLoopback(true).callTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(1)));
    }

    Verifier verifier(StatusChecker c) {
        return Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(c).build();
    }

    /** Serves a signed list at path with the given set entries. */
    String serveList(String path, IssuerKey key, StatusPurpose purpose, Duration ttl, String cacheControl, int... set) throws Exception {
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        for (int i : set) {
            bits.set(i, 1);
        }
        JsonObject vc = LISTS.sign(base + path, purpose, bits, key, StatusListOptions.defaults().withTtl(ttl));
        serve(path, vc, cacheControl);
        return base + path;
    }

    void serve(String path, JsonObject doc, String cacheControl) {
        routes.put(path, new Served(doc.toString().getBytes(StandardCharsets.UTF_8), cacheControl, 200, 0));
    }

    /** Signs a list credential with an arbitrary encodedList (bad or hostile), as its issuer would. */
    String serveRawList(String path, IssuerKey key, String encodedList) throws Exception {
        JsonObject unsigned = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", base + path)
                .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("BitstringStatusListCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", base + path + "#list").add("type", "BitstringStatusList")
                        .add("statusPurpose", "revocation").add("encodedList", encodedList))
                .build();
        serve(path, ISSUER.issue(unsigned, key), null);
        return base + path;
    }

    JsonObject credential(IssuerKey key, StatusListEntry... entries) throws Exception {
        JsonObject unsigned = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", "urn:uuid:6f1c2b9e-3d4a-4c8e-9b7f-2a1d5e8c0b34")
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent"))
                .build();
        return ISSUER.issue(StatusListIssuer.withStatus(unsigned, List.of(entries)), key, Duration.ofMinutes(5));
    }

    static Problem only(VerificationResult r) {
        assertFalse(r.verified(), r.toJson()::toString);
        assertEquals(1, r.problems().size(), r.toJson()::toString);
        return r.problems().get(0);
    }

    @Test
    void clearEntryVerifiesWithAStatusCheck() throws Exception {
        String url = serveList("/lists/1", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 7);
        VerificationResult r = verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 94567)),
                VerifyOptions.none());
        assertTrue(r.verified(), r.toJson()::toString);
        assertTrue(r.checks().contains("status"), r.checks()::toString);
    }

    @Test
    void revokedCredentialIsNotVerified() throws Exception {
        String url = serveList("/lists/1", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 94567);
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 94567)),
                VerifyOptions.none()));
        assertEquals(ErrorType.CREDENTIAL_REVOKED, p.type());
        assertEquals("/credentialStatus", p.path());
        assertTrue(p.message().contains("94567"), p.message());
    }

    @Test
    void suspensionIsSeenAndReinstatementAfterInvalidation() throws Exception {
        String url = serveList("/lists/s", org, StatusPurpose.SUSPENSION, Duration.ofMinutes(5), null, 5);
        StatusChecker checker = checker();
        Verifier v = verifier(checker);
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, serveList("/lists/r", org, StatusPurpose.REVOCATION,
                Duration.ofMinutes(5), null), 5), StatusListEntry.of(StatusPurpose.SUSPENSION, url, 5));
        Problem p = only(v.verify(vc, VerifyOptions.none()));
        assertEquals(ErrorType.CREDENTIAL_SUSPENDED, p.type());
        assertEquals("/credentialStatus/1", p.path());

        serveList("/lists/s", org, StatusPurpose.SUSPENSION, Duration.ofMinutes(5), null); // reinstated
        assertEquals(ErrorType.CREDENTIAL_SUSPENDED, only(v.verify(vc, VerifyOptions.none())).type(), "cached list still used");
        checker.invalidate(url);
        assertTrue(v.verify(vc, VerifyOptions.none()).verified(), "a push invalidation makes the reinstatement visible at once");
    }

    @Test
    void aVersionedListIsVerifiedOncePerVersionAndAChangeAppliesToTheVeryNextCheck() throws Exception {
        String url = serveList("/lists/own", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        Map<String, String> versions = new ConcurrentHashMap<>(Map.of(url, "1"));
        AtomicInteger versionReads = new AtomicInteger();
        boolean[] storeDown = {false};
        HttpStatusListFetcher http = new HttpStatusListFetcher(StatusFetchOptions.builder().allowHttpOnLoopback(true).build());
        StatusListFetcher own = new StatusListFetcher() {
            @Override
            public FetchedList fetch(String u) throws StatusFetchException {
                FetchedList f = http.fetch(u);
                return new FetchedList(f.body(), 0, true, versions.getOrDefault(u, "")); // never reusable without asking
            }

            @Override
            public Optional<String> version(String u) throws StatusFetchException {
                versionReads.incrementAndGet();
                if (storeDown[0]) {
                    throw new StatusFetchException("the store is unreachable");
                }
                return Optional.ofNullable(versions.get(u));
            }
        };
        Verifier v = verifier(StatusChecker.builder().fetcher(own).nanoTime(clock::get).build());
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 42));
        for (int i = 0; i < 5; i++) {
            assertTrue(v.verify(vc, VerifyOptions.none()).verified());
        }
        assertEquals(1, hits.get(), "one version is fetched and verified once");
        assertEquals(4, versionReads.get(), "and its version is asked on every later check");

        serveList("/lists/own", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 42); // revoked...
        versions.put(url, "2"); // ...in the same transaction as the version
        assertEquals(ErrorType.CREDENTIAL_REVOKED, only(v.verify(vc, VerifyOptions.none())).type(), "the very next check sees it");
        assertEquals(2, hits.get());

        clock.addAndGet(Duration.ofHours(1).toNanos()); // long past any ttl: still exact, still one fetch per version
        assertEquals(ErrorType.CREDENTIAL_REVOKED, only(v.verify(vc, VerifyOptions.none())).type());
        assertEquals(2, hits.get());

        storeDown[0] = true;
        Problem down = only(v.verify(vc, VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, down.type(), "no version, no answer from the cache: fail closed");

        storeDown[0] = false;
        versions.remove(url); // a fetcher that cannot tell the version: the list is fetched every time again
        only(v.verify(vc, VerifyOptions.none()));
        only(v.verify(vc, VerifyOptions.none()));
        assertEquals(4, hits.get(), "without a version a no-store list is never reused");
    }

    @Test
    void everyEntryOfOneCheckAsksTheFetcherViewMadeForThatCheck() throws Exception {
        String rev = serveList("/lists/r", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        String sus = serveList("/lists/s", org, StatusPurpose.SUSPENSION, Duration.ofMinutes(5), null, 7);
        HttpStatusListFetcher http = new HttpStatusListFetcher(StatusFetchOptions.builder().allowHttpOnLoopback(true).build());
        AtomicInteger views = new AtomicInteger();
        Map<String, Integer> askedByView = new ConcurrentHashMap<>();
        StatusListFetcher own = new StatusListFetcher() {
            @Override
            public FetchedList fetch(String u) throws StatusFetchException {
                throw new StatusFetchException("only the view of a check may be asked");
            }

            @Override
            public StatusListFetcher forCheck() {
                int view = views.incrementAndGet();
                return new StatusListFetcher() {
                    @Override
                    public FetchedList fetch(String u) throws StatusFetchException {
                        return new FetchedList(http.fetch(u).body(), 0, true, "1");
                    }

                    @Override
                    public Optional<String> version(String u) {
                        askedByView.merge(u + " by view " + view, 1, Integer::sum);
                        return Optional.of("1");
                    }
                };
            }
        };
        Verifier v = verifier(StatusChecker.builder().fetcher(own).nanoTime(clock::get).build());
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, rev, 7), StatusListEntry.of(StatusPurpose.SUSPENSION, sus, 7));
        assertEquals(ErrorType.CREDENTIAL_SUSPENDED, only(v.verify(vc, VerifyOptions.none())).type());
        assertEquals(ErrorType.CREDENTIAL_SUSPENDED, only(v.verify(vc, VerifyOptions.none())).type());
        assertEquals(2, views.get(), "one view per check, not one per entry");
        assertEquals(Map.of(rev + " by view 2", 1, sus + " by view 2", 1), askedByView,
                "the second check asked both versions of its own view (the first fetched both lists)");
        assertEquals(2, hits.get(), "each list verified once");
        assertTrue(verifier(StatusChecker.builder().fetcher(own).build()).verify(credential(org), VerifyOptions.none()).verified());
        assertEquals(2, views.get(), "a credential without status makes no view");
    }

    @Test
    void withoutAConnectedPushStreamAListIsFetchedAgainAfterTheShortBoundWhateverItsTtl() throws Exception {
        String url = serveList("/lists/remote", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        boolean[] streamUp = {true};
        StatusChecker checker = StatusChecker.builder()
                .fetcher(new HttpStatusListFetcher(StatusFetchOptions.builder().allowHttpOnLoopback(true).build()))
                .unpushedStaleness(u -> streamUp[0] && u.equals(url), Duration.ofSeconds(10)).nanoTime(clock::get).build();
        Verifier v = verifier(checker);
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 9));
        assertTrue(v.verify(vc, VerifyOptions.none()).verified());
        clock.addAndGet(Duration.ofMinutes(1).toNanos());
        assertTrue(v.verify(vc, VerifyOptions.none()).verified());
        assertEquals(1, hits.get(), "while the stream is up, the list is kept for its ttl (changes arrive as pushes)");

        serveList("/lists/remote", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 9); // revoked at the issuer
        streamUp[0] = false; // ...and the push is lost with the stream
        assertEquals(ErrorType.CREDENTIAL_REVOKED, only(v.verify(vc, VerifyOptions.none())).type(),
                "a list older than the bound is fetched again as soon as no stream covers it");
        assertEquals(2, hits.get());
        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        only(v.verify(vc, VerifyOptions.none()));
        assertEquals(2, hits.get(), "and then kept for the bound");
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        only(v.verify(vc, VerifyOptions.none()));
        assertEquals(3, hits.get(), "fetched again once older than the bound");
    }

    @Test
    void aStreamCoversOnlyTheListsBesideIt() {
        String stream = "https://issuer.example/status-lists/events";
        assertTrue(StatusPushSubscriber.covers(stream, "https://issuer.example/status-lists/abc"));
        assertFalse(StatusPushSubscriber.covers(stream, "https://issuer.example/status-lists-evil/abc"), "a longer path segment");
        assertFalse(StatusPushSubscriber.covers(stream, "https://issuer.example.evil.com/status-lists/abc"), "another host");
        assertFalse(StatusPushSubscriber.covers(stream, "https://issuer.example/status-lists/a/b"), "a deeper path");
        assertFalse(StatusPushSubscriber.covers(stream, "https://issuer.example/status-lists/"), "the directory itself");
        assertFalse(StatusPushSubscriber.covers(stream, "http://issuer.example/status-lists/abc"), "another scheme");
        assertFalse(StatusPushSubscriber.covers(stream, null));
    }

    @Test
    void indexOutOfRangeIsARangeError() throws Exception {
        String url = serveList("/lists/1", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url,
                StatusBitstring.MIN_ENTRIES)), VerifyOptions.none()));
        assertEquals(ErrorType.RANGE_ERROR, p.type());
        assertEquals("/credentialStatus/statusListIndex", p.path());
    }

    @Test
    void listSignedBySomeoneElseIsRefused() throws Exception {
        String other = serveList("/lists/mallory", mallory, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, other, 3)),
                VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_VERIFICATION_ERROR, p.type());
        assertTrue(p.message().contains("not by the credential's issuer"), p.message());

        // mallory claims org as issuer but signs with her own key: the proof check catches it
        JsonObject forged = Json.createObjectBuilder(StatusListCredential.unsigned(base + "/lists/forged", org.did(), StatusPurpose.REVOCATION,
                StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1), Duration.ZERO)).build();
        JsonObject signed = dev.mandate.vc.proof.DataIntegrity.sign(Json.createObjectBuilder(forged).add("validFrom", "2025-01-01T00:00:00Z").build(),
                dev.mandate.vc.proof.ProofOptions.builder("eddsa-jcs-2022", mallory.verificationMethod()).build(), mallory.signer());
        serve("/lists/forged", signed, null);
        Problem f = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, base + "/lists/forged", 3)),
                VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_VERIFICATION_ERROR, f.type());
        assertTrue(f.message().contains("did not verify"), f.message());
    }

    @Test
    void badGzipIsMalformed() throws Exception {
        String url = serveRawList("/lists/bad", org, Multibase.encode(Multibase.Base.BASE64URL, "definitely not gzip".getBytes()));
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1)), VerifyOptions.none()));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, p.type());
        assertTrue(p.message().contains("GZIP"), p.message());
    }

    @Test
    void oneHundredMegabyteInflationBombIsRefused() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            byte[] chunk = new byte[1 << 20];
            for (int i = 0; i < 100; i++) {
                gz.write(chunk);
            }
        }
        String url = serveRawList("/lists/bomb", org, Multibase.encode(Multibase.Base.BASE64URL, out.toByteArray()));
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1)), VerifyOptions.none()));
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, p.type());
        assertTrue(p.message().contains("inflates"), p.message());
    }

    @Test
    void aHostThatHangsTimesOutAsARetrievalError() throws Exception {
        String url = serveList("/lists/slow", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        Served s = routes.get("/lists/slow");
        routes.put("/lists/slow", new Served(s.body(), null, 200, 30_000));
        StatusChecker c = checker(StatusFetchOptions.builder().allowHttpOnLoopback(true).callTimeout(Duration.ofMillis(500))
                .readTimeout(Duration.ofMillis(300)));
        VerificationResult r = verifier(c).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1)), VerifyOptions.none());
        Problem p = only(r);
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, p.type());
        assertEquals("status list " + url + " could not be fetched: the host is not reachable or not allowed", p.message());
        assertTrue(r.operationalFailure(), "could not verify, not verified-as-invalid");
    }

    @Test
    void retrievalFailuresAreOperational() throws Exception {
        Verifier v = verifier(checker());
        VerificationResult missing = v.verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, base + "/lists/none", 1)),
                VerifyOptions.none());
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, only(missing).type());
        assertTrue(only(missing).message().contains("404"), only(missing).message());
        assertTrue(missing.operationalFailure());

        String url = serveList("/lists/big", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        StatusChecker small = checker(StatusFetchOptions.builder().allowHttpOnLoopback(true).maxBytes(200));
        Problem big = only(verifier(small).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1)), VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, big.type());
        assertTrue(big.message().contains("larger than"), big.message());
    }

    @Test
    void ssrfDefaultsRefuseLoopbackAndPlainHttp() throws Exception {
        String url = serveList("/lists/1", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        Problem http = only(verifier(StatusChecker.builder().build()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1)),
                VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, http.type());
        assertTrue(http.message().contains("HTTPS only"), http.message());
        Problem loop = only(verifier(StatusChecker.builder().build()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION,
                "https://127.0.0.1:" + server.getAddress().getPort() + "/lists/1", 1)), VerifyOptions.none()));
        assertEquals("status list https://127.0.0.1:" + server.getAddress().getPort() + "/lists/1 could not be fetched: the host is not reachable"
                + " or not allowed", loop.message());
        assertEquals(0, hits.get(), "nothing was contacted");
    }

    @Test
    void nonCanonicalAddressSpellingsAreRefusedWithoutAConnectionEvenWhereLoopbackIsAllowed() throws Exception {
        serveList("/lists/1", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        AtomicInteger lookups = new AtomicInteger();
        StatusChecker lenient = checker(StatusFetchOptions.builder().allowLoopback(true).allowHttpOnLoopback(true)
                .hostResolver(h -> {
                    lookups.incrementAndGet();
                    throw new java.net.UnknownHostException(h);
                }));
        int port = server.getAddress().getPort();
        for (String host : new String[] {"127.1", "127.0.1", "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.0.0.1", "[0:0::1]",
            "[::ffff:7f00:1]", "%31%32%37.0.0.1", "127.0.0.1%2e"}) {
            String url = "http://" + host + ":" + port + "/lists/1";
            Problem p = only(verifier(lenient).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1)), VerifyOptions.none()));
            assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, p.type(), host);
            assertTrue(p.message().endsWith(" could not be fetched: the host is not reachable or not allowed"), p.message());
        }
        assertEquals(0, hits.get(), "nothing was contacted");
        assertEquals(0, lookups.get(), "nothing was looked up");
    }

    @Test
    void aClosedPortAndARefusedHostGiveTheSameMessage() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        String url = "https://127.0.0.1:" + closed + "/lists/1";
        StatusListEntry entry = StatusListEntry.of(StatusPurpose.REVOCATION, url, 1);
        Problem refused = only(verifier(checker(StatusFetchOptions.builder())).verify(credential(org, entry), VerifyOptions.none()));
        Problem unreachable = only(verifier(checker(StatusFetchOptions.builder().allowLoopback(true)))
                .verify(credential(org, entry), VerifyOptions.none()));
        assertEquals(refused.message(), unreachable.message());
        assertEquals(refused.type(), unreachable.type());
    }

    @Test
    void notAStatusListAndWrongPurposeAreVerificationErrors() throws Exception {
        serve("/lists/plain", credential(org), null);
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, base + "/lists/plain", 1)),
                VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_VERIFICATION_ERROR, p.type());
        assertTrue(p.message().contains("not a usable status list"), p.message());

        routes.put("/lists/html", new Served("<html>hi</html>".getBytes(), null, 200, 0));
        assertEquals(ErrorType.STATUS_VERIFICATION_ERROR, only(verifier(checker()).verify(credential(org,
                StatusListEntry.of(StatusPurpose.REVOCATION, base + "/lists/html", 1)), VerifyOptions.none())).type());

        String rev = serveList("/lists/rev", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        Problem purpose = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.SUSPENSION, rev, 1)), VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_VERIFICATION_ERROR, purpose.type());
        assertEquals("/credentialStatus/statusPurpose", purpose.path());
    }

    @Test
    void aListBelowTheMinimumLengthIsRefused() throws Exception {
        StatusBitstring tiny = StatusBitstring.zeros(1024, 1);
        String url = serveRawList("/lists/tiny", org, tiny.encode());
        assertEquals(ErrorType.STATUS_LIST_LENGTH_ERROR, only(verifier(checker()).verify(credential(org,
                StatusListEntry.of(StatusPurpose.REVOCATION, url, 1)), VerifyOptions.none())).type());
    }

    @Test
    void withoutACheckerStatusIsReportedAsUncheckedUnlessIgnored() throws Exception {
        String url = serveList("/lists/1", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 1);
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1));
        VerificationResult r = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build().verify(vc, VerifyOptions.none());
        Problem p = only(r);
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, p.type());
        assertTrue(p.message().contains("could not be checked"), p.message());
        assertTrue(Verifier.builder(new DidMethodResolver(DidResolvers.offline())).ignoreCredentialStatus().build()
                .verify(vc, VerifyOptions.none()).verified());
        assertEquals(0, hits.get());
    }

    @Test
    void cacheHonoursTtlCacheControlAndMaxStaleness() throws Exception {
        String url = serveList("/lists/c", org, StatusPurpose.REVOCATION, Duration.ofSeconds(60), null);
        StatusChecker c = checker();
        Verifier v = verifier(c);
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 1));
        assertTrue(v.verify(vc, VerifyOptions.none()).verified());
        assertTrue(v.verify(vc, VerifyOptions.none()).verified());
        assertEquals(1, hits.get(), "second check served from cache");
        assertEquals(1, c.cachedLists());
        clock.addAndGet(Duration.ofSeconds(59).toNanos());
        v.verify(vc, VerifyOptions.none());
        assertEquals(1, hits.get());
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        v.verify(vc, VerifyOptions.none());
        assertEquals(2, hits.get(), "refetched after the ttl");

        // Cache-Control max-age shorter than ttl wins
        serveList("/lists/c", org, StatusPurpose.REVOCATION, Duration.ofSeconds(60), "max-age=5");
        c.invalidateAll();
        v.verify(vc, VerifyOptions.none());
        clock.addAndGet(Duration.ofSeconds(6).toNanos());
        v.verify(vc, VerifyOptions.none());
        assertEquals(4, hits.get(), "max-age=5 expired the list before its ttl");

        // no-store: never reused
        serveList("/lists/c", org, StatusPurpose.REVOCATION, Duration.ofSeconds(60), "no-store");
        c.invalidateAll();
        v.verify(vc, VerifyOptions.none());
        v.verify(vc, VerifyOptions.none());
        assertEquals(6, hits.get());

        // maxStaleness caps a long ttl
        serveList("/lists/c", org, StatusPurpose.REVOCATION, Duration.ofHours(10), null);
        StatusChecker capped = StatusChecker.builder().fetcher(new HttpStatusListFetcher(StatusFetchOptions.builder().allowHttpOnLoopback(true).build()))
                .nanoTime(clock::get).maxStaleness(Duration.ofSeconds(10)).build();
        Verifier cv = verifier(capped);
        cv.verify(vc, VerifyOptions.none());
        clock.addAndGet(Duration.ofSeconds(11).toNanos());
        cv.verify(vc, VerifyOptions.none());
        assertEquals(8, hits.get(), "maxStaleness 10 s overrides the 10 h ttl");
    }

    @Test
    void aRevokedCredentialInsideAPresentationFailsThePresentation() throws Exception {
        String url = serveList("/lists/1", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 42);
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 42));
        IssuerKey holder = key();
        JsonObject vp = ISSUER.present(List.of(vc), new IssuerKey(holder.did(), holder.verificationMethod(), "eddsa-jcs-2022", holder.signer()), "c-1");
        VerificationResult r = verifier(checker()).verify(vp, VerifyOptions.none().withChallenge("c-1"));
        assertFalse(r.verified());
        assertEquals(ErrorType.CREDENTIAL_REVOKED, r.credentialResults().get(0).problems().get(0).type());
    }

    // ---------------------------------------------------------------- nested credentials re-enter the pipeline

    /** A revoked credential (index 42 set in its list), unsigned. */
    JsonObject revokedUnsigned() throws Exception {
        String url = serveList("/lists/n", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 42);
        return StatusListIssuer.withStatus(Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent")).build(),
                List.of(StatusListEntry.of(StatusPurpose.REVOCATION, url, 42)));
    }

    /** A revoked credential secured as a vc+jwt, with its status entry inside the signed payload. */
    String revokedJwt() throws Exception {
        return new JoseIssuer().issueJwt(revokedUnsigned(), org, Duration.ofMinutes(5));
    }

    static void assertNestedRevoked(VerificationResult r) {
        assertFalse(r.verified(), r.toJson()::toString);
        assertEquals(1, r.credentialResults().size(), r.toJson()::toString);
        VerificationResult inner = r.credentialResults().get(0);
        assertFalse(inner.verified());
        assertEquals(ErrorType.CREDENTIAL_REVOKED, inner.problems().get(0).type(), inner.toJson()::toString);
        assertEquals(ErrorType.CREDENTIAL_REVOKED, r.problems().get(0).type(), "the presentation names the revoked credential");
        assertEquals(42, inner.status().get(0).statusListIndex());
        assertEquals(1, inner.status().get(0).value());
    }

    @Test
    void aRevokedJwtIsRefusedAloneAndInsideEveryPresentationForm() throws Exception {
        IssuerKey holder = key();
        String jwt = revokedJwt();
        Verifier v = verifier(checker());
        assertEquals(ErrorType.CREDENTIAL_REVOKED, only(v.verify(jwt, VerifyOptions.none())).type());
        JoseIssuer jose = new JoseIssuer();
        // vp+jwt with an EnvelopedVerifiableCredential
        String vpJwt = jose.presentJwt(List.of(jwt), holder, PresentationOptions.none().withNonce("c"));
        assertNestedRevoked(v.verify(vpJwt, VerifyOptions.none().withChallenge("c")));
        // VC-JWT 1.1 presentation: a 1.1 credential with the same status entry
        String jwt11 = jose.issueJwt11(revokedUnsigned(), org, Duration.ofMinutes(5));
        assertEquals(ErrorType.CREDENTIAL_REVOKED, only(v.verify(jwt11, VerifyOptions.none())).type());
        String vp11 = jose.presentJwt11(List.of(jwt11), holder, PresentationOptions.none().withNonce("c"));
        assertNestedRevoked(v.verify(vp11, VerifyOptions.none().withChallenge("c")));
        // Data Integrity presentation holding the envelope
        JsonObject diVp = ISSUER.present(List.of(JoseIssuer.envelope(jwt)), holder, "c");
        assertNestedRevoked(v.verify(diVp, VerifyOptions.none().withChallenge("c")));
        // Data Integrity presentation holding a Data Integrity credential
        JsonObject diVc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, base + "/lists/n", 42));
        JsonObject diVp2 = ISSUER.present(List.of(diVc), holder, "c");
        assertNestedRevoked(v.verify(diVp2, VerifyOptions.none().withChallenge("c")));
    }

    @Test
    void aNestedCredentialWithStatusFailsClosedWithoutAChecker() throws Exception {
        IssuerKey holder = key();
        String vpJwt = new JoseIssuer().presentJwt(List.of(revokedJwt()), holder);
        VerificationResult r = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build().verify(vpJwt, VerifyOptions.none());
        assertFalse(r.verified());
        assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, r.credentialResults().get(0).problems().get(0).type());
        assertTrue(r.operationalFailure(), "could not check, not checked as invalid");
    }

    @Test
    void theResultSaysWhereEachStatusCameFrom() throws Exception {
        String url = serveList("/lists/src", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null);
        StatusChecker checker = checker();
        Verifier v = verifier(checker);
        JsonObject vc = credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 3));
        VerificationResult first = v.verify(vc, VerifyOptions.none());
        assertTrue(first.verified(), first.toJson()::toString);
        assertEquals("fetched", first.status().get(0).source());
        assertEquals("revocation", first.status().get(0).statusPurpose());
        assertEquals(url, first.status().get(0).statusListCredential());
        assertEquals("cached", v.verify(vc, VerifyOptions.none()).status().get(0).source());
        checker.invalidate(url); // what a push from the issuer's change stream does
        assertEquals("pushed", v.verify(vc, VerifyOptions.none()).status().get(0).source());
        assertEquals("cached", v.verify(vc, VerifyOptions.none()).status().get(0).source());
        assertTrue(first.toJson().getJsonArray("status").getJsonObject(0).containsKey("source"));
    }

    @Test
    void aTamperedListIsRefusedBeforeAnyBitIsRead() throws Exception {
        // The list goes through the same pipeline before any bit is read: an edited encodedList is refused.
        String url = serveList("/lists/v", org, StatusPurpose.REVOCATION, Duration.ofMinutes(5), null, 9);
        JsonObject list = Json.createReader(new java.io.StringReader(new String(routes.get("/lists/v").body(), StandardCharsets.UTF_8))).readObject();
        JsonObject tampered = Json.createObjectBuilder(list).add("credentialSubject",
                Json.createObjectBuilder(list.getJsonObject("credentialSubject")).add("encodedList", "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA")).build();
        serve("/lists/v", tampered, null);
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 9)), VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_VERIFICATION_ERROR, p.type(), p::toString);
        assertTrue(p.message().contains("did not verify"), p.message());
    }

    @Test
    void aListSecuredAsAJwtIsReadFromItsVerifiedPayload() throws Exception {
        // Lists go through the whole pipeline, so any format the pipeline reads works; the bits come from the
        // JWT's verified payload (before the pipeline rewrite, a list that was not DI JSON could not be read).
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        bits.set(77, 1);
        String url = base + "/lists/jwt";
        JsonObject list = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", url)
                .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("BitstringStatusListCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", url + "#list").add("type", "BitstringStatusList")
                        .add("statusPurpose", "revocation").add("encodedList", bits.encode()))
                .build();
        String jwt = new JoseIssuer().issueJwt(list, org, Duration.ofMinutes(5));
        routes.put("/lists/jwt", new Served(jwt.getBytes(StandardCharsets.UTF_8), null, 200, 0));
        Verifier v = verifier(checker());
        VerificationResult clear = v.verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 76)), VerifyOptions.none());
        assertTrue(clear.verified(), clear.toJson()::toString);
        assertEquals(ErrorType.CREDENTIAL_REVOKED, only(v.verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 77)),
                VerifyOptions.none())).type());
        // signed by someone else: the list names the org as issuer, but the JWT's signer is Mallory
        String forged = new JoseIssuer().issueJwt(Json.createObjectBuilder(list).remove("issuer").build(), mallory, Duration.ofMinutes(5));
        routes.put("/lists/jwt", new Served(forged.getBytes(StandardCharsets.UTF_8), null, 200, 0));
        Problem p = only(verifier(checker()).verify(credential(org, StatusListEntry.of(StatusPurpose.REVOCATION, url, 76)), VerifyOptions.none()));
        assertEquals(ErrorType.STATUS_VERIFICATION_ERROR, p.type(), p::toString);
    }
}
