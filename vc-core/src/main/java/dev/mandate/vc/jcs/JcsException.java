package dev.mandate.vc.jcs;

import dev.mandate.MandateException;

import java.util.Objects;

/**
 * A JSON value cannot be canonicalized under RFC 8785: a number outside the IEEE 754 double range, a string
 * with a lone surrogate, or nesting deeper than {@link Jcs#MAX_DEPTH}. The message names the problem; the
 * {@link #path()} points to the value.
 */
public final class JcsException extends MandateException {

    private static final long serialVersionUID = 1L;

    /** JSON Pointer to the offending value, "" for the root. */
    private final String path;

    /**
     * A value JCS (RFC 8785) cannot canonicalize.
     *
     * @param message one line saying what cannot be canonicalized
     * @param path    JSON Pointer to the value, or null / "" for the root
     */
    public JcsException(String message, String path) {
        super(Objects.requireNonNull(message, "message"));
        this.path = path == null ? "" : path;
    }

    /** {@return JSON Pointer (RFC 6901) to the offending value, "" for the root} */
    public String path() {
        return path;
    }
}
