package dev.mandate.vc.verifier.status;

import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

/** Verifies a fetched status list credential (proof and validity period); the {@code Verifier} supplies itself. */
@FunctionalInterface
public interface ListCredentialVerifier {
    /** Verifies {@code listCredential}. */
    VerificationResult verify(JsonObject listCredential);
}
