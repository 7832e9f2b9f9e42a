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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An on-call responder: silent for days between bursty incidents. Its next incident, even one busier than
 * any before, is not a suspension; but an attacker cannot hide behind that pattern: a return from silence
 * followed by a burst of out-of-pattern work, or by a burst far above anything the agent does, is suspended.
 */
class OnCallBurstTest {
    static final Instant START = Instant.parse("2026-03-02T08:00:00Z");
    static final String AGENT = "did:example:on-call";
    static final String HOST = "https://ops.example.com";
    static final List<Scope> SCOPE = List.of(new Scope("read", HOST + "/"), new Scope("write", HOST + "/restarts"));
    static final String[] WORKFLOW = {"/alerts/%d", "/services/%d/logs", "/services/%d/metrics", "/services/%d/logs"};

    long seq;
    final SplittableRandom random = new SplittableRandom(18);

    Observation call(Instant at, String action, String url) {
        return new Observation(seq++, at, AGENT, action, url, true, List.of(), SCOPE);
    }

    /** An incident: minutes of 2-14 calls each in the responder's usual order, a restart now and then. */
    List<Observation> incident(Instant from, int minutes, int maxPerMinute) {
        List<Observation> out = new ArrayList<>();
        int step = 0;
        for (int m = 0; m < minutes; m++) {
            int n = 2 + random.nextInt(maxPerMinute - 1);
            for (int i = 0; i < n; i++) {
                Instant at = from.plusSeconds(m * 60L + i * (59L / n));
                if (step % 13 == 12) out.add(call(at, "write", HOST + "/restarts/" + random.nextInt(1_000_000)));
                else out.add(call(at, "read", HOST + String.format(WORKFLOW[step % WORKFLOW.length], random.nextInt(1_000_000))));
                step++;
            }
        }
        return out;
    }

    /** Four incidents of 40 minutes (2 to maxPerMinute calls a minute), 1-2 days apart: past the learning period, rate history thin and bursty. */
    Guard trained() {
        return trained(14);
    }

    Guard trained(int maxPerMinute) {
        Guard g = new Guard(GuardConfig.defaults());
        Instant at = START;
        for (int k = 0; k < 4; k++) {
            for (Observation o : incident(at, 40, maxPerMinute)) assertFalse(g.observe(o).suspend(), "incident " + k + ": " + o);
            at = at.plus(Duration.ofHours(30 + 6 * k));
        }
        return g;
    }

    static Signal signal(Verdict v, String rule) {
        return v.signals().stream().filter(s -> s.rule().equals(rule)).findFirst().orElse(null);
    }

    /**
     * Eight days later: silence fires (an alert), then the incident opens with a minute of 31 calls, over twice
     * its busiest minute and far above its overall rate (quiet minutes included), then goes on at its usual
     * pace. Not a suspension: the silence already scored the return, and the burst is judged against the
     * minutes the agent was active.
     */
    @Test
    void aReturningResponderBusierThanEverIsNotSuspended() {
        Guard g = trained(8);
        Baseline before = g.baseline(AGENT).orElseThrow();
        assertFalse(before.learning(), before.toString());
        Instant back = before.lastAt().plus(Duration.ofDays(8));
        Verdict first = g.observe(call(back, "read", HOST + "/alerts/1"));
        assertNotNull(signal(first, Signal.SILENCE), first.toString());
        List<Observation> rest = new ArrayList<>();
        for (int i = 0; i < 31; i++) rest.add(call(back.plusSeconds(60 + i), "read", HOST + String.format(WORKFLOW[i % WORKFLOW.length], 5000 + i)));
        rest.addAll(incident(back.plusSeconds(120), 10, 8));
        double highest = 0;
        for (Observation o : rest) {
            Verdict v = g.observe(o);
            highest = Math.max(highest, v.score());
            assertFalse(v.suspend(), "an on-call agent's incident after a silence: " + v.toJson());
        }
        // against the overall statistics this minute is over 6 sd: level 1, and doubled by the return it
        // would have suspended (0.5 + 2 x 0.4)
        double z = (31 - before.rateMean()) / Math.max(1, before.rateStddev());
        assertTrue(z >= 6, "the test burst must be far above the overall rate: z=" + z + " " + before);
        assertTrue(highest < 1.0, "highest " + highest);
    }

    /** Silence, then out-of-pattern work at the incident's pace: every deviation counts double and suspends. */
    @Test
    void silenceThenABurstOfOutOfPatternWorkIsSuspended() {
        Guard g = trained();
        Instant back = g.baseline(AGENT).orElseThrow().lastAt().plus(Duration.ofDays(8));
        assertNotNull(signal(g.observe(call(back, "read", HOST + "/alerts/1")), Signal.SILENCE));
        String[] loot = {"/secrets/%d", "/users/%d/keys", "/billing/accounts/%d", "/backups/%d/download", "/audit/exports/%d"};
        Verdict last = null;
        int calls = 0;
        for (int i = 0; i < 100 && (last == null || !last.suspend()); i++, calls++) {
            last = g.observe(call(back.plusSeconds(2 + i), "read", HOST + String.format(loot[i % loot.length], 7000 + i)));
        }
        assertTrue(last.suspend(), "never suspended: " + last);
        assertTrue(calls <= 5, "suspended only after " + calls + " calls: " + last);
        assertEquals(0.30, signal(last, Signal.NOVEL_RESOURCE).score(), 1e-9, "in-scope novelty counts double after the return: " + last);
    }

    /** Silence, then a burst of the agent's own calls far above anything it does: rate-burst alone suspends. */
    @Test
    void silenceThenAFloodOfOrdinaryCallsIsSuspended() {
        Guard g = trained();
        Instant back = g.baseline(AGENT).orElseThrow().lastAt().plus(Duration.ofDays(8));
        g.observe(call(back, "read", HOST + "/alerts/1"));
        Verdict last = null;
        int calls = 0;
        for (int i = 0; i < 600 && (last == null || !last.suspend()); i++, calls++) {
            last = g.observe(call(back.plusMillis(1000 + i * 100L), "read", HOST + String.format(WORKFLOW[i % WORKFLOW.length], 9000 + i)));
        }
        assertTrue(last.suspend(), "never suspended: " + last);
        Signal rate = signal(last, Signal.RATE_BURST);
        assertNotNull(rate, last.toString());
        assertTrue(rate.evidence().getBoolean("afterSilence"), rate.evidence().toString());
        assertTrue(calls <= 300, "suspended only after " + calls + " calls: " + last);
    }

    /** The same flood without a silence before it is caught too (the baseline, not the return, makes it a flood). */
    @Test
    void aFloodWithoutSilenceIsCaughtToo() {
        Guard g = trained();
        Instant next = g.baseline(AGENT).orElseThrow().lastAt().plus(Duration.ofHours(20));
        Verdict last = null;
        for (int i = 0; i < 600 && (last == null || !last.suspend()); i++) {
            last = g.observe(call(next.plusMillis(i * 100L), "read", HOST + String.format(WORKFLOW[i % WORKFLOW.length], 9000 + i)));
        }
        assertTrue(last.suspend(), "never suspended: " + last);
    }
}
