package dev.mandate.guard.service;

/** The guard service on PostgreSQL, each test in its own schema (required in CI with MANDATE_REQUIRE_PG=1). */
class PostgresGuardServiceTest extends GuardServiceContractTest {
    @Override
    DatabaseCopies.Kind databases() {
        return DatabaseCopies.postgresSchemas();
    }
}
