package dev.mandate.bench;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditVerification;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Figures for the audit log (a developer tool, not a test): appends per second with concurrent writers on
 * SQLite (synchronous FULL and NORMAL) and PostgreSQL, and the time to sign a tree head, build an inclusion
 * proof and verify the whole log at that size.
 *
 * <p>Run: {@code java -cp <bench classpath> dev.mandate.bench.AuditBench [appends] [threads]}. PostgreSQL comes
 * from {@code MANDATE_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) and is
 * skipped when unreachable.
 */
public final class AuditBench {
    private AuditBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path dir = Files.createTempDirectory("mandate-audit-bench");
        System.out.printf("JVM %s, %d cores, %d appends, %d writer threads%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), n, threads);
        for (boolean full : new boolean[] {true, false}) {
            String url = "jdbc:sqlite:" + dir.resolve("audit-" + full + ".db");
            try (Store s = Stores.open(url, StoreOptions.defaults().withDurableSync(full))) {
                run("SQLite (synchronous=" + (full ? "FULL" : "NORMAL") + ")", s, n, threads);
            }
        }
        String pg = System.getenv().getOrDefault("MANDATE_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        if (!pg.contains("user=")) {
            pg += (pg.contains("?") ? "&" : "?") + "user=postgres";
        }
        String schema = "mandate_abench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        try (Connection c = DriverManager.getConnection(pg); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (Exception e) {
            System.out.println("PostgreSQL unreachable, skipped: " + e.getMessage());
            schema = null;
        }
        if (schema != null) {
            try (Store s = Stores.open(pg + "&currentSchema=" + schema, StoreOptions.defaults().withPoolSize(threads))) {
                run("PostgreSQL (" + threads + " connections)", s, n, threads);
            } finally {
                try (Connection c = DriverManager.getConnection(pg); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    static void run(String label, Store store, int n, int threads) throws Exception {
        AuditLog log = new AuditLog(store);
        JsonObject details = Jsonp.PROVIDER.createObjectBuilder().add("decision", "deny").add("action", "read")
                .add("resource", "https://hr.example/employees").add("reasons", Jsonp.PROVIDER.createArrayBuilder().add("outside capability scope"))
                .build();
        // warm-up
        for (int i = 0; i < 200; i++) {
            log.append("authorization", "did:example:verifier", "did:example:warmup", details);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            int per = n / threads;
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < per; i++) {
                        log.append("authorization", "did:example:verifier", "did:example:agent-" + thread, details);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long size = log.size();
            System.out.printf("%-34s appends/s: %8.0f  (%d in %.2f s, %.2f ms per append per writer)%n", label, per * threads / secs,
                    per * threads, secs, secs * 1000 * threads / (per * threads));
            KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
            long s0 = System.nanoTime();
            log.signTreeHead(org.signer(), "bench");
            long s1 = System.nanoTime();
            log.prove(size / 2);
            long s2 = System.nanoTime();
            AuditVerification v = log.verifyAll(org.publicKey());
            long s3 = System.nanoTime();
            System.out.printf("%-34s at %d entries: sign tree head %.1f ms, inclusion proof %.1f ms, verify whole log %.1f ms (intact=%s)%n",
                    "", size, (s1 - s0) / 1e6, (s2 - s1) / 1e6, (s3 - s2) / 1e6, v.intact());
            // the same load through the batching AuditWriter (what the gateway's DecisionAuditor uses)
            try (dev.mandate.registry.audit.AuditWriter w = new dev.mandate.registry.audit.AuditWriter(log)) {
                long b0 = System.nanoTime();
                List<Future<?>> bs = new ArrayList<>();
                long[] submitNanos = new long[threads];
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    bs.add(pool.submit(() -> {
                        long k0 = System.nanoTime();
                        for (int i = 0; i < per; i++) {
                            if (!w.submit(new dev.mandate.registry.audit.AuditDraft("authorization", "did:example:verifier",
                                    "did:example:agent-" + thread, details))) {
                                throw new IllegalStateException("queue full");
                            }
                        }
                        submitNanos[thread] = System.nanoTime() - k0;
                        return null;
                    }));
                }
                for (Future<?> f : bs) {
                    f.get();
                }
                if (!w.flush(java.time.Duration.ofMinutes(5))) {
                    throw new IllegalStateException("the writer did not finish");
                }
                double bsecs = (System.nanoTime() - b0) / 1e9;
                double submitUs = java.util.Arrays.stream(submitNanos).average().orElse(0) / 1e3 / per;
                System.out.printf("%-34s appends/s: %8.0f  batched through AuditWriter (%d in %.2f s); submit costs the caller %.2f us%n",
                        "", per * threads / bsecs, per * threads, bsecs, submitUs);
            }
        } finally {
            pool.shutdown();
        }
    }
}
