package dev.mandate.agent;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One thing an agent may do: an {@code action} on a {@code resource}, within {@code constraints}.
 *
 * @param action      a token such as {@code read}, {@code write}, {@code invoke} or {@code pay} (see {@link #ACTIONS});
 *                    actions do not imply one another
 * @param resource    the resource URL, prefix or pattern
 * @param constraints limits; {@link Constraints#NONE} for none
 */
public record Capability(String action, ResourcePattern resource, Constraints constraints) {
    /** The documented actions. Other lower-case tokens are accepted and compared literally. */
    public static final Set<String> ACTIONS = Set.of("read", "write", "invoke", "pay", "delete");

    /**
     * Validates the action token.
     *
     * @param action      a lower-case token of at most 32 characters ({@code [a-z][a-z0-9_-]*})
     * @param resource    the resource pattern
     * @param constraints the limits
     * @throws NullPointerException     if any argument is null
     * @throws IllegalArgumentException if the action is not such a token
     */
    public Capability {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(constraints, "constraints");
        if (!action.matches("[a-z][a-z0-9_\\-]{0,31}")) throw new IllegalArgumentException("action must be a lower-case token: " + TimeWindow.shorten(action));
    }

    /**
     * Parses the resource and checks the action, for callers holding strings (user input).
     *
     * @param action      a lower-case token such as {@code pay}
     * @param resource    a resource pattern as {@link ResourcePattern#parse} reads it
     * @param constraints the limits, {@link Constraints#NONE} for none
     * @return the capability
     * @throws CapabilityException if the action is not a lower-case token or the resource is not a canonical pattern
     */
    public static Capability of(String action, String resource, Constraints constraints) throws CapabilityException {
        if (!action.matches("[a-z][a-z0-9_\\-]{0,31}")) throw new CapabilityException("action must be a lower-case token such as read, write, invoke or pay, not \"" + TimeWindow.shorten(action) + "\"");
        return new Capability(action, ResourcePattern.parse(resource), constraints);
    }

    /**
     * Explains why {@code child} (a delegated capability) is not within this one.
     *
     * @param child the narrower capability
     * @return one line naming the action, resource or constraint that widens, or empty if {@code child} is within
     */
    public Optional<String> whyNotCovering(Capability child) {
        if (!action.equals(child.action)) return Optional.of("action " + child.action + " is not " + action);
        if (!resource.covers(child.resource)) return Optional.of("resource " + child.resource + " is not within " + resource);
        return constraints.whyNotCovering(child.constraints).map(s -> "constraints: " + s);
    }

    /**
     * Whether {@code child} is within this capability: same action, a covered resource, constraints at least
     * as tight.
     *
     * @param child the narrower capability
     * @return true if {@link #whyNotCovering} finds nothing
     */
    public boolean covers(Capability child) {
        return whyNotCovering(child).isEmpty();
    }
}
