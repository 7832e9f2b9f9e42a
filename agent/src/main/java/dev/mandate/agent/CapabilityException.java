package dev.mandate.agent;

import dev.mandate.MandateException;

/**
 * A capability, constraint, resource or credential that is malformed or not allowed. The message is
 * one line naming what was wrong.
 */
public final class CapabilityException extends MandateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message one line naming what was wrong and, where it helps, what to do
     */
    public CapabilityException(String message) {
        super(message);
    }
}
