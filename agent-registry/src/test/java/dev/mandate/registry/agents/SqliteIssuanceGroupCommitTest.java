package dev.mandate.registry.agents;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/** Issuance group commit on a real SQLite file. */
class SqliteIssuanceGroupCommitTest extends IssuanceGroupCommitContractTest {
    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + dir.resolve("issuances.db");
    }

    @Override
    void dropDatabase() {
        // the temporary directory goes away with the test
    }

    @Override
    List<String> faultTrigger() {
        return List.of("CREATE TABLE audit_fault (fail INTEGER NOT NULL)", "INSERT INTO audit_fault VALUES (0)",
                "CREATE TRIGGER audit_fault_t BEFORE INSERT ON audit_entry WHEN (SELECT fail FROM audit_fault) = 1"
                        + " BEGIN SELECT RAISE(ABORT, 'injected audit fault'); END");
    }
}
