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

    @Test
    void theSeasonalRulesAndAmountsReplayExactlyToo() throws Exception {
        // two agents of the archetype model: a support bot working at 03:00 on a Sunday, a procurement agent
        // paying 40 times in 10 minutes (with amounts), both through the log and back
        var t = dev.mandate.guard.sim.Models.generate("archetypes", 21, 10, 14, GuardConfig.defaults());
        java.util.Set<String> keep = java.util.Set.of("did:example:a-support-01", "did:example:a-procurement-01");
        List<Observation> traffic = t.observations().stream().filter(o -> keep.contains(o.agent())).toList();
        assertTrue(traffic.stream().anyMatch(Observation::hasAmount));
        List<Verdict> live = new ArrayList<>();
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("seasonal.db"))) {
            AuditLog log = new AuditLog(store);
            Guard guard = new Guard(GuardConfig.defaults());
            for (int i = 0; i < traffic.size(); i += 500) {
                List<dev.mandate.registry.audit.AuditDraft> batch = new ArrayList<>();
                for (Observation o : traffic.subList(i, Math.min(traffic.size(), i + 500))) batch.add(DecisionAuditor.draft(o, "gateway", List.of()));
                for (AuditEntry e : log.appendAll(batch)) live.add(guard.observe(GuardService.observation(e).orElseThrow()));
            }
            Guard fresh = new Guard(GuardConfig.defaults());
            List<Verdict> replayed = new ArrayList<>();
            for (long from = 0; from < log.size(); from += 1000) {
                for (AuditEntry e : log.entries(from, 1000)) GuardService.observation(e).ifPresent(o -> replayed.add(fresh.observe(o)));
            }
            assertEquals(live, replayed);
            // the amounts came back from the log
            AuditEntry pay = log.entries(0, 100_000).stream().filter(e -> e.details().contains("\"amt\"")).findFirst().orElseThrow();
            assertTrue(GuardService.observation(pay).orElseThrow().hasAmount());
        }
        java.util.Set<String> rules = new java.util.HashSet<>();
        live.forEach(v -> v.signals().forEach(x -> rules.add(x.rule())));
        assertTrue(rules.contains("time-of-day") && rules.contains("action-volume"), rules.toString());
        assertTrue(live.stream().filter(Verdict::suspend).map(Verdict::agent).distinct().count() == 2, "both misbehaviours suspend");
    }
}
