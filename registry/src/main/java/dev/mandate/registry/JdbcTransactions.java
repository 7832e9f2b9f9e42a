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

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        /** The value of the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    /** Binds {@code params} in order: Integer and Long as numbers, null as NULL, anything else as its string. */
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

    /** Runs an update on {@code c}; the number of rows changed. */
    public static int exec(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** The first row of a query, mapped; empty when there is none. */
    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> m, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(m.map(rs)) : Optional.empty();
            }
        }
    }

    /** Every row of a query, mapped, in order. */
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
