package dev.mandate.guard;

import dev.mandate.MandateException;

/** A guard configuration that is malformed or out of range; the message names the field, on one line. */
public final class GuardConfigException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the bad field */
    public GuardConfigException(String message) {
        super(message);
    }
}
