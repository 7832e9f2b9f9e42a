package dev.mandate.did.keystore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.keystore.EncryptedKeyStoreException.Reason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EncryptedKeyStoreTest {
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    private static final int FAST = EncryptedKeyStore.MIN_ITERATION_COUNT;
    private static final char[] PASS = "correct horse battery staple".toCharArray();

    @TempDir
    Path tmp;

    private EncryptedKeyStore store() {
        return EncryptedKeyStore.at(tmp.resolve("home/.mandate/keystore"), FAST);
    }

    /** Nimbus's own OKP generator needs Tink; generate with Bouncy Castle like did-core does. */
    static JWK ed25519() {
        Ed25519PrivateKeyParameters priv = new Ed25519PrivateKeyParameters(new SecureRandom());
        return new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(priv.generatePublicKey().getEncoded()))
                .d(Base64URL.encode(priv.getEncoded())).build();
    }

    private static JWK ec(Curve crv) throws Exception {
        return new ECKeyGenerator(crv).provider(BC).generate();
    }

    private static EncryptedKeyStoreException failure(Reason expected, org.junit.jupiter.api.function.Executable op) {
        EncryptedKeyStoreException e = assertThrows(EncryptedKeyStoreException.class, op);
        assertEquals(expected, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one-line message");
        return e;
    }

    @Test
    void roundTripsEveryKeyTypeInOrderWithNameAsKid() throws Exception {
        EncryptedKeyStore ks = store();
        assertFalse(ks.exists());
        JWK a = ed25519();
        JWK b = ec(Curve.P_256);
        JWK c = ec(Curve.P_384);
        JWK d = ec(Curve.SECP256K1);
        Instant before = Instant.now().minusSeconds(1);
        ks.add(PASS, "org", a);
        ks.add(PASS, "agent-1", b);
        ks.add(PASS, "p384.key", c);
        StoredKey added = ks.add(PASS, "K_256k1", d);
        assertEquals("K_256k1", added.name());

        List<StoredKey> keys = EncryptedKeyStore.at(ks.path(), FAST).list(PASS);
        assertEquals(List.of("org", "agent-1", "p384.key", "K_256k1"), keys.stream().map(StoredKey::name).toList());
        JWK[] originals = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            StoredKey k = keys.get(i);
            assertEquals(k.name(), k.jwk().getKeyID());
            assertTrue(k.jwk().isPrivate());
            Object dOrig = originals[i].toJSONObject().get("d");
            assertEquals(dOrig, k.jwk().toJSONObject().get("d"), "private part survives");
            assertEquals(originals[i].toJSONObject().get("x"), k.jwk().toJSONObject().get("x"));
            assertTrue(k.created().isAfter(before) && !k.created().isAfter(Instant.now()));
            assertFalse(k.publicJwk().isPrivate());
        }
        assertEquals("agent-1", ks.get(PASS, "agent-1").name());
        assertTrue(ks.find(PASS, "nobody").isEmpty());
        failure(Reason.KEY_NOT_FOUND, () -> ks.get(PASS, "nobody"));
    }

    @Test
    void fileIsACompactPbes2JweWithTheConfiguredParameters() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        String text = Files.readString(ks.path()).strip();
        assertEquals(5, text.split("\\.", -1).length);
        JWEHeader h = JWEObject.parse(text).getHeader();
        assertEquals(JWEAlgorithm.PBES2_HS512_A256KW, h.getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, h.getEncryptionMethod());
        assertEquals("jwk-set+json", h.getContentType().toString());
        assertEquals(FAST, h.getPBES2Count());
        assertEquals(EncryptedKeyStore.SALT_LENGTH, h.getPBES2Salt().decode().length);
        assertFalse(text.contains("\"d\""));
    }

    @Test
    void defaultIterationCountIsStrong() throws Exception {
        assertEquals(600_000, EncryptedKeyStore.DEFAULT_ITERATION_COUNT);
        EncryptedKeyStore ks = EncryptedKeyStore.at(tmp.resolve("strong"));
        assertEquals(600_000, ks.iterationCount());
        ks.add(PASS, "org", ed25519());
        JWEHeader h = JWEObject.parse(Files.readString(ks.path()).strip()).getHeader();
        assertEquals(600_000, h.getPBES2Count());
        assertThrows(IllegalArgumentException.class, () -> EncryptedKeyStore.at(tmp, 999));
        assertThrows(IllegalArgumentException.class, () -> EncryptedKeyStore.at(tmp, 1_000_001));
    }

    @Test
    void defaultPathIsUnderHome() {
        assertEquals(Path.of("/h/.mandate/keystore"), EncryptedKeyStore.defaultPath(Path.of("/h")));
        assertEquals(Path.of(System.getProperty("user.home"), ".mandate", "keystore"), EncryptedKeyStore.defaultPath());
    }

    @Test
    void wrongPassphraseIsATypedErrorAndLeavesTheFileUntouched() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        byte[] before = Files.readAllBytes(ks.path());
        char[] wrong = "correct horse battery stapler".toCharArray();
        EncryptedKeyStoreException e = failure(Reason.WRONG_PASSPHRASE_OR_CORRUPTED, () -> ks.list(wrong));
        assertEquals("wrong passphrase or corrupted key store " + ks.path(), e.getMessage());
        failure(Reason.WRONG_PASSPHRASE_OR_CORRUPTED, () -> ks.add(wrong, "other", ed25519()));
        failure(Reason.WRONG_PASSPHRASE_OR_CORRUPTED, () -> ks.remove(wrong, "org"));
        assertArrayEquals(before, Files.readAllBytes(ks.path()));
        assertFalse(e.getMessage().contains("stapler"));
        assertEquals(1, ks.list(PASS).size());
    }

    @Test
    void truncatedFileIsRejectedAndUntouched() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        byte[] full = Files.readAllBytes(ks.path());
        for (int len : new int[] {0, 10, full.length / 2, full.length - 10}) {
            byte[] cut = java.util.Arrays.copyOf(full, len);
            Files.write(ks.path(), cut);
            EncryptedKeyStoreException e = assertThrows(EncryptedKeyStoreException.class, () -> ks.list(PASS));
            assertTrue(e.reason() == Reason.CORRUPTED || e.reason() == Reason.WRONG_PASSPHRASE_OR_CORRUPTED, e.getMessage());
            assertTrue(e.getMessage().contains(ks.path().toString()));
            assertThrows(EncryptedKeyStoreException.class, () -> ks.add(PASS, "new", ed25519()));
            assertArrayEquals(cut, Files.readAllBytes(ks.path()), "untouched at length " + len);
        }
    }

    @Test
    void garbageFileIsCorruptedAndUntouched() throws Exception {
        EncryptedKeyStore ks = store();
        Files.createDirectories(ks.path().getParent());
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Files.write(ks.path(), garbage);
        EncryptedKeyStoreException e = failure(Reason.CORRUPTED, () -> ks.list(PASS));
        assertTrue(e.getMessage().startsWith("corrupted key store " + ks.path()), e.getMessage());
        failure(Reason.CORRUPTED, () -> ks.add(PASS, "new", ed25519()));
        assertArrayEquals(garbage, Files.readAllBytes(ks.path()));
    }

    @Test
    void tamperedCiphertextIsDetected() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        String[] parts = Files.readString(ks.path()).strip().split("\\.");
        byte[] ct = Base64URL.from(parts[3]).decode();
        ct[0] ^= 1;
        parts[3] = Base64URL.encode(ct).toString();
        Files.writeString(ks.path(), String.join(".", parts));
        failure(Reason.WRONG_PASSPHRASE_OR_CORRUPTED, () -> ks.list(PASS));
    }

    @Test
    void oversizedFileIsRefusedBeforeReading() throws Exception {
        EncryptedKeyStore ks = store();
        Files.createDirectories(ks.path().getParent());
        try (RandomAccessFile f = new RandomAccessFile(ks.path().toFile(), "rw")) {
            f.setLength(EncryptedKeyStore.MAX_FILE_SIZE + 1);
        }
        failure(Reason.CORRUPTED, () -> ks.list(PASS));
        assertEquals(EncryptedKeyStore.MAX_FILE_SIZE + 1, Files.size(ks.path()));
    }

    @Test
    void otherJweAlgorithmsAndHugeIterationCountsAreRefused() throws Exception {
        EncryptedKeyStore ks = store();
        Files.createDirectories(ks.path().getParent());
        JWEObject weak = new JWEObject(new JWEHeader(JWEAlgorithm.PBES2_HS256_A128KW, EncryptionMethod.A128GCM),
                new Payload("{\"keys\":[]}"));
        weak.encrypt(new PasswordBasedEncrypter(new String(PASS).getBytes(StandardCharsets.UTF_8), 16, 1000));
        Files.writeString(ks.path(), weak.serialize());
        failure(Reason.CORRUPTED, () -> ks.list(PASS));

        String header = Base64URL.encode("{\"alg\":\"PBES2-HS512+A256KW\",\"enc\":\"A256GCM\",\"p2s\":\"AAAAAAAAAAAAAAAAAAAAAA\",\"p2c\":2000000}").toString();
        Files.writeString(ks.path(), header + ".AAAA.AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA");
        EncryptedKeyStoreException e = failure(Reason.CORRUPTED, () -> ks.list(PASS));
        assertTrue(e.getMessage().contains("p2c 2000000"), e.getMessage());
    }

    @Test
    void aDecryptablePayloadThatIsNotAKeySetIsCorrupted() throws Exception {
        EncryptedKeyStore ks = store();
        Files.createDirectories(ks.path().getParent());
        for (String payload : new String[] {"not json", "{\"keys\":[{\"kty\":\"OKP\"}]}",
                "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + "A".repeat(43) + "\"}]}",
                "{\"mandate-keystore\":2,\"keys\":[]}"}) {
            JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM),
                    new Payload(payload));
            jwe.encrypt(new PasswordBasedEncrypter(new String(PASS).getBytes(StandardCharsets.UTF_8), 16, FAST));
            Files.writeString(ks.path(), jwe.serialize());
            failure(Reason.CORRUPTED, () -> ks.list(PASS));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "../x", "has space", "ключ", "tab\t", "new\nline",
            "12345678901234567890123456789012345678901234567890123456789012345"})
    void invalidNamesAreRefused(String name) throws Exception {
        EncryptedKeyStore ks = store();
        JWK k = ed25519();
        failure(Reason.INVALID_NAME, () -> ks.add(PASS, name, k));
        assertFalse(ks.exists());
        assertFalse(EncryptedKeyStore.isValidName(name));
        assertFalse(EncryptedKeyStore.isValidName(null));
    }

    @Test
    void nameBoundariesAreAccepted() throws Exception {
        EncryptedKeyStore ks = store();
        String max = "a".repeat(64);
        ks.add(PASS, max, ed25519());
        ks.add(PASS, "x", ed25519());
        ks.add(PASS, "A-z_0.9", ed25519());
        assertEquals(3, ks.list(PASS).size());
    }

    @Test
    void duplicateNamesAreRefusedWithoutChangingTheFile() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        byte[] before = Files.readAllBytes(ks.path());
        EncryptedKeyStoreException e = failure(Reason.DUPLICATE_NAME, () -> ks.add(PASS, "org", ec(Curve.P_256)));
        assertTrue(e.getMessage().contains("'org'"));
        assertArrayEquals(before, Files.readAllBytes(ks.path()));
    }

    @Test
    void onlyPrivateKeysOnSupportedCurvesAreStored() throws Exception {
        EncryptedKeyStore ks = store();
        failure(Reason.INVALID_KEY, () -> ks.add(PASS, "pub", ed25519().toPublicJWK()));
        failure(Reason.INVALID_KEY, () -> ks.add(PASS, "rsa", new RSAKeyGenerator(2048).generate()));
        failure(Reason.INVALID_KEY, () -> ks.add(PASS, "x25519", new OctetKeyPair.Builder(Curve.X25519, Base64URL.encode(new byte[32])).d(Base64URL.encode(new byte[32])).build()));
        failure(Reason.INVALID_KEY, () -> ks.add(PASS, "p521", ec(Curve.P_521)));
        assertFalse(ks.exists());
    }

    @Test
    void aNewStoreNeedsAPassphraseOfAtLeastEightCharacters() throws Exception {
        EncryptedKeyStore ks = store();
        failure(Reason.INVALID_PASSPHRASE, () -> ks.add("short".toCharArray(), "org", ed25519()));
        failure(Reason.INVALID_PASSPHRASE, () -> ks.add(new char[0], "org", ed25519()));
        assertFalse(ks.exists());
        ks.add("8 chars!".toCharArray(), "org", ed25519());
        assertEquals(1, ks.list("8 chars!".toCharArray()).size());
    }

    @Test
    void aMissingStoreIsReportedAsSuch() throws Exception {
        EncryptedKeyStore ks = store();
        EncryptedKeyStoreException e = failure(Reason.STORE_NOT_FOUND, () -> ks.list(PASS));
        assertEquals("no key store at " + ks.path(), e.getMessage());
        assertEquals(ks.path(), e.path());
        failure(Reason.STORE_NOT_FOUND, () -> ks.remove(PASS, "org"));
        failure(Reason.STORE_NOT_FOUND, () -> ks.get(PASS, "org"));
    }

    @Test
    void removeDeletesOneKeyAndKeepsTheOthers() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "a", ed25519());
        ks.add(PASS, "b", ed25519());
        byte[] before = Files.readAllBytes(ks.path());
        assertFalse(ks.remove(PASS, "zzz"));
        assertArrayEquals(before, Files.readAllBytes(ks.path()), "no-op remove does not rewrite");
        assertTrue(ks.remove(PASS, "a"));
        assertEquals(List.of("b"), ks.list(PASS).stream().map(StoredKey::name).toList());
    }

    @Test
    void filesAreOwnerOnly() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ks.path())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ks.path().getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(ks.path().resolveSibling("keystore.lock"))));
        Files.setPosixFilePermissions(ks.path(), PosixFilePermissions.fromString("rw-r--r--"));
        ks.add(PASS, "agent", ed25519());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(ks.path())),
                "a rewrite restores 0600");
    }

    @Test
    void aFailureBeforeTheRenameKeepsTheOldFileAndLeavesNoTempFile() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        byte[] before = Files.readAllBytes(ks.path());
        EncryptedKeyStore failing = EncryptedKeyStore.withHook(ks.path(), FAST, () -> {
            throw new IllegalStateException("disk full (simulated)");
        });
        assertThrows(IllegalStateException.class, () -> failing.add(PASS, "agent", ed25519()));
        assertArrayEquals(before, Files.readAllBytes(ks.path()));
        assertEquals(List.of(), tempFiles(ks));
        assertEquals(List.of("org"), ks.list(PASS).stream().map(StoredKey::name).toList());
    }

    @Test
    void aCrashMidWriteNeverLosesExistingKeys() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        ks.add(PASS, "agent", ec(Curve.P_256));
        byte[] before = Files.readAllBytes(ks.path());

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), ks.path().toString(), new String(PASS))
                .redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child finished");
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(CrashingWriter.HALT_STATUS, child.exitValue(), out);

        List<Path> orphans = tempFiles(ks);
        assertEquals(1, orphans.size(), "the crashed writer left its temporary file behind");
        assertTrue(Files.size(orphans.get(0)) > 0);
        assertArrayEquals(before, Files.readAllBytes(ks.path()), "the key store itself is intact");
        assertEquals(List.of("org", "agent"), ks.list(PASS).stream().map(StoredKey::name).toList(),
                "the temporary file is ignored");

        ks.add(PASS, "after", ed25519());
        assertEquals(List.of("org", "agent", "after"), ks.list(PASS).stream().map(StoredKey::name).toList());
        assertEquals(List.of(), tempFiles(ks), "the next write removes the orphan");
    }

    @Test
    void aLeftoverTempFileIsIgnored() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        Path orphan = ks.path().resolveSibling(KeyStoreFiles.tempPrefix(ks.path()) + "deadbeef");
        Files.writeString(orphan, "half-written garbage");
        assertEquals(1, ks.list(PASS).size());
        ks.add(PASS, "agent", ed25519());
        assertFalse(Files.exists(orphan));
        assertEquals(2, ks.list(PASS).size());
    }

    @Test
    void concurrentWritersDoNotLoseUpdates() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "first", ed25519());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<StoredKey>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "k" + i;
                JWK k = ed25519();
                futures.add(pool.submit(() -> EncryptedKeyStore.at(ks.path(), FAST).add(PASS, name, k)));
            }
            for (Future<StoredKey> f : futures) {
                assertNotNull(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(9, ks.list(PASS).size());
    }

    @Test
    void aSymlinkedStoreStaysASymlink() throws Exception {
        Path real = tmp.resolve("real/keystore");
        EncryptedKeyStore.at(real, FAST).add(PASS, "org", ed25519());
        Path link = tmp.resolve("link");
        Files.createSymbolicLink(link, real);
        EncryptedKeyStore.at(link, FAST).add(PASS, "agent", ed25519());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(2, EncryptedKeyStore.at(real, FAST).list(PASS).size());
    }

    @Test
    void toStringNeverShowsPrivateKeyMaterial() throws Exception {
        EncryptedKeyStore ks = store();
        JWK k = ed25519();
        StoredKey s = ks.add(PASS, "org", k);
        String d = (String) k.toJSONObject().get("d");
        assertFalse(s.toString().contains(d));
        assertTrue(s.toString().contains("org"));
    }

    private static List<Path> tempFiles(EncryptedKeyStore ks) throws IOException {
        try (Stream<Path> s = Files.list(ks.path().getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(KeyStoreFiles.tempPrefix(ks.path()))).toList();
        }
    }

    @Test
    void renameKeepsTheKeyAndRefusesTakenOrMissingNames() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        ks.add(PASS, "agent", ec(Curve.P_256));
        StoredKey before = ks.get(PASS, "agent");
        StoredKey renamed = ks.rename(PASS, "agent", "buyer");
        assertEquals("buyer", renamed.name());
        assertEquals("buyer", ks.get(PASS, "buyer").jwk().getKeyID());
        assertEquals(before.jwk().toPublicJWK().computeThumbprint(), ks.get(PASS, "buyer").jwk().toPublicJWK().computeThumbprint());
        assertEquals(before.created(), renamed.created());
        assertEquals(List.of("org", "buyer"), ks.list(PASS).stream().map(StoredKey::name).toList());
        byte[] file = Files.readAllBytes(ks.path());
        assertEquals(EncryptedKeyStoreException.Reason.DUPLICATE_NAME, assertThrows(EncryptedKeyStoreException.class, () -> ks.rename(PASS, "buyer", "org")).reason());
        assertEquals(EncryptedKeyStoreException.Reason.KEY_NOT_FOUND, assertThrows(EncryptedKeyStoreException.class, () -> ks.rename(PASS, "agent", "x")).reason());
        assertArrayEquals(file, Files.readAllBytes(ks.path()), "refused renames leave the file as it was");
    }

    @Test
    void changePassphraseReEncryptsAndAnInterruptionLosesNothing() throws Exception {
        EncryptedKeyStore ks = store();
        ks.add(PASS, "org", ed25519());
        char[] fresh = "a new long passphrase".toCharArray();
        byte[] before = Files.readAllBytes(ks.path());
        EncryptedKeyStore failing = EncryptedKeyStore.withHook(ks.path(), FAST, () -> {
            throw new IllegalStateException("power cut (simulated)");
        });
        assertThrows(IllegalStateException.class, () -> failing.changePassphrase(PASS, fresh));
        assertArrayEquals(before, Files.readAllBytes(ks.path()), "interrupted before the rename: the old file, old passphrase");
        assertEquals(List.of(), tempFiles(ks));
        assertEquals(EncryptedKeyStoreException.Reason.WRONG_PASSPHRASE_OR_CORRUPTED,
                assertThrows(EncryptedKeyStoreException.class, () -> ks.changePassphrase("wrong passphrase!".toCharArray(), fresh)).reason());
        assertEquals(EncryptedKeyStoreException.Reason.INVALID_PASSPHRASE,
                assertThrows(EncryptedKeyStoreException.class, () -> ks.changePassphrase(PASS, "short".toCharArray())).reason());
        assertArrayEquals(before, Files.readAllBytes(ks.path()));

        ks.changePassphrase(PASS, fresh);
        assertEquals(List.of("org"), ks.list(fresh).stream().map(StoredKey::name).toList());
        assertEquals(EncryptedKeyStoreException.Reason.WRONG_PASSPHRASE_OR_CORRUPTED, assertThrows(EncryptedKeyStoreException.class, () -> ks.list(PASS)).reason());
    }
}
