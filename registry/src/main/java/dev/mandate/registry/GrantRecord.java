package dev.mandate.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A just-in-time grant as recorded by the store.
 *
 * @param credentialId the capability credential's id
 * @param taskId       the task it serves
 * @param agent        the agent's DID (the credential subject)
 * @param action       the granted action
 * @param resource     the resource the action applies to
 * @param singleUse    true if the grant may be used once
 * @param validUntil   end of its validity period
 * @param createdAt    when it was issued
 */
public record GrantRecord(String credentialId, String taskId, String agent, String action, String resource,
                          boolean singleUse, Instant validUntil, Instant createdAt) {
    /**
     * Checks that no reference component is null.
     *
     * @param credentialId the capability credential's id; not null
     * @param taskId the task; not null
     * @param agent the agent's DID; not null
     * @param action the granted action; not null
     * @param resource the resource; not null
     * @param singleUse true if the grant may be used once
     * @param validUntil end of its validity period
     * @param createdAt when it was issued
     * @throws NullPointerException naming the null component
     */
    public GrantRecord {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
