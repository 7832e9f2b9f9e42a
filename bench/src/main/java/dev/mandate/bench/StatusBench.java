package dev.mandate.bench;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.PublishedList;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figures for the status work (a developer tool, not a test): revocations per second sustained by the
 * store on SQLite and PostgreSQL, and the cost of a warm-cache status check relative to a verification.
 *
 * <p>Run: {@code java -cp <bench classpath> dev.mandate.bench.StatusBench [revocations] [threads]}.
 * PostgreSQL comes from {@code MANDATE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres})
 * and is skipped when unreachable.
 */
public final class StatusBench {
    private StatusBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("mandate-bench");
        System.out.printf("JVM %s, %d cores%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        for (boolean full : new boolean[] {true, false}) {
            String url = "jdbc:sqlite:" + dir.resolve("bench-" + full + ".db");
            try (Store s = Stores.open(url, StoreOptions.defaults().withDurableSync(full))) {
                revocations("SQLite (synchronous=" + (full ? "FULL" : "NORMAL") + ")", s, n, threads);
            }
        }
        String pg = System.getenv().getOrDefault("MANDATE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        if (!pg.contains("user=")) {
            pg += (pg.contains("?") ? "&" : "?") + "user=postgres";
        }
        String schema = "mandate_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        try (Connection c = DriverManager.getConnection(pg); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            System.out.println("PostgreSQL unreachable, skipped: " + e.getMessage());
            schema = null;
        }
        if (schema != null) {
            try (Store s = Stores.open(pg + "&currentSchema=" + schema, StoreOptions.defaults().withPoolSize(threads))) {
                revocations("PostgreSQL", s, n, threads);
            } finally {
                try (Connection c = DriverManager.getConnection(pg); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
        statusCheckCost(dir);
        pushLatency(dir);
    }

    /**
     * Time from {@code grant complete} to the first refused verification at a verifier subscribed to the
     * change stream (loopback HTTP, lists cached with a one-hour ttl, so only push can make it refuse).
     */
    static void pushLatency(Path dir) throws Exception {
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        String mk = k.publicKey().toMultikey();
        IssuerKey key = new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-jcs-2022", k.signer());
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/status-lists/";
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("push.db"), StoreOptions.defaults().withListTtl(Duration.ofHours(1)))) {
            StatusService service = new StatusService(store, base, key, new Issuer());
            dev.mandate.registry.GrantService grants = new dev.mandate.registry.GrantService(service, java.time.Clock.systemUTC());
            try (dev.mandate.registry.ChangeFeed feed = new dev.mandate.registry.ChangeFeed(store, service::listUrl, Duration.ofMillis(50))) {
                dev.mandate.registry.StatusApi api = new dev.mandate.registry.StatusApi(service, grants, feed);
                server.createContext("/status-lists/", ex -> {
                    String id = ex.getRequestURI().getPath().substring("/status-lists/".length());
                    if (id.equals("events")) {
                        java.util.concurrent.LinkedBlockingQueue<String> q = new java.util.concurrent.LinkedBlockingQueue<>();
                        try (AutoCloseable sub = feed.subscribe(e -> q.add(e.toSse()))) {
                            ex.sendResponseHeaders(200, 0);
                            java.io.OutputStream out = ex.getResponseBody();
                            while (true) {
                                String next = q.poll(500, java.util.concurrent.TimeUnit.MILLISECONDS);
                                out.write((next == null ? ": keep-alive\n\n" : next).getBytes(StandardCharsets.UTF_8));
                                out.flush();
                            }
                        } catch (Exception e) {
                            ex.close();
                        }
                        return;
                    }
                    dev.mandate.registry.StatusApi.Answer a = api.getList(id, null);
                    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
                    a.headers().forEach((h, v) -> ex.getResponseHeaders().add(h, v));
                    ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
                    if (body.length > 0) {
                        ex.getResponseBody().write(body);
                    }
                    ex.close();
                });
                server.start();
                dev.mandate.vc.verifier.status.StatusFetchOptions opts = dev.mandate.vc.verifier.status.StatusFetchOptions.builder()
                        .allowHttpOnLoopback(true).build();
                StatusChecker checker = StatusChecker.builder()
                        .fetcher(new dev.mandate.vc.verifier.status.HttpStatusListFetcher(opts)).maxStaleness(Duration.ofHours(1)).build();
                Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(checker).build();
                try (dev.mandate.vc.verifier.status.StatusPushSubscriber push = dev.mandate.vc.verifier.status.StatusPushSubscriber.start(
                        base + "events", checker, opts, Duration.ofSeconds(5))) {
                    while (!push.connected()) {
                        Thread.sleep(5);
                    }
                    List<Double> ms = new ArrayList<>();
                    for (int i = 0; i < 30; i++) {
                        JsonObject vc = grants.issue(new dev.mandate.registry.GrantService.Request("did:example:agent", "read",
                                "https://db.example/reports", Duration.ofSeconds(30), "task-" + i, false)).credential();
                        if (!verifier.verify(vc, VerifyOptions.none()).verified()) {
                            throw new IllegalStateException("grant did not verify before completion");
                        }
                        long t0 = System.nanoTime();
                        api.completeTask("task-" + i);
                        while (verifier.verify(vc, VerifyOptions.none()).verified()) {
                            Thread.sleep(0, 200_000);
                        }
                        ms.add((System.nanoTime() - t0) / 1e6);
                    }
                    java.util.Collections.sort(ms);
                    System.out.printf("push: grant complete -> first refused verification at a subscribed verifier: median %.1f ms, p90 %.1f ms, max %.1f ms (30 runs)%n",
                            ms.get(ms.size() / 2), ms.get(ms.size() * 9 / 10), ms.get(ms.size() - 1));
                }
            }
        } finally {
            server.stop(0);
        }
    }

    static void revocations(String name, Store store, int n, int threads) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("urn:bench:" + i);
        }
        long t0 = System.nanoTime();
        runAll(threads, ids, id -> store.allocate(id, "did:example:bench", EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), ""));
        long t1 = System.nanoTime();
        runAll(threads, ids, store::revoke);
        long t2 = System.nanoTime();
        runAll(1, ids.subList(0, Math.min(n, 500)), store::revoke);
        long t3 = System.nanoTime();
        runAll(threads, ids, id -> {
            store.suspend(id);
            store.reinstate(id);
        });
        long t4 = System.nanoTime();
        System.out.printf("%-34s allocations %7.0f/s, revocations %7.0f/s (%d threads), suspend+reinstate %7.0f changes/s, "
                        + "idempotent re-revoke %7.0f/s (1 thread)%n", name, rate(n, t1 - t0), rate(n, t2 - t1), threads,
                rate(2L * n, t4 - t3), rate(Math.min(n, 500), t3 - t2));
    }

    interface Op {
        void run(String id) throws Exception;
    }

    static void runAll(int threads, List<String> ids, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            int chunk = (ids.size() + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                List<String> part = ids.subList(Math.min(ids.size(), t * chunk), Math.min(ids.size(), (t + 1) * chunk));
                fs.add(pool.submit(() -> {
                    for (String id : part) {
                        op.run(id);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static double rate(long ops, long nanos) {
        return ops / (nanos / 1e9);
    }

    static void statusCheckCost(Path dir) throws Exception {
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        String mk = k.publicKey().toMultikey();
        for (String suite : new String[] {"eddsa-jcs-2022", "eddsa-rdfc-2022"}) {
            IssuerKey key = new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, suite, k.signer());
            try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("check-" + suite + ".db"))) {
                String base = "https://issuer.example/status-lists/";
                StatusService service = new StatusService(store, base, key, new Issuer());
                JsonObject vc = service.issue(Jsonp.PROVIDER.createObjectBuilder()
                        .add("@context", Jsonp.PROVIDER.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                        .add("type", Jsonp.PROVIDER.createArrayBuilder().add("VerifiableCredential"))
                        .add("credentialSubject", Jsonp.PROVIDER.createObjectBuilder().add("id", "did:example:agent")).build(),
                        dev.mandate.registry.IssueOptions.purposes(StatusPurpose.REVOCATION).withValidFor(Duration.ofHours(1)));
                String listId = store.lists().get(0).id();
                PublishedList list = service.publish(listId).orElseThrow();
                byte[] body = list.credential().toString().getBytes(StandardCharsets.UTF_8);
                StatusChecker checker = StatusChecker.builder().fetcher(url -> {
                    if (!url.equals(list.url())) {
                        throw new StatusFetchException("unknown " + url);
                    }
                    return FetchedList.of(body);
                }).maxStaleness(Duration.ofHours(1)).build();
                Verifier plain = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).ignoreCredentialStatus().build();
                Verifier withStatus = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(checker).build();
                VerificationResult warm = withStatus.verify(vc, VerifyOptions.none());
                if (!warm.verified() || !warm.checks().contains("status")) {
                    throw new IllegalStateException(warm.toJson().toString());
                }
                int iterations = suite.contains("rdfc") ? 3000 : 20000;
                double plainUs = 0;
                double statusUs = 0;
                double checkUs = 0;
                for (int round = 0; round < 3; round++) { // the last round counts; earlier ones warm up the JIT
                    plainUs = micros(iterations, () -> plain.verify(vc, VerifyOptions.none()));
                    statusUs = micros(iterations, () -> withStatus.verify(vc, VerifyOptions.none()));
                    checkUs = micros(iterations * 5, () -> checker.check(vc, new dev.mandate.vc.model.Credential(vc).issuerId().orElseThrow(), l -> {
                        throw new IllegalStateException("cache miss");
                    }));
                }
                System.out.printf("%-16s verify %8.1f us, verify+status (warm cache) %8.1f us, status check alone %6.2f us = %.2f%% of a verification%n",
                        suite, plainUs, statusUs, checkUs, 100 * checkUs / plainUs);
            }
        }
    }

    static double micros(int iterations, Runnable r) {
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            r.run();
        }
        return (System.nanoTime() - t0) / 1e3 / iterations;
    }
}
