package dev.mandate.registry.agents;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.model.Workload;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * One registered agent as stored. {@code purpose} is "" when not given.
 *
 * @param did      the DID it is registered under
 * @param name     its display name
 * @param owner    who is accountable for it
 * @param purpose  what it is for, or ""
 * @param workload the code, image and workload identity it runs as
 * @param state    its lifecycle state
 * @param created  when it was registered
 * @param updated  when it last changed
 */
public record Agent(String did, String name, String owner, String purpose, Workload workload, AgentState state,
                    Instant created, Instant updated) {
    /**
     * Null-checks the fields.
     *
     * @param did      the DID it is registered under
     * @param name     its display name
     * @param owner    who is accountable for it
     * @param purpose  what it is for, or ""
     * @param workload the code, image and workload identity it runs as
     * @param state    its lifecycle state
     * @param created  when it was registered
     * @param updated  when it last changed
     * @throws NullPointerException naming the null component
     */
    public Agent {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    /** {@return the agent as JSON: did, name, owner, purpose, workload, state, created, updated (empty workload fields are left out)} */
    public JsonObject toJson() {
        var w = Jsonp.PROVIDER.createObjectBuilder();
        workload.codeDigest().ifPresent(v -> w.add("codeDigest", v));
        workload.imageDigest().ifPresent(v -> w.add("imageDigest", v));
        workload.workloadId().ifPresent(v -> w.add("workloadId", v));
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("did", did).add("name", name).add("owner", owner).add("purpose", purpose)
                .add("workload", w).add("state", state.token())
                .add("created", created.toString()).add("updated", updated.toString())
                .build();
    }
}
