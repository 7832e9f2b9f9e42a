package dev.mandate.registry.audit;

import dev.mandate.MandateException;

/** An audit proof, tree head or entry in JSON is malformed; the message names the member. */
public final class AuditFormatException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message. */
    public AuditFormatException(String message) {
        super(message);
    }
}
