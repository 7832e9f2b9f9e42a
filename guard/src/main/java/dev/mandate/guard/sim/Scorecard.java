package dev.mandate.guard.sim;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.Signal;
import dev.mandate.guard.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Scores a guard configuration on {@link LabelledTraffic}, the way the service runs it: an agent's first
 * suspension ends its scoring (a suspended agent is refused until a person resumes it). A suspension of an
 * injected agent at or after its injection's first call is a true positive; any other suspension is false.
 * A {@code silence} injection is to be alerted, not suspended: its detection is the silence signal, and a
 * suspension of that agent counts as false. The rules credited with a suspension are those that fired on
 * the agent within four half-lives before it (their signals are what the risk score still holds).
 *
 * @param model         the traffic's model
 * @param seed          its seed
 * @param observations  decisions replayed
 * @param agents        agents seen
 * @param outcomes      one per injection
 * @param falses        false suspensions (one per agent)
 * @param archetypeAgents agents per archetype
 */
public record Scorecard(String model, long seed, long observations, int agents, List<Outcome> outcomes, List<FalseSuspension> falses,
                        Map<String, Integer> archetypeAgents) {
    /**
     * What happened to one injection.
     *
     * @param injection    the injection
     * @param archetype    its agent's archetype
     * @param detected     suspended (or, for silence, alerted) at or after its first call
     * @param delayCalls   the agent's calls from the first injected one to the detection, both counted
     * @param delaySeconds seconds from the first injected call to the detection
     * @param credited     the rules credited with the detection
     * @param verdict      the detecting verdict, one line
     */
    public record Outcome(LabelledTraffic.Injection injection, String archetype, boolean detected, long delayCalls, double delaySeconds,
                          List<String> credited, String verdict) {}

    /**
     * A suspension that should not have happened.
     *
     * @param agent     the agent
     * @param archetype its archetype
     * @param at        when
     * @param credited  the rules credited with it
     * @param verdict   the verdict, one line
     */
    public record FalseSuspension(String agent, String archetype, Instant at, List<String> credited, String verdict) {}

    /**
     * Copies the collections.
     *
     * @param model           the model
     * @param seed            the seed
     * @param observations    decisions replayed
     * @param agents          agents seen
     * @param outcomes        one per injection; copied
     * @param falses          false suspensions; copied
     * @param archetypeAgents agents per archetype; copied
     * @throws NullPointerException if a collection is null
     */
    public Scorecard {
        outcomes = List.copyOf(outcomes);
        falses = List.copyOf(falses);
        archetypeAgents = Map.copyOf(archetypeAgents);
    }

    /**
     * Replays traffic through a fresh guard and scores its suspensions against the labels.
     *
     * @param config  the guard configuration under test
     * @param traffic the labelled traffic
     * @return the scorecard
     */
    public static Scorecard score(GuardConfig config, LabelledTraffic traffic) {
        Guard guard = new Guard(config);
        Map<String, LabelledTraffic.Injection> injected = new HashMap<>();
        for (LabelledTraffic.Injection i : traffic.injections()) injected.putIfAbsent(i.agent(), i);
        Map<String, Map<String, Long>> fired = new HashMap<>();
        Map<String, Long> calls = new HashMap<>();
        Map<String, Outcome> detected = new HashMap<>();
        Set<String> suspended = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<FalseSuspension> falses = new ArrayList<>();
        long credit = config.halfLife().toMillis() * 4;
        for (Observation o : traffic.observations()) {
            seen.add(o.agent());
            if (suspended.contains(o.agent())) continue;
            Verdict v = guard.observe(o);
            long ms = o.at().toEpochMilli();
            Map<String, Long> f = fired.computeIfAbsent(o.agent(), a -> new HashMap<>());
            for (Signal s : v.signals()) f.put(s.rule(), ms);
            LabelledTraffic.Injection inj = injected.get(o.agent());
            boolean after = inj != null && !o.at().isBefore(inj.from());
            if (after) calls.merge(o.agent(), 1L, Long::sum);
            boolean silence = inj != null && inj.rule().equals(Signal.SILENCE);
            if (after && silence && !detected.containsKey(o.agent()) && v.signals().stream().anyMatch(s -> s.rule().equals(Signal.SILENCE))) {
                detected.put(o.agent(), outcome(traffic, inj, calls.get(o.agent()), o, List.of(Signal.SILENCE), v));
            }
            if (!v.suspend()) continue;
            suspended.add(o.agent());
            List<String> rules = new ArrayList<>(new TreeSet<>(f.entrySet().stream().filter(e -> e.getValue() >= ms - credit)
                    .map(Map.Entry::getKey).toList()));
            if (after && !silence) {
                detected.put(o.agent(), outcome(traffic, inj, calls.get(o.agent()), o, rules, v));
            } else {
                falses.add(new FalseSuspension(o.agent(), traffic.archetype(o.agent()), o.at(), rules, v.toString()));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (LabelledTraffic.Injection i : traffic.injections()) {
            Outcome d = detected.get(i.agent());
            outcomes.add(d != null && d.injection() == i ? d
                    : new Outcome(i, traffic.archetype(i.agent()), false, 0, 0, List.of(), ""));
        }
        Map<String, Integer> perArchetype = new TreeMap<>();
        for (String a : seen) perArchetype.merge(traffic.archetype(a), 1, Integer::sum);
        return new Scorecard(traffic.model(), traffic.seed(), traffic.observations().size(), seen.size(), outcomes, falses, perArchetype);
    }

    private static Outcome outcome(LabelledTraffic t, LabelledTraffic.Injection i, long calls, Observation o, List<String> rules, Verdict v) {
        return new Outcome(i, t.archetype(i.agent()), true, calls, Duration.between(i.from(), o.at()).toMillis() / 1000.0, rules, v.toString());
    }

    /** {@return the suspensions that were right (detections other than silence alerts)} */
    public long truePositives() {
        return outcomes.stream().filter(o -> o.detected() && !o.injection().rule().equals(Signal.SILENCE)).count();
    }

    // ---- tables over several runs ----

    /**
     * The evaluation tables over several runs: totals, per rule, per archetype and per misbehaviour, with
     * precision (right suspensions / all suspensions), recall (detected / injected) and the median and maximum
     * detection delay (the agent's calls, and seconds, from its first injected call).
     *
     * @param runs the scorecards of the runs
     * @return the tables as plain text, lines separated by the platform's line separator
     */
    public static String tables(Collection<Scorecard> runs) {
        StringBuilder b = new StringBuilder();
        long obs = runs.stream().mapToLong(Scorecard::observations).sum();
        int agents = runs.stream().mapToInt(Scorecard::agents).sum();
        List<Outcome> all = runs.stream().flatMap(r -> r.outcomes().stream()).toList();
        List<FalseSuspension> falses = runs.stream().flatMap(r -> r.falses().stream()).toList();
        long tp = runs.stream().mapToLong(Scorecard::truePositives).sum();
        b.append(String.format(Locale.ROOT, "runs %d, observations %,d, agents %d, injected %d, detected %d, false suspensions %d, precision %s, recall %s%n",
                runs.size(), obs, agents, all.size(), all.stream().filter(Outcome::detected).count(), falses.size(),
                ratio(tp, tp + falses.size()), ratio(all.stream().filter(Outcome::detected).count(), all.size())));
        b.append("\nper rule (injections meant for the rule; 'by rule': the rule was credited; suspensions: all those it was credited with)\n");
        b.append("| rule | injected | detected | by rule | recall | suspensions | false | precision | delay median | delay max |\n|---|---|---|---|---|---|---|---|---|---|\n");
        Set<String> rules = new TreeSet<>(Guard.RULES);
        for (String rule : rules) {
            List<Outcome> meant = all.stream().filter(o -> o.injection().rule().equals(rule)).toList();
            long det = meant.stream().filter(Outcome::detected).count();
            long byRule = meant.stream().filter(o -> o.detected() && o.credited().contains(rule)).count();
            long credTp = all.stream().filter(o -> o.detected() && !o.injection().rule().equals(Signal.SILENCE) && o.credited().contains(rule)).count();
            long credFp = falses.stream().filter(f -> f.credited().contains(rule)).count();
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %d | %d | %s | %s | %s |%n", rule, meant.size(), det, byRule,
                    ratio(det, meant.size()), credTp + credFp, credFp, ratio(credTp, credTp + credFp), delay(meant, true), delay(meant, false)));
        }
        b.append("\nper archetype\n");
        b.append("| archetype | agents | false susp. | injected | detected | precision | recall | delay median | delay max |\n|---|---|---|---|---|---|---|---|---|\n");
        Map<String, Integer> perArch = new TreeMap<>();
        runs.forEach(r -> r.archetypeAgents().forEach((k, v) -> perArch.merge(k, v, Integer::sum)));
        for (Map.Entry<String, Integer> e : perArch.entrySet()) {
            String a = e.getKey();
            List<Outcome> mine = all.stream().filter(o -> o.archetype().equals(a)).toList();
            long det = mine.stream().filter(Outcome::detected).count();
            long t = mine.stream().filter(o -> o.detected() && !o.injection().rule().equals(Signal.SILENCE)).count();
            long f = falses.stream().filter(x -> x.archetype().equals(a)).count();
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %s | %s | %s |%n", a, e.getValue(), f, mine.size(), det,
                    ratio(t, t + f), ratio(det, mine.size()), delay(mine, true), delay(mine, false)));
        }
        b.append("\nper misbehaviour\n");
        b.append("| misbehaviour | meant for | detected | delay median | delay max | credited rules |\n|---|---|---|---|---|---|\n");
        Map<String, List<Outcome>> byName = group(all, o -> o.injection().name());
        for (Map.Entry<String, List<Outcome>> e : byName.entrySet()) {
            List<Outcome> os = e.getValue();
            Map<String, Integer> cred = new TreeMap<>();
            os.forEach(o -> o.credited().forEach(r -> cred.merge(r, 1, Integer::sum)));
            b.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %s | %s | %s |%n", e.getKey(), os.get(0).injection().rule(),
                    os.stream().filter(Outcome::detected).count(), os.size(), delay(os, true), delay(os, false), cred.isEmpty() ? "-" : cred.toString()));
        }
        return b.toString();
    }

    /**
     * Every false suspension and missed injection, one line each (for {@code -v}).
     *
     * @param runs the scorecards of the runs
     * @return the lines, empty when there is nothing to report
     */
    public static String details(Collection<Scorecard> runs) {
        StringBuilder b = new StringBuilder();
        for (Scorecard r : runs) {
            for (FalseSuspension f : r.falses()) {
                b.append(String.format(Locale.ROOT, "%s seed %d: FALSE %s (%s) at %s: %s%n", r.model(), r.seed(), f.agent(), f.archetype(), f.at(), f.verdict()));
            }
            for (Outcome o : r.outcomes()) {
                b.append(String.format(Locale.ROOT, "%s seed %d: %s %s %s (%s) from %s%s%n", r.model(), r.seed(), o.detected() ? "caught" : "MISSED",
                        o.injection().name(), o.injection().agent(), o.archetype(), o.injection().from(),
                        o.detected() ? String.format(Locale.ROOT, " after %d calls / %.0f s: %s", o.delayCalls(), o.delaySeconds(), o.verdict()) : ""));
            }
        }
        return b.toString();
    }

    private static <K> Map<K, List<Outcome>> group(List<Outcome> os, Function<Outcome, K> key) {
        Map<K, List<Outcome>> m = new TreeMap<>();
        for (Outcome o : os) m.computeIfAbsent(key.apply(o), k -> new ArrayList<>()).add(o);
        return m;
    }

    private static String ratio(long a, long b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.2f", a / (double) b);
    }

    private static String delay(List<Outcome> os, boolean median) {
        List<Outcome> d = os.stream().filter(Outcome::detected).sorted(java.util.Comparator.comparingDouble(Outcome::delaySeconds)).toList();
        if (d.isEmpty()) return "-";
        Outcome o = median ? d.get((d.size() - 1) / 2) : d.get(d.size() - 1);
        return String.format(Locale.ROOT, "%dc/%s", o.delayCalls(), secs(o.delaySeconds()));
    }

    private static String secs(double s) {
        return s < 120 ? String.format(Locale.ROOT, "%.0fs", s) : s < 7200 ? String.format(Locale.ROOT, "%.0fmin", s / 60) : String.format(Locale.ROOT, "%.1fh", s / 3600);
    }
}
