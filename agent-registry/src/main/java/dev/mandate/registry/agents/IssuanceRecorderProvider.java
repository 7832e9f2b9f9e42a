package dev.mandate.registry.agents;

import dev.mandate.registry.IssuanceRecorder;
import dev.mandate.registry.Store;

/**
 * Records a {@link dev.mandate.registry.StatusService}'s issuances with {@link AgentRegistry#recordIssuance(
 * jakarta.json.JsonObject, String, String, boolean)}: the {@link IssuanceRecorder} service a status service requires
 * (registered in {@code META-INF/services}).
 */
public final class IssuanceRecorderProvider implements IssuanceRecorder.Provider {
    /** Made by {@link java.util.ServiceLoader}. */
    public IssuanceRecorderProvider() {}

    @Override
    public IssuanceRecorder open(Store store) {
        AgentRegistry registry = new AgentRegistry(store);
        return (credential, actor, recordForAgent) -> registry.recordIssuance(credential, actor, "issuance", recordForAgent);
    }
}
