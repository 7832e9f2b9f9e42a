package dev.mandate.registry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Lets other packages of the registry (for example {@code dev.mandate.registry.audit}) run their own SQL
 * in the store's transactions, with the same locking, retries and durability as the store itself: on
 * SQLite a write is a {@code BEGIN IMMEDIATE} transaction (one writer at a time across processes), on
 * PostgreSQL a READ COMMITTED transaction retried on deadlock or serialization failure.
 */
public final class JdbcTransactions {
    private JdbcTransactions() {}

    /** A unit of work inside one transaction; it may run more than once on PostgreSQL retries. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs the work on {@code c}; do not commit, roll back or close it. */
        T run(Connection c) throws SQLException, StoreException;
    }

    /** Runs {@code work} in one write transaction of {@code store}, committing on return. */
    public static <T> T write(Store store, Work<T> work) throws StoreException {
        return jdbc(store).write(work::run);
    }

    /** Runs {@code work} in one read transaction of {@code store} that sees a single snapshot. */
    public static <T> T read(Store store, Work<T> work) throws StoreException {
        JdbcStore s = jdbc(store);
        return s.read(c -> {
            s.snapshotIsolation(c);
            return work.run(c);
        });
    }

    private static JdbcStore jdbc(Store store) throws StoreException {
        if (store instanceof JdbcStore j) {
            return j;
        }
        throw new StoreException(StoreException.Reason.INVALID, "not a JDBC store: " + store.kind());
    }
}
