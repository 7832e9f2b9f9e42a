package dev.mandate.agent.request;

import java.util.Objects;
import java.util.Optional;

/**
 * What a request claims to do: the {@code action}, the {@code resource} (the request URL without its
 * query, or a capability resource pattern that matches it) and, for a request that moves money, the
 * {@code amount}. The amount is signed in the proof ({@code amt}, {@code cur}); a capability with
 * {@code maxAmount} allows only requests that declare one, and the authorizer refuses a request whose
 * body, query or {@code Mandate-Amount} header states another.
 */
public record Intent(String action, String resource, Optional<Amount> amount) {
    /** Validates. */
    public Intent {
        Objects.requireNonNull(action);
        Objects.requireNonNull(resource);
        Objects.requireNonNull(amount);
    }

    /** An intent that declares no amount. */
    public Intent(String action, String resource) {
        this(action, resource, Optional.empty());
    }

    /** An intent that declares {@code amount}. */
    public Intent(String action, String resource, Amount amount) {
        this(action, resource, Optional.of(amount));
    }
}
