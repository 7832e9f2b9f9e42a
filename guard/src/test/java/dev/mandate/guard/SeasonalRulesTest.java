package dev.mandate.guard;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The time-of-day and action-volume rules, and silence that never suspends alone, on small hand-written
 * agents: a weekday office bot (08-18 UTC), a payments agent, an on-call agent. Each rule is also attacked.
 */
class SeasonalRulesTest {
    /** Monday 2026-03-02 00:00 UTC. */
    static final Instant MONDAY = Instant.parse("2026-03-02T00:00:00Z");
    static final String AGENT = "did:example:office-bot";
    static final List<Scope> SCOPE = List.of(new Scope("read", "https://crm.example.com/"), new Scope("pay", "https://pay.example.com/transfers"));

    long seq;

    Observation call(Instant at, String action, String url) {
        return new Observation(seq++, at, AGENT, action, url, true, List.of(), SCOPE);
    }

    Observation pay(Instant at, double amount) {
        return new Observation(seq++, at, AGENT, "pay", "https://pay.example.com/transfers", true, List.of(), SCOPE, amount, "EUR");
    }

    /** Two weeks of a weekday bot: 08-18 UTC, about 20 reads an hour, 1-2 payments of 50-150 EUR a working hour. */
    List<Verdict> officeWeeks(Guard g, int days) {
        SplittableRandom r = new SplittableRandom(7);
        List<Observation> obs = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant day = MONDAY.plus(Duration.ofDays(d));
            if (d % 7 >= 5) continue; // weekend
            for (int h = 8; h < 18; h++) {
                for (int i = 0; i < 20; i++) {
                    obs.add(call(day.plusSeconds(h * 3600L + r.nextInt(3600)), "read", "https://crm.example.com/tickets/" + r.nextInt(100_000)));
                }
                for (int i = 0; i < 1 + r.nextInt(2); i++) obs.add(pay(day.plusSeconds(h * 3600L + r.nextInt(3600)), 50 + r.nextInt(100)));
            }
        }
        obs.sort(java.util.Comparator.comparing(Observation::at));
        List<Verdict> out = new ArrayList<>();
        for (Observation o : obs) out.add(g.observe(o));
        return out;
    }

    static Signal signal(Verdict v, String rule) {
        return v.signals().stream().filter(s -> s.rule().equals(rule)).findFirst().orElse(null);
    }

    Guard trained() {
        Guard g = new Guard(GuardConfig.defaults());
        for (Verdict v : officeWeeks(g, 12)) assertFalse(v.suspend(), v.toString());
        return g;
    }

    /** Two working weeks end on Friday of week 2 (day 11); day 13 is the second Sunday. */
    static final Instant SUNDAY = MONDAY.plus(Duration.ofDays(13));

    @Test
    void workAtThreeOnASundayIsSuspendedWithinAFewCalls() {
        Guard g = trained();
        Verdict last = null;
        int n = 0;
        for (int i = 0; i < 60 && (last == null || !last.suspend()); i++, n++) {
            last = g.observe(call(SUNDAY.plusSeconds(3 * 3600 + i * 60L), "read", "https://crm.example.com/tickets/" + i));
            if (i == 0) {
                Signal s = signal(last, Signal.TIME_OF_DAY);
                assertNotNull(s, last.toString());
                assertTrue(s.explanation().contains("03:00-03:59 UTC on a weekend"), s.explanation());
            }
        }
        assertTrue(last.suspend(), last.toString());
        // about half an hour's usual volume (22 calls an hour here) reaches the threshold
        assertTrue(n <= 15, "suspended after " + n + " calls");
    }

    @Test
    void aSaturdayMorningAtUsualHoursIsNotUnusual() {
        Guard g = trained();
        Instant saturday = MONDAY.plus(Duration.ofDays(12));
        for (int i = 0; i < 40; i++) {
            Verdict v = g.observe(call(saturday.plusSeconds(10 * 3600 + i * 60L), "read", "https://crm.example.com/tickets/" + i));
            assertNull(signal(v, Signal.TIME_OF_DAY), v.toString());
            assertFalse(v.suspend(), v.toString());
        }
    }

    @Test
    void anHourNextToTheUsualOnesIsNotUnusual() {
        Guard g = trained();
        Instant friday = MONDAY.plus(Duration.ofDays(11));
        for (int i = 0; i < 30; i++) {
            Verdict v = g.observe(call(friday.plusSeconds(18 * 3600 + 30 * 60 + i * 60L), "read", "https://crm.example.com/tickets/" + i));
            assertNull(signal(v, Signal.TIME_OF_DAY), v.toString());
        }
    }

    @Test
    void spreadingCallsOverManyNightHoursDoesNotEvadeTheRule() {
        // attacker: 1 call every 40 minutes through the night, so the 15-minute half-life forgets each one
        Guard g = trained();
        Instant night = MONDAY.plus(Duration.ofDays(11)).plusSeconds(19 * 3600 + 1800); // Friday 19:30
        Verdict last = null;
        int n = 0;
        for (int i = 0; i < 40 && (last == null || !last.suspend()); i++, n++) {
            last = g.observe(call(night.plusSeconds(i * 2400L), "read", "https://crm.example.com/customers/" + i));
        }
        assertTrue(last.suspend(), "the volume counts over 24 h, not the half-life: " + last);
        // some of them fall within an hour of the working day (19:xx, 07:xx) and do not count
        assertTrue(n <= 20, "suspended after " + n + " spread calls");
    }

    @Test
    void anAgentWithoutRegularHoursIsNeverJudgedByTheClock() {
        // on-call: an hour-long incident every 4 days, at a different hour each time
        Guard g = new Guard(GuardConfig.defaults());
        int[] hours = {2, 14, 21, 9, 4};
        Verdict last = null;
        for (int k = 0; k < hours.length; k++) {
            Instant start = MONDAY.plus(Duration.ofDays(4L * k)).plusSeconds(hours[k] * 3600L);
            for (int i = 0; i < 120; i++) {
                last = g.observe(call(start.plusSeconds(i * 30L), "read", "https://crm.example.com/tickets/" + i));
                assertNull(signal(last, Signal.TIME_OF_DAY), last.toString());
                assertFalse(last.suspend(), "an on-call agent returning for an incident is not suspended: " + last);
            }
        }
        assertTrue(last != null && !last.learning());
    }

    // ---- action volume ----

    @Test
    void fortyPaymentsInTenMinutesAreSuspended() {
        Guard fresh = trained();
        Verdict last = null;
        int n = 0;
        for (int i = 0; i < 40 && (last == null || !last.suspend()); i++, n++) {
            last = fresh.observe(pay(MONDAY.plus(Duration.ofDays(14)).plusSeconds(11 * 3600 + i * 15L), 80));
        }
        assertTrue(last.suspend(), last.toString());
        Signal s = signal(last, Signal.ACTION_VOLUME);
        assertNotNull(s, last.toString());
        assertTrue(s.explanation().contains("pay https://pay.example.com/transfers"), s.explanation());
        assertTrue(n <= 25, "suspended after " + n + " payments");
        assertTrue(fresh.baseline(AGENT).orElseThrow().heldBack() > 0, "the burst is held back from the baseline");
    }

    @Test
    void aFewLargePaymentsAreCaughtByTheirAmount() {
        Guard g = trained();
        Instant monday = MONDAY.plus(Duration.ofDays(14)).plusSeconds(11 * 3600);
        Verdict last = null;
        for (int i = 0; i < 3 && (last == null || !last.suspend()); i++) {
            last = g.observe(pay(monday.plusSeconds(i * 60L), 4000));
        }
        Signal s = signal(last, Signal.ACTION_VOLUME);
        assertNotNull(s, last.toString());
        assertEquals("amount", s.evidence().getString("measure"));
        assertEquals("EUR", s.evidence().getString("currency"));
        assertTrue(last.suspend(), last.toString());
    }

    @Test
    void paymentsAtTheUsualPaceAreQuiet() {
        Guard g = trained();
        Instant monday = MONDAY.plus(Duration.ofDays(14)).plusSeconds(9 * 3600);
        for (int i = 0; i < 6; i++) {
            Verdict v = g.observe(pay(monday.plusSeconds(i * 1200L), 120));
            assertNull(signal(v, Signal.ACTION_VOLUME), v.toString());
        }
    }

    @Test
    void anAttackerCannotRaiseTheUsualVolumeByBurstingDuringTheBurst() {
        // the window that suspended is held back: its count never becomes the usual maximum
        Guard g = trained();
        Instant t = MONDAY.plus(Duration.ofDays(14)).plusSeconds(11 * 3600);
        Verdict last = null;
        for (int i = 0; i < 40; i++) last = g.observe(pay(t.plusSeconds(i * 15L), 80));
        assertTrue(last.suspend() || last.score() > 1, last.toString());
        // the next hour, same burst again: still far above the usual
        Guard again = g;
        Verdict second = null;
        boolean fired = false;
        for (int i = 0; i < 40; i++) {
            second = again.observe(pay(t.plusSeconds(3600 + i * 15L), 80));
            fired |= signal(second, Signal.ACTION_VOLUME) != null;
        }
        assertTrue(fired, "a repeated burst is not learned as usual: " + second);
    }

    @Test
    void dismissFoldsTheHeldBackBehaviourIntoTheBaseline() {
        Guard g = trained();
        Instant night = SUNDAY.plusSeconds(3 * 3600);
        Verdict last = null;
        for (int i = 0; i < 30; i++) last = g.observe(call(night.plusSeconds(i * 60L), "read", "https://crm.example.com/tickets/" + i));
        assertTrue(last.suspend() || last.score() >= 1, last.toString());
        int held = g.baseline(AGENT).orElseThrow().heldBack();
        assertTrue(held > 0);
        assertEquals(held, g.dismiss(AGENT));
        assertEquals(0, g.baseline(AGENT).orElseThrow().heldBack());
        assertEquals(0.0, g.baseline(AGENT).orElseThrow().risk(), 1e-9);
        // the next Sunday night, the same work is now familiar at that hour
        Verdict v = g.observe(call(night.plus(Duration.ofDays(7)), "read", "https://crm.example.com/tickets/1"));
        assertNull(signal(v, Signal.TIME_OF_DAY), v.toString());
    }
}
