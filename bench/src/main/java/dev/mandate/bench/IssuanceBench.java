package dev.mandate.bench;

import dev.mandate.registry.Store;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentRegistry;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issuance records per second sustained by one process on a shared store (a developer tool, not a test):
 * {@code threads} threads call {@link AgentRegistry#recordIssuance} on one registry with a grant-shaped credential
 * (what {@code POST /grants} records after signing: the audit entry, and the credential row when the subject is a
 * registered agent) for {@code seconds}; {@code bench/alloc-load.sh --record-only} starts several of these at once
 * on one PostgreSQL schema, as several {@code mandate serve} instances would record their grants. No HTTP, no
 * allocation, no signing: only the recording that every instance's grants share.
 *
 * <p>Run: {@code java -cp <bench classpath> dev.mandate.bench.IssuanceBench JDBC_URL [seconds] [threads]}; prints
 * one JSON line.
 */
public final class IssuanceBench {
    private IssuanceBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args the store's JDBC URL, then optionally the seconds (default 20) and threads (default 16)
     * @throws Exception when the store cannot be opened
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: IssuanceBench JDBC_URL [seconds] [threads]");
            System.exit(2);
        }
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        try (Store store = Stores.open(args[0], StoreOptions.defaults().withPoolSize(threads))) {
            AgentRegistry registry = new AgentRegistry(store);
            registry.recordIssuance(grant(), "did:example:bench-issuer", "issuance"); // schema
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            registry.recordIssuance(grant(), "did:example:bench-issuer", "issuance");
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
        System.out.printf("{\"records\":%d,\"failed\":%d,\"seconds\":%d,\"threads\":%d,\"recordsPerSecond\":%.1f}%n",
                done.get(), failed.get(), seconds, threads, done.get() / (double) seconds);
    }

    /** A credential shaped like a signed grant (the proof is a stand-in: recording does not check it). */
    private static JsonObject grant() {
        String id = "urn:uuid:" + UUID.randomUUID();
        return Json.createObjectBuilder().add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", id).add("type", Json.createArrayBuilder().add("VerifiableCredential").add("AgentCapabilityCredential"))
                .add("issuer", "did:example:bench-issuer").add("validFrom", "2026-12-06T00:00:00Z").add("validUntil", "2026-12-06T00:10:00Z")
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent")
                        .add("action", "read").add("resource", "https://db.example/r").add("task", id))
                .add("credentialStatus", Json.createObjectBuilder().add("id", "https://status.bench.example/lists/l1#" + (id.hashCode() & 0xffff))
                        .add("type", "BitstringStatusListEntry").add("statusPurpose", "revocation")
                        .add("statusListIndex", String.valueOf(id.hashCode() & 0xffff))
                        .add("statusListCredential", "https://status.bench.example/lists/l1"))
                .add("proof", Json.createObjectBuilder().add("type", "DataIntegrityProof").add("cryptosuite", "eddsa-rdfc-2022")
                        .add("proofValue", "z" + "5".repeat(86)))
                .build();
    }
}
