package dev.mandate.guard.service;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.GuardState;
import dev.mandate.guard.Observation;
import dev.mandate.guard.sim.Models;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Baseline checkpoints on a real store: a guard restarted from a checkpoint and the log's tail decides exactly
 * as one that rebuilt from the whole log, and a checkpoint that was tampered with, moved, or made with another
 * configuration is ignored (with a warning) in favour of a full rebuild. One test instance per class: the database
 * with a first guard's checkpoint, which six tests tamper with, is written once and copied for each of them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CheckpointContractTest {
    /** Four agents of the archetype model (46,666 decisions), three misbehaving from day 10 (14:00 export, 40 payments, a 03:00 Sunday). */
    static final List<Observation> TRAFFIC;

    static {
        var t = Models.generate("archetypes", 21, 10, 14, GuardConfig.defaults());
        Set<String> keep = Set.of("did:example:a-support-01", "did:example:a-procurement-01", "did:example:a-on-call-01",
                "did:example:a-nightly-etl-01");
        TRAFFIC = t.observations().stream().filter(o -> keep.contains(o.agent())).toList();
    }

    String url;
    Store store;
    AuditLog log;
    /** A database where a first guard has read a quarter of the traffic and checkpointed: written once per class. */
    private String checkpointed;
    /** Held strongly: java.util.logging keeps loggers only weakly, and a collected one loses its handler. */
    private final Logger guardLogger = Logger.getLogger("dev.mandate.guard");
    final List<String> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) {
            synchronized (warnings) {
                warnings.add(r.getMessage());
            }
        }
        @Override public void flush() { }
        @Override public void close() { }
    };

    /** The kind of database the tests run on. */
    abstract DatabaseCopies.Kind databases();

    @BeforeEach
    void open() throws Exception {
        url = databases().fresh();
        store = Stores.open(url);
        log = new AuditLog(store);
        guardLogger.addHandler(capture);
    }

    @AfterEach
    void close() throws Exception {
        guardLogger.removeHandler(capture);
        store.close();
        databases().drop(url);
    }

    @AfterAll
    void dropCheckpointed() {
        if (checkpointed != null) {
            databases().drop(checkpointed);
        }
    }

    void append(List<Observation> traffic) throws Exception {
        for (int i = 0; i < traffic.size(); i += 500) {
            List<AuditDraft> batch = new ArrayList<>();
            for (Observation o : traffic.subList(i, Math.min(traffic.size(), i + 500))) batch.add(DecisionAuditor.draft(o, "gateway", List.of()));
            log.appendAll(batch);
        }
    }

    GuardService service(GuardConfig config) {
        return GuardService.builder(store, new Guard(config)).pollInterval(Duration.ofMillis(20)).checkpointEvery(20_000).build();
    }

    /** Waits until the service has read every entry now in the log. */
    void caughtUp(GuardService s) throws Exception {
        long size = log.size();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (s.position() < size) {
            assertTrue(System.nanoTime() < deadline, "the guard did not catch up: " + s.position() + " of " + size);
            s.poke();
            Thread.sleep(20);
        }
    }

    /** A guard that rebuilt from the whole log, without acting. */
    GuardService fullRebuild(GuardConfig config) throws Exception {
        GuardService full = GuardService.builder(store, new Guard(config)).build();
        full.readAllWithoutActing();
        return full;
    }

    /** Every agent's baseline is the same in both guards (every counter, double and list). */
    static void sameBaselines(Guard expected, Guard actual) {
        for (String agent : new TreeSet<>(TRAFFIC.stream().map(Observation::agent).toList())) {
            assertEquals(expected.baseline(agent), actual.baseline(agent), agent);
        }
    }

    @Test
    void aRestartFromTheCheckpointDecidesExactlyLikeAFullRebuild() throws Exception {
        int half = TRAFFIC.size() * 2 / 3; // day 9 or so: before the injected misbehaviours
        append(TRAFFIC.subList(0, half));
        GuardService first = service(GuardConfig.defaults()).start();
        caughtUp(first);
        first.close(); // an orderly stop writes a checkpoint at the end of what it read
        Checkpoints.Checkpoint cp = Checkpoints.latest(store).orElseThrow();
        assertTrue(cp.position() >= half, cp.position() + " < " + half);

        GuardService second = service(GuardConfig.defaults()).start();
        try {
            assertEquals(cp.position(), second.startedAt(), "started from the checkpoint, not from entry 0: " + warnings);
            append(TRAFFIC.subList(half, TRAFFIC.size())); // acted on live
            caughtUp(second);
            assertFalse(second.decided().isEmpty(), "the misbehaviours come after the restart");
            GuardService full = fullRebuild(GuardConfig.defaults());
            sameBaselines(full.guard(), second.guard());
            // the suspensions the restarted guard decided and recorded are those of the full rebuild, entry for entry
            List<Suspension> tail = full.decided().stream().filter(x -> x.trigger() >= cp.position()).toList();
            assertEquals(tail, second.decided());
        } finally {
            second.close();
        }
        // and the log replays: every recorded suspension is what a fresh guard over the whole log decides
        GuardReplay.Report replay = GuardReplay.replay(store, GuardConfig.defaults());
        assertTrue(replay.matches(), replay.toJson().toString());
        assertTrue(replay.recorded().size() >= 2, "suspensions recorded before and after the restart: " + replay.recorded());
        assertTrue(Checkpoints.latest(store).orElseThrow().position() > cp.position(), "the second guard checkpointed too");
    }

    @Test
    void periodicCheckpointsAreWrittenWhileLeadingAndOnlyTheNewestAreKept() throws Exception {
        append(TRAFFIC.subList(0, 20_000));
        GuardService s = service(GuardConfig.defaults()).start();
        try {
            append(TRAFFIC.subList(20_000, TRAFFIC.size()));
            caughtUp(s);
            int rows = JdbcTransactions.read(store, c -> JdbcTransactions.one(c, "SELECT COUNT(*) FROM guard_checkpoint", rs -> rs.getInt(1))).orElseThrow();
            assertEquals(Checkpoints.KEEP, rows, "two periodic checkpoints (20,000 entries apart) are kept");
            long entries = log.entries(0, 100_000).stream().filter(e -> e.type().equals("guard") && e.details().contains("\"checkpoint\"")).count();
            assertTrue(entries >= 2, "each checkpoint is an audit entry: " + entries);
        } finally {
            s.close();
        }
    }

    /** Runs a first guard to a checkpoint, lets {@code tamper} change the store, and checks the next start ignores it. */
    void ignored(Consumer<Checkpoints.Checkpoint> tamper, GuardConfig restartWith, String why) throws Exception {
        // a quarter of the traffic (about five days, under the 20,000 of a periodic checkpoint): enough for every agent
        // to be past its learning period, which is all a checkpoint worth forging needs; each of the six tests then
        // writes and reads back half as much as with half of it
        // the first of these tests writes it and keeps a copy; the others start from a copy of that
        if (checkpointed == null) {
            append(TRAFFIC.subList(0, TRAFFIC.size() / 4));
            GuardService first = service(GuardConfig.defaults()).start();
            caughtUp(first);
            for (String agent : new TreeSet<>(TRAFFIC.stream().map(Observation::agent).toList())) {
                assertFalse(first.guard().baseline(agent).orElseThrow().learning(), agent + " has a learned baseline to checkpoint");
            }
            first.close();
            checkpointed = databases().copyOf(url);
        } else {
            store.close();
            databases().drop(url);
            url = databases().copyOf(checkpointed);
            store = Stores.open(url);
            log = new AuditLog(store);
        }
        Checkpoints.Checkpoint cp = Checkpoints.latest(store).orElseThrow();
        // only this one: an unusable newest checkpoint means a full rebuild anyway, but the test should not depend on it
        JdbcTransactions.write(store, c -> JdbcTransactions.exec(c, "DELETE FROM guard_checkpoint WHERE position <> ?", cp.position()));
        tamper.accept(cp);
        warnings.clear();
        GuardService second = service(restartWith).start();
        try {
            assertEquals(0, second.startedAt(), "the checkpoint must be ignored");
            String warning;
            synchronized (warnings) {
                warning = warnings.stream().filter(w -> w.startsWith("guard: ignoring the checkpoint")).findFirst().orElse("");
            }
            assertTrue(warning.contains(why) && warning.endsWith("rebuilding the baselines from the whole log"), warnings.toString());
            sameBaselines(fullRebuild(restartWith).guard(), second.guard());
        } finally {
            second.close();
        }
    }

    void update(String sql, Object... params) {
        try {
            JdbcTransactions.write(store, c -> {
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        if (params[i] instanceof byte[] b) p.setBytes(i + 1, b);
                        else if (params[i] instanceof Long l) p.setLong(i + 1, l);
                        else p.setString(i + 1, params[i].toString());
                    }
                    assertEquals(1, p.executeUpdate());
                }
                return null;
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCheckpointWhoseStateWasReplacedIsIgnored() throws Exception {
        // an attacker with write access to the table swaps in baselines of its choosing (here: none, so every
        // agent would be learning again and could not be suspended) and fixes the row's own digest
        ignored(cp -> {
            byte[] forged = GuardState.encode(new Guard(GuardConfig.defaults()));
            update("UPDATE guard_checkpoint SET state = ?, state_sha256 = ? WHERE position = ?", forged, Checkpoints.sha256(forged), cp.position());
        }, GuardConfig.defaults(), "records another checkpoint");
    }

    @Test
    void aCheckpointWithAFlippedByteIsIgnored() throws Exception {
        ignored(cp -> {
            byte[] bad = cp.state().clone();
            bad[bad.length / 3] ^= 1;
            update("UPDATE guard_checkpoint SET state = ? WHERE position = ?", bad, cp.position());
        }, GuardConfig.defaults(), "does not match its own SHA-256");
    }

    @Test
    void aCheckpointMovedToAnotherPositionIsIgnored() throws Exception {
        // claims to cover fewer entries than it does: the log's root at that size is another one
        ignored(cp -> update("UPDATE guard_checkpoint SET position = ? WHERE position = ?", cp.position() - 10, cp.position()),
                GuardConfig.defaults(), "Merkle root");
    }

    @Test
    void aCheckpointMadeWithAnotherConfigurationIsIgnored() throws Exception {
        GuardConfig stricter = GuardConfig.fromJson(jakarta.json.Json.createObjectBuilder().add("threshold", 0.8).build());
        ignored(cp -> { }, stricter, "another guard configuration");
    }

    @Test
    void aCheckpointWhoseAuditEntryIsMissingIsIgnored() throws Exception {
        // pointed at another entry of the log (as if its own entry were gone): a decision before it, or a
        // guard entry that is not this checkpoint's
        ignored(cp -> update("UPDATE guard_checkpoint SET entry_seq = ? WHERE position = ?", cp.position() - 1, cp.position()),
                GuardConfig.defaults(), "do not fit the log");
    }

    @Test
    void aCheckpointPointingAtAnotherAuditEntryIsIgnored() throws Exception {
        ignored(cp -> {
            try {
                long other = log.append("guard", "guard", "guard", jakarta.json.Json.createObjectBuilder().add("action", "note").build()).seq();
                update("UPDATE guard_checkpoint SET entry_seq = ? WHERE position = ?", other, cp.position());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, GuardConfig.defaults(), "records another checkpoint");
    }

    @Test
    void withoutCheckpointsNothingIsWritten() throws Exception {
        append(TRAFFIC.subList(0, 3_000));
        GuardService s = GuardService.builder(store, new Guard(GuardConfig.defaults())).build().start();
        s.close();
        assertFalse(Checkpoints.latest(store).isPresent());
    }
}
