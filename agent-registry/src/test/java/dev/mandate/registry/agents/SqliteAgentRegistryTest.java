package dev.mandate.registry.agents;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The agent registry on a real SQLite file. */
class SqliteAgentRegistryTest extends AgentRegistryContractTest {
    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + dir.resolve("agents.db");
    }

    @Override
    void dropDatabase() {
        // the temporary directory goes away with the test
    }
}
