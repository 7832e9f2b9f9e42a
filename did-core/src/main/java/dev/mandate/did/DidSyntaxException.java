package dev.mandate.did;

import dev.mandate.MandateException;

/**
 * A string is not a valid DID or DID URL (DID Core 1.0 section 3 ABNF). The message names what was wrong.
 * Maps to the DID Resolution error {@code invalidDid} (or {@code invalidDidUrl}, see {@link #isDidUrl()}).
 */
public final class DidSyntaxException extends MandateException {
    private static final long serialVersionUID = 1L;
    /** Whether a DID URL, rather than a plain DID, was being parsed. */
    private final boolean didUrl;

    /**
     * Creates the exception; {@code didUrl} tells whether a DID URL (rather than a plain DID) was being parsed.
     *
     * @param message one line naming the first problem
     * @param didUrl  true while parsing a DID URL
     */
    public DidSyntaxException(String message, boolean didUrl) {
        super(message);
        this.didUrl = didUrl;
    }

    /** {@return true if the rejected input was parsed as a DID URL} */
    public boolean isDidUrl() { return didUrl; }

    /** {@return the DID Resolution error code: {@code invalidDidUrl} or {@code invalidDid}} */
    public String errorCode() { return didUrl ? "invalidDidUrl" : "invalidDid"; }
}
