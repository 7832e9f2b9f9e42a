package dev.mandate.guard.service;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Baseline checkpoints on a real SQLite file. */
class SqliteCheckpointTest extends CheckpointContractTest {
    /** The class's databases, one file each. */
    @TempDir
    static Path dir;
    private final AtomicInteger files = new AtomicInteger();

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + dir.resolve("guard-" + files.incrementAndGet() + ".db");
    }

    @Override
    String copyOf(String url) throws Exception {
        return DatabaseCopies.sqlite(url, dir.resolve("guard-" + files.incrementAndGet() + ".db"));
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes away
    }
}
