package dev.mandate.registry.agents;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One DID of an agent ({@code agent} is the DID it is registered under, itself one of its DIDs).
 *
 * @param did     the DID
 * @param agent   the DID the agent is registered under
 * @param added   when it was added
 * @param addedBy who added it
 * @param reason  why it was added
 */
public record AgentDid(String did, String agent, Instant added, String addedBy, String reason) {
    /**
     * Null-checks the fields.
     *
     * @param did     the DID
     * @param agent   the DID the agent is registered under
     * @param added   when it was added
     * @param addedBy who added it
     * @param reason  why it was added
     * @throws NullPointerException naming the null component
     */
    public AgentDid {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(added, "added");
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@return the DID entry as JSON: did, added, addedBy, reason} */
    public JsonObject toJson() {
        return Jsonp.PROVIDER.createObjectBuilder().add("did", did).add("added", added.toString()).add("addedBy", addedBy)
                .add("reason", reason).build();
    }
}
