package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.model.Workload;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;

/** An agent hands a narrower capability to a sub-agent (docs/capabilities.md, "Using it"). */
public final class Delegate {
    private Delegate() {
    }

    /**
     * Delegates read access to the order history, for 5 minutes, with no further delegation.
     *
     * @param parent      the agent's own grant
     * @param agent       the agent's key (the parent's subject)
     * @param subAgentDid the sub-agent's DID
     * @param api         the partner API's origin
     * @return the chain the sub-agent presents: the grant, then the delegation
     * @throws MandateException if the delegation would be wider than the parent (nothing is signed)
     */
    public static List<JsonObject> delegate(JsonObject parent, IssuerKey agent, String subAgentDid, String api)
            throws MandateException {
        // tag::delegate[]
        CapabilityIssuer.Grant narrower = new CapabilityIssuer.Grant(subAgentDid,
                List.of(Capability.of("read", api + "/orders/history/", Constraints.NONE)),
                0, Workload.NONE, Duration.ofMinutes(5));
        JsonObject delegation = new CapabilityIssuer().delegate(parent, narrower, agent); // refuses anything wider
        List<JsonObject> chain = List.of(parent, delegation);
        // end::delegate[]
        return chain;
    }
}
