package dev.mandate.registry.audit;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.Stores;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit log on a real database, run by one subclass per database. */
abstract class AuditLogContractTest {
    static final KeyMaterial ORG = KeyMaterial.generate(KeyType.ED25519);
    static final String KEY_ID = "did:key:" + ORG.publicKey().toMultikey();

    String url;
    Store store;
    AuditLog log;

    /** A fresh, empty database's JDBC URL. */
    abstract String freshUrl();

    /** Cleans up after the test. */
    abstract void dropDatabase();

    @BeforeEach
    void open() throws Exception {
        url = freshUrl();
        store = Stores.open(url);
        log = new AuditLog(store);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    static JsonObject details(String json) {
        return Jsonp.PROVIDER.createReader(new StringReader(json)).readObject();
    }

    List<AuditEntry> fill(int n) throws StoreException {
        List<AuditEntry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String type = AuditLog.KNOWN_TYPES.get(i % 5);
            out.add(log.append(type, "did:example:issuer", "urn:uuid:cred-" + i, details("{\"n\":" + i + ",\"reason\":\"r" + i + "\"}")));
        }
        return out;
    }

    void sql(String statement, Object... args) throws Exception {
        try (Connection c = DriverManager.getConnection(url); PreparedStatement p = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    /** Swaps every column but seq between two rows. */
    void swapRows(long a, long b, boolean withLeafHash) throws Exception {
        String cols = withLeafHash ? "created_at, type, actor, subject, details, leaf_hash" : "created_at, type, actor, subject, details";
        String[] names = cols.split(", ");
        Object[][] rows = new Object[2][names.length];
        try (Connection c = DriverManager.getConnection(url)) {
            for (int r = 0; r < 2; r++) {
                try (PreparedStatement p = c.prepareStatement("SELECT " + cols + " FROM audit_entry WHERE seq = ?")) {
                    p.setLong(1, r == 0 ? a : b);
                    try (ResultSet rs = p.executeQuery()) {
                        assertTrue(rs.next());
                        for (int i = 0; i < names.length; i++) {
                            rows[r][i] = rs.getObject(i + 1);
                        }
                    }
                }
            }
            StringBuilder set = new StringBuilder();
            for (String n : names) {
                set.append(set.length() == 0 ? "" : ", ").append(n).append(" = ?");
            }
            for (int r = 0; r < 2; r++) {
                try (PreparedStatement p = c.prepareStatement("UPDATE audit_entry SET " + set + " WHERE seq = ?")) {
                    for (int i = 0; i < names.length; i++) {
                        p.setObject(i + 1, rows[1 - r][i]);
                    }
                    p.setLong(names.length + 1, r == 0 ? a : b);
                    assertEquals(1, p.executeUpdate());
                }
            }
        }
    }

    AuditVerification.Finding finding() throws StoreException {
        AuditVerification v = log.verifyAll(ORG.publicKey());
        assertFalse(v.intact(), "tampering must be detected: " + v);
        return v.finding().orElseThrow();
    }

    // ------------------------------------------------------------------ appending and reading

    @Test
    void appendsGetGaplessSeqsAndTheirLeafHashes() throws Exception {
        assertEquals(0, log.size());
        assertArrayEquals(MerkleTree.emptyRoot(), log.treeHead().rootHash());
        List<AuditEntry> e = fill(5);
        for (int i = 0; i < 5; i++) {
            assertEquals(i, e.get(i).seq());
            assertTrue(e.get(i).leafHashMatches());
            AuditEntry stored = log.entry(i).orElseThrow();
            assertArrayEquals(e.get(i).leafHash(), stored.leafHash());
            assertEquals(e.get(i).details(), stored.details());
        }
        assertEquals(5, log.size());
        List<byte[]> leaves = e.stream().map(AuditEntry::leafHash).toList();
        assertArrayEquals(MerkleTree.root(leaves), log.treeHead(5).rootHash());
        assertArrayEquals(MerkleTree.root(leaves, 3), log.treeHead(3).rootHash());
        assertTrue(log.entry(5).isEmpty());
    }

    @Test
    void detailsAreStoredCanonicalAndBadInputIsRefused() throws Exception {
        AuditEntry e = log.append("authorization", "did:example:guard", "did:example:agent",
                details("{\"z\": 1, \"a\": {\"y\": true, \"b\": [1, 2.0]}, \"decision\": \"deny\"}"));
        assertEquals("{\"a\":{\"b\":[1,2],\"y\":true},\"decision\":\"deny\",\"z\":1}", e.details());
        assertEquals(StoreException.Reason.INVALID, assertThrows(StoreException.class,
                () -> log.append("Not A Type", "a", "s", details("{}"))).reason());
        assertEquals(StoreException.Reason.INVALID, assertThrows(StoreException.class,
                () -> log.append("status", "a".repeat(AuditLog.MAX_FIELD_CHARS + 1), "s", details("{}"))).reason());
        assertEquals(StoreException.Reason.INVALID, assertThrows(StoreException.class,
                () -> log.append("status", "a", "bad\uD800", details("{}"))).reason());
        assertEquals(1, log.size(), "refused appends leave nothing behind");
    }

    // ------------------------------------------------------------------ signed heads and proofs

    @Test
    void signedHeadsProofsAndTheirJsonFormRoundTrip() throws Exception {
        fill(7);
        SignedTreeHead h7 = log.signTreeHead(ORG.signer(), KEY_ID);
        fill(6);
        SignedTreeHead h13 = log.signTreeHead(ORG.signer(), KEY_ID);
        assertEquals(List.of(h7, h13), log.signedTreeHeads());
        assertTrue(h13.verify(ORG.publicKey()));
        assertFalse(h13.verify(KeyMaterial.generate(KeyType.ED25519).publicKey()));
        assertEquals(h13, SignedTreeHead.fromJson(h13.toJson()));

        ConsistencyProof cp = log.consistencyProof(7, 13);
        assertArrayEquals(h7.rootHash(), cp.oldRoot());
        assertArrayEquals(h13.rootHash(), cp.newRoot());
        assertTrue(cp.verify());
        assertTrue(MerkleTree.verifyConsistency(7, 13, h7.rootHash(), h13.rootHash(), cp.path()));

        for (long seq = 0; seq < 13; seq++) {
            InclusionProof p = log.prove(seq);
            assertEquals(13, p.treeSize());
            assertTrue(p.check(ORG.publicKey()).isEmpty(), "seq " + seq);
            InclusionProof back = InclusionProof.fromJson(p.toJson());
            assertTrue(back.check(ORG.publicKey()).isEmpty(), "JSON round trip of seq " + seq);
        }
        InclusionProof early = log.prove(3, h7);
        assertTrue(early.check(ORG.publicKey()).isEmpty());

        // a proof whose entry was edited, or checked with another key, fails offline
        JsonObject json = log.prove(4).toJson();
        JsonObject entry = json.getJsonObject("entry");
        JsonObject forged = Jsonp.PROVIDER.createObjectBuilder(json)
                .add("entry", Jsonp.PROVIDER.createObjectBuilder(entry).add("subject", "urn:uuid:other")).build();
        assertTrue(InclusionProof.fromJson(forged).check(ORG.publicKey()).orElseThrow().contains("altered"));
        assertTrue(InclusionProof.fromJson(json).check(KeyMaterial.generate(KeyType.ED25519).publicKey()).orElseThrow().contains("signature"));
        assertEquals(StoreException.Reason.NOT_FOUND, assertThrows(StoreException.class, () -> log.prove(13)).reason());
        assertEquals(StoreException.Reason.NOT_FOUND, assertThrows(StoreException.class, () -> log.treeHead(14)).reason());
    }

    @Test
    void anIntactLogVerifies() throws Exception {
        fill(9);
        log.signTreeHead(ORG.signer(), KEY_ID);
        fill(4);
        log.signTreeHead(ORG.signer(), KEY_ID);
        fill(2); // an unsigned tail is still checked against its leaf hashes
        AuditVerification v = log.verifyAll(ORG.publicKey());
        assertTrue(v.intact(), v.toString());
        assertEquals(15, v.entries());
        assertEquals(2, v.headsChecked());
    }

    // ------------------------------------------------------------------ tampering, straight through JDBC

    @Test
    void anAlteredEntryIsNamed() throws Exception {
        fill(10);
        log.signTreeHead(ORG.signer(), KEY_ID);
        sql("UPDATE audit_entry SET details = ? WHERE seq = 6", "{\"n\":6,\"reason\":\"nothing to see\"}");
        sql("UPDATE audit_entry SET actor = ? WHERE seq = 8", "did:example:someone-else");
        AuditVerification.Finding f = finding();
        assertEquals(AuditVerification.Kind.ALTERED, f.kind());
        assertEquals(6, f.seq());
    }

    @Test
    void anAlteredEntryWithARecomputedLeafHashIsCaughtByTheSignedRoot() throws Exception {
        fill(4);
        log.signTreeHead(ORG.signer(), KEY_ID);
        fill(4);
        log.signTreeHead(ORG.signer(), KEY_ID);
        AuditEntry e = log.entry(5).orElseThrow();
        String details = "{\"n\":5,\"reason\":\"rewritten\"}";
        byte[] leaf = MerkleTree.leafHash(AuditEntry.leafData(5, e.time().toEpochMilli(), e.type(), e.actor(), e.subject(), details));
        sql("UPDATE audit_entry SET details = ?, leaf_hash = ? WHERE seq = 5", details, Json.hex(leaf));
        AuditVerification.Finding f = finding();
        assertEquals(AuditVerification.Kind.ALTERED, f.kind());
        assertEquals(4, f.seq(), "the first entry not covered by the newest matching signed head: " + f);
        assertTrue(f.message().contains("between 4 and 7"), f.message());
    }

    @Test
    void aDeletedEntryIsNamed() throws Exception {
        fill(10);
        log.signTreeHead(ORG.signer(), KEY_ID);
        sql("DELETE FROM audit_entry WHERE seq = 3");
        AuditVerification.Finding f = finding();
        assertEquals(AuditVerification.Kind.REMOVED, f.kind());
        assertEquals(3, f.seq());
    }

    @Test
    void aTruncatedLogIsNamedByTheSignedHead() throws Exception {
        fill(10);
        log.signTreeHead(ORG.signer(), KEY_ID);
        sql("DELETE FROM audit_entry WHERE seq >= 8");
        AuditVerification.Finding f = finding();
        assertEquals(AuditVerification.Kind.REMOVED, f.kind());
        assertEquals(8, f.seq());
    }

    @Test
    void swappedEntriesAreNamedAsReordered() throws Exception {
        fill(10);
        log.signTreeHead(ORG.signer(), KEY_ID);
        swapRows(2, 7, true);
        AuditVerification.Finding f = finding();
        assertEquals(AuditVerification.Kind.REORDERED, f.kind(), f.toString());
        assertEquals(2, f.seq());
        assertTrue(f.message().contains("appended as 7"), f.message());
    }

    @Test
    void swappedContentsUnderTheirOldLeafHashesAreNamedAsReordered() throws Exception {
        fill(6);
        swapRows(1, 4, false); // no signed head at all: the leaf hashes alone catch it
        AuditVerification.Finding f = finding();
        assertEquals(AuditVerification.Kind.REORDERED, f.kind(), f.toString());
        assertEquals(1, f.seq());
    }

    @Test
    void aForgedOrForeignSignedHeadIsRefused() throws Exception {
        fill(5);
        SignedTreeHead h = log.signTreeHead(ORG.signer(), KEY_ID);
        AuditVerification other = log.verifyAll(KeyMaterial.generate(KeyType.ED25519).publicKey());
        assertEquals(AuditVerification.Kind.BAD_SIGNATURE, other.finding().orElseThrow().kind());
        // a head re-signed over a different root by someone else
        KeyMaterial mallory = KeyMaterial.generate(KeyType.ED25519);
        SignedTreeHead forged = SignedTreeHead.sign(new TreeHead(5, new byte[32]), h.timestamp(), mallory.signer(), KEY_ID);
        AuditVerification v = log.verifyAll(List.of(h, forged), ORG.publicKey());
        assertEquals(AuditVerification.Kind.BAD_SIGNATURE, v.finding().orElseThrow().kind());
        assertTrue(log.verifyAll(List.of(h), ORG.publicKey()).intact());
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentAppendsKeepAGaplessSeqAndAConsistentTree() throws Exception {
        int threads = 8;
        int each = 200;
        List<SignedTreeHead> heads = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> futures = new ArrayList<>();
        try (Store second = Stores.open(url)) {
            AuditLog other = new AuditLog(second); // a second store on the same database, as another process would
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    AuditLog l = thread % 2 == 0 ? log : other;
                    for (int i = 0; i < each; i++) {
                        seqs.add(l.append("authorization", "thread-" + thread, "op-" + i, details("{\"i\":" + i + "}")).seq());
                        if (thread == 0 && i % 50 == 49) {
                            heads.add(l.signTreeHead(ORG.signer(), KEY_ID));
                        }
                    }
                    return seqs;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : futures) {
                List<Long> seqs = f.get(5, TimeUnit.MINUTES);
                for (int i = 1; i < seqs.size(); i++) {
                    assertTrue(seqs.get(i) > seqs.get(i - 1), "one thread's appends are ordered");
                }
                all.addAll(seqs);
            }
            assertEquals(threads * each, all.size(), "no seq handed out twice");
            assertEquals(threads * each - 1, all.stream().mapToLong(Long::longValue).max().orElseThrow());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, log.size());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(seq), MAX(seq) FROM audit_entry")) {
            rs.next();
            assertEquals(threads * each, rs.getLong(1));
            assertEquals(0, rs.getLong(2));
            assertEquals(threads * each - 1, rs.getLong(3));
        }
        heads.add(log.signTreeHead(ORG.signer(), KEY_ID));
        AuditVerification v = log.verifyAll(ORG.publicKey());
        assertTrue(v.intact(), v.toString());
        assertEquals(heads.size(), v.headsChecked());
        for (int i = 1; i < heads.size(); i++) {
            SignedTreeHead a = heads.get(i - 1);
            SignedTreeHead b = heads.get(i);
            ConsistencyProof p = log.consistencyProof(a.treeSize(), b.treeSize());
            assertTrue(MerkleTree.verifyConsistency(a.treeSize(), b.treeSize(), a.rootHash(), b.rootHash(), p.path()),
                    "signed heads made during the appends are consistent: " + a + " -> " + b);
        }
    }

    // ------------------------------------------------------------------ crash

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aKilledAppenderLeavesNoTornEntry(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path out = tmp.resolve("appended.txt");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        java.nio.file.Path javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java");
        // a short-lived worker: the quick JIT tier and the serial collector start it with less CPU (it is killed anyway)
        Process child = new ProcessBuilder(javaBin.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp, AuditCrashWorker.class.getName(), url, out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("worker.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lines(out).size() < 300) {
                assertTrue(child.isAlive(), () -> "worker died: " + read(tmp.resolve("worker.out")));
                assertTrue(System.nanoTime() < deadline, "worker too slow");
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        List<String> appended = lines(out);
        for (String line : appended) {
            String[] f = line.split(" ");
            if (f.length != 2 || f[1].length() != 64) {
                continue; // the line being written when the worker died
            }
            AuditEntry e = log.entry(Long.parseLong(f[0])).orElseThrow(() -> new AssertionError("committed entry lost: " + line));
            assertEquals(f[1], e.leafHashHex());
        }
        long size = log.size();
        assertTrue(size >= appended.size() - 1, "size " + size + " vs " + appended.size() + " logged");
        AuditVerification v = log.verifyAll(ORG.publicKey());
        assertTrue(v.intact(), "no torn entry: " + v);
        assertEquals(size, v.entries());
        assertEquals(size, log.append("status", "after", "restart", details("{}")).seq(), "the next seq follows without a gap");
        log.signTreeHead(ORG.signer(), KEY_ID);
        assertTrue(log.verifyAll(ORG.publicKey()).intact());
    }

    static List<String> lines(java.nio.file.Path p) throws java.io.IOException {
        if (!java.nio.file.Files.exists(p)) {
            return List.of();
        }
        String text = java.nio.file.Files.readString(p);
        List<String> l = new ArrayList<>(List.of(text.split("\n")));
        l.removeIf(String::isBlank);
        return l;
    }

    static String read(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.exists(p) ? java.nio.file.Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void theAsyncWriterAppendsEverythingInSubmissionOrderInBatches() throws Exception {
        List<List<AuditEntry>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AuditWriter w = new AuditWriter(log, 10_000, 64)) {
            w.onCommitted(batches::add);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        assertTrue(w.submit(new AuditDraft("authorization", "agent-" + thread, "did:key:z" + thread,
                                details("{\"i\":" + i + "}"))));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(w.flush(java.time.Duration.ofSeconds(30)), "flush returns once all 1000 are written");
            assertEquals(1000, w.written());
            assertEquals(0, w.dropped());
        }
        List<AuditEntry> all = log.entries(0, 2000);
        assertEquals(1000, all.size());
        for (int t = 0; t < 4; t++) {
            String actor = "agent-" + t;
            List<String> mine = all.stream().filter(e -> e.actor().equals(actor)).map(AuditEntry::details).toList();
            for (int i = 0; i < 250; i++) {
                assertEquals("{\"i\":" + i + "}", mine.get(i), "each submitter's entries keep their order");
            }
        }
        assertEquals(1000, batches.stream().mapToInt(List::size).sum());
        assertTrue(batches.stream().allMatch(b -> b.size() <= 64), "no batch exceeds maxBatch");
        log.signTreeHead(ORG.signer(), KEY_ID);
        assertTrue(log.verifyAll(ORG.publicKey()).intact());
    }

    @Test
    void anInvalidDraftIsRefusedAloneAndAClosedWriterDropsAndCounts() throws Exception {
        AuditWriter w = new AuditWriter(log, 100, 100);
        String huge = "x".repeat(AuditLog.MAX_DETAILS_CHARS + 10);
        assertTrue(w.submit(new AuditDraft("status", "a", "s1", details("{}"))));
        w.track();
        assertTrue(w.submit(new AuditDraft("status", "a", "s2", Jsonp.PROVIDER.createObjectBuilder().add("big", huge).build())));
        assertEquals(AuditWriter.Durability.DROPPED, w.awaitTracked(java.time.Duration.ofSeconds(30)), "an invalid draft is never reported written");
        w.track();
        assertTrue(w.submit(new AuditDraft("status", "a", "s3", details("{}"))));
        assertEquals(AuditWriter.Durability.WRITTEN, w.awaitTracked(java.time.Duration.ofSeconds(30)));
        assertTrue(w.flush(java.time.Duration.ofSeconds(30)));
        assertEquals(List.of("s1", "s3"), log.entries(0, 10).stream().map(AuditEntry::subject).toList());
        w.close();
        assertFalse(w.submit(new AuditDraft("status", "a", "s4", details("{}"))));
        assertEquals(1, w.dropped());
        assertEquals(2, log.size());
    }

    @Test
    void concurrentSignersOnTwoConnectionsSignEachTreeSizeOnce() throws Exception {
        try (Store other = Stores.open(url)) {
            AuditLog[] logs = {log, new AuditLog(other)};
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                AuditLog mine = logs[t % 2];
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        if (thread < 2) {
                            mine.append("operator", "t" + thread, "n" + i, details("{}"));
                        }
                        mine.signTreeHeadIfNew(ORG.signer(), KEY_ID);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }
        List<SignedTreeHead> heads = log.signedTreeHeads();
        Set<Long> sizes = new HashSet<>();
        for (SignedTreeHead h : heads) {
            assertTrue(sizes.add(h.treeSize()), "tree size " + h.treeSize() + " was signed twice: " + heads.size() + " heads");
        }
        log.signTreeHeadIfNew(ORG.signer(), KEY_ID);
        assertEquals(30, log.signedTreeHeads().stream().mapToLong(SignedTreeHead::treeSize).max().orElse(0));
        assertTrue(log.signTreeHeadIfNew(ORG.signer(), KEY_ID).isEmpty(), "asking again signs nothing");
        assertTrue(log.verifyAll(ORG.publicKey()).intact());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTrackedSubmissionIsAnsweredOnlyOnceCommittedAndTimesOutWhileTheDatabaseFails() throws Exception {
        try (AuditWriter w = new AuditWriter(log, 100, 10)) {
            w.track();
            assertEquals(AuditWriter.Durability.NOTHING_SUBMITTED, w.awaitTracked(java.time.Duration.ofMillis(1)));
            assertTrue(w.submit(new AuditDraft("authorization", "gw", "a1", details("{}"))));
            assertEquals(AuditWriter.Durability.WRITTEN, w.awaitTracked(java.time.Duration.ofSeconds(30)));
            assertEquals(1, log.size(), "WRITTEN means committed: the entry is in the table");

            sql("ALTER TABLE audit_entry RENAME TO audit_entry_away"); // the writes fail, as with a broken disk
            w.track();
            assertTrue(w.submit(new AuditDraft("authorization", "gw", "a2", details("{}"))));
            assertEquals(AuditWriter.Durability.TIMED_OUT, w.awaitTracked(java.time.Duration.ofMillis(400)));
            Thread.sleep(100);
            assertTrue(w.behind().toMillis() >= 400, "the writer reports how long the oldest draft waits: " + w.behind());
            assertFalse(w.lastError().isEmpty(), "the failure is named");

            sql("ALTER TABLE audit_entry_away RENAME TO audit_entry");
            assertEquals(AuditWriter.Durability.WRITTEN, w.awaitTracked(java.time.Duration.ofSeconds(30)), "written once the database recovers");
            assertEquals(2, log.size());
            assertEquals(java.time.Duration.ZERO, w.behind());
            assertEquals("", w.lastError());
        }
        AuditWriter closed = new AuditWriter(log, 10, 10);
        closed.close();
        closed.track();
        assertFalse(closed.submit(new AuditDraft("authorization", "gw", "a3", details("{}"))));
        assertEquals(AuditWriter.Durability.DROPPED, closed.awaitTracked(java.time.Duration.ofSeconds(1)), "a refused draft is never reported written");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void closingWithTheDatabaseDownCountsEveryDraftItCouldNotWrite() throws Exception {
        AuditWriter w = new AuditWriter(log, 100, 2);
        sql("ALTER TABLE audit_entry RENAME TO audit_entry_away");
        w.track();
        for (int i = 0; i < 5; i++) {
            assertTrue(w.submit(new AuditDraft("authorization", "gw", "d" + i, details("{}"))));
        }
        w.close();
        assertEquals(5, w.lost(), "every accepted draft that did not reach the log is counted as lost");
        assertEquals(AuditWriter.Durability.DROPPED, w.awaitTracked(java.time.Duration.ofSeconds(1)), "a lost draft is never reported written");
        assertFalse(w.running());
        sql("ALTER TABLE audit_entry_away RENAME TO audit_entry");
        assertEquals(0, log.size());
    }

    /** The naive RFC 9162 results from every stored leaf, to compare the stored-node results with. */
    void assertHeadsAndProofsEqualTheNaiveComputation(int every) throws Exception {
        List<byte[]> leaves = log.entries(0, 100_000).stream().map(AuditEntry::leafHash).toList();
        int n = leaves.size();
        for (int size = 0; size <= n; size += (size < 40 ? 1 : every)) {
            assertArrayEquals(MerkleTree.root(leaves, size), log.treeHead(size).rootHash(), "root of " + size);
            if (size > 0) {
                long m = (size * 7L) % size;
                List<byte[]> want = MerkleTree.inclusionProof(leaves, m, size);
                List<byte[]> got = log.inclusionProof(m, size);
                assertEquals(want.size(), got.size());
                for (int k = 0; k < want.size(); k++) {
                    assertArrayEquals(want.get(k), got.get(k), "inclusion " + m + " in " + size);
                }
                long old = (size * 5L) % (size + 1);
                List<byte[]> wantC = MerkleTree.consistencyProof(leaves, old, size);
                List<byte[]> gotC = log.consistencyProof(old, size).path();
                assertEquals(wantC.size(), gotC.size());
                for (int k = 0; k < wantC.size(); k++) {
                    assertArrayEquals(wantC.get(k), gotC.get(k), "consistency " + old + " to " + size);
                }
            }
        }
        assertArrayEquals(MerkleTree.root(leaves, n), log.treeHead().rootHash());
    }

    @Test
    void headsAndProofsFromStoredSubtreesEqualTheNaiveComputationForSingleAndBatchedAppends() throws Exception {
        java.util.Random r = new java.util.Random(42);
        int appended = 0;
        while (appended < 300) {
            int batch = r.nextInt(40) + 1;
            if (r.nextBoolean()) {
                log.append("operator", "a", "s" + appended, details("{}"));
                appended++;
            } else {
                List<AuditDraft> drafts = new ArrayList<>();
                for (int k = 0; k < batch; k++) {
                    drafts.add(new AuditDraft("authorization", "gw", "b" + (appended + k), details("{}")));
                }
                log.appendAll(drafts);
                appended += batch;
            }
        }
        assertHeadsAndProofsEqualTheNaiveComputation(7);
        long beyond = appended + 1;
        assertEquals(NotFoundReason.NOT_FOUND, reasonOf(() -> log.treeHead(beyond)), "a size the log does not have");
    }

    enum NotFoundReason { NOT_FOUND, OTHER }

    static NotFoundReason reasonOf(org.junit.jupiter.api.function.Executable e) {
        StoreException x = assertThrows(StoreException.class, e);
        return x.reason() == StoreException.Reason.NOT_FOUND ? NotFoundReason.NOT_FOUND : NotFoundReason.OTHER;
    }

    @Test
    void aLogWrittenBeforeTheNodesWereKeptIsReadCorrectlyAndFilledInByTheNextAppend() throws Exception {
        fill(100);
        sql("DELETE FROM audit_node"); // as a log written by an older Mandate
        assertHeadsAndProofsEqualTheNaiveComputation(1);
        assertEquals(0, count("SELECT COUNT(*) FROM audit_node"), "reading stores nothing");
        assertTrue(log.signTreeHeadIfNew(ORG.signer(), KEY_ID).isPresent());
        // 100 = 64 + 32 + 4: the subtrees of the head, 63 + 31 + 3 interior nodes, are stored by the signing
        assertEquals(97, count("SELECT COUNT(*) FROM audit_node"), "signing stored the subtrees of the head");
        for (int i = 0; i < 28; i++) {
            log.append("operator", "a", "after-upgrade-" + i, details("{}")); // 128: completes the 32 and the 64 above them
        }
        assertEquals(127, count("SELECT COUNT(*) FROM audit_node"), "a complete tree of 128 leaves has 127 interior nodes");
        assertHeadsAndProofsEqualTheNaiveComputation(1);
        assertTrue(log.verifyAll(ORG.publicKey()).intact());
    }

    @Test
    void aTamperedStoredNodeCannotYieldASignedHeadThatVerifies() throws Exception {
        fill(16);
        sql("UPDATE audit_node SET hash = ? WHERE level = 4 AND idx = 0", "00".repeat(32));
        log.signTreeHead(ORG.signer(), KEY_ID);
        AuditVerification v = log.verifyAll(ORG.publicKey());
        assertFalse(v.intact(), "the entries recompute another root than the one signed over the tampered node: " + v);
    }

    long count(String query) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void appendAllIsOneAllOrNothingBatch() throws Exception {
        List<AuditEntry> two = log.appendAll(List.of(new AuditDraft("status", "a", "x", details("{}")),
                new AuditDraft("status", "a", "y", details("{}"))));
        assertEquals(List.of(0L, 1L), two.stream().map(AuditEntry::seq).toList());
        StoreException e = assertThrows(StoreException.class, () -> log.appendAll(List.of(
                new AuditDraft("status", "a", "z", details("{}")), new AuditDraft("Bad Type", "a", "z", details("{}")))));
        assertTrue(e.getMessage().startsWith("audit draft 1: "), e.getMessage());
        assertEquals(2, log.size(), "nothing of a refused batch is written");
    }

    @Test
    void appendAllStoresEveryNodeItsBatchesCompleteAndFillsInMissingOnes() throws Exception {
        for (int b = 0; b < 9; b++) {
            List<AuditDraft> seven = new java.util.ArrayList<>();
            for (int i = 0; i < 7; i++) {
                seven.add(new AuditDraft("status", "a", "b" + b + "-" + i, details("{}")));
            }
            log.appendAll(seven);
        }
        log.appendAll(List.of(new AuditDraft("status", "a", "64th", details("{}"))));
        assertEquals(63, count("SELECT COUNT(*) FROM audit_node"), "64 leaves have 63 interior nodes, stored with their batches");
        sql("DELETE FROM audit_node"); // as a log written by an older Mandate
        List<AuditDraft> more = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            more.add(new AuditDraft("status", "a", "more-" + i, details("{}")));
        }
        log.appendAll(more);
        assertEquals(127, count("SELECT COUNT(*) FROM audit_node"), "the batch stored its own nodes and rebuilt the missing ones");
        assertHeadsAndProofsEqualTheNaiveComputation(1);
        assertTrue(log.signTreeHeadIfNew(ORG.signer(), KEY_ID).isPresent());
        assertTrue(log.verifyAll(ORG.publicKey()).intact());
    }
}
