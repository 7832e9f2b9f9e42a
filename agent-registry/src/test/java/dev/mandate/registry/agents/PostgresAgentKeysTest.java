package dev.mandate.registry.agents;

import dev.mandate.registry.PgTestDatabase;

/** Agent keys and rotation on PostgreSQL, each test in its own schema (see {@link PgTestDatabase}). */
class PostgresAgentKeysTest extends AgentKeysContractTest {
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
