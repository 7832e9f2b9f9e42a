package dev.mandate.guard;

import java.util.Objects;

/**
 * One capability the agent holds, as declared by its credentials.
 *
 * @param action   {@code read}, {@code write}, {@code invoke}, {@code pay} or {@code delete}
 * @param resource a capability resource pattern (exact URL, prefix ending in {@code /}, or with {@code *}
 *                 segments), matched with {@code dev.mandate.agent.ResourcePattern}; a pattern that does not
 *                 parse matches nothing
 */
public record Scope(String action, String resource) {
    /**
     * Validates presence.
     *
     * @param action   the action
     * @param resource the resource pattern
     * @throws NullPointerException if either is null
     */
    public Scope {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
    }

    @Override public String toString() {
        return action + " " + resource;
    }
}
