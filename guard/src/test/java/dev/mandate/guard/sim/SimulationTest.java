package dev.mandate.guard.sim;

import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.Signal;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationTest {
    @Test
    void generatorIsDeterministic() {
        var a = new TrafficGenerator(3, 20, Duration.ofDays(2)).generate().observations();
        var b = new TrafficGenerator(3, 20, Duration.ofDays(2)).generate().observations();
        var c = new TrafficGenerator(4, 20, Duration.ofDays(2)).generate().observations();
        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void normalTrafficLooksLikeTheDescription() {
        TrafficGenerator gen = new TrafficGenerator(1, 100, Duration.ofDays(7));
        List<Observation> obs = gen.generate().observations();
        assertTrue(obs.size() > 100_000, "about 1,500 calls per agent and week: " + obs.size());
        long denied = 0;
        Set<String> weekendIdle = gen.agents().stream().filter(TrafficGenerator.Agent::weekendIdle).map(TrafficGenerator.Agent::id)
                .collect(Collectors.toSet());
        assertFalse(weekendIdle.isEmpty());
        Set<String> roles = new HashSet<>();
        for (int i = 0; i < obs.size(); i++) {
            Observation o = obs.get(i);
            assertEquals(i, o.seq());
            if (i > 0) assertFalse(o.at().isBefore(obs.get(i - 1).at()), "time-ordered");
            if (!o.allowed()) {
                denied++;
                assertFalse(o.denyCodes().isEmpty());
            }
            DayOfWeek d = o.at().atOffset(ZoneOffset.UTC).getDayOfWeek();
            if (d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY) assertFalse(weekendIdle.contains(o.agent()), o.toString());
            roles.add(o.agent().replaceAll("did:example:(.*)-\\d+", "$1"));
        }
        double rate = denied / (double) obs.size();
        assertTrue(rate > 0.001 && rate < 0.01, "ordinary denials are rare: " + rate);
        assertEquals(Set.of("procurement", "hr-assistant", "devops", "support", "finance"), roles);
    }

    @Test
    void injectionsAppearInTheTraffic() {
        TrafficGenerator gen = new TrafficGenerator(2, 50, Duration.ofDays(7));
        List<String> notInjected = new ArrayList<>();
        List<Misbehaviour> ms = Evaluation.scenarios(gen, 2, 250, notInjected);
        assertEquals(List.of(), notInjected);
        assertEquals(Evaluation.SCENARIOS.size() * 2, ms.size());
        assertEquals(ms.size(), ms.stream().map(Misbehaviour::agent).distinct().count(), "each into a different agent");
        TrafficGenerator.Traffic t = gen.generate(ms);
        for (int k = 0; k < ms.size(); k++) {
            long first = t.injectedSeqs().get(k);
            assertTrue(first >= 0, ms.get(k).toString());
            Observation o = t.observations().get((int) first);
            assertEquals(ms.get(k).agent(), o.agent());
            assertFalse(o.at().isBefore(ms.get(k).start()));
        }
    }

    @Test
    void wrongRoleForAScenarioIsRefused() {
        TrafficGenerator gen = new TrafficGenerator(2, 10, Duration.ofDays(3));
        String devops = gen.agents().stream().filter(a -> a.role() == TrafficGenerator.Role.DEVOPS).findFirst().orElseThrow().id();
        var m = new Misbehaviour.ImprobableSequence(devops, gen.start().plus(Duration.ofDays(2)), 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> gen.generate(List.of(m)));
        assertEquals("improbable-sequence needs a procurement agent, " + devops + " is devops", e.getMessage());
    }

    /** The figure from the issue: a replayed week of 100 agents, no false suspension, every injected misbehaviour caught. */
    @Test
    void aWeekOfHundredAgents() {
        Evaluation.Result r = Evaluation.run(GuardConfig.defaults(), 1, 100, 7);
        assertEquals(List.of(), r.falseSuspensions());
        assertEquals(0, r.falseSuspendedAgents());
        assertEquals(List.of(), r.notInjected());
        assertEquals(12, r.detections().size());
        for (Evaluation.Detection d : r.detections()) assertTrue(d.detected(), d.toString());
        assertEquals(Set.copyOf(Evaluation.SCENARIOS), r.detections().stream().map(Evaluation.Detection::scenario).collect(Collectors.toSet()));
        // the rule made for each scenario is the one that catches it
        for (Evaluation.Detection d : r.detections()) {
            String expected = switch (d.scenario()) {
                case "out-of-scope-denied", "out-of-scope-allowed" -> Signal.NOVEL_RESOURCE;
                case "rate-burst" -> Signal.RATE_BURST;
                case "improbable-sequence" -> Signal.IMPROBABLE_SEQUENCE;
                case "repeated-denials" -> Signal.REPEATED_DENIALS;
                default -> Signal.SILENCE;
            };
            assertTrue(d.rules().contains(expected) || d.scenario().equals("out-of-scope-allowed"), d.toString());
            // a return from silence is alerted, never suspended on its own
            assertTrue(d.verdict().startsWith((d.scenario().equals("silence") ? "OK " : "SUSPEND ") + d.agent()), d.verdict());
        }
        // on normal traffic only the weak rules fire, and never enough to come near the threshold
        assertEquals(Set.of(), intersection(r.normalSignals().keySet(), Set.of(Signal.RATE_BURST, Signal.REPEATED_DENIALS, Signal.SILENCE)));
        // action-volume adds a little on normal peaks (25 reads of a family in an hour against a usual most of 7):
        // the margin is smaller than with five rules (0.59 here), but the threshold is not reached
        assertTrue(r.normalPeakScore() < 0.95, "margin to the threshold: " + r.normalPeakScore());
        assertTrue(r.observations() > 100_000);
    }

    @Test
    void anotherSeedAndSize() {
        Evaluation.Result r = Evaluation.run(GuardConfig.defaults(), 2, 40, 7);
        assertEquals(0, r.falseSuspendedAgents(), r.falseSuspensions().toString());
        assertEquals(Evaluation.SCENARIOS.size(), r.detections().size());
        assertTrue(r.allDetected(), r.detections().toString());
    }

    @Test
    void evaluationIsDeterministic() {
        Evaluation.Result a = Evaluation.run(GuardConfig.defaults(), 9, 20, 4);
        Evaluation.Result b = Evaluation.run(GuardConfig.defaults(), 9, 20, 4);
        assertEquals(a.detections(), b.detections());
        assertEquals(a.falseSuspensions(), b.falseSuspensions());
        assertEquals(a.normalSignals(), b.normalSignals());
        assertEquals(a.notInjected(), b.notInjected());
        assertTrue(a.notInjected().contains("silence: needs at least 7 days (two to learn, four and a half dormant)"), a.notInjected().toString());
    }

    @Test
    void aHairTriggerThresholdDoesSuspendNormalAgents() {
        // the evaluation can tell a bad configuration: with threshold 0.3 single weak signals suspend
        Evaluation.Result r = Evaluation.run(GuardConfig.defaults().withThreshold(0.3), 3, 20, 4);
        assertTrue(r.falseSuspendedAgents() > 0, r.toString());
    }

    @Test
    void tooShortForInjections() {
        Evaluation.Result r = Evaluation.run(GuardConfig.defaults(), 1, 10, 2);
        assertEquals(List.of("all scenarios: need at least 3 days (2 to learn, then time to misbehave)"), r.notInjected());
        assertEquals(List.of(), r.detections());
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
        Set<String> s = new HashSet<>(a);
        s.retainAll(b);
        return s;
    }
}
