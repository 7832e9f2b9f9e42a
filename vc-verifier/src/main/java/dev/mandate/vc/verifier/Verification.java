package dev.mandate.vc.verifier;

import dev.mandate.vc.verify.VerificationResult;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link Verifier#verifyWithView} returns: the result tree, and when it verified, the verified
 * credential or presentation whose views later decisions read.
 */
public final class Verification {
    private final VerificationResult result;
    private final VerifiedCredential credential;
    private final VerifiedPresentation presentation;

    Verification(VerificationResult result, VerifiedCredential credential, VerifiedPresentation presentation) {
        this.result = Objects.requireNonNull(result, "result");
        this.credential = credential;
        this.presentation = presentation;
    }

    /** {@return the serializable result tree} */
    public VerificationResult result() { return result; }

    /** {@return true when everything verified} */
    public boolean verified() { return result.verified(); }

    /** {@return the verified credential, present only when the input was a credential and it verified} */
    public Optional<VerifiedCredential> credential() { return Optional.ofNullable(credential); }

    /** {@return the verified presentation, present only when the input was a presentation and it verified} */
    public Optional<VerifiedPresentation> presentation() { return Optional.ofNullable(presentation); }
}
