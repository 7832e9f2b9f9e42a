package dev.mandate.guard.service;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The guard service on a real SQLite file. */
class SqliteGuardServiceTest extends GuardServiceContractTest {
    /** The class's database and the tests' copies of it. */
    @TempDir
    static Path dir;
    private final AtomicInteger copies = new AtomicInteger();

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + dir.resolve("guard.db");
    }

    @Override
    String copyOf(String url) throws Exception {
        return DatabaseCopies.sqlite(url, dir.resolve("guard-" + copies.incrementAndGet() + ".db"));
    }

    @Override
    void dropDatabase(String url) {
        // the temporary directory goes away
    }
}
