package dev.mandate.guard.service;

import dev.mandate.guard.Signal;
import dev.mandate.guard.Verdict;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Objects;

/**
 * A suspension the guard decided: the agent, the audit entry of the decision that triggered it, the score
 * and the rules that fired.
 *
 * @param agent   the agent's DID
 * @param trigger the audit sequence number of the decision that triggered it
 * @param score   the agent's risk score then
 * @param rules   the ids of the rules that fired on that decision
 */
public record Suspension(String agent, long trigger, double score, List<String> rules) {
    /**
     * Copies the rules.
     *
     * @param agent   the agent's DID
     * @param trigger the triggering entry
     * @param score   the score
     * @param rules   the rule ids; copied
     * @throws NullPointerException if {@code agent} or {@code rules} is null
     */
    public Suspension {
        Objects.requireNonNull(agent, "agent");
        rules = List.copyOf(rules);
    }

    /**
     * The suspension a verdict decided.
     *
     * @param v       a verdict that says suspend
     * @param trigger the audit entry it was given on
     * @return the suspension with the verdict's agent, score and rules
     */
    public static Suspension of(Verdict v, long trigger) {
        return new Suspension(v.agent(), trigger, v.score(), v.signals().stream().map(Signal::rule).toList());
    }

    /** {@return the JSON form: {@code agent}, {@code trigger}, {@code score} (three decimals) and {@code rules}} */
    public JsonObject toJson() {
        var r = Jsonp.PROVIDER.createArrayBuilder();
        rules.forEach(r::add);
        return Jsonp.PROVIDER.createObjectBuilder().add("agent", agent).add("trigger", trigger)
                .add("score", Math.round(score * 1000) / 1000.0).add("rules", r).build();
    }

    /**
     * Whether two suspensions are the same event (scores may differ in the last digits after a config change).
     *
     * @param o the other suspension
     * @return true for the same agent and trigger entry
     */
    public boolean sameEvent(Suspension o) {
        return agent.equals(o.agent) && trigger == o.trigger;
    }
}
