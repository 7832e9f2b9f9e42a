package dev.mandate.registry;

import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded store: one SQLite file in WAL mode. Within a process every operation runs on one
 * connection under a fair lock (writes are serialized anyway by SQLite); across processes, write
 * transactions start with {@code BEGIN IMMEDIATE} and wait up to the busy timeout for the file lock,
 * so the CLI and a running server can share one file.
 */
public final class SqliteStore extends JdbcStore {
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile boolean closed;

    private SqliteStore(Connection connection, StoreOptions options, StoreAudit.Provider audit) {
        super(options, audit);
        this.connection = connection;
    }

    /** Opens (creating if needed) and migrates the SQLite database at {@code jdbcUrl}, auditing its changes in {@code audit}. */
    static SqliteStore open(String jdbcUrl, StoreOptions options, StoreAudit.Provider audit) throws StoreException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(options.durableSync() ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
        config.enforceForeignKeys(true);
        Connection c;
        try {
            c = DriverManager.getConnection(jdbcUrl, config.toProperties());
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw unavailable("opening SQLite store " + Stores.redact(jdbcUrl), e);
        }
        SqliteStore store = new SqliteStore(c, options, audit);
        try {
            store.write(conn -> Migrations.apply(conn, "sqlite", store.now()));
        } catch (StoreException e) {
            store.closeQuietly();
            throw e;
        }
        return store;
    }

    @Override
    public String kind() {
        return "sqlite";
    }

    @Override
    String forUpdate() {
        return "";
    }

    @Override
    void lockListCreation(Connection c, String issuer, dev.mandate.vc.status.StatusPurpose purpose) {
        // BEGIN IMMEDIATE already serializes every writer
    }

    @Override
    void snapshotIsolation(Connection c) {
        // a WAL read transaction already sees one snapshot
    }

    @Override
    <T> T write(Tx<T> body) throws StoreException {
        return run("BEGIN IMMEDIATE", body);
    }

    @Override
    <T> T read(Tx<T> body) throws StoreException {
        return run("BEGIN", body);
    }

    private <T> T run(String begin, Tx<T> body) throws StoreException {
        lock.lock();
        try {
            if (closed) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "the store is closed");
            }
            try (Statement s = connection.createStatement()) {
                s.execute(begin);
            } catch (SQLException e) {
                throw unavailable("starting a SQLite transaction", e);
            }
            boolean committed = false;
            try {
                T result = body.run(connection);
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
                committed = true;
                return result;
            } catch (SQLException e) {
                throw unavailable("SQLite transaction", e);
            } finally {
                if (!committed) {
                    try (Statement s = connection.createStatement()) {
                        s.execute("ROLLBACK");
                    } catch (SQLException ignored) {
                        // the transaction is gone already (e.g. the connection failed)
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws StoreException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection.close();
        } catch (SQLException e) {
            throw unavailable("closing the SQLite store", e);
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (StoreException ignored) {
            // already failing
        }
    }
}
