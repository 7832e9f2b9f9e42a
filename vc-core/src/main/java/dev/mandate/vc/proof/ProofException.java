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
    private final String path;

    public ProofException(ErrorType type, String message, String path) {
        super(message, null, false, false);
        this.type = type;
        this.path = path == null ? "" : path;
    }

    public ProofException(ErrorType type, String message) {
        this(type, message, "");
    }

    public ErrorType type() { return type; }

    public String path() { return path; }

    /** This failure as a verification problem. */
    public Problem toProblem() { return new Problem(type, getMessage(), path); }
}
