package dev.mandate.vc.verify;

import java.util.Objects;

/**
 * One reason a verification failed, in the shape of the VC Data Model's problem details.
 *
 * @param type    the spec error type
 * @param message one human-readable line saying what was wrong
 * @param path    JSON Pointer (RFC 6901) to the offending value inside the input, or "" for the whole input
 */
public record Problem(ErrorType type, String message, String path) {
    /**
     * Checks the type and message; a null path becomes "".
     *
     * @param type    the spec error type
     * @param message one human-readable line saying what was wrong
     * @param path    JSON Pointer (RFC 6901) to the offending value inside the input, or "" for the whole input
     */
    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(message, "message");
        path = path == null ? "" : path;
    }

    /**
     * {@return a problem about the whole input (path "")}
     *
     * @param type    the spec error type
     * @param message one line saying what was wrong
     */
    public static Problem of(ErrorType type, String message) {
        return new Problem(type, message, "");
    }
}
