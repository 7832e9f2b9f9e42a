package dev.mandate.registry;

import dev.mandate.registry.agents.AgentDid;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** V5 on a database left at V4 with a registered agent: the agent keeps working and is found by its DID. */
class AgentKeysMigrationTest {
    @TempDir
    Path dir;

    static void createAtV4(String url, String dialect) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(Migrations.CREATE_VERSION_TABLE);
            for (int v = 1; v <= 4; v++) {
                Migrations.Migration m = Migrations.ALL.get(v - 1);
                for (String statement : Migrations.statements(Migrations.load(m.resource(dialect)))) {
                    s.execute(statement);
                }
                s.execute("INSERT INTO schema_version (version, description, applied_at) VALUES (" + v + ", '" + m.name() + "', 0)");
            }
            s.execute("INSERT INTO agent (did, name, owner, purpose, code_digest, image_digest, workload_id, state, version, created_at, updated_at)"
                    + " VALUES ('did:web:old.example:agent', 'old', 'team', '', '', '', '', 'active', 2, 1000, 2000)");
            s.execute("INSERT INTO agent_credential (did, credential_id, recorded_at, revoked_at) VALUES ('did:web:old.example:agent', 'urn:c:1', 1500, 0)");
        }
    }

    static void check(String url) throws Exception {
        try (Store store = Stores.open(url)) {
            assertEquals(Migrations.latest(), store.schemaVersion(), "migrated to the latest version");
            AgentRegistry registry = new AgentRegistry(store);
            assertEquals("did:web:old.example:agent", registry.findByDid("did:web:old.example:agent").orElseThrow().did());
            assertEquals(List.of("did:web:old.example:agent"), registry.dids("did:web:old.example:agent").stream().map(AgentDid::did).toList());
            assertEquals("", registry.credentialRecords("did:web:old.example:agent").get(0).content());
            registry.addDid("did:web:old.example:agent", "did:web:new.example:agent", "alice", "moved");
            assertEquals(AgentState.SUSPENDED, registry.suspend("did:web:old.example:agent", "alice", "check").state());
        }
    }

    @Test
    void sqlite() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("v4.db");
        createAtV4(url, "sqlite");
        check(url);
    }

    @Test
    void postgresql() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] schema = new String[1];
        String url = PgTestDatabase.createSchema(schema);
        try {
            createAtV4(url, "postgresql");
            check(url);
        } finally {
            PgTestDatabase.dropSchema(schema[0]);
        }
    }
}
