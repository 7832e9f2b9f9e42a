package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.keystore.UserHome;
import dev.mandate.registry.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: defaults honour $HOME, ~/.mandate is private, database passwords never reach the terminal. */
class HomeAndPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void homeComesFromTheHomeVariableFirst() {
        assertEquals(Path.of("/srv/agent"), UserHome.of(Map.of("HOME", "/srv/agent"), "/root"));
        assertEquals(Path.of("/root"), UserHome.of(Map.of(), "/root"));
        assertEquals(Path.of("/root"), UserHome.of(Map.of("HOME", ""), "/root"), "empty HOME");
        assertEquals(Path.of("/root"), UserHome.of(Map.of("HOME", "relative/dir"), "/root"), "a relative HOME is not trusted");
        assertEquals(System.getenv("HOME") == null ? Path.of(System.getProperty("user.home")) : Path.of(System.getenv("HOME")).normalize(),
                CliEnvironment.system().home());
    }

    @Test
    void defaultKeyStoreAndDatabaseAreCreatedPrivately() throws Exception {
        CliHarness cli = new CliHarness(dir);
        cli.env.remove(CliEnvironment.KEYSTORE_VAR);
        assertEquals(0, cli.run("key", "generate", "--type", "Ed25519", "--name", "org").exit());
        Path mandateDir = cli.home.resolve(".mandate");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mandateDir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(mandateDir.resolve("keystore"))));
        // the default store: the registry and the audit log
        CliHarness.Result r = cli.run("audit", "append", "--type", "note", "--subject", "s");
        assertEquals(0, r.exit(), r.toString());
        Path db = mandateDir.resolve("mandate.db");
        assertTrue(Files.exists(db));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        try (var files = Files.list(mandateDir)) {
            files.forEach(f -> {
                try {
                    String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
                    assertFalse(perms.substring(3).contains("r") || perms.substring(3).contains("w"), f + " " + perms);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void aStoreInANewDirectoryGetsAPrivateDirectoryAndFile() throws Exception {
        Path db = dir.resolve("new/deeper/org.db");
        CliHarness cli = new CliHarness(dir);
        CliHarness.Result r = cli.run("audit", "append", "--type", "note", "--subject", "s", "--store", "jdbc:sqlite:" + db);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
    }

    @Test
    void passwordsInStoreUrlsAreRedacted() {
        assertEquals("jdbc:postgresql://mandate:***@127.0.0.1:1/db", Stores.redact("jdbc:postgresql://mandate:s3cret@127.0.0.1:1/db"));
        assertEquals("jdbc:postgresql://127.0.0.1/db?user=u&password=***&ssl=true",
                Stores.redact("jdbc:postgresql://127.0.0.1/db?user=u&password=s3cret&ssl=true"));
        assertEquals("jdbc:postgresql://127.0.0.1/db?user=u", Stores.redact("jdbc:postgresql://127.0.0.1/db?user=u"));
        CliHarness cli = new CliHarness(dir);
        for (String url : new String[] {"jdbc:postgresql://mandate:s3cretPW@127.0.0.1:1/db", "jdbc:postgresql://127.0.0.1:1/db?user=u&password=s3cretPW",
                "jdbc:mysql://mandate:s3cretPW@127.0.0.1:1/db"}) {
            CliHarness.Result r = cli.run("status", "show", "urn:uuid:1", "--store", url);
            assertTrue(r.exit() == 2 || r.exit() == 3, r.toString());
            assertFalse(r.err().contains("s3cretPW"), r.err());
            assertTrue(r.err().startsWith("mandate: "), r.err());
        }
    }
}
