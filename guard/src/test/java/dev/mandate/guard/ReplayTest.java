package dev.mandate.guard;

import dev.mandate.guard.sim.TrafficGenerator;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts replayed from a real (SQLite) audit log equal the live ones. */
class ReplayTest {
    @TempDir
    Path dir;

    /** A clock the test moves to each decision's time, as the service's clock would be at that moment. */
    static final class SettableClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId z) { return this; }
        @Override public Instant instant() { return now.get(); }
    }

    @Test
    void liveAndReplayedVerdictsAreTheSame() throws Exception {
        TrafficGenerator gen = new TrafficGenerator(21, 3, Duration.ofDays(2));
        String agent = gen.agents().get(0).id();
        List<Observation> traffic = new ArrayList<>();
        for (Observation o : gen.generate().observations()) if (o.agent().equals(agent)) traffic.add(o);
        // and a misbehaviour at the end, so that there is a suspension to replay
        Observation last = traffic.get(traffic.size() - 1);
        traffic.add(new Observation(0, last.at().plusSeconds(600), agent, "read", "https://hr.example.com/employees/1", false,
                List.of("outside-scope"), last.scope()));
        SettableClock clock = new SettableClock();
        List<Verdict> live = new ArrayList<>();
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("audit.db"))) {
            AuditLog log = new AuditLog(store, clock);
            Guard guard = new Guard(GuardConfig.defaults());
            log.append("registry", "operator", agent, Jsonp.PROVIDER.createObjectBuilder().add("op", "register").build());
            for (Observation o : traffic) {
                clock.now.set(o.at());
                AuditEntry e = log.append("authorization", "did:example:verifier", agent,
                        Jsonp.PROVIDER.createObjectBuilder().add("decision", o.allowed() ? "allow" : "deny").add(Replay.MEMBER, Replay.auditDetails(o)).build());
                live.add(guard.observe(Replay.fromAuditEntry(e).orElseThrow()));
            }
            List<AuditEntry> all = log.entries(0, 100_000);
            assertEquals(traffic.size() + 1, all.size());
            List<Verdict> replayed = Replay.replay(GuardConfig.defaults(), all);
            assertEquals(live, replayed);
        }
        assertTrue(live.get(live.size() - 1).suspend(), live.get(live.size() - 1).toString());
        assertTrue(live.size() > 200);
    }

    @Test
    void otherEntriesAreSkippedAndBrokenOnesNamed() {
        AuditEntry other = new AuditEntry(3, Instant.EPOCH, "registry", "a", "b", "{}", new byte[32]);
        assertTrue(Replay.fromAuditEntry(other).isEmpty());
        AuditEntry noGuard = new AuditEntry(4, Instant.EPOCH, "authorization", "a", "b", "{\"decision\":\"allow\"}", new byte[32]);
        assertTrue(Replay.fromAuditEntry(noGuard).isEmpty());
        AuditEntry broken = new AuditEntry(5, Instant.EPOCH, "authorization", "a", "b", "{\"guard\":{\"action\":\"read\"}}", new byte[32]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replay.fromAuditEntry(broken));
        assertTrue(e.getMessage().startsWith("audit entry 5: not a guard observation"), e.getMessage());
    }
}
