package dev.mandate.guard.service;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.sim.TrafficGenerator;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two guard services over one store: one acts, the other stands by reading; when the leader dies (its
 * database session ends) the standby takes over within seconds, and each suspension is carried out once.
 */
class GuardFailoverTest {
    static final TrafficGenerator.Traffic NORMAL = new TrafficGenerator(7, 8, Duration.ofDays(3)).generate();
    @TempDir
    Path dir;

    static void fill(Store s) throws Exception {
        List<AuditDraft> drafts = new ArrayList<>();
        for (Observation o : NORMAL.observations()) drafts.add(DecisionAuditor.draft(o, "gateway", List.of()));
        new AuditLog(s).appendAll(drafts);
    }

    /** The i-th procurement agent reads the HR database (outside its capabilities): a suspension. */
    static void hrQuery(Store s, int i, Instant at) throws Exception {
        TrafficGenerator.Agent a = NORMAL.agents().stream().filter(x -> x.role() == TrafficGenerator.Role.PROCUREMENT
                || x.role() == TrafficGenerator.Role.FINANCE).toList().get(i);
        new AuditLog(s).appendAll(List.of(DecisionAuditor.draft(new Observation(0, at, a.id(), "read", "https://hr.example.com/employees/1",
                false, List.of("outside-scope"), a.scope()), "gateway", List.of())));
    }

    static long guardSuspends(Store s, int i) throws Exception {
        TrafficGenerator.Agent a = NORMAL.agents().stream().filter(x -> x.role() == TrafficGenerator.Role.PROCUREMENT
                || x.role() == TrafficGenerator.Role.FINANCE).toList().get(i);
        return new AuditLog(s).entries(0, Integer.MAX_VALUE).stream()
                .filter(e -> e.type().equals("guard") && e.subject().equals(a.id()) && e.details().contains("\"action\":\"suspend\"")).count();
    }

    static long await(BooleanSupplier c, long maxMs) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!c.getAsBoolean()) {
            if ((System.nanoTime() - t0) / 1_000_000 > maxMs) break;
            Thread.sleep(20);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static BooleanSupplier suspended(Store s, int i) {
        return () -> {
            try {
                return guardSuspends(s, i) >= 1;
            } catch (Exception e) {
                return false;
            }
        };
    }

    Instant end() {
        return NORMAL.observations().get(NORMAL.observations().size() - 1).at();
    }

    @Test
    void onPostgresTheStandbyTakesOverWhenTheLeadersSessionDies() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] schema = new String[1];
        String url = PgTestDatabase.createSchema(schema);
        try (Store sa = Stores.open(url); Store sb = Stores.open(url)) {
            fill(sa);
            Leadership la = Leadership.forStore(url);
            Leadership lb = Leadership.forStore(url);
            GuardService a = GuardService.builder(sa, new Guard(GuardConfig.defaults())).leadership(la).pollInterval(Duration.ofMillis(50)).build().start();
            try (GuardService b = GuardService.builder(sb, new Guard(GuardConfig.defaults())).leadership(lb).pollInterval(Duration.ofMillis(50)).build().start()) {
                assertTrue(a.leading(), "the first guard leads");
                assertFalse(b.leading(), "the second stands by");
                // another store schema in the same database has its own lock
                String[] other = new String[1];
                String otherUrl = PgTestDatabase.createSchema(other);
                try (Leadership elsewhere = Leadership.forStore(otherUrl)) {
                    assertTrue(elsewhere.holdOrAcquire(), "guards of another store do not wait for this one");
                } finally {
                    PgTestDatabase.dropSchema(other[0]);
                }

                hrQuery(sa, 0, end().plusSeconds(30));
                a.poke();
                b.poke();
                await(suspended(sa, 0), 10_000);
                Thread.sleep(500); // give the standby time to (wrongly) act too
                assertEquals(1, guardSuspends(sa, 0), "one suspension, by the leader");

                // the leader's process dies: its thread stops and the database ends its session
                int pid = ((Leadership.PostgresLock) la).sessionPid();
                assertTrue(pid > 0);
                a.crash();
                PgTestDatabase.execute("SELECT pg_terminate_backend(" + pid + ")");
                long tookMs = await(b::leading, 10_000);
                assertTrue(b.leading(), "the standby took over");
                assertTrue(tookMs < 5_000, "within seconds: " + tookMs + " ms");

                hrQuery(sb, 1, end().plusSeconds(60));
                b.poke();
                await(suspended(sb, 1), 10_000);
                Thread.sleep(300);
                assertEquals(1, guardSuspends(sb, 1), "the new leader acts, once");
                assertEquals(1, guardSuspends(sb, 0), "and did not act again on what the old leader did");
                assertTrue(GuardReplay.replay(sb, GuardConfig.defaults()).matches(), "the log replays across the failover");
            } finally {
                la.close();
            }
        } finally {
            PgTestDatabase.dropSchema(schema[0]);
        }
    }

    @Test
    void aSuspensionDecidedButNotRecordedByADyingLeaderIsCarriedOutByTheNewOne() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("org.db");
        try (Store sa = Stores.open(url); Store sb = Stores.open(url)) {
            fill(sa);
            Leadership la = Leadership.forStore(url);
            GuardService a = GuardService.builder(sa, new Guard(GuardConfig.defaults())).leadership(la).pollInterval(Duration.ofMillis(50)).build().start();
            try (GuardService b = GuardService.builder(sb, new Guard(GuardConfig.defaults())).leadership(Leadership.forStore(url))
                    .pollInterval(Duration.ofMillis(50)).build().start()) {
                assertTrue(a.leading());
                assertFalse(b.leading(), "one lock file, one leader");
                a.crash(); // dies before the next decision reaches it
                hrQuery(sb, 0, end().plusSeconds(30));
                b.poke();
                Thread.sleep(400);
                assertEquals(0, guardSuspends(sb, 0), "the standby decided but does not act while the lock is held");
                la.close(); // the dead process's file lock goes with it
                long tookMs = await(b::leading, 10_000);
                assertTrue(b.leading() && tookMs < 5_000, "took over in " + tookMs + " ms");
                await(suspended(sb, 0), 5_000);
                assertEquals(1, guardSuspends(sb, 0), "the new leader carried out the decision the standby had kept");
                assertTrue(GuardReplay.replay(sb, GuardConfig.defaults()).matches());
            }
        }
    }
}
