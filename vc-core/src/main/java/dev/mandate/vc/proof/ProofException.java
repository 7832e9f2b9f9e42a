package dev.mandate.vc.proof;

import dev.mandate.MandateException;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

/**
 * A proof could not be created or checked because its input was unusable (a transformation failed,
 * an unknown context, data loss in JSON-LD expansion, a malformed proof value). Carries the spec
 * error type and a JSON Pointer so callers can turn it into a {@link Problem}.
 */
public final class ProofException extends MandateException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorType type;
    /** JSON Pointer to the offending value, or "" for the whole input. */
    private final String path;

    /**
     * A failure at a known place; no stack trace is captured (the message says it all).
     *
     * @param type    the spec error type
     * @param message one line saying what was wrong
     * @param path    JSON Pointer to the offending value, or null / "" for the whole input
     */
    public ProofException(ErrorType type, String message, String path) {
        super(message, null, false, false);
        this.type = type;
        this.path = path == null ? "" : path;
    }

    /**
     * A failure about the whole input (path "").
     *
     * @param type    the spec error type
     * @param message one line saying what was wrong
     */
    public ProofException(ErrorType type, String message) {
        this(type, message, "");
    }

    /** {@return the spec error type} */
    public ErrorType type() { return type; }

    /** {@return the JSON Pointer to the offending value, or "" for the whole input} */
    public String path() { return path; }

    /** {@return this failure as a verification problem} */
    public Problem toProblem() { return new Problem(type, getMessage(), path); }
}
