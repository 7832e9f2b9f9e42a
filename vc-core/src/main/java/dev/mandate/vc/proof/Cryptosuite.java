package dev.mandate.vc.proof;

import dev.mandate.did.crypto.KeyType;

import java.util.Objects;
import java.util.Set;

/**
 * A Data Integrity cryptosuite as a small immutable value: its name, the proof type it writes, the
 * key types it signs with, and its transformation. Hashing follows the key type: SHA-384 for
 * P-384, SHA-256 otherwise (as eddsa-*-2022 and ecdsa-*-2019 specify). Signing and verifying are
 * the same for every suite (see {@link DataIntegrity}).
 *
 * @param name           the {@code cryptosuite} value (for legacy suites, the proof {@code type})
 * @param proofType      {@code DataIntegrityProof}, or the legacy type such as {@code Ed25519Signature2020}
 * @param keyTypes       key types this suite accepts
 * @param transformation canonicalization of the document and the proof configuration
 * @param issuable       false for suites Mandate verifies but does not issue (legacy)
 */
public record Cryptosuite(String name, String proofType, Set<KeyType> keyTypes, Transformation transformation,
                          boolean issuable) {
    /** The proof type of every modern suite. */
    public static final String DATA_INTEGRITY_PROOF = "DataIntegrityProof";

    /**
     * Checks that no component is null.
     *
     * @param name           the {@code cryptosuite} value (for legacy suites, the proof {@code type})
     * @param proofType      {@code DataIntegrityProof}, or the legacy type such as {@code Ed25519Signature2020}
     * @param keyTypes       key types this suite accepts
     * @param transformation canonicalization of the document and the proof configuration
     * @param issuable       false for suites Mandate verifies but does not issue (legacy)
     */
    public Cryptosuite {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(proofType, "proofType");
        Objects.requireNonNull(transformation, "transformation");
        keyTypes = Set.copyOf(keyTypes);
    }

    /** {@return true when the proof carries a {@code cryptosuite} property (every {@code DataIntegrityProof})} */
    public boolean namedByCryptosuiteProperty() {
        return DATA_INTEGRITY_PROOF.equals(proofType);
    }

    /**
     * {@return the JCA digest algorithm for hashing with the given key type}
     *
     * @param keyType the signing key's type (P-384 hashes with SHA-384 where the suite says so)
     */
    public String digestAlgorithm(KeyType keyType) {
        return keyType == KeyType.P384 ? "SHA-384" : "SHA-256";
    }
}
