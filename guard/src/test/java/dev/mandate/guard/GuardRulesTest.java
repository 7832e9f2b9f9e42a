package dev.mandate.guard;

import dev.mandate.guard.sim.TrafficGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule on its scenario, after a procurement agent has learned three days of simulated normal work,
 * and each rule quiet on that normal work.
 */
class GuardRulesTest {
    static TrafficGenerator.Traffic training;
    static TrafficGenerator.Agent agent;
    static Instant end;

    @BeforeAll
    static void generate() {
        TrafficGenerator gen = new TrafficGenerator(5, 1, Duration.ofDays(3));
        training = gen.generate();
        agent = gen.agents().get(0);
        assertEquals(TrafficGenerator.Role.PROCUREMENT, agent.role());
        end = training.observations().get(training.observations().size() - 1).at();
    }

    /** A guard that has seen the training traffic; returns its verdicts there. */
    static List<Verdict> train(Guard g) {
        List<Verdict> out = new ArrayList<>();
        for (Observation o : training.observations()) out.add(g.observe(o));
        return out;
    }

    static Guard trained() {
        Guard g = new Guard(GuardConfig.defaults());
        train(g);
        assertFalse(g.baseline(agent.id()).orElseThrow().learning(), "learning is over after three days");
        return g;
    }

    long seq = 1_000_000;

    Observation call(Instant at, String action, String url, boolean allowed, String... codes) {
        return new Observation(seq++, at, agent.id(), action, url, allowed, List.of(codes), agent.scope());
    }

    static Signal signal(Verdict v, String rule) {
        return v.signals().stream().filter(s -> s.rule().equals(rule)).findFirst().orElse(null);
    }

    // ---- normal traffic ----

    @Test
    void normalTrafficNeverSuspendsAndOnlyWeakRulesFire() {
        Guard g = new Guard(GuardConfig.defaults());
        List<Verdict> vs = train(g);
        assertTrue(vs.size() > 300, "enough traffic: " + vs.size());
        for (Verdict v : vs) {
            assertFalse(v.suspend(), v.toString());
            if (v.learning()) continue;
            for (Signal s : v.signals()) {
                assertTrue(s.rule().equals(Signal.IMPROBABLE_SEQUENCE) || s.rule().equals(Signal.NOVEL_RESOURCE), "only weak signals: " + v);
                assertTrue(s.score() < 1.0, v.toString());
            }
            assertNull(signal(v, Signal.RATE_BURST), v.toString());
            assertNull(signal(v, Signal.REPEATED_DENIALS), v.toString());
            assertNull(signal(v, Signal.SILENCE), v.toString());
        }
        assertTrue(vs.stream().anyMatch(v -> !v.learning()), "past the learning period");
    }

    // ---- novel resource ----

    @Test
    void procurementAgentTouchingTheHrDatabaseIsSuspended() {
        Guard g = trained();
        Verdict v = g.observe(call(end.plusSeconds(3600), "read", "https://hr.example.com/employees/17", false, "outside-scope"));
        Signal s = signal(v, Signal.NOVEL_RESOURCE);
        assertNotNull(s, v.toString());
        assertEquals(1.0, s.score());
        assertTrue(s.explanation().startsWith("first use of read https://hr.example.com/employees/* : never used in "), s.explanation());
        assertTrue(s.explanation().contains("outside the agent's 3 capabilities"), s.explanation());
        assertFalse(s.evidence().getBoolean("inScope"));
        assertEquals("https://hr.example.com/employees/*", s.evidence().getString("family"));
        assertTrue(v.suspend());
        assertFalse(v.learning());
    }

    @Test
    void aNewIdOfAKnownResourceIsNotNovel() {
        Guard g = trained();
        Verdict v = g.observe(call(end.plusSeconds(3600), "read", "https://erp.example.com/purchase-orders/987654321", true));
        assertNull(signal(v, Signal.NOVEL_RESOURCE), v.toString());
        assertFalse(v.suspend());
    }

    @Test
    void aNewResourceInsideTheScopeScoresLow() {
        Guard g = trained();
        Verdict v = g.observe(call(end.plusSeconds(3600), "read", "https://erp.example.com/catalog/items", true));
        Signal s = signal(v, Signal.NOVEL_RESOURCE);
        assertNotNull(s);
        assertEquals(GuardConfig.defaults().novelResource().inScopeScore(), s.score());
        assertTrue(s.explanation().endsWith("inside its capabilities"), s.explanation());
        assertFalse(v.suspend());
        // learned: the second use is not novel
        Verdict again = g.observe(call(end.plusSeconds(7200), "read", "https://erp.example.com/catalog/items", true));
        assertNull(signal(again, Signal.NOVEL_RESOURCE), again.toString());
    }

    @Test
    void anUnparsableScopePatternMatchesNothing() {
        Guard g = new Guard(GuardConfig.defaults());
        Verdict v = g.observe(new Observation(1, Instant.parse("2026-03-04T10:00:00Z"), "did:example:a", "read", "https://erp.example.com/x",
                true, List.of(), List.of(new Scope("read", "not a url"))));
        Signal s = signal(v, Signal.NOVEL_RESOURCE);
        assertFalse(s.evidence().getBoolean("inScope"));
    }

    // ---- rate burst ----

    @Test
    void aRateBurstFiresAndSuspends() {
        Guard g = trained();
        Instant t = end.plusSeconds(3 * 3600).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Verdict firstFired = null;
        Verdict last = null;
        for (int i = 0; i < 45; i++) {
            last = g.observe(call(t.plusMillis(i * 1200L), "read", "https://erp.example.com/suppliers/" + (1000 + i), true));
            if (firstFired == null && signal(last, Signal.RATE_BURST) != null) firstFired = last;
        }
        assertNotNull(firstFired, "rate-burst fired");
        Signal s = signal(firstFired, Signal.RATE_BURST);
        assertEquals(30, s.evidence().getInt("count"), "fires at the minimum count");
        assertTrue(s.evidence().getJsonNumber("z").doubleValue() >= 6, s.toString());
        assertTrue(s.explanation().startsWith("30 calls in the 60.0 s since " + t.plusMillis(29 * 1200L - 60_000)), s.explanation());
        assertTrue(last.suspend(), last.toString());
    }

    @Test
    void aBusyButOrdinaryMinuteIsQuiet() {
        Guard g = trained();
        Instant t = end.plusSeconds(3 * 3600);
        for (int i = 0; i < 12; i++) {
            Verdict v = g.observe(call(t.plusSeconds(i * 4L), "read", "https://erp.example.com/suppliers/" + (1000 + i), true));
            assertNull(signal(v, Signal.RATE_BURST), v.toString());
        }
    }

    // ---- improbable sequence ----

    @Test
    void deleteRightAfterListAddsUpToASuspension() {
        Guard g = trained();
        Instant t = end.plusSeconds(4 * 3600);
        List<Verdict> deletes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            g.observe(call(t, "read", "https://erp.example.com/purchase-orders", true));
            t = t.plusSeconds(3);
            deletes.add(g.observe(call(t, "delete", "https://erp.example.com/purchase-orders/" + (500 + i), true)));
            t = t.plusSeconds(3);
        }
        Signal s = signal(deletes.get(0), Signal.IMPROBABLE_SEQUENCE);
        assertNotNull(s, deletes.get(0).toString());
        assertEquals(0.3, s.score());
        assertTrue(s.explanation().startsWith("improbable sequence read https://erp.example.com/purchase-orders -> delete https://erp.example.com/purchase-orders/*: followed it 0 of "),
                s.explanation());
        assertFalse(deletes.get(0).suspend(), "one improbable step is below the threshold");
        for (Verdict v : deletes) assertNotNull(signal(v, Signal.IMPROBABLE_SEQUENCE), "repeats stay improbable (not learned yet): " + v);
        assertTrue(deletes.get(3).suspend(), "four within seconds add up: " + deletes.get(3));
    }

    @Test
    void aTransitionIsLearnedOnlyAfterTheLag() {
        Guard g = trained();
        int before = g.baseline(agent.id()).orElseThrow().transitions();
        Instant t = end.plusSeconds(4 * 3600);
        g.observe(call(t, "read", "https://erp.example.com/purchase-orders", true));
        Verdict v = g.observe(call(t.plusSeconds(3), "delete", "https://erp.example.com/purchase-orders/9", true));
        assertNotNull(signal(v, Signal.IMPROBABLE_SEQUENCE));
        assertFalse(v.suspend());
        assertEquals(before, g.baseline(agent.id()).orElseThrow().transitions(), "pending, not yet in the model");
        g.observe(call(t.plus(Duration.ofMinutes(16)), "read", "https://erp.example.com/suppliers", true));
        assertEquals(before + 1, g.baseline(agent.id()).orElseThrow().transitions(), "committed after learnAfter");
    }

    @Test
    void theUsualWorkflowIsProbable() {
        Guard g = trained();
        Instant t = end.plusSeconds(4 * 3600);
        String[][] flow = {{"read", "https://erp.example.com/suppliers"}, {"read", "https://erp.example.com/suppliers/77"},
                {"write", "https://erp.example.com/purchase-orders"}, {"read", "https://erp.example.com/purchase-orders/78"},
                {"read", "https://erp.example.com/invoices/79"}};
        for (String[] c : flow) {
            Verdict v = g.observe(call(t, c[0], c[1], true));
            assertTrue(v.signals().isEmpty(), v.toString());
            t = t.plusSeconds(5);
        }
    }

    @Test
    void orderTwoModelAlsoFlagsTheInjectedSequence() throws Exception {
        GuardConfig c = GuardConfig.fromJson(dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder()
                .add("improbableSequence", dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder().add("order", 2).add("minContext", 10)).build());
        Guard g = new Guard(c);
        train(g);
        Instant t = end.plusSeconds(4 * 3600);
        g.observe(call(t, "read", "https://erp.example.com/purchase-orders", true));
        Verdict v = g.observe(call(t.plusSeconds(3), "delete", "https://erp.example.com/purchase-orders/1", true));
        Signal s = signal(v, Signal.IMPROBABLE_SEQUENCE);
        assertNotNull(s, v.toString());
        assertEquals("^ -> read https://erp.example.com/purchase-orders", s.evidence().getString("context"));
    }

    // ---- repeated denials ----

    @Test
    void probingThatIsDeniedAgainAndAgainFires() {
        Guard g = trained();
        Instant t = end.plusSeconds(5 * 3600);
        List<Verdict> vs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            vs.add(g.observe(call(t.plusSeconds(i * 10L), "write", "https://erp.example.com/purchase-orders", false, "constraint-violated")));
        }
        for (int i = 0; i < 4; i++) assertNull(signal(vs.get(i), Signal.REPEATED_DENIALS), vs.get(i).toString());
        Signal s = signal(vs.get(4), Signal.REPEATED_DENIALS);
        assertNotNull(s);
        assertEquals(5, s.evidence().getInt("denials"));
        assertTrue(s.explanation().startsWith("5 denied requests within 10.0 min (limit 5), the latest write https://erp.example.com/purchase-orders [constraint-violated]"),
                s.explanation());
        assertFalse(vs.get(4).suspend());
        assertNotNull(signal(vs.get(9), Signal.REPEATED_DENIALS));
        assertTrue(vs.get(9).suspend(), vs.get(9).toString());
    }

    @Test
    void denialsSpreadOutAreQuiet() {
        Guard g = trained();
        Instant t = end.plusSeconds(5 * 3600);
        for (int i = 0; i < 10; i++) {
            Verdict v = g.observe(call(t.plusSeconds(i * 180L), "write", "https://erp.example.com/purchase-orders", false, "grant-expired"));
            assertNull(signal(v, Signal.REPEATED_DENIALS), v.toString());
        }
    }

    // ---- silence ----

    @Test
    void useAfterALongSilenceFires() {
        Guard g = trained();
        Duration longest = g.baseline(agent.id()).orElseThrow().longestGap();
        Verdict v = g.observe(call(end.plus(Duration.ofDays(5)), "read", "https://erp.example.com/suppliers", true));
        Signal s = signal(v, Signal.SILENCE);
        assertNotNull(s, v.toString());
        assertTrue(s.explanation().startsWith("first call after 5.0 days of silence: the longest earlier gap was "), s.explanation());
        assertEquals(longest.toSeconds(), s.evidence().getJsonNumber("longestGapSeconds").longValue());
        assertFalse(v.suspend(), "silence alone never suspends (an on-call agent returning for an incident): " + v);
        assertEquals(0.5, v.score(), 1e-9);
    }

    @Test
    void aReturningAgentThatAlsoDeviatesIsSuspendedSooner() {
        // an in-scope new family on a known host scores 0.15: harmless alone, boosted x2 after a long silence
        Guard quiet = trained();
        Verdict plain = quiet.observe(call(end.plusSeconds(3600), "read", "https://erp.example.com/price-lists", true));
        assertEquals(0.15, signal(plain, Signal.NOVEL_RESOURCE).score(), 1e-9);
        Guard g = trained();
        Instant back = end.plus(Duration.ofDays(5));
        g.observe(call(back, "read", "https://erp.example.com/suppliers", true));
        Verdict v = g.observe(call(back.plusSeconds(5), "read", "https://erp.example.com/price-lists", true));
        assertEquals(0.30, signal(v, Signal.NOVEL_RESOURCE).score(), 1e-9, v.toString());
        assertTrue(v.score() > 0.75, v.toString());
        // an attacker cannot turn silence into a suspension by raising its score: the configuration refuses it
        GuardConfigException e = org.junit.jupiter.api.Assertions.assertThrows(GuardConfigException.class,
                () -> GuardConfig.fromJson(jakarta.json.Json.createObjectBuilder().add("silence", jakarta.json.Json.createObjectBuilder().add("score", 1.0)).build()));
        assertTrue(e.getMessage().contains("silence.score must be below the threshold"), e.getMessage());
    }

    @Test
    void aWeekendOffIsNotSilence() {
        Guard g = trained();
        Verdict v = g.observe(call(end.plus(Duration.ofHours(62)), "read", "https://erp.example.com/suppliers", true));
        assertNull(signal(v, Signal.SILENCE), v.toString());
        assertFalse(v.suspend());
    }

    // ---- learning, hold-back, forgetting ----

    @Test
    void noSuspensionDuringTheLearningPeriod() {
        Guard g = new Guard(GuardConfig.defaults());
        Instant t = Instant.parse("2026-03-04T09:00:00Z");
        Verdict v = null;
        for (int i = 0; i < 5; i++) {
            v = g.observe(call(t.plusSeconds(i), "read", "https://hr.example.com/salaries/" + i, false, "outside-scope"));
            assertTrue(v.learning());
            assertFalse(v.suspend(), v.toString());
        }
        assertNotNull(signal(v, Signal.REPEATED_DENIALS), "signals are reported while learning: " + v);
        assertEquals(v.signals().stream().mapToDouble(Signal::score).sum(), v.score(), 1e-9,
                "a learning verdict scores only its own signals: " + v);
    }

    @Test
    void riskFromTheLearningPeriodDoesNotCarryOverIntoTheFirstCallsAfterIt() {
        GuardConfig quick = GuardConfig.defaults();
        quick = new GuardConfig(quick.threshold(), quick.halfLife(), new GuardConfig.Learning(20, Duration.ZERO, quick.learning().holdBack()),
                quick.novelResource(), quick.rateBurst(), quick.improbableSequence(), quick.repeatedDenials(), quick.silence(),
                quick.timeOfDay(), quick.actionVolume(), quick.enforcement());
        Guard g = new Guard(quick);
        Instant t = Instant.parse("2026-03-04T09:00:00Z");
        String[] paths = {"suppliers", "suppliers/7", "purchase-orders/", "purchase-orders/9", "invoices/3"};
        for (int i = 0; i < 19; i++) {
            // every path is new at first: novel-resource signals while learning, within seconds (no decay)
            g.observe(call(t.plusSeconds(i), "read", "https://erp.example.com/" + paths[i % paths.length], true));
        }
        Verdict first = g.observe(call(t.plusSeconds(19), "read", "https://erp.example.com/suppliers", true));
        assertFalse(first.learning(), first.toString());
        assertFalse(first.suspend(), "a familiar call right after learning must not be suspended for what was learned: " + first);
        assertTrue(first.score() < quick.threshold(), first.toString());
    }

    @Test
    void learningNeedsBothTheObservationsAndTheDuration() {
        Guard g = new Guard(GuardConfig.defaults());
        Instant t = Instant.parse("2026-03-04T09:00:00Z");
        for (int i = 0; i < 300; i++) g.observe(call(t.plusSeconds(i * 10L), "read", "https://erp.example.com/suppliers/" + i, true));
        assertTrue(g.baseline(agent.id()).orElseThrow().learning(), "300 calls in 50 minutes: still learning");
        Verdict v = g.observe(call(t.plus(Duration.ofHours(25)), "read", "https://erp.example.com/suppliers/1", true));
        assertFalse(v.learning());
    }

    @Test
    void offendingCallsAreNotLearned() {
        Guard g = trained();
        Instant t = end.plusSeconds(3600);
        Verdict v = g.observe(call(t, "read", "https://hr.example.com/employees/17", true));
        assertTrue(v.suspend(), v.toString());
        Baseline b = g.baseline(agent.id()).orElseThrow();
        assertTrue(b.families().stream().noneMatch(f -> f.family().contains("hr.example.com")), b.toJson().toString());
        assertEquals(1, b.suspensions());
        assertEquals(b.observations() - 1, b.learned());
        // a day later (risk decayed) the same call is still a first use
        Verdict later = g.observe(call(t.plus(Duration.ofDays(1)), "read", "https://hr.example.com/employees/18", true));
        assertNotNull(signal(later, Signal.NOVEL_RESOURCE), later.toString());
        assertTrue(later.suspend());
    }

    @Test
    void riskDecaysWithTheHalfLife() {
        Guard g = trained();
        Instant t = end.plusSeconds(3600);
        Verdict v = g.observe(call(t, "read", "https://erp.example.com/catalog/a", true));
        double r0 = v.score();
        Verdict w = g.observe(call(t.plus(Duration.ofMinutes(15)), "read", "https://erp.example.com/suppliers", true));
        assertEquals(r0 / 2, w.score(), 1e-9);
    }

    @Test
    void forgetDropsTheBaseline() {
        Guard g = trained();
        assertTrue(g.baseline(agent.id()).isPresent());
        g.forget(agent.id());
        assertEquals(Optional.empty(), g.baseline(agent.id()));
        Verdict v = g.observe(call(end.plusSeconds(60), "read", "https://erp.example.com/suppliers", true));
        assertTrue(v.learning());
    }

    @Test
    void baselineShowsUsageAndUnusedCapabilities() {
        Guard g = new Guard(GuardConfig.defaults());
        List<Scope> scope = List.of(new Scope("read", "https://erp.example.com/"), new Scope("read", "https://hr.example.com/"));
        Instant t = Instant.parse("2026-03-04T09:00:00Z");
        for (int i = 0; i < 10; i++) {
            g.observe(new Observation(i, t.plusSeconds(i * 60L), "did:example:p", "read", "https://erp.example.com/suppliers/" + i, true, List.of(), scope));
        }
        Baseline b = g.baseline("did:example:p").orElseThrow();
        assertEquals(10, b.observations());
        assertEquals(List.of(new Scope("read", "https://hr.example.com/")), b.unusedScope());
        assertEquals("read https://erp.example.com/suppliers/*", b.families().get(0).family());
        assertEquals(10, b.families().get(0).count());
        assertEquals(Duration.ofMinutes(1), b.longestGap());
        var j = b.toJson();
        assertEquals("read https://hr.example.com/", j.getJsonArray("unusedScope").getString(0));
        assertTrue(j.getBoolean("learning"));
    }

    @Test
    void memoryPerAgentIsBounded() {
        Guard g = new Guard(GuardConfig.defaults());
        Instant t = Instant.parse("2026-03-04T09:00:00Z");
        int n = Guard.MAX_FAMILIES + 500;
        for (int i = 0; i < n; i++) {
            // names without digits are not ids: every call a new family
            String name = Integer.toString(i, 26).chars().mapToObj(c -> String.valueOf((char) ('a' + Character.digit(c, 26))))
                    .reduce("", String::concat);
            g.observe(call(t.plusMillis(i * 100L), "read", "https://erp.example.com/things-" + name, true));
        }
        Baseline b = g.baseline(agent.id()).orElseThrow();
        assertEquals(n, b.observations());
        assertEquals(Guard.MAX_FAMILIES, b.families().size());
    }

    @Test
    void verdictJson() {
        Guard g = trained();
        Verdict v = g.observe(call(end.plusSeconds(3600), "read", "https://hr.example.com/employees/17", false, "outside-scope"));
        var j = v.toJson();
        assertEquals(agent.id(), j.getString("agent"));
        assertTrue(j.getBoolean("suspend"));
        assertEquals("novel-resource", j.getJsonArray("signals").getJsonObject(0).getString("rule"));
        assertTrue(v.toString().startsWith("SUSPEND " + agent.id()));
    }
}
