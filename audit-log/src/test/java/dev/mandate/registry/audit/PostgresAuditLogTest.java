package dev.mandate.registry.audit;

import dev.mandate.registry.PgTestDatabase;

/**
 * The audit log on PostgreSQL ({@code MANDATE_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}
 * as user postgres), each test in its own schema. Skipped without a server unless {@code MANDATE_REQUIRE_PG=1}.
 */
class PostgresAuditLogTest extends AuditLogContractTest {
    private String schema;

    @Override
    String freshUrl() {
        PgTestDatabase.assumeAvailable();
        String[] name = new String[1];
        String url = PgTestDatabase.createSchema(name);
        schema = name[0];
        return url;
    }

    @Override
    void dropDatabase() {
        PgTestDatabase.dropSchema(schema);
    }
}
