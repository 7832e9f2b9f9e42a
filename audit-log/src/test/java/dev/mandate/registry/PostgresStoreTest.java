package dev.mandate.registry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The store contract on a real PostgreSQL server, each test in its own schema. */
class PostgresStoreTest extends StoreContractTest {
    private final String[] schema = new String[1];

    @Override
    String freshUrl() {
        PgTestDatabase.assumeAvailable();
        return PgTestDatabase.createSchema(schema);
    }

    @Override
    void dropDatabase() {
        PgTestDatabase.dropSchema(schema[0]);
    }

    @Test
    void kindAndUnreachableServer() {
        assertEquals("postgresql", store.kind());
        StoreException e = assertThrows(StoreException.class, () -> Stores.open("jdbc:postgresql://127.0.0.1:1/none?user=postgres",
                StoreOptions.defaults().withBusyTimeout(java.time.Duration.ofSeconds(2))));
        assertEquals(StoreException.Reason.UNAVAILABLE, e.reason());
        assertEquals(true, e.operational());
    }

    @Test
    void anAllocationDoesNotWaitForAListAnotherAllocationHoldsAndAtMostFourListsAreOpen() throws Exception {
        String issuer = "did:example:issuer";
        StatusEntryRecord first = store.allocate("urn:c:first", issuer, java.util.Set.of(dev.mandate.vc.status.StatusPurpose.REVOCATION), "").get(0);
        try (java.sql.Connection held = java.sql.DriverManager.getConnection(url)) {
            held.setAutoCommit(false);
            try (java.sql.PreparedStatement p = held.prepareStatement("SELECT id FROM status_list WHERE id = ? FOR UPDATE")) {
                p.setString(1, first.listId());
                p.executeQuery().close(); // another instance is in the middle of allocating from this list
            }
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                StatusEntryRecord second = pool.submit(() -> store.allocate("urn:c:second", issuer,
                        java.util.Set.of(dev.mandate.vc.status.StatusPurpose.REVOCATION), "").get(0)).get(20, java.util.concurrent.TimeUnit.SECONDS);
                org.junit.jupiter.api.Assertions.assertNotEquals(first.listId(), second.listId(), "allocated from another open list, without waiting");
            } finally {
                pool.shutdownNow();
                held.rollback();
            }
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        java.util.List<java.util.concurrent.Future<StatusEntryRecord>> all = new java.util.ArrayList<>();
        try (Store other = Stores.open(url)) {
            for (int i = 0; i < 200; i++) {
                Store s = i % 2 == 0 ? store : other;
                String id = "urn:c:" + i;
                all.add(pool.submit(() -> s.allocate(id, issuer, java.util.Set.of(dev.mandate.vc.status.StatusPurpose.REVOCATION), "").get(0)));
            }
            java.util.Set<String> slots = new java.util.HashSet<>();
            java.util.Set<String> lists = new java.util.HashSet<>();
            for (var f : all) {
                StatusEntryRecord r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                org.junit.jupiter.api.Assertions.assertTrue(slots.add(r.listId() + "/" + r.index()), "an index was handed out twice: " + r);
                lists.add(r.listId());
            }
            org.junit.jupiter.api.Assertions.assertTrue(lists.size() <= PostgresStore.OPEN_LISTS_PER_PURPOSE, "open lists: " + lists.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
