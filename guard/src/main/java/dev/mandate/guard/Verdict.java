package dev.mandate.guard;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The guard's verdict on one observation.
 *
 * @param agent    the agent
 * @param seq      the observation's sequence number
 * @param at       the observation's time
 * @param score    the agent's risk score after this observation (decayed earlier signals plus this one's)
 * @param signals  the rules that fired on this observation (empty when none did)
 * @param learning true while the agent is still in its learning period
 * @param suspend  true when learning is over for this agent and {@code score >= threshold}
 */
public record Verdict(String agent, long seq, Instant at, double score, List<Signal> signals, boolean learning, boolean suspend) {
    /**
     * Validates presence and copies the list.
     *
     * @param agent    the agent
     * @param seq      the sequence number
     * @param at       the time
     * @param score    the risk score
     * @param signals  the rules that fired; copied
     * @param learning whether learning
     * @param suspend  whether to suspend
     * @throws NullPointerException if {@code agent}, {@code at} or {@code signals} is null
     */
    public Verdict {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(at, "at");
        signals = List.copyOf(Objects.requireNonNull(signals, "signals"));
    }

    /**
     * {@return the verdict as JSON: {@code agent}, {@code seq}, {@code at}, {@code score} (six decimals),
     * {@code learning}, {@code suspend} and {@code signals} (each as {@link Signal#toJson()})}
     */
    public JsonObject toJson() {
        JsonArrayBuilder s = Jsonp.PROVIDER.createArrayBuilder();
        signals.forEach(x -> s.add(x.toJson()));
        return Jsonp.PROVIDER.createObjectBuilder().add("agent", agent).add("seq", seq).add("at", at.toString())
                .add("score", Math.round(score * 1e6) / 1e6).add("learning", learning).add("suspend", suspend).add("signals", s).build();
    }

    /** One line: the agent, the score and the explanations. */
    @Override public String toString() {
        StringBuilder b = new StringBuilder(suspend ? "SUSPEND " : learning ? "LEARNING " : "OK ").append(agent)
                .append(String.format(java.util.Locale.ROOT, " score %.2f", score));
        for (Signal x : signals) b.append("; ").append(x.rule()).append(": ").append(x.explanation());
        return b.toString();
    }
}
