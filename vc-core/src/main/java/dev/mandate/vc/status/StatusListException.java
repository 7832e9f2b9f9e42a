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
    /** JSON Pointer to the offending value, or "" for the whole input. */
    private final String path;

    /**
     * A status list that cannot be used; no stack trace is captured.
     *
     * @param type    the spec error type
     * @param message one line saying what was wrong
     * @param path    JSON Pointer to the offending value, or null / "" for the whole list
     */
    public StatusListException(ErrorType type, String message, String path) {
        super(message, null, false, false);
        this.type = type;
        this.path = path == null ? "" : path;
    }

    /** {@return the spec error type} */
    public ErrorType type() { return type; }

    /** {@return JSON Pointer to the offending value, or ""} */
    public String path() { return path; }

    /** {@return this failure as a verification problem} */
    public Problem toProblem() { return new Problem(type, getMessage(), path); }
}
