package dev.mandate.vc.verifier.status;

import dev.mandate.MandateException;

/** A status list could not be retrieved (a dependency failure: network, host, size, refused address). */
public final class StatusFetchException extends MandateException {
    private static final long serialVersionUID = 1L;

    public StatusFetchException(String message) {
        super(message, null, false, false);
    }
}
