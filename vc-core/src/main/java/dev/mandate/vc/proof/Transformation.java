package dev.mandate.vc.proof;

import jakarta.json.JsonObject;

/**
 * The transformation step of a cryptosuite: turns a JSON document (a credential without its proof,
 * or a proof configuration) into the canonical bytes that get hashed. RDFC-1.0 (via JSON-LD) for
 * the {@code -rdfc-} suites, JCS (RFC 8785) for the {@code -jcs-} suites.
 */
@FunctionalInterface
public interface Transformation {
    /** Canonical bytes of {@code document}; throws for input the transformation cannot process. */
    byte[] canonicalize(JsonObject document) throws ProofException;
}
