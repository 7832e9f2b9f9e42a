package dev.mandate.bench;

import dev.mandate.registry.Store;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.vc.status.StatusPurpose;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Status-list allocations per second sustained by one process on a shared store (a developer tool, not a test):
 * {@code threads} threads call {@link Store#allocate} (one revocation entry per credential, no task) for
 * {@code seconds}; {@code bench/alloc-load.sh --store-only} starts several of these at once on one PostgreSQL
 * schema, as several {@code mandate serve} instances would allocate.
 *
 * <p>Run: {@code java -cp <bench classpath> dev.mandate.bench.AllocationBench JDBC_URL [seconds] [threads]}; prints
 * one JSON line.
 */
public final class AllocationBench {
    private AllocationBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args the store's JDBC URL, then optionally the seconds (default 20) and threads (default 8)
     * @throws Exception when the store cannot be opened or an allocation fails
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AllocationBench JDBC_URL [seconds] [threads]");
            System.exit(2);
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Set<StatusPurpose> revocation = EnumSet.of(StatusPurpose.REVOCATION);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (Store store = Stores.open(args[0], StoreOptions.defaults().withPoolSize(threads))) {
            store.allocate("urn:uuid:" + UUID.randomUUID(), "did:example:bench-issuer", revocation, ""); // schema and first list
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            store.allocate("urn:uuid:" + UUID.randomUUID(), "did:example:bench-issuer", revocation, "");
                            done.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                });
                workers[t].start();
            }
            for (Thread w : workers) {
                w.join();
            }
        }
        System.out.printf("{\"allocations\":%d,\"failed\":%d,\"seconds\":%d,\"threads\":%d,\"allocationsPerSecond\":%.1f}%n",
                done.get(), failed.get(), seconds, threads, done.get() / (double) seconds);
    }
}
