package dev.mandate.registry.agents;

import java.util.Locale;
import java.util.Optional;

/**
 * An agent's lifecycle state. Legal transitions: registered to active, active to suspended, suspended to
 * active, and any state but retired to retired. Retired is final.
 */
public enum AgentState {
    /** Known to the registry, not yet allowed to act. */
    REGISTERED,
    /** Allowed to act. */
    ACTIVE,
    /** Temporarily stopped (by a person or the behaviour guard); can be resumed. */
    SUSPENDED,
    /** Permanently stopped; its credentials are revoked. Final. */
    RETIRED;

    /** {@return the lower-case name used in storage, JSON and the CLI} */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a state name.
     *
     * @param token a state's token (case-insensitive, surrounding blanks ignored), or null
     * @return the state, or empty for null or an unknown token
     */
    public static Optional<AgentState> of(String token) {
        if (token == null) {
            return Optional.empty();
        }
        for (AgentState s : values()) {
            if (s.token().equalsIgnoreCase(token.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * Tells whether a transition is legal.
     *
     * @param to the state asked for
     * @return whether moving from this state to {@code to} is a legal transition (never from retired)
     */
    public boolean canMoveTo(AgentState to) {
        return switch (this) {
            case REGISTERED -> to == ACTIVE || to == RETIRED;
            case ACTIVE -> to == SUSPENDED || to == RETIRED;
            case SUSPENDED -> to == ACTIVE || to == RETIRED;
            case RETIRED -> false;
        };
    }
}
