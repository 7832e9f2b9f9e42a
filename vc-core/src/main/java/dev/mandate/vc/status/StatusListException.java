package dev.mandate.vc.status;

import dev.mandate.MandateException;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

/**
 * A status list, entry or encoded list was unusable. Carries the spec error type
 * ({@link ErrorType#MALFORMED_VALUE_ERROR}, {@link ErrorType#RANGE_ERROR},
 * {@link ErrorType#STATUS_LIST_LENGTH_ERROR}, {@link ErrorType#LIMIT_EXCEEDED_ERROR}, ...) and a JSON
 * Pointer to the offending value.
 */
public final class StatusListException extends MandateException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorType type;
    private final String path;

    public StatusListException(ErrorType type, String message, String path) {
        super(message, null, false, false);
        this.type = type;
        this.path = path == null ? "" : path;
    }

    /** The spec error type. */
    public ErrorType type() { return type; }

    /** JSON Pointer to the offending value, or "". */
    public String path() { return path; }

    /** This failure as a verification problem. */
    public Problem toProblem() { return new Problem(type, getMessage(), path); }
}
