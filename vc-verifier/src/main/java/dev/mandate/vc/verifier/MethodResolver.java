package dev.mandate.vc.verifier;

/** Resolves a verification method URL (a DID URL) to its key and relationships. Never throws for bad input. */
@FunctionalInterface
public interface MethodResolver {
    MethodResolution resolve(String verificationMethodUrl);
}
