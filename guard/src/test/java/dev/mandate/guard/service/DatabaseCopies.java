package dev.mandate.guard.service;

import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.Stores;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh databases that start as copies of one a test class wrote once: a test gets the same rows (entries, Merkle
 * nodes, agents, status lists, checkpoints) as if it had written them itself, in a database of its own, without
 * paying for writing them again.
 */
final class DatabaseCopies {
    private DatabaseCopies() {
    }

    /** Where a contract test's databases live: one kind of store, its empty databases, copies and their removal. */
    interface Kind {
        /** An empty database; returns its store URL. */
        String fresh() throws Exception;

        /** A fresh database holding the rows of the one at {@code url}; returns its store URL. */
        String copyOf(String url) throws Exception;

        /** Drops the database at {@code url}. */
        void drop(String url);
    }

    /** SQLite files in {@code dir} (a test's temporary directory, which goes away with them). */
    static Kind sqliteIn(Path dir) {
        return new Kind() {
            @Override
            public String fresh() {
                return "jdbc:sqlite:" + dir.resolve("guard-" + java.util.UUID.randomUUID() + ".db");
            }

            @Override
            public String copyOf(String url) throws SQLException {
                return sqlite(url, dir.resolve("guard-" + java.util.UUID.randomUUID() + ".db"));
            }

            @Override
            public void drop(String url) {
                // the temporary directory goes away
            }
        };
    }

    /** PostgreSQL schemas, one a database (required in CI with MANDATE_REQUIRE_PG=1). */
    static Kind postgresSchemas() {
        return new Kind() {
            @Override
            public String fresh() {
                PgTestDatabase.assumeAvailable();
                return PgTestDatabase.createSchema(new String[1]);
            }

            @Override
            public String copyOf(String url) throws Exception {
                return postgres(url);
            }

            @Override
            public void drop(String url) {
                PgTestDatabase.dropSchema(schemaOf(url));
            }
        };
    }

    /** A copy of the SQLite database at {@code url} in a new file {@code to}; returns its URL. */
    static String sqlite(String url, Path to) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + to.toString().replace("'", "''") + "'");
        }
        return "jdbc:sqlite:" + to;
    }

    /** The schema a PostgreSQL store URL of {@link PgTestDatabase#createSchema} points at. */
    static String schemaOf(String url) {
        String key = "currentSchema=";
        int at = url.indexOf(key);
        if (at < 0) {
            throw new IllegalArgumentException("no currentSchema in " + url);
        }
        int end = url.indexOf('&', at);
        return url.substring(at + key.length(), end < 0 ? url.length() : end);
    }

    /**
     * A copy of the PostgreSQL schema of {@code url} in a new schema: the store's migrations create its tables (with
     * their keys, constraints and identity columns), then every row is copied and identity sequences continue where
     * the original's are. Returns the new schema's store URL.
     */
    static String postgres(String url) throws Exception {
        String from = schemaOf(url);
        String[] name = new String[1];
        String copy = PgTestDatabase.createSchema(name);
        Stores.open(copy).close();
        String to = name[0];
        try (Connection c = DriverManager.getConnection(PgTestDatabase.baseUrl())) {
            c.setAutoCommit(false);
            List<String> tables = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY table_name")) {
                p.setString(1, from);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
            }
            List<String[]> identities = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = ? AND is_identity = 'YES'")) {
                p.setString(1, from);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        identities.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL session_replication_role = replica"); // foreign keys are checked by the original's rows already
                s.execute("TRUNCATE " + String.join(", ", tables.stream().map(t -> to + "." + t).toList()));
                for (String t : tables) {
                    s.execute("INSERT INTO " + to + "." + t + " OVERRIDING SYSTEM VALUE SELECT * FROM " + from + "." + t);
                }
                for (String[] id : identities) {
                    String source = "pg_get_serial_sequence('" + from + "." + id[0] + "', '" + id[1] + "')";
                    String target = "pg_get_serial_sequence('" + to + "." + id[0] + "', '" + id[1] + "')";
                    try (ResultSet rs = s.executeQuery("SELECT " + source)) {
                        rs.next();
                        String seq = rs.getString(1);
                        s.execute("SELECT setval(" + target + ", last_value, is_called) FROM " + seq);
                    }
                }
            }
            c.commit();
        }
        return copy;
    }
}
