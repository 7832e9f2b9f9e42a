package dev.mandate.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The JDBC drivers are optional: a user who leaves one out learns which artifact to add, not a NoClassDefFoundError. */
class OptionalDriverTest {
    /** Sees only the JDK, as a library user's class path without the driver does. */
    static final ClassLoader WITHOUT_DRIVERS = ClassLoader.getPlatformClassLoader();

    @Test
    void aMissingSqliteDriverNamesTheArtifactToAdd() {
        StoreException e = assertThrows(StoreException.class, () -> Stores.requireDriver("jdbc:sqlite:", WITHOUT_DRIVERS));
        assertEquals(StoreException.Reason.UNAVAILABLE, e.reason());
        assertTrue(e.getMessage().contains("org.xerial:sqlite-jdbc"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aMissingPostgresDriverNamesTheArtifactToAdd() {
        StoreException e = assertThrows(StoreException.class, () -> Stores.requireDriver("jdbc:postgresql:", WITHOUT_DRIVERS));
        assertTrue(e.getMessage().contains("org.postgresql:postgresql"), e.getMessage());
    }

    @Test
    void presentDriversPass() throws Exception {
        Stores.requireDriver("jdbc:sqlite:", Stores.class.getClassLoader());
        Stores.requireDriver("jdbc:postgresql:", Stores.class.getClassLoader());
    }
}
