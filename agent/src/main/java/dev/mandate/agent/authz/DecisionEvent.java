package dev.mandate.agent.authz;

import dev.mandate.agent.Capability;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One authorization decision with what the {@link Authorizer} learned about the request on the way: the
 * time of the decision, the HTTP method and (normalised) URL, the intent's action and resource (empty when
 * the proof did not get that far) and the capabilities the verified chain grants (empty when the chain did
 * not verify).
 *
 * @param at       when the decision was made (the authorizer's clock)
 * @param method   the HTTP method
 * @param url      the request URL, normalised without query when it parsed
 * @param action   the intent's action, or ""
 * @param resource the intent's resource, or ""
 * @param scope    the leaf agent's trusted capabilities, or empty
 * @param decision the decision
 * @param amount   the amount the request proof declared ({@code amt}/{@code cur}, signed by the agent), if any
 */
public record DecisionEvent(Instant at, String method, String url, String action, String resource, List<Capability> scope,
                            Decision decision, java.util.Optional<dev.mandate.agent.request.Amount> amount) {
    /**
     * An event without a declared amount.
     *
     * @param at       when the decision was made
     * @param method   the HTTP method
     * @param url      the request URL
     * @param action   the intent's action, or ""
     * @param resource the intent's resource, or ""
     * @param scope    the leaf agent's trusted capabilities, or empty
     * @param decision the decision
     */
    public DecisionEvent(Instant at, String method, String url, String action, String resource, List<Capability> scope, Decision decision) {
        this(at, method, url, action, resource, scope, decision, java.util.Optional.empty());
    }

    /**
     * Validates and copies the scope.
     *
     * @param at       when the decision was made
     * @param method   the HTTP method
     * @param url      the request URL
     * @param action   the intent's action, or ""
     * @param resource the intent's resource, or ""
     * @param scope    the capabilities; copied
     * @param decision the decision
     * @param amount   the declared amount, or empty
     * @throws NullPointerException if an argument is null
     */
    public DecisionEvent {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        scope = List.copyOf(scope);
        Objects.requireNonNull(decision, "decision");
    }

    /** {@return the resource the request touched: the intent's resource when present, else the URL} */
    public String effectiveResource() {
        return resource.isEmpty() ? url : resource;
    }
}
