package dev.mandate.agent.authz;

/**
 * Receives every decision an {@link Authorizer} makes (registered with
 * {@link Authorizer.Builder#onDecision}). Called on the deciding thread before {@code authorize} returns,
 * so implementations must be quick and thread-safe: hand the event to a queue.
 */
@FunctionalInterface
public interface DecisionListener {
    /**
     * Called once per decision, allow or deny. An exception thrown here is counted by the authorizer; it does not
     * change the decision, unless this listener is {@link #required()}.
     *
     * @param event the decision and what was learned about the request
     */
    void onDecision(DecisionEvent event);

    /**
     * {@return whether the decision may only be answered once this listener has taken it (a durable audit log):
     * when a required listener throws, {@code authorize} returns a denial with
     * {@link dev.mandate.agent.Reason.Code#AUDIT_UNAVAILABLE} instead of the decision; false by default (the
     * decision stands and the failure is only counted)}
     */
    default boolean required() {
        return false;
    }
}
