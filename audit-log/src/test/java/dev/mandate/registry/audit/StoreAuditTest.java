package dev.mandate.registry.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.StatusEntryRecord;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.Stores;
import dev.mandate.vc.status.StatusPurpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;

/**
 * The store finds this module's audit ({@link StoreAuditProvider}, a {@link java.util.ServiceLoader} service) when it
 * opens, and every status change it makes is appended to the log in the change's own transaction: a change whose
 * audit entry cannot be written does not happen.
 */
class StoreAuditTest {
    static final String ISSUER = "did:example:issuer";

    @TempDir
    Path dir;
    String url;
    String schema;
    Store store;
    AuditLog log;

    void open(String kind) throws StoreException {
        if (kind.equals("postgresql")) {
            PgTestDatabase.assumeAvailable();
            String[] name = new String[1];
            url = PgTestDatabase.createSchema(name);
            schema = name[0];
        } else {
            url = "jdbc:sqlite:" + dir.resolve("store.db");
        }
        store = Stores.open(url);
        log = new AuditLog(store);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        PgTestDatabase.dropSchema(schema);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void everyStatusChangeIsAuditedUnderItsActorAndANoOpIsNot(String kind) throws Exception {
        open(kind);
        StatusEntryRecord e = store.allocate("urn:cred:a", ISSUER, EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), "").get(1);
        store.allocate("urn:cred:t1", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "task-1");
        store.allocate("urn:cred:t2", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "task-1");
        assertEquals(0, log.size(), "allocation is not audited");

        store.setStatus("urn:cred:a", StatusPurpose.SUSPENSION, 1, "alice");
        assertFalse(store.setStatus("urn:cred:a", StatusPurpose.SUSPENSION, 1, "alice").changed());
        assertEquals(1, log.size(), "a change that changes nothing appends nothing");
        AuditEntry suspended = log.entry(0).orElseThrow();
        assertEquals(List.of("status", "alice", "urn:cred:a"), List.of(suspended.type(), suspended.actor(), suspended.subject()));
        assertEquals("{\"action\":\"set-status\",\"index\":" + e.index() + ",\"list\":\"" + e.listId()
                + "\",\"listVersion\":1,\"newValue\":1,\"oldValue\":0,\"purpose\":\"suspension\"}", suspended.details());

        assertEquals(2, store.completeTask("task-1", "bob").size());
        List<AuditEntry> revoked = log.entries(1, 10);
        assertEquals(2, revoked.size(), "one entry per revocation of the task");
        for (AuditEntry r : revoked) {
            assertEquals("bob", r.actor());
            assertTrue(r.details().contains("\"task\":\"task-1\""), r.details());
            assertTrue(r.leafHashMatches());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aStatusChangeWhoseAuditEntryCannotBeWrittenDoesNotHappen(String kind) throws Exception {
        open(kind);
        StatusEntryRecord e = store.allocate("urn:cred:b", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "").get(0);
        long version = store.list(e.listId()).orElseThrow().version();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("DELETE FROM audit_state"); // the log's sequence counter: no entry can be appended any more
        }
        assertThrows(StoreException.class, () -> store.revoke("urn:cred:b"));
        assertEquals(0, store.entries("urn:cred:b").get(0).value(), "not revoked");
        assertEquals(version, store.list(e.listId()).orElseThrow().version(), "the list did not change");
        assertTrue(store.changes(0, 10).isEmpty(), "no change reached the change feed");
        assertEquals(0, log.size());
    }
}
