package dev.mandate.registry.agents;

import org.junit.jupiter.api.Assumptions;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The agent registry on PostgreSQL ({@code MANDATE_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}
 * as user postgres), each test in its own schema. Skipped without a server unless {@code MANDATE_REQUIRE_PG=1}.
 */
class PostgresAgentRegistryTest extends AgentRegistryContractTest {
    private String schema;

    static String baseUrl() {
        String url = System.getenv("MANDATE_TEST_PG_URL");
        if (url == null || url.isBlank()) {
            url = "jdbc:postgresql://127.0.0.1:5432/test";
        }
        if (!url.contains("user=")) {
            url += (url.contains("?") ? "&" : "?") + "user=postgres";
        }
        return url;
    }

    @Override
    String freshUrl() {
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
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        schema = "mandate_agents_" + HexFormat.of().formatHex(b);
        execute("CREATE SCHEMA " + schema);
        return baseUrl() + "&currentSchema=" + schema;
    }

    @Override
    void dropDatabase() {
        if (schema != null) {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
