package dev.mandate.guard.service;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.Verdict;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every verdict, not only the suspensions, comes out the same when the guard is fed live from the
 * entries as they are appended and when a fresh guard replays the stored log: the observation is rebuilt
 * from the entry in both cases ({@link GuardService#observation}).
 */
class ReplayEqualityTest {
    @TempDir
    Path dir;

    /** A clock the test moves to each decision's time, as the gateway's clock would be at that moment. */
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
        for (Observation o : gen.generate().observations()) {
            if (o.agent().equals(agent)) {
                traffic.add(o);
            }
        }
        Observation last = traffic.get(traffic.size() - 1);
        traffic.add(new Observation(0, last.at().plusSeconds(600), agent, "read", "https://hr.example.com/employees/1", false,
                List.of("INTENT_MISMATCH"), last.scope()));
        SettableClock clock = new SettableClock();
        List<Verdict> live = new ArrayList<>();
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("audit.db"))) {
            AuditLog log = new AuditLog(store, clock);
            Guard guard = new Guard(GuardConfig.defaults());
            log.append("registry", "operator", agent, Jsonp.PROVIDER.createObjectBuilder().add("action", "register").build());
            for (Observation o : traffic) {
                clock.now.set(o.at().plusMillis(3));
                var d = DecisionAuditor.draft(o, "gateway", List.of());
                AuditEntry e = log.append(d.type(), d.actor(), d.subject(), d.details());
                live.add(guard.observe(GuardService.observation(e).orElseThrow()));
            }
            Guard fresh = new Guard(GuardConfig.defaults());
            List<Verdict> replayed = new ArrayList<>();
            for (AuditEntry e : log.entries(0, 100_000)) {
                GuardService.observation(e).ifPresent(o -> replayed.add(fresh.observe(o)));
            }
            assertEquals(live, replayed);
        }
        assertTrue(live.get(live.size() - 1).suspend(), live.get(live.size() - 1).toString());
        assertTrue(live.size() > 200);
    }
}
