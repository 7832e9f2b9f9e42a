package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentKey;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.KeyRotation;
import dev.mandate.registry.agents.Retirement;
import dev.mandate.registry.agents.Rotation;
import dev.mandate.vc.model.Workload;
import jakarta.json.JsonObject;
import java.util.Optional;

/** The agent registry from code: lifecycle, keys and rotation (docs/registry.md). */
public final class RegistryExamples {
    private RegistryExamples() {
    }

    /**
     * Registers {@code did}, activates it, records a credential and retires it.
     *
     * @param storeUrl the store's JDBC URL
     * @param did the agent's DID
     * @param credentialId a credential issued to the agent
     * @return the retirement (which credentials were revoked)
     * @throws MandateException if the registry refuses or the store fails
     */
    public static Retirement lifecycle(String storeUrl, String did, String credentialId) throws MandateException {
        // tag::lifecycle[]
        try (Store store = Stores.open(storeUrl)) {   // e.g. "jdbc:sqlite:/var/lib/mandate/mandate.db"
            AgentRegistry registry = new AgentRegistry(store);
            String image = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";   // the agent's container image
            registry.register(did, "procurement", "team:procurement", "buys supplies",
                    Workload.builder().imageDigest(image).workloadId("spiffe://org.example/procurement").build(),
                    "alice");   // Workload: dev.mandate.vc.model, shared with capability credentials
            registry.activate(did, "alice", "approved by security");
            registry.recordCredential(did, credentialId);
            Retirement r = registry.retire(did, "alice", "decommissioned");   // r.revoked(), r.notRevoked()
            return r;
        }
        // end::lifecycle[]
    }

    /** What {@link #rotate} did, and the did:web document the registry has for a DID it does not host. */
    public record Rotated(AgentKey key, Rotation rotation, Optional<DidDocument> doc) {
    }

    /**
     * Adds {@code publicKey} to the registered agent {@code did}, records {@code signedCredential}, and rotates to
     * {@code newPublicKey}, re-issuing the credential with {@code statusService}.
     *
     * @param registry the agent registry
     * @param store its store
     * @param statusService the issuer of {@code signedCredential}
     * @param did the agent's DID
     * @param publicKey the agent's current key
     * @param signedCredential a credential issued to {@code did} by {@code statusService}
     * @param newPublicKey the agent's next key
     * @return the outcome
     * @throws MandateException if the registry refuses or the store fails
     */
    public static Rotated rotate(AgentRegistry registry, Store store, StatusService statusService, String did, PublicKeyValue publicKey,
            JsonObject signedCredential, PublicKeyValue newPublicKey) throws MandateException {
        // tag::rotation[]
        AgentKey k = registry.addKey(did, did, publicKey, "alice", "first key");      // also addDid, retireKey, keys, dids, findByDid
        registry.recordCredential(did, signedCredential);                              // kept for re-issue
        Rotation r = new KeyRotation(registry, store, statusService)     // the issuer that re-issues
                .rotate(did, k.id(), newPublicKey, "alice", "quarterly rotation");     // r.credentials(): the new ones
        Optional<DidDocument> doc = registry.didDocument("did:web:agents.example.com:procurement");
        // end::rotation[]
        return new Rotated(k, r, doc);
    }
}
