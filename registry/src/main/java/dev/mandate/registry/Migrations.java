package dev.mandate.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned schema migrations: ordered SQL resources {@code migrations/<dialect>/V<n>__<name>.sql},
 * applied once each and recorded in {@code schema_version}. A database at a newer version than this
 * code knows is refused rather than touched.
 */
final class Migrations {
    /** One migration step. */
    record Migration(int version, String name) {
        String resource(String dialect) {
            return "migrations/" + dialect + "/V" + version + "__" + name + ".sql";
        }
    }

    /** Every migration, in order. Append only: never edit a released step. */
    static final List<Migration> ALL = List.of(
            new Migration(1, "status_lists"),
            new Migration(2, "grants"),
            new Migration(3, "audit_log"),
            new Migration(4, "agents"),
            new Migration(5, "agent_keys"),
            new Migration(6, "audit_nodes"),
            new Migration(7, "agent_cards"),
            new Migration(8, "guard_checkpoints"));

    static final String CREATE_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)";

    private Migrations() {}

    static int latest() {
        return ALL.get(ALL.size() - 1).version();
    }

    /** The current version in a connection already inside a transaction (0 if none applied). */
    static int current(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Applies the missing migrations inside the caller's transaction (which must hold the migration lock).
     *
     * @return the version after migrating
     */
    static int apply(Connection c, String dialect, long nowMillis) throws SQLException, StoreException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_VERSION_TABLE);
        }
        int current = current(c);
        if (current > latest()) {
            throw new StoreException(StoreException.Reason.SCHEMA, "the database schema is at version " + current
                    + " but this Mandate knows only up to " + latest() + "; upgrade Mandate");
        }
        for (Migration m : ALL) {
            if (m.version() <= current) {
                continue;
            }
            for (String statement : statements(load(m.resource(dialect)))) {
                try (Statement s = c.createStatement()) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, m.version());
                p.setString(2, m.name());
                p.setLong(3, nowMillis);
                p.executeUpdate();
            }
            current = m.version();
        }
        return current;
    }

    static String load(String resource) throws StoreException {
        try (InputStream in = Migrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new StoreException(StoreException.Reason.SCHEMA, "migration resource missing: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException(StoreException.Reason.SCHEMA, "cannot read migration " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Splits a script at semicolons that end a line, dropping {@code --} comment lines. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            cur.append(line).append('\n');
            if (t.endsWith(";")) {
                String stmt = cur.toString().strip();
                out.add(stmt.substring(0, stmt.length() - 1));
                cur.setLength(0);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().strip());
        }
        return out;
    }
}
