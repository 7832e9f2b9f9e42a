package dev.mandate.registry;

import jakarta.json.JsonObject;

/**
 * Records a credential {@link StatusService} issued: an {@code issuance} audit entry, and the credential for its
 * subject when that is a registered agent. The agent registry lives in {@code mandate-agent-registry}, a module above
 * this one: it registers a {@link Provider} as a {@link java.util.ServiceLoader} service, and a {@link StatusService}
 * cannot be made without one (fail closed: no issuance goes unrecorded).
 */
@FunctionalInterface
public interface IssuanceRecorder {
    /**
     * Records one issued credential.
     *
     * @param credential     the signed credential
     * @param actor          who issued it (the issuer DID)
     * @param recordForAgent false to audit only, for callers that record it for the agent in their own transaction
     * @throws StoreException INVALID for a credential that cannot be recorded, UNAVAILABLE
     */
    void recordIssuance(JsonObject credential, String actor, boolean recordForAgent) throws StoreException;

    /** Makes the recorder of one store; {@code mandate-agent-registry} registers its implementation as a service. */
    interface Provider {
        /**
         * The recorder writing to {@code store}.
         *
         * @param store the store the issuing {@link StatusService} uses
         * @return the recorder
         */
        IssuanceRecorder open(Store store);
    }
}
