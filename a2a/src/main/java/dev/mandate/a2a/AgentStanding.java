package dev.mandate.a2a;

import java.util.Objects;

/**
 * What an {@link AgentDirectory} says about the DID that signed a card.
 *
 * @param state  whether the agent may be trusted now, is not, is not known, or the directory could not answer
 * @param detail one line for people, e.g. {@code "suspended"} or {@code "the key was retired"}; "" when there is nothing to add
 */
public record AgentStanding(State state, String detail) {
    /** The directory's answer. */
    public enum State {
        /** A registered agent that is active: its signatures count. */
        ACTIVE,
        /** A known agent that may not act now (registered but not activated, suspended, retired, or its key retired). */
        INACTIVE,
        /** No agent has this DID. */
        UNKNOWN,
        /** The directory could not answer (database down): an operational failure, not a negative answer. */
        UNAVAILABLE
    }

    /**
     * Null-checks the state; a null detail becomes "".
     *
     * @param state  the answer
     * @param detail why, for inactive and unavailable; may be null
     * @throws NullPointerException if {@code state} is null
     */
    public AgentStanding {
        Objects.requireNonNull(state, "state");
        detail = detail == null ? "" : detail;
    }

    /** {@return the standing of an active agent} */
    public static AgentStanding active() {
        return new AgentStanding(State.ACTIVE, "");
    }

    /**
     * A known agent that may not act now.
     *
     * @param why its state, e.g. {@code suspended}, shown in the verification problem
     * @return the standing
     */
    public static AgentStanding inactive(String why) {
        return new AgentStanding(State.INACTIVE, why);
    }

    /** {@return the standing of a DID no agent has} */
    public static AgentStanding unknown() {
        return new AgentStanding(State.UNKNOWN, "");
    }

    /**
     * The directory could not answer (an operational failure).
     *
     * @param why what failed, without secrets
     * @return the standing
     */
    public static AgentStanding unavailable(String why) {
        return new AgentStanding(State.UNAVAILABLE, why);
    }
}
