package dev.mandate.registry.agents;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of retiring an agent (or of re-running {@link AgentRegistry#revokeCredentials}): the agent,
 * the credentials revoked now, and those that could not be revoked with the store's reason (e.g. a
 * credential that has no revocation status entry).
 *
 * @param agent      the agent after retirement
 * @param revoked    the credential ids revoked now
 * @param notRevoked credential id to the reason it could not be revoked
 */
public record Retirement(Agent agent, List<String> revoked, Map<String, String> notRevoked) {
    /**
     * Copies the collections.
     *
     * @param agent      the agent after retirement
     * @param revoked    the credential ids revoked now
     * @param notRevoked credential id to the reason it could not be revoked
     * @throws NullPointerException if an argument is null
     */
    public Retirement {
        Objects.requireNonNull(agent, "agent");
        revoked = List.copyOf(revoked);
        notRevoked = Map.copyOf(notRevoked);
    }
}
