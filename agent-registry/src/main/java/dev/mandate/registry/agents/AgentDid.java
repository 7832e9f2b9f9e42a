package dev.mandate.registry.agents;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/** One DID of an agent ({@code agent} is the DID it is registered under, itself one of its DIDs). */
public record AgentDid(String did, String agent, Instant added, String addedBy, String reason) {
    /** Null-checks the fields. */
    public AgentDid {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(added, "added");
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(reason, "reason");
    }

    /** The DID entry as JSON. */
    public JsonObject toJson() {
        return Jsonp.PROVIDER.createObjectBuilder().add("did", did).add("added", added.toString()).add("addedBy", addedBy)
                .add("reason", reason).build();
    }
}
