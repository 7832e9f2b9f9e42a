package dev.mandate.registry;

import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusPurpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The behaviour every {@link Store} must have, run against a real database by each subclass. */
abstract class StoreContractTest {
    static final String ISSUER = "did:example:issuer";
    static final Set<StatusPurpose> REV = EnumSet.of(StatusPurpose.REVOCATION);
    static final Set<StatusPurpose> BOTH = EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION);

    Store store;

    /** A URL of an empty database for this test. */
    abstract String freshUrl() throws Exception;

    /** Drops what {@link #freshUrl()} created. */
    abstract void dropDatabase() throws Exception;

    /** The URL in use. */
    String url;

    @BeforeEach
    void openStore() throws Exception {
        url = freshUrl();
        store = Stores.open(url);
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    Connection jdbc() throws SQLException {
        return DriverManager.getConnection(url);
    }

    @Test
    void migrationsRunOnceAndANewerSchemaIsRefused() throws Exception {
        assertEquals(Migrations.latest(), store.schemaVersion());
        store.close();
        store = Stores.open(url);
        try (Connection c = jdbc(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
            rs.next();
            assertEquals(Migrations.ALL.size(), rs.getInt(1), "each migration recorded once");
        }
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', 0)");
        }
        store.close();
        store = null;
        StoreException e = assertThrows(StoreException.class, () -> Stores.open(url));
        assertEquals(StoreException.Reason.SCHEMA, e.reason());
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void allocationIsRandomIdempotentAndPerPurpose() throws Exception {
        List<StatusEntryRecord> both = store.allocate("urn:cred:1", ISSUER, BOTH, "");
        assertEquals(2, both.size());
        assertEquals(StatusPurpose.REVOCATION, both.get(0).purpose());
        assertEquals(StatusPurpose.SUSPENSION, both.get(1).purpose());
        assertNotEquals(both.get(0).listId(), both.get(1).listId(), "one list per purpose");
        assertEquals(both, store.allocate("urn:cred:1", ISSUER, BOTH, ""), "idempotent");
        assertEquals(both, store.entries("urn:cred:1"));

        StatusListInfo list = store.list(both.get(0).listId()).orElseThrow();
        assertEquals(StatusBitstring.MIN_ENTRIES, list.size());
        assertEquals(ISSUER, list.issuer());
        assertEquals(StatusPurpose.REVOCATION, list.purpose());
        assertEquals(1, list.allocated());
        assertEquals(Duration.ofMinutes(5), list.ttl());

        Set<Integer> indices = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int idx = store.allocate("urn:cred:r" + i, ISSUER, REV, "").get(0).index();
            assertTrue(idx >= 0 && idx < StatusBitstring.MIN_ENTRIES);
            assertTrue(indices.add(idx), "index reused: " + idx);
            order.add(idx);
        }
        int ascending = 0;
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i) == order.get(i - 1) + 1) {
                ascending++;
            }
        }
        assertTrue(ascending < 5, "indices look sequential: " + order);
        int spread = indices.stream().mapToInt(Integer::intValue).max().orElseThrow() - indices.stream().mapToInt(Integer::intValue).min().orElseThrow();
        assertTrue(spread > StatusBitstring.MIN_ENTRIES / 2, "indices not spread over the list: " + spread);
        assertEquals(201, store.list(both.get(0).listId()).orElseThrow().allocated());

        assertEquals(StoreException.Reason.INVALID, assertThrows(StoreException.class,
                () -> store.allocate("", ISSUER, REV, "")).reason());
        assertEquals(StoreException.Reason.INVALID, assertThrows(StoreException.class,
                () -> store.allocate("urn:x", ISSUER, EnumSet.noneOf(StatusPurpose.class), "")).reason());
    }

    @Test
    void statusChangesAreRecordedVersionedAndReflectedInTheBitstring() throws Exception {
        StatusEntryRecord rev = store.allocate("urn:cred:a", ISSUER, BOTH, "").get(0);
        StatusEntryRecord sus = store.entries("urn:cred:a").get(1);
        StatusUpdate u = store.revoke("urn:cred:a");
        assertTrue(u.changed());
        assertEquals(1, u.entry().value());
        assertEquals(1, u.listVersion());
        assertFalse(store.revoke("urn:cred:a").changed(), "revoking twice changes nothing");
        StoreException undo = assertThrows(StoreException.class, () -> store.setStatus("urn:cred:a", StatusPurpose.REVOCATION, 0));
        assertEquals(StoreException.Reason.CONFLICT, undo.reason());

        assertTrue(store.suspend("urn:cred:a").changed());
        assertTrue(store.reinstate("urn:cred:a").changed());
        assertFalse(store.reinstate("urn:cred:a").changed());
        assertTrue(store.suspend("urn:cred:a").changed());
        assertEquals(3, store.list(sus.listId()).orElseThrow().version());

        ListSnapshot snap = store.snapshot(rev.listId()).orElseThrow();
        assertEquals(1, snap.bits().get(rev.index()));
        assertEquals(1, snap.list().version());
        long setBits = 0;
        for (int i = 0; i < snap.bits().entries(); i++) {
            setBits += snap.bits().get(i);
        }
        assertEquals(1, setBits);
        assertEquals(1, store.snapshot(sus.listId()).orElseThrow().bits().get(sus.index()));
        assertTrue(store.snapshot("nope").isEmpty());

        List<StatusChange> log = store.changes(0, 100);
        assertEquals(4, log.size());
        assertEquals(List.of(0, 0, 1, 0), log.stream().map(StatusChange::oldValue).toList());
        assertEquals(List.of(1, 1, 0, 1), log.stream().map(StatusChange::newValue).toList());
        assertEquals(List.of(1L, 1L, 2L, 3L), log.stream().map(StatusChange::listVersion).toList());
        assertEquals(1, store.changes(log.get(2).seq(), 100).size());

        assertEquals(StoreException.Reason.NOT_FOUND, assertThrows(StoreException.class, () -> store.revoke("urn:unknown")).reason());
        store.allocate("urn:cred:only-rev", ISSUER, REV, "");
        assertEquals(StoreException.Reason.NOT_FOUND, assertThrows(StoreException.class, () -> store.suspend("urn:cred:only-rev")).reason());
        assertEquals(StoreException.Reason.CONFLICT, assertThrows(StoreException.class,
                () -> store.setStatus("urn:cred:a", StatusPurpose.SUSPENSION, 2)).reason(), "wider than one bit");
    }

    @Test
    void messageListsHoldMultiBitValues() throws Exception {
        StatusEntryRecord m = store.allocate("urn:cred:m", ISSUER, EnumSet.of(StatusPurpose.MESSAGE), "").get(0);
        assertEquals(2, store.list(m.listId()).orElseThrow().statusSize());
        store.setStatus("urn:cred:m", StatusPurpose.MESSAGE, 3);
        store.setStatus("urn:cred:m", StatusPurpose.MESSAGE, 2);
        assertEquals(2, store.snapshot(m.listId()).orElseThrow().bits().get(m.index()));
        assertEquals(StoreException.Reason.CONFLICT, assertThrows(StoreException.class,
                () -> store.setStatus("urn:cred:m", StatusPurpose.MESSAGE, 4)).reason());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aFullListRollsOverAndItsLastFreeIndicesAreStillRandomAndUnique() throws Exception {
        StatusEntryRecord first = store.allocate("urn:cred:first", ISSUER, REV, "").get(0);
        int size = StatusBitstring.MIN_ENTRIES;
        // Fill all but two indices directly, as if 131,069 credentials had been issued.
        int freeA = (first.index() + 1000) % size;
        int freeB = (first.index() + 77_777) % size;
        try (Connection c = jdbc()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO status_entry (list_id, idx, credential_id, purpose, task_id, value,"
                    + " created_at, updated_at) VALUES (?, ?, ?, 'revocation', NULL, 0, 0, 0)")) {
                int n = 0;
                for (int i = 0; i < size; i++) {
                    if (i == first.index() || i == freeA || i == freeB) {
                        continue;
                    }
                    ps.setString(1, first.listId());
                    ps.setInt(2, i);
                    ps.setString(3, "urn:bulk:" + i);
                    ps.addBatch();
                    if (++n % 10_000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
            }
            try (Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE status_list SET allocated = " + (size - 2) + " WHERE id = '" + first.listId() + "'");
            }
            c.commit();
        }
        int a = store.allocate("urn:cred:a", ISSUER, REV, "").get(0).index();
        int b = store.allocate("urn:cred:b", ISSUER, REV, "").get(0).index();
        assertEquals(Set.of(freeA, freeB), Set.of(a, b), "the last two free indices");
        StatusListInfo full = store.list(first.listId()).orElseThrow();
        assertTrue(full.full());
        assertEquals(size, full.allocated());

        StatusEntryRecord next = store.allocate("urn:cred:c", ISSUER, REV, "").get(0);
        assertNotEquals(first.listId(), next.listId(), "rolled over to a new list");
        assertEquals(1, store.list(next.listId()).orElseThrow().allocated());
        assertEquals(2, store.lists().stream().filter(l -> l.purpose() == StatusPurpose.REVOCATION).count());
    }

    @Test
    void aThousandConcurrentRevokeSuspendReinstateCallsLoseNoUpdate() throws Exception {
        int credentials = 100;
        for (int i = 0; i < credentials; i++) {
            store.allocate("urn:cc:" + i, ISSUER, BOTH, "");
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        AtomicInteger changed = new AtomicInteger();
        List<Callable<Void>> calls = new ArrayList<>();
        for (int n = 0; n < 1000; n++) {
            String id = "urn:cc:" + (n * 7 % credentials);
            int op = n % 3;
            calls.add(() -> {
                StatusUpdate u = switch (op) {
                    case 0 -> store.suspend(id);
                    case 1 -> store.reinstate(id);
                    default -> store.revoke(id);
                };
                if (u.changed()) {
                    changed.incrementAndGet();
                }
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        List<StatusChange> log = new ArrayList<>();
        for (long after = 0; ; ) {
            List<StatusChange> page = store.changes(after, 500);
            if (page.isEmpty()) {
                break;
            }
            log.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        assertEquals(changed.get(), log.size(), "every change that reported success is in the log, no more");
        // Per entry, every change starts from the value the previous change left: no update was lost.
        Map<String, Integer> last = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        for (StatusChange ch : log) {
            String key = ch.credentialId() + "/" + ch.purpose();
            assertEquals(last.getOrDefault(key, 0), ch.oldValue(), "lost update on " + key);
            last.put(key, ch.newValue());
            long expected = versions.getOrDefault(ch.listId(), 0L) + 1;
            assertEquals(expected, ch.listVersion(), "list versions advance one per change");
            versions.put(ch.listId(), expected);
        }
        for (int i = 0; i < credentials; i++) {
            for (StatusEntryRecord e : store.entries("urn:cc:" + i)) {
                assertEquals(last.getOrDefault(e.credentialId() + "/" + e.purpose(), 0), e.value());
                assertEquals(e.value(), store.snapshot(e.listId()).orElseThrow().bits().get(e.index()));
            }
            assertEquals(1, store.entries("urn:cc:" + i).get(0).value(), "every credential got a revoke call");
        }
        for (Map.Entry<String, Long> v : versions.entrySet()) {
            assertEquals(v.getValue(), store.list(v.getKey()).orElseThrow().version());
        }
    }

    @Test
    void oneCredentialAllocatedConcurrentlyGetsOneEntryPerPurpose() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String id = "urn:same:" + round;
                List<Callable<List<StatusEntryRecord>>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    calls.add(() -> store.allocate(id, ISSUER, BOTH, ""));
                }
                Set<List<StatusEntryRecord>> answers = new HashSet<>();
                for (Future<List<StatusEntryRecord>> f : pool.invokeAll(calls)) {
                    answers.add(f.get());
                }
                assertEquals(1, answers.size(), "concurrent allocations of one credential answered differently: " + answers);
                assertEquals(answers.iterator().next(), store.entries(id));
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        int allocated = 0;
        for (StatusListInfo list : store.lists()) {
            allocated += list.allocated();
        }
        assertEquals(40, allocated, "entries counted by the lists (20 credentials, two purposes)");
    }

    @Test
    void aThousandConcurrentRevocationsOfDistinctCredentialsAllLand() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add("urn:d:" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<StatusEntryRecord>> allocs = ids.stream().<Callable<StatusEntryRecord>>map(id -> () -> store.allocate(id, ISSUER, REV, "").get(0)).toList();
            Set<String> indices = new HashSet<>();
            for (Future<StatusEntryRecord> f : pool.invokeAll(allocs)) {
                assertTrue(indices.add(f.get().listId() + "/" + f.get().index()), "concurrent allocation reused an index");
            }
            List<Callable<StatusUpdate>> revokes = ids.stream().<Callable<StatusUpdate>>map(id -> () -> store.revoke(id)).toList();
            for (Future<StatusUpdate> f : pool.invokeAll(revokes)) {
                assertTrue(f.get().changed());
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        // PostgreSQL keeps several lists open so that concurrent allocations do not queue on one row (SQLite one)
        assertTrue(store.lists().size() <= ((JdbcStore) store).openListsPerPurpose(), "open lists: " + store.lists().size());
        int allocated = 0;
        long versions = 0;
        int set = 0;
        for (StatusListInfo list : store.lists()) {
            allocated += list.allocated();
            versions += list.version();
            ListSnapshot snap = store.snapshot(list.id()).orElseThrow();
            for (int i = 0; i < snap.bits().entries(); i++) {
                set += snap.bits().get(i);
            }
        }
        assertEquals(1000, allocated);
        assertEquals(1000, versions);
        assertEquals(1000, set);
    }

    @Test
    void completingATaskRevokesItsCredentialsAtOnceAndClosesIt() throws Exception {
        for (int i = 0; i < 5; i++) {
            store.allocate("urn:t:" + i, ISSUER, BOTH, "task-42");
        }
        store.allocate("urn:other", ISSUER, REV, "");
        assertEquals(10, store.taskEntries("task-42").size());
        assertFalse(store.task("task-42").orElseThrow().completed());

        List<StatusUpdate> revoked = store.completeTask("task-42");
        assertEquals(5, revoked.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(1, store.entries("urn:t:" + i).get(0).value());
            assertEquals(0, store.entries("urn:t:" + i).get(1).value(), "suspension untouched");
        }
        assertEquals(0, store.entries("urn:other").get(0).value());
        TaskInfo t = store.task("task-42").orElseThrow();
        assertTrue(t.completed());
        assertTrue(t.completedAt().isPresent());
        assertEquals(StoreException.Reason.CONFLICT, assertThrows(StoreException.class,
                () -> store.allocate("urn:t:late", ISSUER, REV, "task-42")).reason());
        assertTrue(store.completeTask("task-42").isEmpty(), "completing twice changes nothing");
        assertEquals(1, store.lists().stream().filter(l -> l.purpose() == StatusPurpose.REVOCATION).findFirst().orElseThrow().version(),
                "one version step for the whole task");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aStatusChangeReturnsOnlyWhenEveryReaderWithinTheAgeLimitSeesIt() throws Exception {
        assertTrue(Store.STATUS_CHANGE_WAIT.compareTo(Store.STATUS_VERSIONS_MAX_AGE) > 0);
        store.allocate("urn:w:1", ISSUER, BOTH, "task-w");
        store.allocate("urn:w:2", ISSUER, BOTH, "task-w");
        long wait = Store.STATUS_CHANGE_WAIT.toNanos();
        try (Store other = Stores.open(url)) { // another instance on the same database
            Map<String, Long> before = other.listVersions(ISSUER);
            long t0 = System.nanoTime();
            assertTrue(store.suspend("urn:w:1").changed());
            long suspendTook = System.nanoTime() - t0;
            // a reader whose read started any time after the commit sees it; the call returned wait after the commit
            assertTrue(suspendTook >= wait, "the suspension returned " + suspendTook / 1000 + " us after it began, before "
                    + Store.STATUS_CHANGE_WAIT.toMillis() + " ms had passed since its commit");
            assertTrue(other.listVersions(ISSUER).get(store.entries("urn:w:1").get(1).listId())
                    > before.get(store.entries("urn:w:1").get(1).listId()));
            t0 = System.nanoTime();
            assertEquals(2, store.completeTask("task-w").size());
            assertTrue(System.nanoTime() - t0 >= wait, "completing a task that revoked returns after the wait too");
            assertTrue(store.completeTask("task-w").isEmpty());
            assertFalse(store.suspend("urn:w:1").changed(), "nothing changed: nothing to wait for");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBatchOfChangesWaitsOnceAfterTheLastCommitEvenWhenItFails() throws Exception {
        for (int i = 0; i < 10; i++) {
            store.allocate("urn:b:" + i, ISSUER, BOTH, "");
        }
        long wait = Store.STATUS_CHANGE_WAIT.toNanos();
        JdbcStore jdbc = (JdbcStore) store;
        long waits = jdbc.visibilityWaits();
        long[] lastReturned = {0};
        int n = store.batch(() -> store.batch(() -> { // nested: the outermost waits
            for (int i = 0; i < 10; i++) {
                assertTrue(store.suspend("urn:b:" + i).changed());
                lastReturned[0] = System.nanoTime();
            }
            assertEquals(waits, jdbc.visibilityWaits(), "inside a batch a change returns right after its commit");
            return 10;
        }));
        long end = System.nanoTime();
        assertEquals(10, n);
        assertEquals(waits + 1, jdbc.visibilityWaits(), "ten changes, one wait");
        assertTrue(end - lastReturned[0] >= wait, "the batch returns the wait after its last commit");
        for (int i = 0; i < 10; i++) {
            assertEquals(1, store.entries("urn:b:" + i).get(1).value());
        }
        long t0 = System.nanoTime();
        StoreException e = assertThrows(StoreException.class, () -> store.batch(() -> {
            store.revoke("urn:b:0");
            return store.revoke("urn:b:nobody"); // NOT_FOUND after a committed change
        }));
        assertEquals(StoreException.Reason.NOT_FOUND, e.reason());
        assertTrue(System.nanoTime() - t0 >= wait, "a failed batch still waits for the change it committed");
        assertEquals(waits + 2, jdbc.visibilityWaits());
        assertEquals(1, store.entries("urn:b:0").get(0).value());
        store.reinstate("urn:b:2");
        assertEquals(waits + 3, jdbc.visibilityWaits(), "a change outside a batch waits by itself");
        assertFalse(store.batch(() -> store.suspend("urn:b:1")).changed(), "a batch that changed nothing");
        assertFalse(store.suspend("urn:b:1").changed());
        assertEquals(waits + 3, jdbc.visibilityWaits(), "nothing changed: nothing to wait for");
    }

    @Test
    void listVersionsReadsEveryListOfOneIssuerAndMovesWithEachChange() throws Exception {
        assertEquals(Map.of(), store.listVersions(ISSUER), "no list yet");
        store.allocate("urn:v:1", ISSUER, BOTH, "");
        store.allocate("urn:v:other", "did:example:other", REV, "");
        Map<String, Long> before = store.listVersions(ISSUER);
        assertEquals(2, before.size(), "the issuer's revocation and suspension lists, not the other issuer's: " + before);
        String revocation = store.entries("urn:v:1").get(0).listId();
        String suspension = store.entries("urn:v:1").get(1).listId();
        assertEquals(Set.of(revocation, suspension), before.keySet());
        store.suspend("urn:v:1");
        Map<String, Long> after = store.listVersions(ISSUER);
        assertEquals(before.get(revocation), after.get(revocation), "an unchanged list keeps its version");
        assertEquals(store.list(suspension).orElseThrow().version(), after.get(suspension));
        assertTrue(after.get(suspension) > before.get(suspension), "the suspension moved its list's version");
        assertEquals(Map.of(), store.listVersions("did:example:nobody"));
    }

    @Test
    void grantsAndSingleUseAreRecordedAtomically() throws Exception {
        Instant now = Instant.parse("2026-11-28T10:00:00Z");
        GrantRecord g = new GrantRecord("urn:g:1", "task-1", "did:example:agent", "read", "https://db.example/reports", true,
                now.plusSeconds(3), now);
        store.recordGrant(g);
        assertEquals(g, store.grant("urn:g:1").orElseThrow());
        assertEquals(List.of(g), store.grants("task-1"));
        store.completeTask("task-1");
        assertEquals(StoreException.Reason.CONFLICT, assertThrows(StoreException.class,
                () -> store.recordGrant(new GrantRecord("urn:g:2", "task-1", "did:example:agent", "read", "r", false, now, now))).reason());

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> uses = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                uses.add(() -> store.recordUse("urn:g:1", now));
            }
            List<Integer> counts = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(uses)) {
                counts.add(f.get());
            }
            assertEquals(1, counts.stream().filter(c -> c == 1).count(), "exactly one first use");
            assertEquals(50, counts.stream().mapToInt(Integer::intValue).max().orElseThrow());
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aKilledWriterLosesNoCommittedChangeAndNoIndexIsReused(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        store.close();
        store = null;
        Path log = tmp.resolve("worker.log");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // a short-lived worker: the quick JIT tier and the serial collector start it with less CPU (it is killed anyway)
        Process child = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", cp, CrashWorker.class.getName(), url, log.toString(), "urn:crash:")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("worker.out").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lines(log).size() < 300) {
                assertTrue(child.isAlive(), () -> "worker died: " + read(tmp.resolve("worker.out")));
                assertTrue(System.nanoTime() < deadline, "worker too slow");
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        store = Stores.open(url);
        Map<String, String> allocated = new HashMap<>();
        Set<String> revoked = new HashSet<>();
        for (String line : lines(log)) {
            String[] f = line.split(" ");
            if (f[0].equals("A") && f.length == 4) {
                allocated.put(f[1], f[2] + "#" + f[3]);
            } else if (f[0].equals("R") && f.length == 2) {
                revoked.add(f[1]);
            }
        }
        assertTrue(allocated.size() >= 150, "logged allocations: " + allocated.size());
        for (Map.Entry<String, String> a : allocated.entrySet()) {
            List<StatusEntryRecord> e = store.entries(a.getKey());
            assertEquals(1, e.size(), "committed allocation lost: " + a.getKey());
            assertEquals(a.getValue(), e.get(0).listId() + "#" + e.get(0).index());
            if (revoked.contains(a.getKey())) {
                assertEquals(1, e.get(0).value(), "committed revocation lost: " + a.getKey());
            }
        }
        // After the restart, new allocations never land on an index the dead writer used.
        Set<String> used = new HashSet<>(allocated.values());
        StatusListInfo list = store.lists().get(0);
        assertTrue(list.allocated() >= allocated.size());
        for (int i = 0; i < 200; i++) {
            StatusEntryRecord e = store.allocate("urn:after:" + i, "did:example:crash", REV, "").get(0);
            assertTrue(used.add(e.listId() + "#" + e.index()), "index reused after the crash: " + e.index());
        }
        assertEquals(list.allocated() + 200, store.list(list.id()).orElseThrow().allocated());
    }

    static List<String> lines(Path p) throws IOException {
        if (!Files.exists(p)) {
            return List.of();
        }
        String text = Files.readString(p, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(text.split("\n")));
        if (!text.endsWith("\n") && !out.isEmpty()) {
            out.remove(out.size() - 1); // a line cut by the kill
        }
        out.removeIf(String::isEmpty);
        return out;
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
