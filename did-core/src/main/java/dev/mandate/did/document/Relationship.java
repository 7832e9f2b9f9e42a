package dev.mandate.did.document;

import java.util.Optional;

/** The verification relationships of DID Core 1.0 section 5.3. */
public enum Relationship {
    /** {@code authentication}. */
    AUTHENTICATION("authentication"),
    /** {@code assertionMethod}: issuing credentials. */
    ASSERTION_METHOD("assertionMethod"),
    /** {@code keyAgreement}: encryption to the subject. */
    KEY_AGREEMENT("keyAgreement"),
    /** {@code capabilityInvocation}. */
    CAPABILITY_INVOCATION("capabilityInvocation"),
    /** {@code capabilityDelegation}. */
    CAPABILITY_DELEGATION("capabilityDelegation");

    private final String jsonName;

    Relationship(String jsonName) { this.jsonName = jsonName; }

    /**
     * {@return the property name in a DID document (also the Data Integrity {@code proofPurpose}), e.g. {@code
     * assertionMethod}}
     */
    public String jsonName() { return jsonName; }

    /**
     * {@return the relationship with this property name (exact match)}
     *
     * @param name a property name such as {@code assertionMethod}
     */
    public static Optional<Relationship> fromName(String name) {
        for (Relationship r : values()) if (r.jsonName.equals(name)) return Optional.of(r);
        return Optional.empty();
    }
}
