package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.state.redis.TcpProxy;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verifier.status.StatusListFetcher;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server's own lists as its verifier reads them ({@link OwnLists}), against real SQLite and PostgreSQL stores:
 * a status change committed through one store connection (another instance) applies to every check at a second
 * connection that began after the commit, concurrent checks share version reads, and a store that is down makes
 * the check fail closed with a one-line reason.
 */
class OwnListsTest {
    static final String BASE = "https://status.example/status-lists/"; // never fetched: own lists come from the store
    static final Set<StatusPurpose> BOTH = EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION);
    static final StatusListFetcher NO_HTTP = url -> {
        throw new StatusFetchException("not one of this server's lists: " + url);
    };

    @TempDir
    Path dir;
    String schema;
    final List<AutoCloseable> opened = new ArrayList<>();
    final ExecutorService pool = Executors.newCachedThreadPool();
    final IssuerKey key = key();

    static IssuerKey key() {
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        String mk = k.publicKey().toMultikey();
        return new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-jcs-2022", k.signer());
    }

    @AfterEach
    void close() throws Exception {
        pool.shutdownNow();
        for (AutoCloseable c : opened) {
            c.close();
        }
        PgTestDatabase.dropSchema(schema);
    }

    /** A fresh database of that kind, shared by the stores opened on the returned URL. */
    String database(String kind) {
        if (kind.equals("sqlite")) {
            return "jdbc:sqlite:" + dir.resolve("status.db");
        }
        PgTestDatabase.assumeAvailable();
        String[] name = new String[1];
        String url = PgTestDatabase.createSchema(name);
        schema = name[0];
        return url;
    }

    Store open(String url) throws StoreException {
        Store s = Stores.open(url);
        opened.add(s);
        return s;
    }

    StatusService service(Store store) {
        return new StatusService(store, BASE, key, new Issuer());
    }

    static Verifier verifier(OwnLists lists) {
        return Verifier.builder(new DidMethodResolver(DidResolvers.offline()))
                .statusChecker(StatusChecker.builder().fetcher(lists).build()).build();
    }

    static JsonObject unsigned() {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent"))
                .build();
    }

    static String id(JsonObject vc) {
        return vc.getString("id");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void noCheckThatBeganAfterARevocationCommittedAtAnotherInstanceReturnsValid(String kind) throws Exception {
        String url = database(kind);
        StatusService a = service(open(url));
        Store storeA = a.store();
        Verifier atB = verifier(new OwnLists(service(open(url)), NO_HTTP)); // B: its own connection(s) to the store
        int n = 40;
        List<JsonObject> vcs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vcs.add(a.issue(unsigned(), dev.mandate.registry.IssueOptions.purposes(BOTH)));
            assertTrue(atB.verify(vcs.get(i), VerifyOptions.none()).verified());
        }
        AtomicBoolean[] revoked = new AtomicBoolean[n];
        for (int i = 0; i < n; i++) {
            revoked[i] = new AtomicBoolean();
        }
        AtomicBoolean done = new AtomicBoolean();
        ConcurrentLinkedQueue<String> stale = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger valid = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> checkers = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            checkers.add(pool.submit(() -> {
                while (!done.get()) {
                    int i = ThreadLocalRandom.current().nextInt(n);
                    boolean revokedBefore = revoked[i].get(); // read before the check begins
                    VerificationResult r = atB.verify(vcs.get(i), VerifyOptions.none());
                    if (r.verified()) {
                        valid.incrementAndGet();
                        if (revokedBefore) {
                            stale.add("credential " + i + " was valid in a check that began after its revocation committed");
                        }
                    } else if (r.problems().size() == 1 && r.problems().get(0).type() == ErrorType.CREDENTIAL_REVOKED) {
                        refused.incrementAndGet();
                    } else {
                        unexpected.add(r.toJson().toString());
                    }
                }
                return null;
            }));
        }
        for (int i = 0; i < n; i++) {
            Thread.sleep(3); // let checks of the still-valid credential run
            storeA.revoke(id(vcs.get(i))); // committed when it returns
            revoked[i].set(true);
            VerificationResult next = atB.verify(vcs.get(i), VerifyOptions.none());
            assertFalse(next.verified(), "the very next check at B sees the revocation");
            assertEquals(ErrorType.CREDENTIAL_REVOKED, next.problems().get(0).type(), next.toJson()::toString);
        }
        done.set(true);
        for (Future<?> f : checkers) {
            f.get(60, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), List.copyOf(stale));
        assertEquals(List.of(), List.copyOf(unexpected));
        assertTrue(valid.get() > 0 && refused.get() > 0, "both outcomes were exercised: " + valid + " valid, " + refused + " revoked");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrentChecksShareVersionReadsOfTheRealStore(String kind) throws Exception {
        String url = database(kind);
        StatusService a = service(open(url));
        StatusService b = service(open(url));
        AtomicInteger storeReads = new AtomicInteger();
        FreshRead<Map<String, Long>> counted = new FreshRead<>("the versions", () -> {
            storeReads.incrementAndGet();
            Map<String, Long> v = b.versions(); // the real store...
            try {
                Thread.sleep(2); // ...two milliseconds away, as over a network
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return v;
        }, Duration.ofSeconds(30));
        Verifier atB = verifier(new OwnLists(b, NO_HTTP, counted));
        List<JsonObject> vcs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            vcs.add(a.issue(unsigned(), dev.mandate.registry.IssueOptions.purposes(BOTH)));
        }
        a.store().suspend(id(vcs.get(3)));
        int threads = 12;
        int each = 40;
        AtomicInteger checks = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int k = 0; k < each; k++) {
                    int i = ThreadLocalRandom.current().nextInt(vcs.size());
                    VerificationResult r = atB.verify(vcs.get(i), VerifyOptions.none());
                    checks.incrementAndGet();
                    boolean ok = i == 3 ? !r.verified() && r.problems().get(0).type() == ErrorType.CREDENTIAL_SUSPENDED : r.verified();
                    if (!ok) {
                        wrong.add(i + ": " + r.toJson());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), List.copyOf(wrong));
        assertEquals(threads * each, checks.get());
        assertTrue(storeReads.get() * 3 <= checks.get(), storeReads + " store reads for " + checks
                + " checks of two entries each: concurrent checks must share reads (one per entry would be " + 2 * checks.get() + ")");
        assertEquals(storeReads.get(), counted.reads());
    }

    @Test
    void aPostgresqlStoreThatGoesDownFailsTheCheckClosedWithAOneLineReasonAndComesBack() throws Exception {
        String url = database("postgresql");
        URI pg = URI.create(url.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort())) {
            String viaProxy = url.replace("//" + pg.getHost() + ":" + pg.getPort() + "/", "//127.0.0.1:" + proxy.port() + "/");
            StatusService a = service(open(url));
            Store b = Stores.open(viaProxy, StoreOptions.defaults().withBusyTimeout(Duration.ofSeconds(2)));
            opened.add(b);
            Verifier atB = verifier(new OwnLists(service(b), NO_HTTP));
            JsonObject vc = a.issue(unsigned(), dev.mandate.registry.IssueOptions.purposes(BOTH));
            assertTrue(atB.verify(vc, VerifyOptions.none()).verified());

            proxy.cut();
            for (int i = 0; i < 3; i++) { // the pooled connection breaks, then new connections are refused
                for (Problem p : retrievalErrors(atB.verify(vc, VerifyOptions.none()))) {
                    assertTrue(p.message().contains("PostgreSQL"), p.message());
                }
            }
            a.store().revoke(id(vc)); // committed at A while B cannot reach the store
            proxy.restore();
            VerificationResult back = atB.verify(vc, VerifyOptions.none());
            assertFalse(back.verified(), "the revocation made during the outage applies once the store is back");
            assertEquals(ErrorType.CREDENTIAL_REVOKED, back.problems().get(0).type(), back.toJson()::toString);
        }
    }

    @Test
    void aClosedSqliteStoreFailsTheCheckClosed() throws Exception {
        String url = database("sqlite");
        StatusService a = service(open(url));
        Store b = Stores.open(url);
        Verifier atB = verifier(new OwnLists(service(b), NO_HTTP));
        JsonObject vc = a.issue(unsigned(), dev.mandate.registry.IssueOptions.purposes(BOTH));
        assertTrue(atB.verify(vc, VerifyOptions.none()).verified());
        b.close();
        for (Problem p : retrievalErrors(atB.verify(vc, VerifyOptions.none()))) {
            assertTrue(p.message().endsWith(": the store is closed"), p.message());
        }
    }

    /** Both entries could not be checked: the check fails closed (operational), one line per entry. */
    static List<Problem> retrievalErrors(VerificationResult r) {
        assertFalse(r.verified(), r.toJson()::toString);
        assertTrue(r.operationalFailure(), r.toJson()::toString);
        assertEquals(2, r.problems().size(), r.toJson()::toString);
        for (Problem p : r.problems()) {
            assertEquals(ErrorType.STATUS_RETRIEVAL_ERROR, p.type());
            assertTrue(p.message().startsWith("status list "), p.message());
            assertFalse(p.message().contains("\n") || p.message().contains("Exception"), "one line, no stack trace: " + p.message());
        }
        return r.problems();
    }
}
