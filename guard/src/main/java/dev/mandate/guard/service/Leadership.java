package dev.mandate.guard.service;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Which of several guards over one store acts: the one holding the store's guard lock. Every guard reads the
 * log and keeps its baselines current; only the leader suspends. When the leader dies its lock goes with it
 * (a PostgreSQL session's advisory lock when its connection ends, an operating-system file lock when its
 * process ends) and a standby takes it on its next poll.
 */
public sealed interface Leadership extends AutoCloseable permits Leadership.Solo, Leadership.PostgresLock, Leadership.FileLease {

    /**
     * Keeps the lock if held and still valid, else tries to take it; never blocks waiting for another holder.
     *
     * @return true when this guard leads now; false when another holds the lock or the database cannot be reached
     */
    boolean holdOrAcquire();

    /** Releases the lock. */
    @Override
    void close();

    /**
     * The leadership for a store URL.
     *
     * @param jdbcUrl the store's JDBC URL
     * @return a PostgreSQL advisory lock for {@code jdbc:postgresql:}, a lock file next to a SQLite file, else
     *         (in-memory SQLite) always leading
     */
    static Leadership forStore(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return new PostgresLock(jdbcUrl);
        if (jdbcUrl.startsWith("jdbc:sqlite:") && !jdbcUrl.contains(":memory:")) {
            String file = jdbcUrl.substring("jdbc:sqlite:".length());
            int q = file.indexOf('?');
            if (q >= 0) file = file.substring(0, q);
            if (file.startsWith("file:")) file = file.substring(5);
            return new FileLease(Path.of(file + ".guard-lock"));
        }
        return new Solo();
    }

    /** A single guard: always leads. */
    final class Solo implements Leadership {
        @Override public boolean holdOrAcquire() {
            return true;
        }

        @Override public void close() {}
    }

    /**
     * A session-level PostgreSQL advisory lock on its own connection, keyed by the store's schema, so guards of
     * different stores in one database do not exclude each other. The connection is checked on every poll;
     * when it is gone (the database restarted, the session was terminated) this guard stops leading and tries
     * again on a new connection.
     */
    final class PostgresLock implements Leadership {
        private final String url;
        private Connection connection;

        PostgresLock(String url) {
            this.url = url;
        }

        @Override
        public synchronized boolean holdOrAcquire() {
            try {
                if (connection != null) {
                    if (connection.isValid(2)) return true;
                    drop();
                }
                Connection c = DriverManager.getConnection(url);
                try (PreparedStatement st = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('mandate-guard:' || current_schema()))");
                     ResultSet rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        connection = c;
                        return true;
                    }
                }
                c.close();
                return false;
            } catch (SQLException e) {
                drop();
                return false;
            }
        }

        /** {@return the database process id of the session holding the lock (for operators and tests), or -1 when not held} */
        public synchronized int sessionPid() {
            if (connection == null) return -1;
            try (PreparedStatement st = connection.prepareStatement("SELECT pg_backend_pid()"); ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : -1;
            } catch (SQLException e) {
                return -1;
            }
        }

        private void drop() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // it is gone either way
                }
                connection = null;
            }
        }

        @Override
        public synchronized void close() {
            drop(); // ending the session releases the lock
        }
    }

    /** An exclusive lock on a file next to a SQLite database: held by one process (and one guard in it) at a time. */
    final class FileLease implements Leadership {
        private final Path path;
        private FileChannel channel;
        private FileLock lock;

        FileLease(Path path) {
            this.path = path;
        }

        @Override
        public synchronized boolean holdOrAcquire() {
            if (lock != null && lock.isValid()) return true;
            try {
                if (channel == null) channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                lock = channel.tryLock();
                return lock != null;
            } catch (OverlappingFileLockException e) {
                return false; // another guard in this process holds it
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public synchronized void close() {
            try {
                if (lock != null) lock.release();
                if (channel != null) channel.close();
            } catch (IOException ignored) {
                // released with the channel
            }
            lock = null;
            channel = null;
        }
    }
}
