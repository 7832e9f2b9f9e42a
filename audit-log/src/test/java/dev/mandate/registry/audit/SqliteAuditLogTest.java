package dev.mandate.registry.audit;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The audit log on a real SQLite file. */
class SqliteAuditLogTest extends AuditLogContractTest {
    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + dir.resolve("audit.db");
    }

    @Override
    void dropDatabase() {
        // the temporary directory goes away with the test
    }
}
