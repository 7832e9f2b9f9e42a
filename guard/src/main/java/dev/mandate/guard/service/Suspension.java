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
 */
public record Suspension(String agent, long trigger, double score, List<String> rules) {
    /** Copies. */
    public Suspension {
        Objects.requireNonNull(agent, "agent");
        rules = List.copyOf(rules);
    }

    /** The suspension a verdict on entry {@code trigger} decided. */
    public static Suspension of(Verdict v, long trigger) {
        return new Suspension(v.agent(), trigger, v.score(), v.signals().stream().map(Signal::rule).toList());
    }

    /** {"agent", "trigger", "score", "rules"}. */
    public JsonObject toJson() {
        var r = Jsonp.PROVIDER.createArrayBuilder();
        rules.forEach(r::add);
        return Jsonp.PROVIDER.createObjectBuilder().add("agent", agent).add("trigger", trigger)
                .add("score", Math.round(score * 1000) / 1000.0).add("rules", r).build();
    }

    /** Same agent and trigger entry (scores may differ in the last digits after a config change). */
    public boolean sameEvent(Suspension o) {
        return agent.equals(o.agent) && trigger == o.trigger;
    }
}
