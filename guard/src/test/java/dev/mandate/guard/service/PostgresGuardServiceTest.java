package dev.mandate.guard.service;

import dev.mandate.registry.PgTestDatabase;

/** The guard service on PostgreSQL, each test in its own schema (required in CI with MANDATE_REQUIRE_PG=1). */
class PostgresGuardServiceTest extends GuardServiceContractTest {
    @Override
    String freshUrl() {
        PgTestDatabase.assumeAvailable();
        return PgTestDatabase.createSchema(new String[1]);
    }

    @Override
    String copyOf(String url) throws Exception {
        return DatabaseCopies.postgres(url);
    }

    @Override
    void dropDatabase(String url) {
        PgTestDatabase.dropSchema(DatabaseCopies.schemaOf(url));
    }
}
