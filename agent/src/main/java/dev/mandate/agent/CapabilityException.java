package dev.mandate.agent;

import dev.mandate.MandateException;

/**
 * A capability, constraint, resource or credential that is malformed or not allowed. The message is
 * one line naming what was wrong.
 */
public final class CapabilityException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a one-line message. */
    public CapabilityException(String message) {
        super(message);
    }
}
