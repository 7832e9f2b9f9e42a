package dev.mandate.registry.audit;

import dev.mandate.MandateException;

/** An audit proof, tree head or entry in JSON is malformed; the message names the member. */
public final class AuditFormatException extends MandateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a one-line message.
     *
     * @param message names the malformed member and what was expected
     */
    public AuditFormatException(String message) {
        super(message);
    }
}
