package dev.mandate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyCommandsTest {
    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void setUp() {
        cli = new CliHarness(dir);
    }

    private JsonObject ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        assertEquals(1, r.out().lines().count(), "compact JSON on one line: " + r.out());
        return r.json();
    }

    private CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        assertEquals(1, r.err().lines().count(), "one error line: " + r.err());
        assertTrue(r.err().startsWith("mandate: "), r.err());
        assertTrue(r.err().contains("; "), "says what to do: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        return r;
    }

    @ParameterizedTest
    @CsvSource({"Ed25519,Ed25519,z6Mk,OKP", "P-256,P-256,zDna,EC", "p256,P-256,zDna,EC", "P-384,P-384,z82L,EC",
            "secp256k1,secp256k1,zQ3s,EC", "ES256K,secp256k1,zQ3s,EC"})
    void generatePrintsThePublicKeyAndStoresThePrivateOne(String typeArg, String type, String prefix, String kty) throws Exception {
        JsonObject k = ok("key", "generate", "--type", typeArg, "--name", "agent");
        assertEquals("agent", k.getString("name"));
        assertEquals(type, k.getString("type"));
        assertTrue(k.getString("publicKeyMultibase").startsWith(prefix), k.toString());
        assertEquals(kty, k.getJsonObject("publicKeyJwk").getString("kty"));
        assertFalse(k.getJsonObject("publicKeyJwk").containsKey("d"));
        assertFalse(k.containsKey("privateKeyJwk"));
        assertEquals(cli.keystore().toString(), k.getString("keystore"));
        assertTrue(Files.readString(cli.keystore()).startsWith("eyJ"), "a compact JWE");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.keystore())));

        JsonObject exported = ok("key", "export", "--name", "agent");
        assertEquals(k.getString("publicKeyMultibase"), exported.getString("publicKeyMultibase"));
        assertEquals(k.getJsonObject("publicKeyJwk"), exported.getJsonObject("publicKeyJwk"));
    }

    @Test
    void listShowsKeysInOrderWithoutPrivateParts() {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        ok("key", "generate", "--type", "P-256", "--name", "agent");
        JsonObject list = ok("key", "list");
        assertEquals(List.of("org", "agent"), list.getJsonArray("keys").getValuesAs(JsonObject.class).stream()
                .map(o -> o.getString("name")).toList());
        assertEquals("P-256", list.getJsonArray("keys").getJsonObject(1).getString("type"));
        assertFalse(list.toString().contains("\"d\""));
        CliHarness.Result pretty = cli.run("key", "list", "--pretty");
        assertTrue(pretty.out().lines().count() > 5, pretty.out());
        assertEquals(list, pretty.json());
    }

    @Test
    void exportPrivateOnlyWithTheFlagAndItReimports() throws Exception {
        ok("key", "generate", "--type", "secp256k1", "--name", "org");
        JsonObject pub = ok("key", "export", "--name", "org");
        assertFalse(pub.toString().contains("\"d\""));
        CliHarness.Result r = cli.run("key", "export", "--name", "org", "--private");
        assertEquals(0, r.exit());
        assertTrue(r.err().contains("warning: the output contains the private key 'org'"), r.err());
        JsonObject priv = r.json();
        JsonObject jwk = priv.getJsonObject("privateKeyJwk");
        assertTrue(jwk.containsKey("d"));
        assertTrue(priv.getString("secretKeyMultibase").startsWith("z"));

        Path file = dir.resolve("org.jwk");
        Files.writeString(file, jwk.toString());
        JsonObject imported = ok("key", "import", "--name", "org-copy", "--jwk", file.toString());
        assertEquals(pub.getString("publicKeyMultibase"), imported.getString("publicKeyMultibase"));
        assertEquals(jwk.getString("d"),
                ok("key", "export", "--name", "org-copy", "--private").getJsonObject("privateKeyJwk").getString("d"));
    }

    @Test
    void exportJwkOnlyRoundTripsThroughImport() throws Exception {
        JsonObject k = ok("key", "generate", "--type", "P-256", "--name", "org");
        JsonObject pubJwk = ok("key", "export", "--name", "org", "--jwk");
        assertEquals(k.getJsonObject("publicKeyJwk"), pubJwk);
        CliHarness.Result priv = cli.run("key", "export", "--name", "org", "--private", "--jwk");
        assertEquals(0, priv.exit());
        assertTrue(priv.json().containsKey("d"));
        Files.createDirectories(cli.workDir);
        Files.writeString(cli.workDir.resolve("org.jwk"), priv.out());
        JsonObject imported = ok("key", "import", "--name", "copy", "--jwk", "org.jwk");
        assertEquals(k.getString("publicKeyMultibase"), imported.getString("publicKeyMultibase"));
        CliHarness.Result pubImport = cli.run("key", "import", "--name", "pub", "--jwk", "-");
        assertEquals(ExitCode.USAGE, pubImport.exit(), "empty stdin is not a JWK");
    }

    @Test
    void importReadsStdin() {
        ok("key", "generate", "--type", "P-384", "--name", "org");
        JsonObject jwk = ok("key", "export", "--name", "org", "--private").getJsonObject("privateKeyJwk");
        cli.stdin = jwk.toString();
        JsonObject imported = ok("key", "import", "--name", "copy", "--jwk", "-");
        assertEquals("P-384", imported.getString("type"));
    }

    @Test
    void importRejectsBadJwkFiles() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "a");
        ok("key", "generate", "--type", "Ed25519", "--name", "b");
        byte[] before = Files.readAllBytes(cli.keystore());
        JsonObject a = ok("key", "export", "--name", "a", "--private").getJsonObject("privateKeyJwk");
        JsonObject b = ok("key", "export", "--name", "b", "--private").getJsonObject("privateKeyJwk");

        CliHarness.Result r = fails(ExitCode.USAGE, "key", "import", "--name", "x", "--jwk", dir.resolve("missing.jwk").toString());
        assertTrue(r.err().contains("missing.jwk: cannot read the JWK file"), r.err());
        fails(ExitCode.USAGE, "key", "import", "--name", "x", "--jwk", dir.toString());

        Path f = dir.resolve("k.jwk");
        Files.writeString(f, "{not json");
        assertTrue(fails(ExitCode.USAGE, "key", "import", "--name", "x", "--jwk", f.toString()).err().contains("not a JWK"));

        Files.writeString(f, Json.createObjectBuilder(a).remove("d").build().toString());
        assertTrue(fails(ExitCode.USAGE, "key", "import", "--name", "x", "--jwk", f.toString()).err()
                .contains("no private part"));

        Files.writeString(f, Json.createObjectBuilder(a).add("d", b.getString("d")).build().toString());
        assertTrue(fails(ExitCode.USAGE, "key", "import", "--name", "x", "--jwk", f.toString()).err()
                .contains("do not match"));

        Files.writeString(f, "{\"kty\":\"oct\",\"k\":\"AAAA\"}");
        fails(ExitCode.USAGE, "key", "import", "--name", "x", "--jwk", f.toString());

        Files.write(f, new byte[KeyCommand.MAX_JWK_FILE + 1]);
        assertTrue(fails(ExitCode.USAGE, "key", "import", "--name", "x", "--jwk", f.toString()).err().contains("too large"));

        Files.writeString(f, a.toString());
        assertTrue(fails(ExitCode.USAGE, "key", "import", "--name", "a", "--jwk", f.toString()).err()
                .contains("already exists"));
        assertArrayEquals(before, Files.readAllBytes(cli.keystore()), "nothing was written");
    }

    @Test
    void badTypesAndNamesAreUsageErrors() {
        CliHarness.Result r = fails(ExitCode.USAGE, "key", "generate", "--type", "RSA", "--name", "x");
        assertEquals("mandate: --type RSA: unknown key type; use one of Ed25519, P-256, P-384, secp256k1", r.err().strip());
        r = fails(ExitCode.USAGE, "key", "generate", "--type", "Ed25519", "--name", "../../etc/passwd");
        assertTrue(r.err().contains("invalid key name"), r.err());
        fails(ExitCode.USAGE, "key", "generate", "--type", "Ed25519", "--name", "x".repeat(65));
        assertFalse(Files.exists(cli.keystore()));
    }

    @Test
    void duplicateNamesAreRefused() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        byte[] before = Files.readAllBytes(cli.keystore());
        CliHarness.Result r = fails(ExitCode.USAGE, "key", "generate", "--type", "P-256", "--name", "org");
        assertTrue(r.err().contains("a key named 'org' already exists"), r.err());
        assertArrayEquals(before, Files.readAllBytes(cli.keystore()));
    }

    @Test
    void missingKeyStoreAndMissingKeyAreNegativeAnswers() {
        CliHarness.Result r = fails(ExitCode.NEGATIVE, "key", "list");
        assertTrue(r.err().startsWith("mandate: " + cli.keystore() + ": no key store here; create a key with"), r.err());
        fails(ExitCode.NEGATIVE, "key", "export", "--name", "org");
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        r = fails(ExitCode.NEGATIVE, "key", "export", "--name", "nobody");
        assertEquals("mandate: nobody: no such key in key store " + cli.keystore() + "; list the keys with 'mandate key list'",
                r.err().strip());
    }

    @Test
    void wrongPassphraseExits2AndLeavesTheFileUntouched() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        byte[] before = Files.readAllBytes(cli.keystore());
        cli.env.put(CliEnvironment.PASSPHRASE_VAR, "not the passphrase");
        for (String[] args : List.of(new String[] {"key", "list"}, new String[] {"key", "export", "--name", "org"},
                new String[] {"key", "generate", "--type", "P-256", "--name", "agent"})) {
            CliHarness.Result r = fails(ExitCode.USAGE, args);
            assertEquals("mandate: " + cli.keystore() + ": wrong passphrase or corrupted key store; check MANDATE_PASSPHRASE"
                    + " or --passphrase-file (the file was not changed)", r.err().strip());
            assertFalse(r.err().contains("not the passphrase"));
        }
        assertArrayEquals(before, Files.readAllBytes(cli.keystore()));
    }

    @Test
    void corruptedKeyStoreExits2AndIsUntouched() throws Exception {
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        byte[] garbage = "this is not a key store".getBytes(StandardCharsets.UTF_8);
        Files.write(cli.keystore(), garbage);
        CliHarness.Result r = fails(ExitCode.USAGE, "key", "list");
        assertTrue(r.err().contains("corrupted key store: not a compact JWE"), r.err());
        fails(ExitCode.USAGE, "key", "generate", "--type", "Ed25519", "--name", "x");
        assertArrayEquals(garbage, Files.readAllBytes(cli.keystore()));
    }

    @Test
    void passphraseFileTakesPrecedenceOverTheEnvironment() throws Exception {
        Path pf = dir.resolve("pass.txt");
        Files.writeString(pf, "file passphrase\nsecond line ignored\n");
        ok("key", "generate", "--type", "Ed25519", "--name", "org", "--passphrase-file", pf.toString());
        fails(ExitCode.USAGE, "key", "list");
        cli.env.remove(CliEnvironment.PASSPHRASE_VAR);
        ok("key", "list", "--passphrase-file", pf.toString());
        cli.env.put(CliEnvironment.PASSPHRASE_VAR, "file passphrase");
        ok("key", "list");

        Files.writeString(pf, "file passphrase\r\n");
        ok("key", "list", "--passphrase-file", pf.toString());
        Files.writeString(pf, "\n");
        assertTrue(fails(ExitCode.USAGE, "key", "list", "--passphrase-file", pf.toString()).err().contains("empty"));
        assertTrue(fails(ExitCode.USAGE, "key", "list", "--passphrase-file", dir.resolve("nope").toString()).err()
                .contains("cannot read the passphrase file"));
    }

    @Test
    void promptAsksTwiceForANewStoreAndOnceAfterwards() {
        cli.env.remove(CliEnvironment.PASSPHRASE_VAR);
        cli.terminal = true;
        cli.promptAnswers.add("typed passphrase");
        cli.promptAnswers.add("typed passphrase");
        ok("key", "generate", "--type", "Ed25519", "--name", "org");
        assertEquals(2, cli.prompts.size());
        assertTrue(cli.prompts.get(0).startsWith("New passphrase for key store " + cli.keystore()));

        cli.prompts.clear();
        cli.promptAnswers.add("typed passphrase");
        ok("key", "list");
        assertEquals(1, cli.prompts.size());
    }

    @Test
    void mismatchedConfirmationCreatesNothing() {
        cli.env.remove(CliEnvironment.PASSPHRASE_VAR);
        cli.terminal = true;
        cli.promptAnswers.add("typed passphrase");
        cli.promptAnswers.add("typo passphrase");
        CliHarness.Result r = fails(ExitCode.USAGE, "key", "generate", "--type", "Ed25519", "--name", "org");
        assertTrue(r.err().contains("the two passphrases differ"), r.err());
        assertFalse(Files.exists(cli.keystore()));
    }

    @Test
    void withoutAnyPassphraseSourceTheErrorSaysWhatToDo() {
        cli.env.remove(CliEnvironment.PASSPHRASE_VAR);
        CliHarness.Result r = fails(ExitCode.USAGE, "key", "generate", "--type", "Ed25519", "--name", "org");
        assertEquals("mandate: " + cli.keystore() + ": no passphrase for the key store; set MANDATE_PASSPHRASE, pass"
                + " --passphrase-file FILE, or run in a terminal", r.err().strip());
    }

    @Test
    void aNewStoreNeedsEightCharacters() {
        cli.env.put(CliEnvironment.PASSPHRASE_VAR, "short");
        CliHarness.Result r = fails(ExitCode.USAGE, "key", "generate", "--type", "Ed25519", "--name", "org");
        assertTrue(r.err().contains("at least 8 characters"), r.err());
        assertFalse(Files.exists(cli.keystore()));
    }

    @Test
    void keyStoreLocationPrecedence() {
        cli.env.remove(CliEnvironment.KEYSTORE_VAR);
        JsonObject k = ok("key", "generate", "--type", "Ed25519", "--name", "org");
        Path def = cli.home.resolve(".mandate/keystore");
        assertEquals(def.toString(), k.getString("keystore"));
        assertTrue(Files.isRegularFile(def));
        assertEquals("rwx------", PosixFilePermissions.toString(assertPerms(def.getParent())));

        Path viaEnv = dir.resolve("env.ks");
        cli.env.put(CliEnvironment.KEYSTORE_VAR, viaEnv.toString());
        assertEquals(viaEnv.toString(), ok("key", "generate", "--type", "Ed25519", "--name", "o").getString("keystore"));
        Path viaOption = dir.resolve("opt.ks");
        assertEquals(viaOption.toString(), ok("key", "generate", "--type", "Ed25519", "--name", "o",
                "--keystore", viaOption.toString()).getString("keystore"));
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> assertPerms(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
