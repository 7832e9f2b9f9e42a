package dev.mandate.agent.authz;

/**
 * Receives every decision an {@link Authorizer} makes (registered with
 * {@link Authorizer.Builder#onDecision}). Called on the deciding thread before {@code authorize} returns,
 * so implementations must be quick and thread-safe: hand the event to a queue.
 */
@FunctionalInterface
public interface DecisionListener {
    /**
     * Called once per decision, allow or deny. An exception thrown here is counted by the authorizer and does
     * not change the decision.
     *
     * @param event the decision and what was learned about the request
     */
    void onDecision(DecisionEvent event);
}
