package dev.mandate.did.keystore;

import dev.mandate.MandateException;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A key-store operation that could not be carried out, with a {@link Reason} a caller can act on
 * and a one-line message naming the key store (or key name) and what to do. Messages never contain
 * passphrases or key material.
 */
public final class EncryptedKeyStoreException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Why a key-store operation failed. */
    public enum Reason {
        /** There is no key-store file at the path. */
        STORE_NOT_FOUND,
        /** No key with the requested name. */
        KEY_NOT_FOUND,
        /** The file did not decrypt: the passphrase is wrong or the ciphertext was altered. */
        WRONG_PASSPHRASE_OR_CORRUPTED,
        /** The file is not a Mandate key store (not a JWE of the expected form, or a bad payload). */
        CORRUPTED,
        /** The key name is not {@code [A-Za-z0-9._-]{1,64}}. */
        INVALID_NAME,
        /** A key with that name already exists. */
        DUPLICATE_NAME,
        /** The key to store is not a usable private JWK. */
        INVALID_KEY,
        /** The passphrase is unusable (empty, or too short for a new key store). */
        INVALID_PASSPHRASE,
        /** Reading or writing the file failed (permissions, disk full, locked by another process...). */
        IO_ERROR
    }

    /** Why the operation failed. */
    private final Reason reason;
    private final transient Path path;

    /**
     * Creates an exception.
     *
     * @param reason  why it failed
     * @param path    the key-store file concerned
     * @param message one line saying what is wrong and what to do
     * @param cause   the underlying exception, or null
     */
    public EncryptedKeyStoreException(Reason reason, Path path, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * Creates an exception without a cause.
     *
     * @param reason  why it failed
     * @param path    the key store file
     * @param message one line naming what was wrong and what to do
     */
    public EncryptedKeyStoreException(Reason reason, Path path, String message) {
        this(reason, path, message, null);
    }

    /** {@return why the operation failed} */
    public Reason reason() {
        return reason;
    }

    /** {@return the key-store file the operation was about} */
    public Path path() {
        return path;
    }
}
