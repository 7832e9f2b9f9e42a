package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.keystore.KeyStoreSession;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.model.Workload;
import jakarta.json.JsonObject;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The organisation grants its agent capabilities on a partner's API (docs/capabilities.md, "Using it"). */
public final class IssueGrant {
    private IssueGrant() {
    }

    /**
     * The organisation's signing key from its key store, unlocked once (docs/keystore.md).
     *
     * @param keyStore   the key-store file
     * @param passphrase its passphrase
     * @return the organisation's key
     * @throws MandateException if the key store will not open or has no key {@code org}
     */
    public static IssuerKey orgKey(Path keyStore, char[] passphrase) throws MandateException {
        // tag::keystore[]
        try (KeyStoreSession keys = EncryptedKeyStore.at(keyStore).unlock(passphrase)) { // PBKDF2 runs once, here
            return IssuerKey.didKey(keys.keyMaterial("org"), "eddsa-jcs-2022");           // then any number of signers
        }
        // end::keystore[]
    }

    /**
     * The grant: pay up to 500 EUR per request and read, on the partner's orders, for 15 minutes; the agent may
     * delegate one level.
     *
     * @param org      the organisation's key
     * @param agentDid the agent's DID
     * @param api      the partner API's origin, e.g. {@code https://api.supplier.example}
     * @return the signed AgentCapabilityCredential
     * @throws MandateException if a resource is not a canonical URL or signing fails
     */
    public static JsonObject grant(IssuerKey org, String agentDid, String api) throws MandateException {
        // tag::grant[]
        Capability pay = Capability.of("pay", api + "/orders/",
                Constraints.builder().methods("POST").maxAmount(new BigDecimal("500"), "EUR").build());
        Capability read = Capability.of("read", api + "/orders/", Constraints.NONE);
        CapabilityIssuer.Grant grant = new CapabilityIssuer.Grant(agentDid, List.of(pay, read),
                1, Workload.NONE, Duration.ofMinutes(15)); // 1: the agent may delegate one level
        JsonObject credential = new CapabilityIssuer().grant(grant, org);
        // end::grant[]
        return credential;
    }
}
