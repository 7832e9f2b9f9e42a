package dev.mandate.guard.service;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Baseline checkpoints on a real SQLite file. */
class SqliteCheckpointTest extends CheckpointContractTest {
    /** The class's databases, one file each. */
    @TempDir
    static Path dir;

    @Override
    DatabaseCopies.Kind databases() {
        return DatabaseCopies.sqliteIn(dir);
    }
}
