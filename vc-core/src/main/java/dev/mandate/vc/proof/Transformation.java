package dev.mandate.vc.proof;

import dev.mandate.did.crypto.KeyType;
import jakarta.json.JsonObject;

import java.util.Optional;

/**
 * The transformation step of a cryptosuite: turns a JSON document (a credential without its proof,
 * or a proof configuration) into the canonical bytes that get hashed. RDFC-1.0 (via JSON-LD) for
 * the {@code -rdfc-} suites, JCS (RFC 8785) for the {@code -jcs-} suites.
 */
@FunctionalInterface
public interface Transformation {
    /**
     * {@return canonical bytes of {@code document}; throws for input the transformation cannot process}
     *
     * @param document the document or proof configuration
     * @throws ProofException PROOF_TRANSFORMATION_ERROR, or the JSON-LD error (unknown context, data loss)
     */
    byte[] canonicalize(JsonObject document) throws ProofException;

    /**
     * {@return canonical bytes of {@code document} for a proof made with a {@code keyType} key} The same as
     * {@link #canonicalize(JsonObject)} unless the suite says otherwise: ecdsa-rdfc-2019 with P-384 runs
     * RDFC-1.0 with SHA-384 ("a hash algorithm that has an appropriate security level for the curve").
     *
     * @param document the document or proof configuration
     * @param keyType  the signing key's type
     * @throws ProofException as {@link #canonicalize(JsonObject)}
     */
    default byte[] canonicalize(JsonObject document, KeyType keyType) throws ProofException {
        return canonicalize(document);
    }

    /**
     * {@return an earlier canonical form of the same data that Mandate signed {@code keyType} proofs over, tried when
     * a signature does not match the current one (RDFC-1.0 with SHA-256 for P-384 before Mandate followed the suite)}
     * Both are canonical serializations of the same dataset, so accepting either lets
     * nothing unsigned in. Empty for most suites.
     *
     * @param keyType the signing key's type
     */
    default Optional<Transformation> earlierFor(KeyType keyType) {
        return Optional.empty();
    }
}
