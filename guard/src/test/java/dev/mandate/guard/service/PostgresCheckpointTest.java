package dev.mandate.guard.service;

import dev.mandate.registry.PgTestDatabase;

/** Baseline checkpoints on PostgreSQL, each test in its own schema (required in CI with MANDATE_REQUIRE_PG=1). */
class PostgresCheckpointTest extends CheckpointContractTest {
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
