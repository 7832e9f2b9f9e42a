package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: key delete|rename|passwd and -o/--output. */
class KeyAdminAndOutputTest {
    @TempDir
    Path dir;
    CliHarness cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        ok("key", "generate", "--type", "P-256", "--name", "agent");
    }

    CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertTrue(r.err().startsWith("mandate: "), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        return r;
    }

    static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void renameKeepsTheKeyAndItsDid() throws Exception {
        String did = ok("did", "create", "--key", "agent", "--method", "key", "--plain").out().strip();
        assertTrue(did.startsWith("did:key:zDna"), did);
        JsonObject r = ok("key", "rename", "--name", "agent", "--to", "buyer").json();
        assertEquals("buyer", r.getString("name"));
        assertEquals("agent", r.getString("renamedFrom"));
        assertEquals(did, ok("did", "create", "--key", "buyer", "--method", "key", "--plain").out().strip());
        fails(1, "key", "export", "--name", "agent");
        byte[] before = Files.readAllBytes(cli.keystore());
        assertTrue(fails(2, "key", "rename", "--name", "buyer", "--to", "org").err().contains("already exists"));
        fails(1, "key", "rename", "--name", "nobody", "--to", "x");
        fails(2, "key", "rename", "--name", "buyer", "--to", "../etc/passwd");
        cli.env.put(CliEnvironment.PASSPHRASE_VAR, "wrong passphrase here");
        fails(2, "key", "rename", "--name", "buyer", "--to", "b2");
        assertArrayEquals(before, Files.readAllBytes(cli.keystore()), "refused renames change nothing");
    }

    @Test
    void deleteNeedsYesAndRemovesOnlyThatKey() throws Exception {
        byte[] before = Files.readAllBytes(cli.keystore());
        assertTrue(fails(2, "key", "delete", "--name", "agent").err().contains("add --yes"));
        assertArrayEquals(before, Files.readAllBytes(cli.keystore()));
        assertEquals("agent", ok("key", "delete", "--name", "agent", "--yes").json().getString("deleted"));
        assertEquals(1, ok("key", "list").json().getJsonArray("keys").size());
        fails(1, "key", "delete", "--name", "agent", "--yes");
        cli.env.put(CliEnvironment.KEYSTORE_VAR, dir.resolve("none.ks").toString());
        fails(1, "key", "delete", "--name", "org", "--yes");
        assertFalse(Files.exists(dir.resolve("none.ks")), "no key store is created by a delete");
    }

    @Test
    void passwdReEncryptsWithTheNewPassphrase() throws Exception {
        String orgBefore = ok("key", "export", "--name", "org").json().getString("publicKeyMultibase");
        Path newPass = cli.workDir.resolve("new.txt");
        Files.writeString(newPass, "the new passphrase 42\n");
        // wrong current passphrase, too short new one, same passphrase: refused, file unchanged
        byte[] before = Files.readAllBytes(cli.keystore());
        cli.env.put(CliEnvironment.PASSPHRASE_VAR, "not the passphrase");
        fails(2, "key", "passwd", "--new-passphrase-file", "new.txt");
        cli.env.put(CliEnvironment.PASSPHRASE_VAR, CliHarness.PASSPHRASE);
        cli.env.put(KeyAdminCommands.NEW_PASSPHRASE_VAR, "short");
        assertTrue(fails(2, "key", "passwd").err().contains("at least 8"));
        cli.env.put(KeyAdminCommands.NEW_PASSPHRASE_VAR, CliHarness.PASSPHRASE);
        assertTrue(fails(2, "key", "passwd").err().contains("is the current one"));
        cli.env.remove(KeyAdminCommands.NEW_PASSPHRASE_VAR);
        cli.terminal = true;
        cli.promptAnswers.add("mismatch one 1234");
        cli.promptAnswers.add("mismatch two 1234");
        assertTrue(fails(2, "key", "passwd").err().contains("differ"));
        cli.terminal = false;
        assertArrayEquals(before, Files.readAllBytes(cli.keystore()));

        CliHarness.Result r = ok("key", "passwd", "--new-passphrase-file", "new.txt");
        assertTrue(r.json().getBoolean("passphraseChanged"));
        assertFalse(r.out().contains("the new passphrase") || r.err().contains("the new passphrase 42"), "never prints a passphrase");
        fails(2, "key", "list");
        cli.env.put(CliEnvironment.PASSPHRASE_VAR, "the new passphrase 42");
        assertEquals(orgBefore, ok("key", "export", "--name", "org").json().getString("publicKeyMultibase"));
        assertEquals(2, ok("key", "list").json().getJsonArray("keys").size());
        assertEquals("rw-------", perms(cli.keystore()));
    }

    @Test
    void outputWritesTheArtifactToAFileAtomicallyAndPrivateKeysOwnerOnly() throws Exception {
        CliHarness.Result secret = ok("key", "export", "--name", "agent", "--private", "--jwk", "-o", "agent.jwk");
        assertEquals("", secret.out(), "nothing on stdout");
        Path jwk = cli.workDir.resolve("agent.jwk");
        assertEquals("rw-------", perms(jwk));
        assertTrue(Json.createReader(new StringReader(Files.readString(jwk))).readObject().containsKey("d"));
        // an existing world-readable file is replaced by an owner-only one
        Path loose = cli.workDir.resolve("loose.jwk");
        Files.writeString(loose, "old");
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-rw-rw-"));
        ok("key", "export", "--name", "agent", "--private", "--jwk", "--output", "loose.jwk");
        assertEquals("rw-------", perms(loose));
        ok("key", "import", "--name", "agent-copy", "--jwk", "agent.jwk");

        Files.writeString(cli.workDir.resolve("c.json"), """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "did:example:agent"}}""");
        assertEquals("", ok("vc", "issue", "--key", "org", "-o", "signed.json", "c.json").out());
        assertEquals("rw-r--r--", perms(cli.workDir.resolve("signed.json")));
        ok("vc", "verify", "signed.json");
        assertEquals("", ok("vc", "issue", "--key", "org", "--format", "jwt", "-o", "c.jwt", "c.json").out());
        assertTrue(Files.readString(cli.workDir.resolve("c.jwt")).strip().matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"));
        ok("vc", "verify", "c.jwt");

        // a failed command leaves an existing output file as it was, and no temporary files
        Files.writeString(cli.workDir.resolve("keep.json"), "precious");
        fails(2, "vc", "issue", "--key", "org", "-o", "keep.json", "missing.json");
        assertEquals("precious", Files.readString(cli.workDir.resolve("keep.json")));
        fails(2, "vc", "issue", "--key", "org", "-o", "no/such/dir/x.json", "c.json");
        Files.createDirectories(cli.workDir.resolve("adir"));
        assertTrue(fails(2, "vc", "issue", "--key", "org", "-o", "adir", "c.json").err().contains("is a directory"));
        try (var files = Files.list(cli.workDir)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }
}
