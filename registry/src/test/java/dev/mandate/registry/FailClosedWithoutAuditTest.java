package dev.mandate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A store never runs without its audit, and a status service never issues without recording: this module's test
 * class path has neither {@code mandate-audit-log} nor {@code mandate-agent-registry} (both are above it), as a
 * library user's class path that leaves them out, so what such a user gets is what these tests see.
 */
class FailClosedWithoutAuditTest {
    @TempDir
    Path dir;

    @Test
    void aSqliteStoreRefusesToOpenNamingTheAuditLogArtifactAndCreatesNothing() {
        Path file = dir.resolve("sub").resolve("store.db");
        StoreException e = assertThrows(StoreException.class, () -> Stores.open("jdbc:sqlite:" + file));
        assertEquals(StoreException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("add the dependency dev.mandate:mandate-audit-log"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(file.getParent()), "refused before the file or its directory was created");
    }

    @Test
    void aPostgresStoreRefusesBeforeConnecting() {
        // port 9 (discard) on loopback: never reached, the refusal comes first
        StoreException e = assertThrows(StoreException.class, () -> Stores.open("jdbc:postgresql://127.0.0.1:9/none?user=x&password=secret"));
        assertTrue(e.getMessage().contains("mandate-audit-log"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void aStatusServiceCannotBeMadeWithoutTheAgentRegistry() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StatusService.recorder(StatusService.class.getClassLoader()));
        assertTrue(e.getMessage().contains("add the dependency dev.mandate:mandate-agent-registry"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void aBrokenServiceRegistrationIsRefusedNamingTheArtifact() throws Exception {
        // a service file naming a class that does not exist, as a corrupted or half-shaded jar would have
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(services.resolve(StoreAudit.Provider.class.getName()), "dev.mandate.registry.audit.NoSuchProvider\n");
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {dir.toUri().toURL()}, Stores.class.getClassLoader())) {
            StoreException e = assertThrows(StoreException.class, () -> Stores.requireAudit(loader));
            assertEquals(StoreException.Reason.UNAVAILABLE, e.reason());
            assertTrue(e.getMessage().contains("mandate-audit-log cannot be loaded"), e.getMessage());
        }
    }
}
