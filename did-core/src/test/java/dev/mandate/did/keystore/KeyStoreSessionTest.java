package dev.mandate.did.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.mandate.MandateException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.Signer;
import dev.mandate.did.keystore.EncryptedKeyStoreException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreSessionTest {
    private static final char[] PASS = "correct horse battery staple".toCharArray();

    @TempDir
    Path tmp;

    private EncryptedKeyStore filled() throws Exception {
        EncryptedKeyStore ks = EncryptedKeyStore.at(tmp.resolve("keystore"), EncryptedKeyStore.MIN_ITERATION_COUNT);
        ks.add(PASS, "org", EncryptedKeyStoreTest.ed25519());
        ks.add(PASS, "agent", new ECKeyGenerator(Curve.P_256).provider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).generate());
        return ks;
    }

    @Test
    void decryptsOnceThenSignsWithoutTheFileOrThePassphrase() throws Exception {
        EncryptedKeyStore ks = filled();
        try (KeyStoreSession s = ks.unlock(PASS)) {
            // The file is gone and the passphrase wiped: had the session decrypted again, nothing below would work.
            Files.delete(ks.path());
            java.util.Arrays.fill(PASS.clone(), '\0');
            assertEquals(List.of("org", "agent"), s.keys().stream().map(StoredKey::name).toList());
            for (String name : List.of("org", "agent")) {
                Signer signer = s.signer(name);
                KeyMaterial km = s.keyMaterial(name);
                byte[] data = ("hello " + name).getBytes(StandardCharsets.UTF_8);
                assertTrue(km.publicKey().verifier().verify(data, signer.sign(data)), name + " signs with the stored key");
                assertEquals(s.get(name).jwk().toPublicJWK().toJSONObject().get("x"), km.toJwk(false).toJSONObject().get("x"));
            }
        }
    }

    @Test
    void isASnapshotOfTheStoreWhenOpened() throws Exception {
        EncryptedKeyStore ks = filled();
        try (KeyStoreSession s = ks.unlock(PASS)) {
            ks.add(PASS, "later", EncryptedKeyStoreTest.ed25519());
            ks.remove(PASS, "org");
            assertTrue(s.find("org").isPresent());
            assertTrue(s.find("later").isEmpty());
        }
    }

    @Test
    void aWrongPassphraseOrMissingFileFailsAtUnlock() throws Exception {
        EncryptedKeyStore ks = filled();
        EncryptedKeyStoreException wrong = assertThrows(EncryptedKeyStoreException.class, () -> ks.unlock("wrong passphrase".toCharArray()));
        assertEquals(Reason.WRONG_PASSPHRASE_OR_CORRUPTED, wrong.reason());
        EncryptedKeyStoreException missing = assertThrows(EncryptedKeyStoreException.class,
                () -> EncryptedKeyStore.at(tmp.resolve("nothing-here")).unlock(PASS));
        assertEquals(Reason.STORE_NOT_FOUND, missing.reason());
        assertTrue(wrong instanceof MandateException, "one exception base for every library failure");
    }

    @Test
    void anUnknownNameIsATypedOneLineErrorThatNamesTheKnownKeys() throws Exception {
        try (KeyStoreSession s = filled().unlock(PASS)) {
            EncryptedKeyStoreException e = assertThrows(EncryptedKeyStoreException.class, () -> s.signer("nobody"));
            assertEquals(Reason.KEY_NOT_FOUND, e.reason());
            assertTrue(e.getMessage().contains("nobody") && e.getMessage().contains("org, agent"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void aClosedSessionRefusesToHandOutKeys() throws Exception {
        KeyStoreSession s = filled().unlock(PASS);
        s.close();
        assertTrue(s.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.signer("org"));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, s::keys);
        assertFalse(s.toString().contains("\"d\""), "never prints key material");
    }
}
