package dev.mandate.vc.verifier;

/** Resolves a verification method URL (a DID URL) to its key and relationships. Never throws for bad input. */
@FunctionalInterface
public interface MethodResolver {
    /**
     * Resolves one verification method.
     *
     * @param verificationMethodUrl the proof's {@code verificationMethod} or the JWS {@code kid}, an absolute DID URL;
     *                              null or empty is an {@code INVALID_VERIFICATION_METHOD_URL} failure
     * @return the method with its key and relationships, or the failure (operational when a dependency such as the
     *     network failed)
     */
    MethodResolution resolve(String verificationMethodUrl);
}
