package dev.mandate.vc.verifier.status;

import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.util.Objects;
import java.util.Optional;

/**
 * Verifies a fetched status list credential (any format the pipeline reads) through the
 * {@code Verifier} pipeline, which supplies itself; the status checker reads the list only from the
 * verified view it returns.
 */
@FunctionalInterface
public interface ListCredentialVerifier {
    /**
     * The outcome of verifying a list credential.
     *
     * @param result the verification result
     * @param view   the verified view (the JSON the list's proof covers), present only when verified
     * @param issuer the authenticated issuer of the list, "" when not verified
     */
    record Outcome(VerificationResult result, Optional<JsonObject> view, String issuer) {
        /**
         * Checks that a verified outcome carries its view.
         *
         * @param result the verification result
         * @param view   the verified view, or empty
         * @param issuer the authenticated issuer, or ""
         * @throws IllegalArgumentException if {@code result} is verified and {@code view} is empty
         */
        public Outcome {
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(view, "view");
            Objects.requireNonNull(issuer, "issuer");
            if (result.verified() && view.isEmpty()) {
                throw new IllegalArgumentException("a verified list needs its verified view");
            }
        }
    }

    /**
     * Verifies the list credential served at a status URL.
     *
     * @param body the fetched body: the list credential's JSON text, or a JWT
     * @return the result, the verified view and the authenticated issuer
     */
    Outcome verify(String body);
}
