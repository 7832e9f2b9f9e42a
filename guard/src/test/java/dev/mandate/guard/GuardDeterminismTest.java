package dev.mandate.guard;

import dev.mandate.guard.sim.TrafficGenerator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardDeterminismTest {
    @Test
    void sameStreamSameVerdicts() {
        List<Observation> obs = new TrafficGenerator(11, 10, Duration.ofDays(2)).generate().observations();
        List<Verdict> a = new ArrayList<>();
        List<Verdict> b = new ArrayList<>();
        Guard ga = new Guard(GuardConfig.defaults());
        Guard gb = new Guard(GuardConfig.defaults());
        for (Observation o : obs) a.add(ga.observe(o));
        for (Observation o : obs) b.add(gb.observe(o));
        assertEquals(a, b);
        assertTrue(a.stream().anyMatch(v -> !v.signals().isEmpty()), "some signals to compare");
    }

    @Test
    void replayFromJsonGivesTheSameVerdicts() {
        List<Observation> obs = new TrafficGenerator(12, 5, Duration.ofDays(2)).generate().observations();
        Guard live = new Guard(GuardConfig.defaults());
        Guard replay = new Guard(GuardConfig.defaults());
        for (Observation o : obs) {
            Observation back = Observation.fromJson(o.toJson());
            assertEquals(o, back);
            assertEquals(live.observe(o), replay.observe(back));
        }
    }

    @Test
    void observationFromBadJsonNamesTheProblem() {
        var bad = dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder().add("seq", 1).add("agent", "a").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Observation.fromJson(bad));
        assertTrue(e.getMessage().startsWith("not a guard observation"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void agentsInParallelGiveTheSameVerdictsAsInSequence() throws Exception {
        List<Observation> obs = new TrafficGenerator(13, 16, Duration.ofDays(2)).generate().observations();
        Guard seq = new Guard(GuardConfig.defaults());
        Map<Long, Verdict> expected = new HashMap<>();
        for (Observation o : obs) expected.put(o.seq(), seq.observe(o));
        Map<String, List<Observation>> perAgent = new HashMap<>();
        for (Observation o : obs) perAgent.computeIfAbsent(o.agent(), k -> new ArrayList<>()).add(o);
        Guard par = new Guard(GuardConfig.defaults());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Verdict>>> fs = new ArrayList<>();
            for (List<Observation> list : perAgent.values()) {
                fs.add(pool.submit(() -> {
                    List<Verdict> out = new ArrayList<>();
                    for (Observation o : list) out.add(par.observe(o));
                    return out;
                }));
            }
            int n = 0;
            for (Future<List<Verdict>> f : fs) {
                for (Verdict v : f.get()) {
                    assertEquals(expected.get(v.seq()), v);
                    n++;
                }
            }
            assertEquals(obs.size(), n);
        } finally {
            pool.shutdown();
        }
    }

    /** Whatever the traffic, nobody is suspended while learning, and scores are never negative. */
    @Property(tries = 20)
    void neverSuspendedWhileLearning(@ForAll @IntRange(min = 1, max = 1_000_000) int seed) {
        Guard g = new Guard(GuardConfig.defaults());
        for (Observation o : new TrafficGenerator(seed, 3, Duration.ofHours(30)).generate().observations()) {
            Verdict v = g.observe(o);
            assertTrue(v.score() >= 0);
            if (v.learning()) assertFalse(v.suspend());
            assertEquals(v.suspend(), !v.learning() && v.score() >= 1.0);
        }
    }
}
