package dev.mandate.a2a;

import dev.mandate.MandateException;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.Objects;

/**
 * An Agent Card could not be signed: it is not something A2A section 8.4 can sign (a {@code signatures}
 * member that is not an array, a number JCS cannot write), or the signer failed. Carries the error type,
 * one line saying what was wrong and a JSON Pointer into the card ({@code ""} for the card as a whole).
 * Thrown for bad input instead of any unchecked exception.
 */
public final class AgentCardException extends MandateException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorType type;
    private final String path;

    /**
     * @param type    the error type ({@link ErrorType#MALFORMED_VALUE_ERROR}, {@link ErrorType#PROOF_GENERATION_ERROR}, ...)
     * @param message one line saying what was wrong
     * @param path    JSON Pointer to the offending value, or "" for the whole card
     */
    public AgentCardException(ErrorType type, String message, String path) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.path = path == null ? "" : path;
    }

    /** The error type. */
    public ErrorType type() { return type; }

    /** JSON Pointer to the offending value, or "" for the whole card. */
    public String path() { return path; }

    /** This failure as a verification problem. */
    public Problem toProblem() { return new Problem(type, getMessage(), path); }
}
