package dev.mandate.server;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.StatusEntryRecord;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import jakarta.json.Json;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code POST /grants} answers a grant only once its issuance is in the audit log: concurrent grants at several
 * instances are each audited exactly once with distinct status indices (their audit entries group-committed), and a
 * grant whose issuance cannot be audited is refused with 503 and leaves no grant behind. Real SQLite and PostgreSQL.
 */
class GrantAuditTest {
    static final String STATUS_TOKEN = "status-token-0123456789abcdef";
    static final String BASE = "https://status.example/status-lists/"; // never fetched

    static ServerConfig config() {
        AuthConfig auth = new AuthConfig(List.of(new Token("ops", Token.hash(STATUS_TOKEN), Set.of("status"))), Set.of("verify"));
        // more requests at once than the default (twice the cores: 4 on a 2-core machine), so that more grants than
        // the 4 issuance writers of an instance can be recording at once
        return ServerConfig.defaults().withPort(0).withAuth(auth).withAccessLog(new AccessLog.Off())
                .withLimits(Limits.defaults().withMaxConcurrentRequests(64))
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)));
    }

    static MandateServer start(Store store, KeyMaterial org) throws Exception {
        return MandateServer.builder(config()).keys(KeySource.of(Map.of("org-key", org))).status(store, BASE).start();
    }

    static Reply grant(OkHttpClient client, MandateServer server, String task) {
        return post(client, server, "/grants", "{\"agent\":\"did:example:agent\",\"action\":\"read\",\"resource\":\"https://db.example/r\","
                + "\"ttl\":60,\"task\":\"" + task + "\",\"singleUse\":false}", STATUS_TOKEN);
    }

    static Map<String, List<AuditEntry>> issuances(Store store) throws Exception {
        Map<String, List<AuditEntry>> out = new HashMap<>();
        for (AuditEntry e : new AuditLog(store).entries(0, 1_000_000)) {
            if (e.type().equals("issuance")) {
                String id = Json.createReader(new StringReader(e.details())).readObject().getString("credentialId");
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void concurrentGrantsAtTwoInstancesAreEachAuditedOnceWithDistinctIndices() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] schema = new String[1];
        String url = PgTestDatabase.createSchema(schema);
        KeyMaterial org = TestSupport.ed25519();
        OkHttpClient client = TestSupport.client();
        int threads = 16;
        int each = 10;
        try (Store sa = Stores.open(url); Store sb = Stores.open(url)) {
            MandateServer a = start(sa, org);
            MandateServer b = start(sb, org);
            ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
            try {
                // first, grants at A while the audit log's counter row is held elsewhere: at most 4 of them write
                // (and wait), the others queue and share the next transaction once the row is free
                for (int w = 0; w < 3; w++) { // warm up signing, so the early grants below reach the recording quickly
                    assertEquals(201, grant(client, a, "warm-" + w).status());
                }
                java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
                java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
                Future<?> holder = pool.submit(() -> JdbcTransactions.write(sa, c -> {
                    JdbcTransactions.one(c, "SELECT next_seq FROM audit_state WHERE id = 1 FOR UPDATE", rs -> 1);
                    held.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new java.sql.SQLException("interrupted", e);
                    }
                    return null;
                }));
                assertTrue(held.await(30, TimeUnit.SECONDS));
                List<Future<Reply>> early = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int tt = t;
                    early.add(pool.submit(() -> grant(client, a, "early-" + tt)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lockWaiters(sb) < 4) { // the writers wait for the row; the other grants queue behind them
                    assertTrue(System.nanoTime() < deadline, "4 issuance writers wait for the audit log's counter row");
                    Thread.sleep(20);
                }
                Thread.sleep(2_000); // the rest sign and queue
                for (Future<Reply> f : early) {
                    assertTrue(!f.isDone(), "no grant is answered while its issuance cannot be committed");
                }
                release.countDown();
                holder.get(30, TimeUnit.SECONDS);
                Set<String> answered = new HashSet<>();
                for (Future<Reply> f : early) {
                    Reply r = f.get(120, TimeUnit.SECONDS);
                    assertEquals(201, r.status(), r::toString);
                    answered.add(r.json().getString("id"));
                }
                List<Future<List<String>>> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int tt = t;
                    workers.add(pool.submit(() -> {
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            Reply r = grant(client, tt % 2 == 0 ? a : b, "task-" + tt + "-" + i);
                            assertEquals(201, r.status(), r::toString);
                            ids.add(r.json().getString("id"));
                        }
                        return ids;
                    }));
                }
                for (Future<List<String>> w : workers) {
                    answered.addAll(w.get(300, TimeUnit.SECONDS));
                }
                assertEquals(threads * each + threads, answered.size());
                Map<String, List<AuditEntry>> audited = issuances(sa);
                assertEquals(answered.size() + 3, audited.size(), "every answered grant is audited, and nothing else");
                assertTrue(audited.keySet().containsAll(answered));
                audited.forEach((id, es) -> assertEquals(1, es.size(), "audited exactly once: " + id));
                Set<String> indices = new HashSet<>();
                for (String id : answered) {
                    List<StatusEntryRecord> entries = sa.entries(id);
                    assertEquals(1, entries.size(), id);
                    assertTrue(indices.add(entries.get(0).listId() + "#" + entries.get(0).index()), "index handed out twice: " + entries.get(0));
                    assertTrue(sa.grant(id).isPresent(), "grant recorded: " + id);
                }
                long[] rowsAndTransactions = JdbcTransactions.read(sa, c -> JdbcTransactions.one(c,
                        "SELECT count(*), count(DISTINCT xmin::text) FROM audit_entry WHERE type = 'issuance'",
                        rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElseThrow());
                assertEquals(threads * each + threads + 3, rowsAndTransactions[0]);
                assertTrue(rowsAndTransactions[1] < rowsAndTransactions[0],
                        "concurrent grants shared audit transactions: " + rowsAndTransactions[1] + " transactions for " + rowsAndTransactions[0]);
                KeyMaterial head = TestSupport.ed25519();
                new AuditLog(sa).signTreeHead(head.signer(), "org");
                assertTrue(new AuditLog(sb).verifyAll(head.publicKey()).intact(), "one consistent tree from both instances");
            } finally {
                pool.shutdownNow();
                a.close();
                b.close();
            }
        } finally {
            PgTestDatabase.dropSchema(schema[0]);
        }
    }

    /** Sessions of this store's schema waiting for a row lock. */
    static long lockWaiters(Store store) throws Exception {
        return JdbcTransactions.read(store, c -> JdbcTransactions.one(c, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                + " AND wait_event_type = 'Lock' AND query LIKE '%audit_state%'", rs -> rs.getLong(1)).orElseThrow());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aGrantWhoseIssuanceCannotBeAuditedIsRefusedOnSqlite(@TempDir Path dir) throws Exception {
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("grants.db"))) {
            refusedWhileTheAuditFails(store, List.of("CREATE TABLE audit_fault (fail INTEGER NOT NULL)", "INSERT INTO audit_fault VALUES (1)",
                    "CREATE TRIGGER audit_fault_t BEFORE INSERT ON audit_entry WHEN (SELECT fail FROM audit_fault) = 1"
                            + " BEGIN SELECT RAISE(ABORT, 'injected audit fault'); END"));
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aGrantWhoseIssuanceCannotBeAuditedIsRefusedOnPostgres() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] schema = new String[1];
        String url = PgTestDatabase.createSchema(schema);
        try (Store store = Stores.open(url)) {
            refusedWhileTheAuditFails(store, List.of("CREATE TABLE audit_fault (fail INTEGER NOT NULL)", "INSERT INTO audit_fault VALUES (1)",
                    "CREATE FUNCTION audit_fault_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                            + " IF (SELECT fail FROM audit_fault) = 1 THEN RAISE EXCEPTION 'injected audit fault'; END IF; RETURN NEW; END $$",
                    "CREATE TRIGGER audit_fault_t BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_fault_check()"));
        } finally {
            PgTestDatabase.dropSchema(schema[0]);
        }
    }

    private static void refusedWhileTheAuditFails(Store store, List<String> faultOn) throws Exception {
        MandateServer server = start(store, TestSupport.ed25519());
        try {
            OkHttpClient client = TestSupport.client();
            for (String sql : faultOn) {
                JdbcTransactions.write(store, c -> JdbcTransactions.exec(c, sql));
            }
            Reply refused = grant(client, server, "task-refused");
            assertEquals(503, refused.status(), refused::toString);
            assertTrue(refused.body().contains("unavailable") && !refused.body().contains("\"proof\""), refused::toString);
            assertEquals(List.of(), store.grants("task-refused"), "no grant recorded for a grant never answered");
            assertEquals(Map.of(), issuances(store));

            JdbcTransactions.write(store, c -> JdbcTransactions.exec(c, "UPDATE audit_fault SET fail = 0"));
            Reply ok = grant(client, server, "task-ok");
            assertEquals(201, ok.status(), ok::toString);
            String id = ok.json().getString("id");
            assertEquals(Set.of(id), issuances(store).keySet());
            assertEquals(1, store.grants("task-ok").size());
        } finally {
            server.close();
        }
    }
}
