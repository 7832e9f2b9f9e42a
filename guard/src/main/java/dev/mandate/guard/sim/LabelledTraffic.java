package dev.mandate.guard.sim;

import dev.mandate.guard.Observation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Traffic with the truth about it: which archetype each agent is and which misbehaviours were injected
 * into whom, from when. What {@link Scorecard} scores a guard against; made by the traffic models
 * ({@link ArchetypeModel}, {@link JobModel}, {@link TrafficGenerator} through {@link #of(TrafficGenerator.Traffic, long)}) or read
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
        /**
         * Validates presence.
         *
         * @param agent the agent
         * @param name  the short name
         * @param rule  the rule meant to catch it
         * @param from  its first call's time
         * @throws NullPointerException if an argument is null
         */
        public Injection {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(from, "from");
        }
    }

    /**
     * Copies the collections.
     *
     * @param model        the model's name
     * @param seed         the seed
     * @param observations the decisions; copied
     * @param archetypes   agent to archetype; copied
     * @param injections   the misbehaviours; copied
     * @throws NullPointerException if the model or a collection is null
     */
    public LabelledTraffic {
        Objects.requireNonNull(model, "model");
        observations = List.copyOf(observations);
        archetypes = Map.copyOf(archetypes);
        injections = List.copyOf(injections);
    }

    /**
     * The archetype of an agent.
     *
     * @param agent the agent's id
     * @return its archetype, or {@code unknown} when it has none
     */
    public String archetype(String agent) {
        return archetypes.getOrDefault(agent, "unknown");
    }

    /**
     * The project's own generator's traffic, labelled by role and scenario (injections that made no call are left out).
     *
     * @param t    the generated traffic
     * @param seed the seed it was generated from, for the report
     * @return the traffic of model {@code generator}
     */
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

    /** Most injections a labels file may list. */
    public static final int MAX_LABELLED_INJECTIONS = 10_000;

    /**
     * The labels of this traffic, for replaying it from a log: {@code {"archetypes": {agent: archetype},
     * "injections": [{"agent", "name", "rule", "from"}]}}.
     *
     * @return the labels, archetypes sorted by agent
     */
    public jakarta.json.JsonObject labelsJson() {
        var p = dev.mandate.vc.json.Jsonp.PROVIDER;
        var a = p.createObjectBuilder();
        new java.util.TreeMap<>(archetypes).forEach(a::add);
        var i = p.createArrayBuilder();
        for (Injection x : injections) {
            i.add(p.createObjectBuilder().add("agent", x.agent()).add("name", x.name()).add("rule", x.rule()).add("from", x.from().toString()));
        }
        return p.createObjectBuilder().add("archetypes", a).add("injections", i).build();
    }

    /**
     * Decisions replayed from a log, with labels in the form of {@link #labelsJson()} (an empty object: no labels,
     * every suspension then counts as false).
     *
     * @param name         the model name to report
     * @param observations the decisions read from the log
     * @param labels       the labels, or an empty object
     * @return the traffic with seed 0
     * @throws IllegalArgumentException naming the malformed label, on one line
     */
    public static LabelledTraffic fromLog(String name, List<Observation> observations, jakarta.json.JsonObject labels) {
        java.util.Map<String, String> arch = new java.util.HashMap<>();
        List<Injection> inj = new java.util.ArrayList<>();
        for (String k : labels.keySet()) {
            if (!k.equals("archetypes") && !k.equals("injections")) {
                throw new IllegalArgumentException("labels: unknown member " + k + " (known: archetypes, injections)");
            }
        }
        try {
            if (labels.containsKey("archetypes")) {
                labels.getJsonObject("archetypes").forEach((k, v) -> arch.put(k, ((jakarta.json.JsonString) v).getString()));
            }
            if (labels.containsKey("injections")) {
                var a = labels.getJsonArray("injections");
                if (a.size() > MAX_LABELLED_INJECTIONS) throw new IllegalArgumentException("more than " + MAX_LABELLED_INJECTIONS + " injections");
                for (int i = 0; i < a.size(); i++) {
                    var o = a.getJsonObject(i);
                    Instant from;
                    try {
                        from = Instant.parse(o.getString("from"));
                    } catch (java.time.DateTimeException e) {
                        throw new IllegalArgumentException("injections[" + i + "].from must be an ISO-8601 instant such as 2026-03-12T14:00:00Z");
                    }
                    inj.add(new Injection(o.getString("agent"), o.getString("name"), o.getString("rule"), from));
                }
            }
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("labels must be {\"archetypes\": {agent: name}, \"injections\": [{\"agent\", \"name\", \"rule\", \"from\"}]} with string values");
        }
        List<Observation> sorted = new java.util.ArrayList<>(observations);
        sorted.sort(java.util.Comparator.comparingLong(Observation::seq)); // the order the service reads them in
        return new LabelledTraffic(name, 0, sorted, arch, inj);
    }
}
