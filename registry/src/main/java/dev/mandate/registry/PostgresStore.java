package dev.mandate.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The shared store on PostgreSQL: several processes (servers, CLIs) may use one database. Writes run
 * at READ COMMITTED with row locks ({@code SELECT ... FOR UPDATE} on the list row before any entry of
 * it changes), so concurrent revoke/suspend/reinstate calls serialize per list and none is lost;
 * deadlock and serialization failures are retried. Connections come from a small built-in pool.
 */
public final class PostgresStore extends JdbcStore {
    /** Advisory lock key serializing migrations of concurrent start-ups ("mandate" in ASCII). */
    private static final long MIGRATION_LOCK = 0x6d616e64617465L;
    private static final int MAX_ATTEMPTS = 20;

    private final String url;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    private PostgresStore(String url, StoreOptions options, StoreAudit.Provider audit) {
        super(options, audit);
        this.url = url;
        this.permits = new Semaphore(options.poolSize(), true);
    }

    /** Connects to and migrates the PostgreSQL database at {@code jdbcUrl}, auditing its changes in {@code audit}. */
    static PostgresStore open(String jdbcUrl, StoreOptions options, StoreAudit.Provider audit) throws StoreException {
        PostgresStore store = new PostgresStore(jdbcUrl, options, audit);
        try {
            store.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
                }
                return Migrations.apply(c, "postgresql", store.now());
            });
        } catch (StoreException e) {
            store.close();
            throw e;
        }
        return store;
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    String forUpdate() {
        return " FOR UPDATE";
    }

    /**
     * Most open lists per (issuer, purpose): allocations on several instances proceed on different list rows. A list is
     * opened only when every open one is held by an allocation, so this is a cap reached under that much concurrency
     * (three instances with 8 connections each open about 24); with 4, 24 concurrent allocations queued on 4 row locks.
     */
    static final int OPEN_LISTS_PER_PURPOSE = 32;

    @Override
    String forUpdateSkipLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    int openListsPerPurpose() {
        return OPEN_LISTS_PER_PURPOSE;
    }

    @Override
    void lockListCreation(Connection c, String issuer, dev.mandate.vc.status.StatusPurpose purpose) throws SQLException {
        // a transaction-scoped advisory lock per (issuer, purpose); 64-bit key from a SHA-256 prefix
        byte[] h;
        try {
            h = java.security.MessageDigest.getInstance("SHA-256").digest(("mandate-list:" + issuer + "\n" + purpose.jsonName())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long key = java.nio.ByteBuffer.wrap(h).getLong();
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, key);
            ps.executeQuery().close();
        }
    }

    @Override
    void snapshotIsolation(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
        }
    }

    @Override
    <T> T write(Tx<T> body) throws StoreException {
        return run(body, false);
    }

    @Override
    <T> T read(Tx<T> body) throws StoreException {
        return run(body, true);
    }

    @Override
    <T> T readOneStatement(Tx<T> body) throws StoreException {
        Connection c = borrow();
        boolean broken = false;
        try {
            c.setAutoCommit(true); // no transaction is open on a pooled connection: a local switch, no round trip
            try {
                return body.run(c);
            } finally {
                c.setAutoCommit(false);
            }
        } catch (SQLException e) {
            broken = true; // whatever failed, the connection's autocommit state is unknown: never hand it out again
            throw unavailable("PostgreSQL read", e);
        } catch (StoreException | RuntimeException e) {
            broken = true;
            throw e;
        } finally {
            release(c, broken);
        }
    }

    private <T> T run(Tx<T> body, boolean readOnly) throws StoreException {
        for (int attempt = 1; ; attempt++) {
            Connection c = borrow();
            boolean broken = false;
            try {
                c.setReadOnly(readOnly);
                T result = body.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                rollback(c);
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                broken = state.startsWith("08");
                if ((state.equals("40001") || state.equals("40P01")) && attempt < MAX_ATTEMPTS) {
                    backoff(attempt);
                    continue;
                }
                throw unavailable("PostgreSQL transaction", e);
            } catch (StoreException | RuntimeException e) {
                rollback(c);
                throw e;
            } finally {
                release(c, broken);
            }
        }
    }

    private static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 5 * attempt + 2));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // connection already unusable; release() closes it
        }
    }

    private Connection borrow() throws StoreException {
        if (closed) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "the store is closed");
        }
        try {
            if (!permits.tryAcquire(options.busyTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "no PostgreSQL connection free within " + options.busyTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "interrupted waiting for a PostgreSQL connection");
        }
        Connection c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        try {
            java.util.Properties props = new java.util.Properties();
            props.setProperty("connectTimeout", Long.toString(Math.max(1, options.busyTimeout().toSeconds())));
            props.setProperty("ApplicationName", "mandate");
            c = DriverManager.getConnection(url, props);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return c;
        } catch (SQLException e) {
            permits.release();
            throw unavailable("connecting to PostgreSQL " + Stores.redact(url), e);
        }
    }

    private void release(Connection c, boolean broken) {
        if (broken || closed) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a broken connection
            }
        } else {
            idle.offerFirst(c);
        }
        permits.release();
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // best effort
            }
        }
    }
}
