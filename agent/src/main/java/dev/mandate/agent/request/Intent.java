package dev.mandate.agent.request;

import java.util.Objects;

/**
 * What a request claims to do: the {@code action} and the {@code resource} (the request URL without its
 * query, or a capability resource pattern that matches it).
 */
public record Intent(String action, String resource) {
    /** Validates. */
    public Intent {
        Objects.requireNonNull(action);
        Objects.requireNonNull(resource);
    }
}
