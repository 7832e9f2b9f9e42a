package dev.mandate.vc.json;

import dev.mandate.MandateException;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.Objects;

/**
 * Untrusted input could not be accepted as JSON: it is too large, nested too deeply, not JSON at
 * all, or not the expected kind of JSON value. The message is one line meant for a person, for
 * example {@code "input is not JSON: unexpected character 'x' at line 3 column 7"}.
 *
 * <p>This is the only exception {@link BoundedJson} throws for bad input.
 */
public final class JsonInputException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Why the input was refused. */
    public enum Reason {
        /** The input has more bytes than {@link BoundedJson.Limits#maxBytes()}. */
        TOO_LARGE(ErrorType.LIMIT_EXCEEDED_ERROR),
        /** Arrays and objects are nested deeper than {@link BoundedJson.Limits#maxDepth()}. */
        TOO_DEEP(ErrorType.LIMIT_EXCEEDED_ERROR),
        /** The input is empty or only whitespace. */
        EMPTY(ErrorType.PARSING_ERROR),
        /** The bytes are not valid UTF-8. */
        NOT_UTF8(ErrorType.PARSING_ERROR),
        /** The input is not syntactically valid JSON (including duplicate object keys). */
        NOT_JSON(ErrorType.PARSING_ERROR),
        /** The input is JSON but not of the required kind (for example an array where an object is required). */
        WRONG_TYPE(ErrorType.PARSING_ERROR),
        /** Reading the input stream failed. */
        IO(ErrorType.PARSING_ERROR);

        private final ErrorType errorType;

        Reason(ErrorType errorType) { this.errorType = errorType; }

        /** {@return the verification error type this reason maps to} */
        public ErrorType errorType() { return errorType; }
    }

    /** Why the input was refused. */
    private final Reason reason;

    /**
     * @param reason  why the input was refused
     * @param message one line saying what was wrong
     */
    public JsonInputException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return why the input was refused} */
    public Reason reason() { return reason; }

    /**
     * {@return the verification error type for this failure ({@code PARSING_ERROR} or {@code LIMIT_EXCEEDED_ERROR})}
     */
    public ErrorType errorType() { return reason.errorType(); }

    /** {@return this failure as a verification problem about the whole input (path {@code ""})} */
    public Problem toProblem() {
        return new Problem(reason.errorType(), getMessage(), "");
    }
}
