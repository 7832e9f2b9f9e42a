package dev.mandate.vc.jsonld;

import dev.mandate.MandateException;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.Objects;

/**
 * A JSON-LD document could not be processed (expanded, converted to RDF or canonicalized).
 *
 * <p>The {@link #type()} says why, with the specification's error types:
 * <ul>
 *   <li>{@link ErrorType#UNKNOWN_CONTEXT_ERROR}: a context URL is neither bundled nor registered (the message
 *       names the URL; network loading never happens);</li>
 *   <li>{@link ErrorType#DATA_LOSS_DETECTION_ERROR}: safe mode found a term or value that JSON-LD would drop
 *       (undefined term, relative IRI), so signing or verifying would not cover it;</li>
 *   <li>{@link ErrorType#LIMIT_EXCEEDED_ERROR}: a bound was exceeded (nesting depth, the RDFC-1.0 work bound
 *       that stops "poison" graphs);</li>
 *   <li>{@link ErrorType#PARSING_ERROR}: any other JSON-LD or N-Quads error (invalid context, colliding
 *       keywords, malformed input).</li>
 * </ul>
 * The message is one line that says what was wrong with which input.
 */
public final class JsonLdException extends MandateException {

    private static final long serialVersionUID = 1L;

    private final transient ErrorType type;
    /** JSON Pointer to the offending value, or "" when unknown. */
    private final String path;

    /**
     * An error at a known place in the input.
     *
     * @param type    the error type
     * @param message one line naming what was wrong
     * @param path    JSON Pointer (RFC 6901) to the offending value inside the input, or "" if unknown
     */
    public JsonLdException(ErrorType type, String message, String path) {
        super(Objects.requireNonNull(message, "message"));
        this.type = Objects.requireNonNull(type, "type");
        this.path = path == null ? "" : path;
    }

    /**
     * As {@link #JsonLdException(ErrorType, String, String)} with an unknown path and a cause.
     *
     * @param type    the error type
     * @param message one line naming what was wrong
     * @param cause   the underlying failure (e.g. Titanium's), kept for logs
     */
    public JsonLdException(ErrorType type, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.type = Objects.requireNonNull(type, "type");
        this.path = "";
    }

    /** {@return why processing failed} */
    public ErrorType type() {
        return type;
    }

    /** {@return JSON Pointer to the offending value in the input document, or "" when unknown} */
    public String path() {
        return path;
    }

    /** {@return this error as a verification {@link Problem}} */
    public Problem toProblem() {
        return new Problem(type, getMessage(), path);
    }
}
