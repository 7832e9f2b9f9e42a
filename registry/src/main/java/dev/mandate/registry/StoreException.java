package dev.mandate.registry;

import dev.mandate.MandateException;

/**
 * A store operation failed. {@link #reason()} tells the caller's own mistakes (unknown credential, an
 * irreversible change, a completed task) from the database failing ({@link Reason#UNAVAILABLE}), which
 * the CLI maps to exit code 3.
 */
public final class StoreException extends MandateException {
    private static final long serialVersionUID = 1L;

    /** Why a store operation failed. */
    public enum Reason {
        /** The credential, list or task is not in the store. */
        NOT_FOUND,
        /** The change is not allowed (undoing a revocation, a value too wide, a grant on a completed task). */
        CONFLICT,
        /** The input is malformed (an empty id, a list size below the minimum). */
        INVALID,
        /** The database failed or could not be reached: an operational error. */
        UNAVAILABLE,
        /** The database schema is newer than this code or a migration failed. */
        SCHEMA
    }

    /** Why the operation failed (serialized with the exception). */
    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason  why the operation failed
     * @param message one line naming what was wrong and what to do
     */
    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Creates the exception with its cause (typically the {@code SQLException}).
     *
     * @param reason  why the operation failed
     * @param message one line naming what was wrong and what to do
     * @param cause   the underlying failure
     */
    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** {@return why the operation failed} */
    public Reason reason() { return reason; }

    /** {@return true when a dependency (the database) failed rather than the request: UNAVAILABLE or SCHEMA} */
    public boolean operational() { return reason == Reason.UNAVAILABLE || reason == Reason.SCHEMA; }
}
