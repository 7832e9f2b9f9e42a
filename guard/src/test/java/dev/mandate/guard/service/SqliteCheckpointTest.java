package dev.mandate.guard.service;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Baseline checkpoints on a real SQLite file. */
class SqliteCheckpointTest extends CheckpointContractTest {
    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + dir.resolve("guard.db");
    }

    @Override
    void dropDatabase() {
        // the temporary directory goes away
    }
}
