package dev.mandate.registry;

import org.junit.jupiter.api.Assumptions;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The PostgreSQL server the tests use: {@code MANDATE_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres}). Each test class gets its own
 * schema, dropped afterwards, so parallel runs do not clash. Without a server the tests are skipped,
 * unless {@code MANDATE_REQUIRE_PG=1} (set by {@code .ci/run}), in which case they fail.
 */
public final class PgTestDatabase {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private PgTestDatabase() {}

    public static String baseUrl() {
        String url = System.getenv("MANDATE_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            url = DEFAULT_URL;
        }
        if (!url.contains("user=")) {
            url += (url.contains("?") ? "&" : "?") + "user=postgres";
        }
        return url;
    }

    /** Skips (or, with MANDATE_REQUIRE_PG=1, fails) the calling test when the server is unreachable. */
    public static void assumeAvailable() {
        String problem = null;
        DriverManager.setLoginTimeout(5);
        try (Connection c = DriverManager.getConnection(baseUrl() + "&connectTimeout=5")) {
            c.isValid(5);
        } catch (SQLException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            String msg = "PostgreSQL at " + baseUrl() + " is unreachable: " + problem;
            if ("1".equals(System.getenv("MANDATE_REQUIRE_PG"))) {
                fail(msg + " (MANDATE_REQUIRE_PG=1)");
            }
            Assumptions.abort(msg);
        }
    }

    /** Creates a fresh schema and returns a store URL pointing at it. */
    public static String createSchema(String[] nameOut) {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        String schema = "mandate_test_" + HexFormat.of().formatHex(b);
        execute("CREATE SCHEMA " + schema);
        nameOut[0] = schema;
        return baseUrl() + "&currentSchema=" + schema;
    }

    public static void dropSchema(String schema) {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    public static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
