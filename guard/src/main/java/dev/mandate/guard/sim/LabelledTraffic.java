package dev.mandate.guard.sim;

import dev.mandate.guard.Observation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Traffic with the truth about it: which archetype each agent is and which misbehaviours were injected
 * into whom, from when. What {@link Scorecard} scores a guard against; made by the traffic models
 * ({@link ArchetypeModel}, {@link JobModel}, {@link TrafficGenerator} through {@link #of(TrafficGenerator.Traffic)}) or read
 * from an exported log with a labels file.
 *
 * @param model        the model's name (or the log's)
 * @param seed         its seed (0 for a log)
 * @param observations every decision, time-ordered
 * @param archetypes   agent → archetype (agents not listed count as archetype {@code unknown})
 * @param injections   the misbehaviours, each with the rule meant to catch it
 */
public record LabelledTraffic(String model, long seed, List<Observation> observations, Map<String, String> archetypes,
                             List<Injection> injections) {
    /**
     * One injected misbehaviour.
     *
     * @param agent the agent
     * @param name  a short name, e.g. {@code etl-export-at-14h}
     * @param rule  the rule meant to catch it (its kind: {@code time-of-day}, {@code action-volume}, {@code novel-resource},
     *              {@code repeated-denials}, ...), for the per-rule table
     * @param from  the time of its first call; the agent's traffic before is clean
     */
    public record Injection(String agent, String name, String rule, Instant from) {
        /** Validates presence. */
        public Injection {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(from, "from");
        }
    }

    /** Copies. */
    public LabelledTraffic {
        Objects.requireNonNull(model, "model");
        observations = List.copyOf(observations);
        archetypes = Map.copyOf(archetypes);
        injections = List.copyOf(injections);
    }

    /** The archetype of an agent. */
    public String archetype(String agent) {
        return archetypes.getOrDefault(agent, "unknown");
    }

    /** The project's own generator's traffic, labelled by role and scenario. */
    public static LabelledTraffic of(TrafficGenerator.Traffic t, long seed) {
        java.util.Map<String, String> arch = new java.util.HashMap<>();
        for (TrafficGenerator.Agent a : t.agents()) arch.put(a.id(), a.role().label());
        List<Injection> inj = new java.util.ArrayList<>();
        for (int k = 0; k < t.injections().size(); k++) {
            Misbehaviour m = t.injections().get(k);
            long first = t.injectedSeqs().get(k);
            if (first < 0) continue;
            String rule = m instanceof Misbehaviour.OutOfScopeAccess ? "novel-resource"
                    : m instanceof Misbehaviour.RateBurst ? "rate-burst"
                    : m instanceof Misbehaviour.ImprobableSequence ? "improbable-sequence"
                    : m instanceof Misbehaviour.RepeatedDenials ? "repeated-denials" : "silence";
            inj.add(new Injection(m.agent(), m.name(), rule, t.observations().get((int) first).at()));
        }
        return new LabelledTraffic("generator", seed, t.observations(), arch, inj);
    }
}
