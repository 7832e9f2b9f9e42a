package dev.mandate.guard.sim;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.Signal;
import dev.mandate.guard.Verdict;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Replays a week (or any number of days) of synthetic traffic through a {@link Guard} and counts false
 * suspensions and detections. Two agents per scenario (one when fewer than 50 agents) get a misbehaviour
 * injected after the learning period: procurement agents reading the HR database (denied, and allowed
 * under an over-broad grant), a rate burst, delete-right-after-list repeated, probing that is denied
 * again and again, and a return after four days of silence (needs at least 7 days; detected by the silence alert, and
 * any suspension of that agent counts as false: silence alone must not suspend). Only agents that made
 * {@code minObservations + 50} calls in their first two days are chosen, and misbehaviours start after day 2,
 * so they fall after the learning period. A suspension of any
 * other agent, or of an injected agent before its injection, is a false suspension; an injected agent's
 * first suspension at or after its injection's first call is a detection.
 */
public final class Evaluation {
    private Evaluation() {}

    /** The scenario names, in table order. */
    public static final List<String> SCENARIOS = List.of("out-of-scope-denied", "out-of-scope-allowed", "rate-burst", "improbable-sequence",
            "repeated-denials", "silence");

    /**
     * A suspension that should not have happened.
     *
     * @param agent           the agent
     * @param seq             the observation
     * @param at              its time
     * @param beforeInjection true if the agent had a misbehaviour injected later
     * @param verdict         the verdict's one-line form
     */
    public record FalseSuspension(String agent, long seq, Instant at, boolean beforeInjection, String verdict) {}

    /**
     * One injected misbehaviour and whether the guard caught it.
     *
     * @param scenario          its name
     * @param agent             the agent
     * @param injectedAt        the time of its first call
     * @param detected          true if the agent was suspended at or after that call
     * @param delayObservations the agent's calls from the first injected one to the suspension, counting both (0 if undetected)
     * @param delaySeconds      seconds from the first injected call to the suspension
     * @param rules             the rules that fired on the suspending observation
     * @param verdict           the suspending verdict's one-line form ("" if undetected)
     */
    public record Detection(String scenario, String agent, Instant injectedAt, boolean detected, long delayObservations, double delaySeconds,
                            List<String> rules, String verdict) {}

    /**
     * The figures of one run.
     *
     * @param seed                 the generator seed
     * @param agents               agents simulated
     * @param days                 days simulated
     * @param observations         observations replayed
     * @param falseSuspendedAgents agents falsely suspended (each counted once)
     * @param falseSuspensions     the first false suspension of each such agent
     * @param detections           one per injected misbehaviour
     * @param notInjected          scenarios that could not be injected in this run, with why
     * @param normalPeakScore      the highest risk score of an agent past its learning period on normal traffic
     *                             (agents without injection, and injected ones before it): the margin to the threshold
     * @param normalSignals        how often each rule fired on that normal traffic after the learning period
     * @param nanosPerObservation  wall time of the guard per observation (measured, not part of the verdicts)
     */
    public record Result(long seed, int agents, int days, long observations, int falseSuspendedAgents, List<FalseSuspension> falseSuspensions,
                         List<Detection> detections, List<String> notInjected, double normalPeakScore, Map<String, Long> normalSignals,
                         double nanosPerObservation) {
        /**
         * Copies the collections.
         *
         * @param seed                 the seed
         * @param agents               agents simulated
         * @param days                 days simulated
         * @param observations         observations replayed
         * @param falseSuspendedAgents agents falsely suspended
         * @param falseSuspensions     their first false suspensions; copied
         * @param detections           one per injection; copied
         * @param notInjected          scenarios not injected; copied
         * @param normalPeakScore      the highest normal risk score
         * @param normalSignals        rule id to count on normal traffic; copied
         * @param nanosPerObservation  guard wall time per observation
         * @throws NullPointerException if a collection is null
         */
        public Result {
            falseSuspensions = List.copyOf(falseSuspensions);
            detections = List.copyOf(detections);
            notInjected = List.copyOf(notInjected);
            normalSignals = Map.copyOf(normalSignals);
        }

        /** {@return true when every injected misbehaviour was detected} */
        public boolean allDetected() {
            return detections.stream().allMatch(Detection::detected);
        }
    }

    /**
     * The misbehaviours {@link #run} injects for this generator (deterministic from the seed), into agents
     * that made at least {@code minCalls} calls in the first two days (so that their learning period is over).
     *
     * @param gen         the generator (its normal traffic is generated once to pick the agents)
     * @param seed        the seed choosing agents and times
     * @param minCalls    least calls in the first two days for an agent to be picked
     * @param notInjected receives each scenario that found no suitable agent, with why
     * @return the misbehaviours, two of each kind with 50 agents or more, else one
     */
    public static List<Misbehaviour> scenarios(TrafficGenerator gen, long seed, long minCalls, List<String> notInjected) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + 7);
        int instances = gen.agents().size() >= 50 ? 2 : 1;
        long learnedBy = gen.start().plus(Duration.ofDays(2)).toEpochMilli();
        Map<String, Long> early = new HashMap<>();
        for (Observation o : gen.generate().observations()) {
            if (o.at().toEpochMilli() >= learnedBy) break;
            early.merge(o.agent(), 1L, Long::sum);
        }
        List<TrafficGenerator.Agent> procurement = new ArrayList<>();
        List<TrafficGenerator.Agent> overBroad = new ArrayList<>();
        List<TrafficGenerator.Agent> others = new ArrayList<>();
        for (TrafficGenerator.Agent a : gen.agents()) {
            if (early.getOrDefault(a.id(), 0L) < minCalls) continue;
            if (a.role() == TrafficGenerator.Role.PROCUREMENT) {
                if (a.scope().stream().anyMatch(s -> s.resource().startsWith("https://hr.example.com"))) overBroad.add(a);
                else procurement.add(a);
            } else {
                others.add(a);
            }
        }
        long startMs = gen.start().toEpochMilli();
        long days = gen.duration().toDays();
        long from = startMs + Duration.ofDays(2).toMillis();
        long to = startMs + gen.duration().toMillis() - Duration.ofHours(12).toMillis();
        List<Misbehaviour> out = new ArrayList<>();
        if (to <= from) {
            notInjected.add("all scenarios: need at least 3 days (2 to learn, then time to misbehave)");
            return out;
        }
        for (String name : SCENARIOS) {
            for (int i = 0; i < instances; i++) {
                List<TrafficGenerator.Agent> pool = switch (name) {
                    case "out-of-scope-allowed" -> overBroad;
                    case "out-of-scope-denied", "improbable-sequence" -> procurement;
                    default -> others;
                };
                if (pool.isEmpty()) {
                    notInjected.add(name + ": no suitable agent left");
                    continue;
                }
                TrafficGenerator.Agent a = pool.remove(rnd.nextInt(pool.size()));
                Instant at = Instant.ofEpochMilli(from + (long) (rnd.nextDouble() * (to - from)));
                switch (name) {
                    case "out-of-scope-denied" -> out.add(new Misbehaviour.OutOfScopeAccess(a.id(), at, false, 6));
                    case "out-of-scope-allowed" -> out.add(new Misbehaviour.OutOfScopeAccess(a.id(), at, true, 6));
                    case "rate-burst" -> {
                        double peakPerMinute = a.sessionsPerHour() * 4.5 / 60;
                        int perMinute = (int) Math.max(60, Math.ceil(20 * peakPerMinute));
                        out.add(new Misbehaviour.RateBurst(a.id(), at, Duration.ofMinutes(2), perMinute));
                    }
                    case "improbable-sequence" -> out.add(new Misbehaviour.ImprobableSequence(a.id(), at, 8));
                    case "repeated-denials" -> out.add(new Misbehaviour.RepeatedDenials(a.id(), at, 15));
                    case "silence" -> {
                        if (days < 7) {
                            notInjected.add("silence: needs at least 7 days (two to learn, four and a half dormant)");
                            pool.add(a);
                        } else {
                            Instant dormant = gen.start().plus(Duration.ofDays(2)).plusSeconds(rnd.nextInt(6 * 3600));
                            out.add(new Misbehaviour.Dormancy(a.id(), dormant, dormant.plus(Duration.ofDays(4)).plusSeconds(rnd.nextInt(12 * 3600))));
                        }
                    }
                    default -> throw new IllegalStateException(name);
                }
            }
        }
        return out;
    }

    /**
     * Generates the traffic, injects the scenarios and replays it through a fresh guard.
     *
     * @param config the guard configuration under test
     * @param seed   the seed
     * @param agents how many agents
     * @param days   how many days
     * @return the run's figures
     */
    public static Result run(GuardConfig config, long seed, int agents, int days) {
        TrafficGenerator gen = new TrafficGenerator(seed, agents, Duration.ofDays(days));
        List<String> notInjected = new ArrayList<>();
        List<Misbehaviour> injections = scenarios(gen, seed, config.learning().minObservations() + 50, notInjected);
        TrafficGenerator.Traffic traffic = gen.generate(injections);
        return replay(config, seed, agents, days, traffic, notInjected);
    }

    /**
     * Replays generated traffic through a fresh guard and scores the verdicts against its injections.
     *
     * @param config      the guard configuration under test
     * @param seed        the seed, reported
     * @param agents      how many agents, reported
     * @param days        how many days, reported
     * @param traffic     the generated traffic with its injections
     * @param notInjected scenarios that could not be injected, reported
     * @return the run's figures
     */
    public static Result replay(GuardConfig config, long seed, int agents, int days, TrafficGenerator.Traffic traffic, List<String> notInjected) {
        Map<String, Integer> injectedIndex = new HashMap<>();
        for (int k = 0; k < traffic.injections().size(); k++) injectedIndex.put(traffic.injections().get(k).agent(), k);
        Guard guard = new Guard(config);
        Detection[] detections = new Detection[traffic.injections().size()];
        Map<String, Long> callsSinceInjection = new HashMap<>();
        Set<String> falseAgents = new HashSet<>();
        List<FalseSuspension> falses = new ArrayList<>();
        long nanos = 0;
        double peak = 0;
        Map<String, Long> normalSignals = new java.util.TreeMap<>();
        for (Observation o : traffic.observations()) {
            long t0 = System.nanoTime();
            Verdict v = guard.observe(o);
            nanos += System.nanoTime() - t0;
            Integer k = injectedIndex.get(o.agent());
            long first = k == null ? -1 : traffic.injectedSeqs().get(k);
            boolean after = k != null && first >= 0 && o.seq() >= first;
            if (after) callsSinceInjection.merge(o.agent(), 1L, Long::sum);
            if (!after && !v.learning()) {
                peak = Math.max(peak, v.score());
                for (Signal s : v.signals()) normalSignals.merge(s.rule(), 1L, Long::sum);
            }
            boolean dormancy = k != null && traffic.injections().get(k) instanceof Misbehaviour.Dormancy;
            if (dormancy && after && detections[k] == null && v.signals().stream().anyMatch(x -> x.rule().equals(Signal.SILENCE))) {
                // a return from silence is to be alerted, not suspended: the alert is the detection
                Observation firstObs = traffic.observations().get((int) first);
                detections[k] = new Detection(traffic.injections().get(k).name(), o.agent(), firstObs.at(), true,
                        callsSinceInjection.get(o.agent()), Duration.between(firstObs.at(), o.at()).toMillis() / 1000.0,
                        List.of(Signal.SILENCE), v.toString());
            }
            if (!v.suspend()) continue;
            if (after && !dormancy) {
                if (detections[k] == null) {
                    Observation firstObs = traffic.observations().get((int) first);
                    detections[k] = new Detection(traffic.injections().get(k).name(), o.agent(), firstObs.at(), true,
                            callsSinceInjection.get(o.agent()), Duration.between(firstObs.at(), o.at()).toMillis() / 1000.0,
                            v.signals().stream().map(Signal::rule).distinct().collect(Collectors.toList()), v.toString());
                }
            } else if (falseAgents.add(o.agent())) {
                falses.add(new FalseSuspension(o.agent(), o.seq(), o.at(), k != null, v.toString()));
            }
        }
        List<Detection> ds = new ArrayList<>();
        for (int k = 0; k < detections.length; k++) {
            Misbehaviour m = traffic.injections().get(k);
            long first = traffic.injectedSeqs().get(k);
            Instant at = first >= 0 ? traffic.observations().get((int) first).at() : m.start();
            ds.add(detections[k] != null ? detections[k] : new Detection(m.name(), m.agent(), at, false, 0, 0, List.of(), ""));
        }
        long n = traffic.observations().size();
        return new Result(seed, agents, days, n, falseAgents.size(), falses, ds, notInjected, peak, normalSignals,
                n == 0 ? 0 : nanos / (double) n);
    }
}
