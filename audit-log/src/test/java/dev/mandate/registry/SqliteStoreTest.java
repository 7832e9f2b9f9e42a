package dev.mandate.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store contract on a real SQLite file in a temporary directory. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    String freshUrl() {
        return "jdbc:sqlite:" + dir.resolve("nested/dir/mandate.db");
    }

    @Override
    void dropDatabase() {
        // the temporary directory goes away with the test
    }

    @Test
    void theFileIsCreatedInWalModeWithItsDirectory() throws Exception {
        assertEquals("sqlite", store.kind());
        assertTrue(Files.exists(dir.resolve("nested/dir/mandate.db")));
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
            rs.next();
            assertEquals("wal", rs.getString(1).toLowerCase());
        }
    }

    @Test
    void twoStoresOnOneFileShareState() throws Exception {
        try (Store other = Stores.open(url)) {
            store.allocate("urn:shared", ISSUER, REV, "");
            other.revoke("urn:shared");
            assertEquals(1, store.entries("urn:shared").get(0).value());
        }
    }

    @Test
    void otherUrlsAreRefused() {
        StoreException e = assertThrows(StoreException.class, () -> Stores.open("jdbc:mysql://localhost/x?password=secret"));
        assertEquals(StoreException.Reason.INVALID, e.reason());
        assertTrue(!e.getMessage().contains("secret"), "password redacted");
        assertTrue(Stores.defaultUrl().endsWith(".mandate/mandate.db"));
    }
}
