package dev.mandate.registry.agents;

import dev.mandate.MandateException;

import java.util.Objects;
import java.util.Optional;

/**
 * A registry request refused: an unknown agent, a duplicate registration, bad input, or an illegal
 * lifecycle transition (then {@link #from()} and {@link #to()} name the states). Nothing was changed.
 * Database failures are {@link dev.mandate.registry.StoreException} instead.
 */
public final class AgentException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused. */
    public enum Reason {
        /** No agent with that DID. */
        NOT_FOUND,
        /** An agent with that DID is already registered. */
        DUPLICATE,
        /** The transition is not legal from the agent's current state. */
        ILLEGAL_TRANSITION,
        /** Malformed input (a blank name, a bad digest, a non-DID). */
        INVALID
    }

    /** Why the request was refused (serialized with the exception). */
    private final Reason reason;
    private final transient AgentState from;
    private final transient AgentState to;

    AgentException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    private AgentException(Reason reason, String message, AgentState from, AgentState to) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.from = from;
        this.to = to;
    }

    static AgentException illegal(String did, AgentState from, AgentState to) {
        String why = from == AgentState.RETIRED ? " (retired is final)" : "";
        return new AgentException(Reason.ILLEGAL_TRANSITION, "agent " + did + " cannot go from " + from.token() + " to " + to.token() + why,
                from, to);
    }

    /** {@return why it was refused} */
    public Reason reason() {
        return reason;
    }

    /** {@return for an illegal transition, the agent's current state; otherwise (or after deserialization) empty} */
    public Optional<AgentState> from() {
        return Optional.ofNullable(from);
    }

    /** {@return for an illegal transition, the state asked for; otherwise (or after deserialization) empty} */
    public Optional<AgentState> to() {
        return Optional.ofNullable(to);
    }
}
