package dev.mandate.guard.sim;

import dev.mandate.guard.GuardConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The issue-18 acceptance on the two traffic models written apart from the rules (seeds outside the tuning
 * set): working hours, nightly batches, weekends, on-call silence and a legitimate /v2/ migration, with the
 * default configuration: no clean agent suspended, and the time-of-day, per-action volume, scope and denial
 * misbehaviours caught.
 */
class TrafficModelsTest {
    static final Set<String> MUST_CATCH = Set.of("time-of-day", "action-volume", "repeated-denials");

    @ParameterizedTest
    @CsvSource({"archetypes, 21, 20", "jobs, 303, 24"})
    void defaultsSuspendNoCleanAgentAndCatchWhatTheyMust(String model, long seed, int agents) {
        LabelledTraffic t = Models.generate(model, seed, agents, 14, GuardConfig.defaults());
        assertEquals(7, t.injections().size(), t.injections().toString());
        Scorecard s = Scorecard.score(GuardConfig.defaults(), t);
        assertEquals(List.of(), s.falses(), "false suspensions");
        for (Scorecard.Outcome o : s.outcomes()) {
            String name = o.injection().name();
            boolean must = MUST_CATCH.contains(o.injection().rule()) || name.equals("out-of-scope-reads");
            if (must) assertTrue(o.detected(), "missed " + name + " " + o.injection());
        }
        String tables = Scorecard.tables(List.of(s));
        assertTrue(tables.contains("| time-of-day | 2 | 2 | 2 | 1.00 |"), tables);
    }

    @Test
    void theModelsAreDeterministicAndDifferBySeed() {
        LabelledTraffic a = ArchetypeModel.generate(4, 10, 3);
        assertEquals(a, ArchetypeModel.generate(4, 10, 3));
        assertFalse(a.observations().equals(ArchetypeModel.generate(5, 10, 3).observations()));
        LabelledTraffic j = JobModel.generate(4, 12, 3);
        assertEquals(j, JobModel.generate(4, 12, 3));
        assertTrue(j.injections().isEmpty(), "no injection before day 14");
    }

    @Test
    void anUnknownModelIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Models.generate("nope", 1, 5, 1, GuardConfig.defaults()));
        assertEquals("unknown traffic model \"nope\" (known: generator, archetypes, jobs)", e.getMessage());
    }
}
