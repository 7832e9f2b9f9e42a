package dev.mandate.did.keystore;

import dev.mandate.MandateException;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A secret file ({@link SecretFile#firstLine}) that gave no secret, with a {@link Reason} so that a caller can say so
 * in its own words. The message names the file, never its content.
 */
public final class SecretFileException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Why the file gave no secret. */
    public enum Reason {
        /** The file could not be opened or read (the cause is the {@link java.io.IOException}). */
        UNREADABLE,
        /** The file is larger than the most bytes the caller reads. */
        TOO_LARGE,
        /** The first line is not UTF-8 text (the cause is the {@link java.nio.charset.CharacterCodingException}). */
        NOT_UTF8,
        /** The first line is empty. */
        EMPTY
    }

    /** Why the file gave no secret. */
    private final Reason reason;
    private final transient Path path;

    /**
     * Creates an exception.
     *
     * @param reason  why the file gave no secret
     * @param path    the file
     * @param message one line naming the file and what is wrong
     * @param cause   the underlying exception, or null
     */
    public SecretFileException(Reason reason, Path path, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = Objects.requireNonNull(path, "path");
    }

    /** {@return why the file gave no secret} */
    public Reason reason() {
        return reason;
    }

    /** {@return the file} */
    public Path path() {
        return path;
    }
}
