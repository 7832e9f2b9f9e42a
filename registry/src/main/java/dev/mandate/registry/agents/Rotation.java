package dev.mandate.registry.agents;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link KeyRotation}: the retired key and its successor (under {@code newDid}, which differs
 * from the old key's DID for did:key and did:jwk agents), the credentials re-issued ({@code reissued} maps old
 * id to new id; {@code credentials} are the new signed credentials to hand to the agent), those that could not be
 * re-issued with the reason, the old credentials revoked in the status store, and those that could not be revoked.
 */
public record Rotation(Agent agent, AgentKey oldKey, AgentKey newKey, String newDid, Map<String, String> reissued,
                       List<JsonObject> credentials, Map<String, String> notReissued, List<String> revoked,
                       Map<String, String> notRevoked) {
    /** Copies the collections. */
    public Rotation {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(oldKey, "oldKey");
        Objects.requireNonNull(newKey, "newKey");
        Objects.requireNonNull(newDid, "newDid");
        reissued = Map.copyOf(reissued);
        credentials = List.copyOf(credentials);
        notReissued = Map.copyOf(notReissued);
        revoked = List.copyOf(revoked);
        notRevoked = Map.copyOf(notRevoked);
    }
}
