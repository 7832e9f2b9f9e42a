package dev.mandate.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lets the modules above the store ({@code mandate-audit-log}, {@code mandate-agent-registry}, the guard) run their own SQL
 * in the store's transactions, with the same locking, retries and durability as the store itself: on
 * SQLite a write is a {@code BEGIN IMMEDIATE} transaction (one writer at a time across processes), on
 * PostgreSQL a READ COMMITTED transaction retried on deadlock or serialization failure.
 */
public final class JdbcTransactions {
    private JdbcTransactions() {}

    /** A unit of work inside one transaction; it may run more than once on PostgreSQL retries. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Runs the work on {@code c}; do not commit, roll back or close it.
         *
         * @param c the transaction's connection
         * @return the work's result, returned by {@code read} or {@code write} after the commit
         * @throws SQLException   when the database fails (the transaction is rolled back, and retried on PostgreSQL
         *                        for deadlocks and serialization failures)
         * @throws StoreException to refuse the request (the transaction is rolled back, the exception rethrown)
         */
        T run(Connection c) throws SQLException, StoreException;
    }

    /**
     * Runs {@code work} in one write transaction of {@code store}, committing on return.
     *
     * @param <T>   the result type
     * @param store a store opened by {@link Stores#open(String, StoreOptions)}
     * @param work  the SQL to run; may run more than once on PostgreSQL retries
     * @return what {@code work} returned, after the commit
     * @throws StoreException INVALID if {@code store} is not a JDBC store, UNAVAILABLE when the database fails,
     *                        or whatever {@code work} threw
     */
    public static <T> T write(Store store, Work<T> work) throws StoreException {
        return jdbc(store).write(work::run);
    }

    /**
     * Runs {@code work} in one read transaction of {@code store} that sees a single snapshot.
     *
     * @param <T>   the result type
     * @param store a store opened by {@link Stores#open(String, StoreOptions)}
     * @param work  the SQL to run; must not write
     * @return what {@code work} returned
     * @throws StoreException INVALID if {@code store} is not a JDBC store, UNAVAILABLE when the database fails,
     *                        or whatever {@code work} threw
     */
    public static <T> T read(Store store, Work<T> work) throws StoreException {
        JdbcStore s = jdbc(store);
        return s.read(c -> {
            s.snapshotIsolation(c);
            return work.run(c);
        });
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /**
         * Maps the current row; do not move the cursor.
         *
         * @param rs the result set, positioned on the row
         * @return the value of the current row
         * @throws SQLException when a column cannot be read
         */
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Binds {@code params} in order: Integer and Long as numbers, null as NULL, anything else as its string.
     *
     * @param ps     the statement
     * @param params the values for its {@code ?} placeholders, in order
     * @throws SQLException when a value cannot be bound (e.g. more params than placeholders)
     */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, java.sql.Types.VARCHAR);
            } else if (p instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (p instanceof Long n) {
                ps.setLong(i + 1, n);
            } else {
                ps.setString(i + 1, p.toString());
            }
        }
    }

    /**
     * Runs an update on {@code c}.
     *
     * @param c      the transaction's connection
     * @param sql    the statement with {@code ?} placeholders
     * @param params the values, bound by {@link #bind}
     * @return the number of rows changed
     * @throws SQLException when the database fails
     */
    public static int exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /**
     * Runs a query and maps its first row.
     *
     * @param <T>    the row type
     * @param c      the transaction's connection
     * @param sql    the query with {@code ?} placeholders
     * @param m      maps the row
     * @param params the values, bound by {@link #bind}
     * @return the first row, mapped; empty when there is none
     * @throws SQLException when the database fails
     */
    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> m, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(m.map(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Runs a query and maps every row.
     *
     * @param <T>    the row type
     * @param c      the transaction's connection
     * @param sql    the query with {@code ?} placeholders
     * @param m      maps each row
     * @param params the values, bound by {@link #bind}
     * @return every row, mapped, in order (empty when none)
     * @throws SQLException when the database fails
     */
    public static <T> List<T> many(Connection c, String sql, RowMapper<T> m, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(m.map(rs));
                }
                return out;
            }
        }
    }

    private static JdbcStore jdbc(Store store) throws StoreException {
        if (store instanceof JdbcStore j) {
            return j;
        }
        throw new StoreException(StoreException.Reason.INVALID, "not a JDBC store: " + store.kind());
    }
}
