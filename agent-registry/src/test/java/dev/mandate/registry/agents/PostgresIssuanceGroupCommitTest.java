package dev.mandate.registry.agents;

import dev.mandate.registry.PgTestDatabase;

import java.util.List;

/**
 * Issuance group commit on PostgreSQL ({@code MANDATE_TEST_PG_URL}, default {@code jdbc:postgresql://127.0.0.1:5432/test}
 * as user postgres), each test in its own schema. Skipped without a server unless {@code MANDATE_REQUIRE_PG=1}.
 */
class PostgresIssuanceGroupCommitTest extends IssuanceGroupCommitContractTest {
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

    @Override
    List<String> faultTrigger() {
        return List.of("CREATE TABLE audit_fault (fail INTEGER NOT NULL)", "INSERT INTO audit_fault VALUES (0)",
                "CREATE FUNCTION audit_fault_check() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                        + " IF (SELECT fail FROM audit_fault) = 1 THEN RAISE EXCEPTION 'injected audit fault'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER audit_fault_t BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_fault_check()");
    }
}
