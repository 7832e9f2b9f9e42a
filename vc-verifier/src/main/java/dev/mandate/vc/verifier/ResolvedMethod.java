package dev.mandate.vc.verifier;

import dev.mandate.did.crypto.SignatureVerifier;

import java.util.Objects;
import java.util.Set;

/**
 * A verification method after resolution: its absolute id, its controller, its type, the key that
 * checks signatures, and the verification relationships its controller's document lists it under.
 *
 * @param id            absolute DID URL of the method
 * @param controller    the method's controller (a DID)
 * @param type          the method type, e.g. {@code Multikey}
 * @param key           verifies signatures made with the method's key
 * @param relationships relationships (assertionMethod, authentication, ...) that list this method
 */
public record ResolvedMethod(String id, String controller, String type, SignatureVerifier key, Set<String> relationships) {
    /**
     * Checks that no component is null and copies the relationships.
     *
     * @param id            the method's DID URL
     * @param controller    its controller DID
     * @param type          its type
     * @param key           its signature verifier
     * @param relationships the relationships listing it (copied)
     */
    public ResolvedMethod {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(controller, "controller");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        relationships = Set.copyOf(relationships);
    }
}
