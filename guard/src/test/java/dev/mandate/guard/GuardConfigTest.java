package dev.mandate.guard;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardConfigTest {
    private static JsonObject json(String s) {
        return Jsonp.PROVIDER.createReader(new StringReader(s)).readObject();
    }

    private static String refused(String s) {
        GuardConfigException e = assertThrows(GuardConfigException.class, () -> GuardConfig.fromJson(json(s)));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), "no class names: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        GuardConfig d = GuardConfig.defaults();
        assertEquals(1.0, d.threshold());
        assertEquals(Duration.ofMinutes(15), d.halfLife());
        assertEquals(200, d.learning().minObservations());
        assertEquals(Duration.ofHours(24), d.learning().minDuration());
        assertEquals(1.0, d.novelResource().outOfScopeScore());
        assertEquals(Duration.ofMinutes(1), d.rateBurst().window());
        assertEquals(6.0, d.rateBurst().stddevs());
        assertEquals(30, d.rateBurst().minCount());
        assertEquals(1, d.improbableSequence().order());
        assertEquals(5, d.repeatedDenials().count());
        assertEquals(Duration.ofHours(72), d.silence().minGap());
        assertTrue(d.novelResource().enabled() && d.rateBurst().enabled() && d.improbableSequence().enabled()
                && d.repeatedDenials().enabled() && d.silence().enabled());
    }

    @Test
    void roundTripsThroughJson() throws Exception {
        GuardConfig d = GuardConfig.defaults();
        assertEquals(d, GuardConfig.fromJson(d.toJson()));
        GuardConfig custom = GuardConfig.fromJson(json("""
                {"threshold": 2.5, "halfLife": "PT1H", "learning": {"minObservations": 10, "minDuration": "PT2H", "holdBack": 0.3},
                 "rateBurst": {"enabled": false, "window": "PT5M", "minCount": 100},
                 "improbableSequence": {"order": 2, "floor": 0.05}, "silence": {"score": 0.4, "minGap": "P7D"}}"""));
        assertEquals(2.5, custom.threshold());
        assertEquals(Duration.ofHours(1), custom.halfLife());
        assertEquals(10, custom.learning().minObservations());
        assertFalse(custom.rateBurst().enabled());
        assertEquals(Duration.ofMinutes(5), custom.rateBurst().window());
        assertEquals(100, custom.rateBurst().minCount());
        assertEquals(6.0, custom.rateBurst().stddevs(), "members left out keep their defaults");
        assertEquals(2, custom.improbableSequence().order());
        assertEquals(Duration.ofDays(7), custom.silence().minGap());
        assertEquals(custom, GuardConfig.fromJson(custom.toJson()));
    }

    @Test
    void emptyObjectIsTheDefaults() throws Exception {
        assertEquals(GuardConfig.defaults(), GuardConfig.fromJson(json("{}")));
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        String m = refused("{\"treshold\": 1.0}");
        assertTrue(m.contains("unknown field treshold"), m);
        m = refused("{\"rateBurst\": {\"stdevs\": 3}}");
        assertTrue(m.contains("unknown field rateBurst.stdevs"), m);
        assertTrue(m.contains("stddevs"), "lists the known fields: " + m);
    }

    @Test
    void badValuesAreRefusedByName() {
        assertTrue(refused("{\"threshold\": -1}").contains("threshold must be a positive number"));
        assertTrue(refused("{\"threshold\": \"high\"}").contains("threshold must be a number"));
        assertTrue(refused("{\"halfLife\": \"15 minutes\"}").contains("halfLife must be an ISO-8601 duration"));
        assertTrue(refused("{\"halfLife\": \"PT0S\"}").contains("halfLife must be a positive duration"));
        assertTrue(refused("{\"improbableSequence\": {\"order\": 3}}").contains("improbableSequence.order must be 1 or 2"));
        assertTrue(refused("{\"improbableSequence\": {\"floor\": 1.5}}").contains("improbableSequence.floor"));
        assertTrue(refused("{\"repeatedDenials\": {\"count\": 2.5}}").contains("repeatedDenials.count must be an integer"));
        assertTrue(refused("{\"repeatedDenials\": {\"count\": 0}}").contains("repeatedDenials.count must be a positive number"));
        assertTrue(refused("{\"silence\": {\"enabled\": \"yes\"}}").contains("silence.enabled must be true or false"));
        assertTrue(refused("{\"learning\": 5}").contains("learning must be an object"));
        assertTrue(refused("{\"learning\": {\"holdBack\": 0}}").contains("learning.holdBack"));
    }

    @Test
    void withThresholdChangesOnlyTheThreshold() {
        GuardConfig c = GuardConfig.defaults().withThreshold(3);
        assertEquals(3, c.threshold());
        assertEquals(GuardConfig.defaults().rateBurst(), c.rateBurst());
    }
}
