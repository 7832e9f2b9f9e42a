package dev.mandate.vc.jose;

import dev.mandate.MandateException;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.Objects;

/**
 * A JOSE object or an SD-JWT could not be created, parsed or checked. Carries the specification
 * error type, a one-line message naming what was wrong, and a JSON Pointer into the credential or
 * presentation ({@code ""} when the problem is about the envelope as a whole), so callers can turn it
 * into a {@link Problem}. Thrown for bad input instead of any unchecked exception.
 */
public final class JoseException extends MandateException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorType type;
    /** JSON Pointer to the offending value, or "" for the whole input. */
    private final String path;

    /**
     * @param type    the spec error type
     * @param message one line saying what was wrong
     * @param path    JSON Pointer to the offending value, or "" for the whole input
     */
    public JoseException(ErrorType type, String message, String path) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.type = Objects.requireNonNull(type, "type");
        this.path = path == null ? "" : path;
    }

    /**
     * A failure about the whole input (path {@code ""}).
     *
     * @param type    the spec error type
     * @param message one line saying what was wrong
     */
    public JoseException(ErrorType type, String message) {
        this(type, message, "");
    }

    /** {@return the spec error type} */
    public ErrorType type() { return type; }

    /** {@return JSON Pointer to the offending value, or "" for the whole input} */
    public String path() { return path; }

    /** {@return this failure as a verification problem} */
    public Problem toProblem() { return new Problem(type, getMessage(), path); }
}
