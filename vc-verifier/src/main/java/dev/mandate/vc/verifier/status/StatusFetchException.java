package dev.mandate.vc.verifier.status;

import dev.mandate.MandateException;

/** A status list could not be retrieved (a dependency failure: network, host, size, refused address). */
public final class StatusFetchException extends MandateException {
    private static final long serialVersionUID = 1L;

    /**
     * A fetch failure; no stack trace is captured (it is an expected dependency failure, reported as an
     * operational {@code STATUS_RETRIEVAL_ERROR}).
     *
     * @param message one line naming the URL and what failed
     */
    public StatusFetchException(String message) {
        super(message, null, false, false);
    }
}
