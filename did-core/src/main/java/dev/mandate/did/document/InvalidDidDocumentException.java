package dev.mandate.did.document;

import dev.mandate.MandateException;

/** A JSON value is not a well-formed DID document; the message names the offending member. Maps to {@code invalidDidDocument}. */
public final class InvalidDidDocumentException extends MandateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a one-line message.
     *
     * @param message one line naming the first problem
     */
    public InvalidDidDocumentException(String message) {
        super(message);
    }
}
