package dev.mandate.registry.agents;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a {@link KeyRotation}: the retired key and its successor (under {@code newDid}, which differs
 * from the old key's DID for did:key and did:jwk agents), the credentials re-issued ({@code reissued} maps old
 * id to new id; {@code credentials} are the new signed credentials to hand to the agent), those that could not be
 * re-issued with the reason, the old credentials revoked in the status store, and those that could not be revoked.
 *
 * @param agent       the agent
 * @param oldKey      the retired key
 * @param newKey      its successor
 * @param newDid      the DID the new key is under
 * @param reissued    old credential id to new id
 * @param credentials the new signed credentials
 * @param notReissued credential id to the reason it was not re-issued
 * @param revoked     old credential ids revoked in the status store
 * @param notRevoked  credential id to the reason it could not be revoked
 */
public record Rotation(Agent agent, AgentKey oldKey, AgentKey newKey, String newDid, Map<String, String> reissued,
                       List<JsonObject> credentials, Map<String, String> notReissued, List<String> revoked,
                       Map<String, String> notRevoked) {
    /**
     * Copies the collections.
     *
     * @param agent       the agent
     * @param oldKey      the retired key
     * @param newKey      its successor
     * @param newDid      the DID the new key is under
     * @param reissued    old credential id to new id
     * @param credentials the new signed credentials
     * @param notReissued credential id to the reason it was not re-issued
     * @param revoked     old credential ids revoked in the status store
     * @param notRevoked  credential id to the reason it could not be revoked
     * @throws NullPointerException if an argument is null
     */
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

    /**
     * {@return the outcome as JSON: {@code agent}, {@code oldKey}, {@code newKey}, {@code newDid}, {@code reissued} (old id to
     * new id), {@code credentials} (the new signed credentials), {@code notReissued}, {@code revoked}, {@code notRevoked}}
     */
    public JsonObject toJson() {
        JsonObjectBuilder re = Jsonp.PROVIDER.createObjectBuilder();
        reissued.forEach(re::add);
        JsonArrayBuilder creds = Jsonp.PROVIDER.createArrayBuilder();
        credentials.forEach(creds::add);
        JsonObjectBuilder notRe = Jsonp.PROVIDER.createObjectBuilder();
        notReissued.forEach(notRe::add);
        JsonArrayBuilder rev = Jsonp.PROVIDER.createArrayBuilder();
        revoked.forEach(rev::add);
        JsonObjectBuilder notRev = Jsonp.PROVIDER.createObjectBuilder();
        notRevoked.forEach(notRev::add);
        return Jsonp.PROVIDER.createObjectBuilder().add("agent", agent.toJson()).add("oldKey", oldKey.toJson())
                .add("newKey", newKey.toJson()).add("newDid", newDid).add("reissued", re).add("credentials", creds)
                .add("notReissued", notRe).add("revoked", rev).add("notRevoked", notRev).build();
    }
}
