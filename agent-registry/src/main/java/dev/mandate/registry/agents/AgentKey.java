package dev.mandate.registry.agents;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One verification method of an agent: {@code id} is its DID URL, {@code did} the agent's DID it belongs to,
 * {@code publicKeyMultibase} the Multikey public key. An active key is published (did:web documents served
 * from the registry list it); a retired key stays in the registry with who retired it, when and why.
 *
 * @param id                 the key's DID URL
 * @param agent              the DID the agent is registered under
 * @param did                the agent DID the key belongs to
 * @param publicKeyMultibase the Multikey public key
 * @param state              active or retired
 * @param added              when it was added
 * @param addedBy            who added it
 * @param addedReason        why it was added
 * @param retired            when it was retired, or empty
 * @param retiredBy          who retired it, or ""
 * @param retiredReason      why it was retired, or ""
 */
public record AgentKey(String id, String agent, String did, String publicKeyMultibase, State state,
                       Instant added, String addedBy, String addedReason,
                       Optional<Instant> retired, String retiredBy, String retiredReason) {
    /** A key's state. */
    public enum State {
        /** Published and usable. */
        ACTIVE,
        /** No longer published; kept for the record. Final. */
        RETIRED;

        /** {@return the lowercase token stored and printed} */
        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Null-checks the fields.
     *
     * @param id                 the key's DID URL
     * @param agent              the DID the agent is registered under
     * @param did                the agent DID the key belongs to
     * @param publicKeyMultibase the Multikey public key
     * @param state              active or retired
     * @param added              when it was added
     * @param addedBy            who added it
     * @param addedReason        why it was added
     * @param retired            when it was retired, or empty
     * @param retiredBy          who retired it, or ""
     * @param retiredReason      why it was retired, or ""
     * @throws NullPointerException naming the null component
     */
    public AgentKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(publicKeyMultibase, "publicKeyMultibase");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(added, "added");
        Objects.requireNonNull(addedBy, "addedBy");
        Objects.requireNonNull(addedReason, "addedReason");
        Objects.requireNonNull(retired, "retired");
        Objects.requireNonNull(retiredBy, "retiredBy");
        Objects.requireNonNull(retiredReason, "retiredReason");
    }

    /** {@return the key as JSON (retirement fields only for a retired key)} */
    public JsonObject toJson() {
        var b = Jsonp.PROVIDER.createObjectBuilder().add("id", id).add("did", did).add("publicKeyMultibase", publicKeyMultibase)
                .add("state", state.token()).add("added", added.toString()).add("addedBy", addedBy).add("addedReason", addedReason);
        retired.ifPresent(r -> b.add("retired", r.toString()).add("retiredBy", retiredBy).add("retiredReason", retiredReason));
        return b.build();
    }
}
