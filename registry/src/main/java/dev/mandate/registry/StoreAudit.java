package dev.mandate.registry;

import jakarta.json.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Appends a store's own changes (status changes) to the audit log inside the store's write transaction, so the
 * change and its audit entry commit or roll back together. The audit log lives in {@code mandate-audit-log}, a
 * module above this one: it registers a {@link Provider} as a {@link java.util.ServiceLoader} service, and
 * {@link Stores#open(String, StoreOptions)} refuses to open a store when none is on the class path (fail closed:
 * a store never changes a status without auditing it).
 */
@FunctionalInterface
public interface StoreAudit {
    /**
     * Appends one entry inside the caller's write transaction on {@code c}.
     *
     * @param c       the store's connection, inside its write transaction (do not commit, roll back or close it)
     * @param type    the entry type, a lower-case token such as {@code status}
     * @param actor   who made the change
     * @param subject what was changed (a credential id)
     * @param details what changed
     * @throws StoreException INVALID for a bad argument
     * @throws SQLException   when the database fails (the store's transaction handles it)
     */
    void appendIn(Connection c, String type, String actor, String subject, JsonObject details) throws SQLException, StoreException;

    /** Makes the audit of one store; {@code mandate-audit-log} registers its implementation as a service. */
    interface Provider {
        /**
         * The audit of {@code store}, with timestamps from {@code clock}.
         *
         * @param store the store being opened (not yet migrated: do not use it before it is returned)
         * @param clock the store's clock
         * @return the audit the store appends its changes to
         */
        StoreAudit open(Store store, Clock clock);
    }
}
