package dev.mandate.registry.agents;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.registry.GrantService;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.StatusEntryRecord;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.model.Workload;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issuance records go through a group commit ({@link IssuanceCommits}): concurrent issuances share one transaction,
 * each is recorded exactly once, a caller returns only after its record committed, and a failing transaction fails
 * every caller in it without leaving half of it written. On a real database, one subclass per database.
 */
abstract class IssuanceGroupCommitContractTest {
    static final String AGENT = "did:example:agent-batch";
    static final String ISSUER = "did:key:z6MkIssuer";

    String url;
    Store store;
    AgentRegistry registry;
    AuditLog log;

    /** A fresh, empty database's JDBC URL. */
    abstract String freshUrl();

    /** Cleans up after the test. */
    abstract void dropDatabase();

    /** SQL making every insert into audit_entry fail while {@code audit_fault.fail} is 1. */
    abstract List<String> faultTrigger();

    @BeforeEach
    void open() throws Exception {
        url = freshUrl();
        store = Stores.open(url);
        registry = new AgentRegistry(store);
        log = new AuditLog(store);
        registry.register(AGENT, "batch agent", "team:batch", "tests batching", Workload.NONE, "alice");
        registry.activate(AGENT, "alice", "go");
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    static JsonObject credential(String id, String subject) {
        return jakarta.json.Json.createObjectBuilder().add("id", id).add("issuer", ISSUER)
                .add("type", jakarta.json.Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", jakarta.json.Json.createObjectBuilder().add("id", subject)).build();
    }

    /** Audit entries of issuances, by credential id. */
    Map<String, List<AuditEntry>> issuancesById() throws Exception {
        Map<String, List<AuditEntry>> out = new HashMap<>();
        for (AuditEntry e : log.entries(0, 1_000_000)) {
            if (e.type().equals("issuance")) {
                String id = jakarta.json.Json.createReader(new java.io.StringReader(e.details())).readObject().getString("credentialId");
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /**
     * Holds the audit log's writes back: a write transaction that (on PostgreSQL) locks the counter row every append
     * takes, or (SQLite) holds the store's only writer, until {@code release} opens. Runs {@code inside} first, in it.
     */
    Future<?> holdWrites(ExecutorService pool, CountDownLatch held, CountDownLatch release, String inside) {
        return pool.submit(() -> JdbcTransactions.write(store, c -> {
            if (!inside.isEmpty()) {
                JdbcTransactions.exec(c, inside);
            }
            if ("postgresql".equals(store.kind())) {
                JdbcTransactions.one(c, "SELECT next_seq FROM audit_state WHERE id = 1 FOR UPDATE", rs -> 1);
            }
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new java.sql.SQLException("interrupted while holding the audit log's writes", e);
            }
            return null;
        }));
    }

    static final int WRITERS = AgentCredentials.MAX_ISSUANCE_WRITERS;

    /**
     * Makes {@link #WRITERS} callers writers, one record each, all waiting for the held writes, so the callers that
     * come next queue for one batch; returns their calls.
     */
    List<Future<Optional<String>>> occupyWriters(ExecutorService pool, String prefix) throws InterruptedException {
        List<Future<Optional<String>>> calls = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            JsonObject vc = credential("urn:uuid:" + prefix + "-writer-" + w, AGENT);
            calls.add(pool.submit(() -> registry.recordIssuance(vc, ISSUER, "issuance")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (registry.issuanceCommits().writers() < w + 1) {
                assertTrue(System.nanoTime() < deadline, "caller " + w + " became a writer");
                Thread.sleep(5);
            }
        }
        return calls;
    }

    void awaitQueued(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (registry.issuanceCommits().waiting() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + registry.issuanceCommits().waiting() + " of " + n + " issuances queued");
            Thread.sleep(5);
        }
    }

    void installFaultTrigger() throws Exception {
        for (String sql : faultTrigger()) {
            JdbcTransactions.write(store, c -> JdbcTransactions.exec(c, sql));
        }
    }

    void fault(boolean on) throws Exception {
        JdbcTransactions.write(store, c -> JdbcTransactions.exec(c, "UPDATE audit_fault SET fail = " + (on ? 1 : 0)));
    }

    @Test
    void concurrentIssuancesShareOneTransactionAndAreEachRecordedOnce() throws Exception {
        int n = 24;
        ExecutorService pool = Executors.newFixedThreadPool(n + WRITERS + 1);
        List<Future<Optional<String>>> writers;
        try {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = holdWrites(pool, held, release, "");
            assertTrue(held.await(30, TimeUnit.SECONDS));
            // the first callers write alone, side by side, and wait for the held lock; the next ones queue for one batch
            writers = occupyWriters(pool, "first");
            List<Future<Optional<String>>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String subject = i % 2 == 0 ? AGENT : "did:key:z6MkStranger" + i;
                JsonObject vc = credential("urn:uuid:batch-" + i, subject);
                calls.add(pool.submit(() -> registry.recordIssuance(vc, ISSUER, "issuance")));
            }
            awaitQueued(n);
            assertEquals(WRITERS, registry.issuanceCommits().writers(), "no more writers than the limit");
            for (Future<Optional<String>> f : calls) {
                assertFalse(f.isDone(), "nobody is answered before their record is committed");
            }
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                assertEquals(i % 2 == 0 ? Optional.of(AGENT) : Optional.empty(), calls.get(i).get(60, TimeUnit.SECONDS));
            }
            for (Future<Optional<String>> w : writers) {
                assertEquals(Optional.of(AGENT), w.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        IssuanceCommits commits = registry.issuanceCommits();
        assertEquals(n + WRITERS, commits.records());
        assertEquals(WRITERS + 1, commits.transactions(), "one transaction per first caller, then one for everyone who queued meanwhile");
        assertEquals(n, commits.largestBatch());
        Map<String, List<AuditEntry>> byId = issuancesById();
        assertEquals(n + WRITERS, byId.size());
        byId.forEach((id, es) -> assertEquals(1, es.size(), "audited exactly once: " + id));
        Set<String> forAgent = new HashSet<>(registry.credentials(AGENT));
        for (int i = 0; i < n; i++) {
            assertEquals(i % 2 == 0, forAgent.contains("urn:uuid:batch-" + i));
            assertTrue(byId.get("urn:uuid:batch-" + i).get(0).details().contains("\"recordedForAgent\":" + (i % 2 == 0)));
        }
        if ("postgresql".equals(store.kind())) {
            long txids = JdbcTransactions.read(store, c -> JdbcTransactions.one(c,
                    "SELECT count(DISTINCT xmin::text) FROM audit_entry WHERE type = 'issuance'", rs -> rs.getLong(1)).orElseThrow());
            assertEquals(WRITERS + 1, txids, "the database wrote the issuance entries in that many transactions");
        }
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        log.signTreeHead(org.signer(), "org");
        assertTrue(log.verifyAll(org.publicKey()).intact(), "one consistent tree, gapless");
    }

    @Test
    void concurrentGrantsGetDistinctIndicesAndAreAuditedExactlyOnce() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        String mk = key.publicKey().toMultikey();
        StatusService status = new StatusService(store, "https://issuer.example/status-lists/",
                new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-jcs-2022", key.signer()), new Issuer());
        GrantService grants = new GrantService(status, Clock.systemUTC());
        int threads = 12;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int tt = t;
                workers.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        GrantService.Grant g = grants.issue(new GrantService.Request(i % 3 == 0 ? AGENT : "did:example:other", "read",
                                "https://db.example/r", Duration.ofMinutes(10), "task-" + tt + "-" + i, false));
                        ids.add(g.credential().getString("id"));
                    }
                    return ids;
                }));
            }
            Set<String> answered = new HashSet<>();
            for (Future<List<String>> w : workers) {
                answered.addAll(w.get(300, TimeUnit.SECONDS));
            }
            assertEquals(threads * each, answered.size());
            Map<String, List<AuditEntry>> byId = issuancesById();
            assertEquals(answered, byId.keySet());
            byId.forEach((id, es) -> assertEquals(1, es.size(), "audited exactly once: " + id));
            Set<String> indices = new HashSet<>();
            for (String id : answered) {
                List<StatusEntryRecord> entries = store.entries(id);
                assertEquals(1, entries.size());
                assertTrue(indices.add(entries.get(0).listId() + "#" + entries.get(0).index()), "index handed out twice: " + entries.get(0));
            }
            assertEquals(threads * ((each + 2) / 3), registry.credentials(AGENT).size(),
                    "grants to the registered agent are recorded for it");
        } finally {
            pool.shutdownNow();
        }
        log.signTreeHead(key.signer(), "org");
        assertTrue(log.verifyAll(key.publicKey()).intact());
    }

    @Test
    void aFailingTransactionFailsEveryCallerInItAndWritesNoneOfIt() throws Exception {
        installFaultTrigger();
        long before = log.size();
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n + WRITERS + 1);
        try {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // the store fails from the moment the queued batch can write: the fault is switched on by the holder
            Future<?> holder = holdWrites(pool, held, release, "UPDATE audit_fault SET fail = 1");
            assertTrue(held.await(30, TimeUnit.SECONDS));
            List<Future<Optional<String>>> calls = new ArrayList<>(occupyWriters(pool, "failing"));
            for (int i = 0; i < n; i++) {
                JsonObject vc = credential("urn:uuid:failing-" + i, AGENT);
                calls.add(pool.submit(() -> registry.recordIssuance(vc, ISSUER, "issuance")));
            }
            awaitQueued(n);
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            for (Future<Optional<String>> f : calls) {
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> f.get(60, TimeUnit.SECONDS));
                StoreException se = assertTyped(e.getCause());
                assertEquals(StoreException.Reason.UNAVAILABLE, se.reason());
                assertTrue(se.getMessage().contains("injected audit fault"), se.getMessage());
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(registry.issuanceCommits().largestBatch() == 0 && registry.issuanceCommits().records() == 0);
        assertEquals(before, log.size(), "no entry of the failed transactions");
        assertEquals(List.of(), registry.credentials(AGENT), "no credential record of the failed transactions either");

        fault(false);
        assertEquals(Optional.of(AGENT), registry.recordIssuance(credential("urn:uuid:after", AGENT), ISSUER, "issuance"));
        assertEquals(Set.of("urn:uuid:after"), issuancesById().keySet());
        assertEquals(before + 1, log.size());
    }

    @Test
    void underAFlappingStoreEveryAnsweredIssuanceIsRecordedAndNoFailedOneIs() throws Exception {
        installFaultTrigger();
        int threads = 8;
        int each = 30;
        Map<String, Boolean> outcome = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> flapper = pool.submit(() -> {
                boolean on = false;
                while (!stop.get()) {
                    on = !on;
                    fault(on);
                    Thread.sleep(on ? 15 : 30);
                }
                fault(false);
                return null;
            });
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String id = "urn:uuid:flap-" + tt + "-" + i;
                        try {
                            registry.recordIssuance(credential(id, i % 2 == 0 ? AGENT : "did:key:z6MkStranger"), ISSUER, "issuance");
                            outcome.put(id, true);
                        } catch (StoreException e) {
                            assertEquals(StoreException.Reason.UNAVAILABLE, e.reason());
                            outcome.put(id, false);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get(300, TimeUnit.SECONDS);
            }
            stop.set(true);
            flapper.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        Map<String, List<AuditEntry>> byId = issuancesById();
        Set<String> forAgent = new HashSet<>(registry.credentials(AGENT));
        long answered = 0;
        for (Map.Entry<String, Boolean> o : outcome.entrySet()) {
            boolean toAgent = Integer.parseInt(o.getKey().substring(o.getKey().lastIndexOf('-') + 1)) % 2 == 0;
            if (o.getValue()) {
                answered++;
                assertEquals(1, byId.getOrDefault(o.getKey(), List.of()).size(), "answered, so recorded exactly once: " + o.getKey());
                assertEquals(toAgent, forAgent.contains(o.getKey()));
            } else {
                assertFalse(byId.containsKey(o.getKey()), "failed, so not audited: " + o.getKey());
                assertFalse(forAgent.contains(o.getKey()), "failed, so not recorded for the agent: " + o.getKey());
            }
        }
        assertEquals(threads * each, outcome.size());
        assertTrue(answered > 0 && answered < threads * each, "the store flapped during the run: " + answered + " answered");
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        log.signTreeHead(org.signer(), "org");
        assertTrue(log.verifyAll(org.publicKey()).intact());
    }

    @Test
    void aBadRecordFailsAloneAndTheRestOfItsBatchIsRecorded() throws Exception {
        int n = 6;
        String badActor = "x".repeat(AuditLog.MAX_FIELD_CHARS + 1);
        ExecutorService pool = Executors.newFixedThreadPool(n + WRITERS + 1);
        List<Future<Optional<String>>> calls = new ArrayList<>();
        try {
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = holdWrites(pool, held, release, "");
            assertTrue(held.await(30, TimeUnit.SECONDS));
            List<Future<Optional<String>>> writers = occupyWriters(pool, "mixed");
            for (int i = 0; i < n; i++) {
                JsonObject vc = credential("urn:uuid:mixed-" + i, AGENT);
                String actor = i == 3 ? badActor : ISSUER;
                calls.add(pool.submit(() -> registry.recordIssuance(vc, actor, "issuance")));
            }
            awaitQueued(n); // all six in the next batch
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                if (i == 3) {
                    int at = i;
                    java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                            () -> calls.get(at).get(60, TimeUnit.SECONDS));
                    assertEquals(StoreException.Reason.INVALID, assertTyped(e.getCause()).reason());
                } else {
                    assertEquals(Optional.of(AGENT), calls.get(i).get(60, TimeUnit.SECONDS));
                }
            }
            for (Future<Optional<String>> w : writers) {
                assertEquals(Optional.of(AGENT), w.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(WRITERS + 5, registry.issuanceCommits().records());
        Set<String> good = new HashSet<>(Set.of("urn:uuid:mixed-0", "urn:uuid:mixed-1", "urn:uuid:mixed-2", "urn:uuid:mixed-4",
                "urn:uuid:mixed-5"));
        for (int w = 0; w < WRITERS; w++) {
            good.add("urn:uuid:mixed-writer-" + w);
        }
        assertEquals(good, issuancesById().keySet());
        assertEquals(good, new HashSet<>(registry.credentials(AGENT)), "the bad one's credential row went with its refused entry");
    }

    @Test
    void aProcessKilledMidBatchLeavesEveryAnsweredIssuanceInTheLog(@TempDir Path tmp) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Path out = tmp.resolve("worker.out");
        Process child = new ProcessBuilder(javaBin.toString(), "-cp", cp, IssuanceCrashWorker.class.getName(), url, AGENT, "16")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && System.nanoTime() < deadline && answered(out).size() < 300) {
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL, mid-batch: 16 threads keep the group commit busy
            child.waitFor(30, TimeUnit.SECONDS);
        }
        String text = Files.readString(out);
        assertFalse(text.contains("Exception"), text.length() > 2000 ? text.substring(0, 2000) : text);
        List<String> answered = answered(out);
        assertTrue(answered.size() >= 300, "the worker answered issuances before it was killed: " + answered.size());
        Map<String, List<AuditEntry>> byId = issuancesById();
        Set<String> forAgent = new HashSet<>(registry.credentials(AGENT));
        for (String id : answered) {
            assertEquals(1, byId.getOrDefault(id, List.of()).size(), "answered, so in the log exactly once: " + id);
            assertTrue(forAgent.contains(id), "answered, so recorded for the agent: " + id);
        }
        assertEquals(byId.size(), forAgent.size(), "no audit entry without its credential record, nor the reverse");
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        log.signTreeHead(org.signer(), "org");
        assertTrue(log.verifyAll(org.publicKey()).intact(), "the killed transaction left no partial entries behind");
    }

    private static List<String> answered(Path out) throws java.io.IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        return Files.readAllLines(out).stream().filter(l -> l.startsWith("answered ")).map(l -> l.substring(9)).toList();
    }

    private static StoreException assertTyped(Throwable t) {
        assertTrue(t instanceof StoreException, "a StoreException, not " + t);
        return (StoreException) t;
    }
}
