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

    /** Validates the action token. */
    public Capability {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(constraints, "constraints");
        if (!action.matches("[a-z][a-z0-9_\\-]{0,31}")) throw new IllegalArgumentException("action must be a lower-case token: " + TimeWindow.shorten(action));
    }

    /** Parses the resource and checks the action, for callers holding strings. */
    public static Capability of(String action, String resource, Constraints constraints) throws CapabilityException {
        if (!action.matches("[a-z][a-z0-9_\\-]{0,31}")) throw new CapabilityException("action must be a lower-case token such as read, write, invoke or pay, not \"" + TimeWindow.shorten(action) + "\"");
        return new Capability(action, ResourcePattern.parse(resource), constraints);
    }

    /** Explains why {@code child} is not within this capability, or empty if it is. */
    public Optional<String> whyNotCovering(Capability child) {
        if (!action.equals(child.action)) return Optional.of("action " + child.action + " is not " + action);
        if (!resource.covers(child.resource)) return Optional.of("resource " + child.resource + " is not within " + resource);
        return constraints.whyNotCovering(child.constraints).map(s -> "constraints: " + s);
    }

    /** True if {@code child} is within this capability. */
    public boolean covers(Capability child) {
        return whyNotCovering(child).isEmpty();
    }
}
