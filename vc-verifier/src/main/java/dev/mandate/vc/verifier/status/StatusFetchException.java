package dev.mandate.vc.verifier.status;

/** A status list could not be retrieved (a dependency failure: network, host, size, refused address). */
public final class StatusFetchException extends Exception {
    private static final long serialVersionUID = 1L;

    public StatusFetchException(String message) {
        super(message, null, false, false);
    }
}
