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
}
