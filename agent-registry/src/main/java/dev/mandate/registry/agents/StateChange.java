package dev.mandate.registry.agents;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an agent's history: {@code seq} counts from 1 (registration, from {@code registered} to
 * {@code registered}) in order.
 *
 * @param seq    the position in the agent's history, from 1
 * @param from   the state before
 * @param to     the state after
 * @param actor  who made the change
 * @param reason why
 * @param at     when
 */
public record StateChange(long seq, AgentState from, AgentState to, String actor, String reason, Instant at) {
    /**
     * Null-checks the fields.
     *
     * @param seq    the position in the agent's history, from 1
     * @param from   the state before
     * @param to     the state after
     * @param actor  who made the change
     * @param reason why
     * @param at     when
     * @throws NullPointerException naming the null component
     */
    public StateChange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** {@return the change as JSON: seq, from, to, by, reason, at} */
    public JsonObject toJson() {
        return Jsonp.PROVIDER.createObjectBuilder().add("seq", seq).add("from", from.token()).add("to", to.token())
                .add("by", actor).add("reason", reason).add("at", at.toString()).build();
    }
}
