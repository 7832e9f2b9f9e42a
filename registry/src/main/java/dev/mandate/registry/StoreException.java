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

    private final Reason reason;

    public StoreException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the operation failed. */
    public Reason reason() { return reason; }

    /** True when a dependency (the database) failed rather than the request. */
    public boolean operational() { return reason == Reason.UNAVAILABLE || reason == Reason.SCHEMA; }
}
