package dev.mandate.guard.service;

/** Baseline checkpoints on PostgreSQL, each test in its own schema (required in CI with MANDATE_REQUIRE_PG=1). */
class PostgresCheckpointTest extends CheckpointContractTest {
    @Override
    DatabaseCopies.Kind databases() {
        return DatabaseCopies.postgresSchemas();
    }
}
