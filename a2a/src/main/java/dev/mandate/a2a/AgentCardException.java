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
    /** JSON Pointer to the offending value, or "" for the whole card (serialized with the message). */
    private final String path;

    /**
     * Creates the exception.
     *
     * @param type    the error type ({@link ErrorType#MALFORMED_VALUE_ERROR}, {@link ErrorType#PROOF_GENERATION_ERROR}, ...)
     * @param message one line saying what was wrong
     * @param path    JSON Pointer to the offending value, or "" for the whole card
     */
    public AgentCardException(ErrorType type, String message, String path) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.path = path == null ? "" : path;
    }

    /** {@return the error type; null after deserialization, since it is not serialized} */
    public ErrorType type() { return type; }

    /** {@return the JSON Pointer to the offending value, or "" for the whole card} */
    public String path() { return path; }

    /** {@return this failure as a verification problem with the same type, message and path} */
    public Problem toProblem() { return new Problem(type, getMessage(), path); }
}
