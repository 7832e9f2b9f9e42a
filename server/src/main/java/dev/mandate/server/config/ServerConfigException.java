package dev.mandate.server.config;

import dev.mandate.MandateException;

/**
 * The server configuration is invalid or something it names cannot be used (a missing file, a key that
 * is not in the key store, a certificate that does not parse). The message is one line naming the
 * field, for example {@code issuers[1].cryptosuite: unknown cryptosuite 'eddsa-2099'}.
 */
public final class ServerConfigException extends MandateException {
    private static final long serialVersionUID = 1L;

    /**
     * A configuration error.
     *
     * @param message one line naming the field and what is wrong
     */
    public ServerConfigException(String message) {
        super(message);
    }

    /**
     * A configuration error with its cause.
     *
     * @param message one line naming the field and what is wrong
     * @param cause   the underlying failure (an I/O or key-store error)
     */
    public ServerConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
