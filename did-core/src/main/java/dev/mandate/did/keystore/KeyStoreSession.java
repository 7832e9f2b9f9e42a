package dev.mandate.did.keystore;

import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.Signer;
import dev.mandate.did.keystore.EncryptedKeyStoreException.Reason;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An unlocked key store: the file was decrypted once, by {@link EncryptedKeyStore#unlock(char[])} (one run
 * of PBKDF2, 600,000 iterations by default), and every key it held is available here without the passphrase
 * or another decryption. Hand out {@link Signer}s with {@link #signer(String)}; close the session when done
 * (the session then refuses further use; the JVM cannot wipe the private keys it already handed out, so
 * drop those too).
 *
 * <p>A session is a snapshot: keys added or removed through {@link EncryptedKeyStore} after it was opened are
 * not seen; open a new session to see them. Thread-safe. {@link #toString()} names the file only.
 */
public final class KeyStoreSession implements AutoCloseable {
    private final Path path;
    private volatile Map<String, StoredKey> keys;

    KeyStoreSession(Path path, List<StoredKey> keys) {
        this.path = path;
        Map<String, StoredKey> m = new LinkedHashMap<>();
        keys.forEach(k -> m.put(k.name(), k));
        this.keys = m;
    }

    /** {@return the key-store file this session was opened from} */
    public Path path() {
        return path;
    }

    /**
     * {@return all keys, in the order they were added}
     *
     * @throws IllegalStateException if the session is closed
     */
    public List<StoredKey> keys() {
        return List.copyOf(open().values());
    }

    /**
     * {@return the key called {@code name}, if the store held it when the session was opened}
     *
     * @param name the key name
     * @throws IllegalStateException if the session is closed
     */
    public Optional<StoredKey> find(String name) {
        return Optional.ofNullable(open().get(name));
    }

    /**
     * {@return the key called {@code name}}
     *
     * @param name the key name
     * @throws EncryptedKeyStoreException {@code KEY_NOT_FOUND} if there is none
     * @throws IllegalStateException      if the session is closed
     */
    public StoredKey get(String name) throws EncryptedKeyStoreException {
        StoredKey k = open().get(name);
        if (k == null) {
            throw new EncryptedKeyStoreException(Reason.KEY_NOT_FOUND, path, "no key named '" + name + "' in key store " + path
                    + " (known: " + String.join(", ", open().keySet()) + ")");
        }
        return k;
    }

    /**
     * {@return the private key called {@code name}, ready to sign and to derive its DID from}
     *
     * @param name the key name
     * @throws EncryptedKeyStoreException {@code KEY_NOT_FOUND}, or {@code INVALID_KEY} if the stored JWK is not a
     *                                    usable private key
     * @throws IllegalStateException      if the session is closed
     */
    public KeyMaterial keyMaterial(String name) throws EncryptedKeyStoreException {
        StoredKey k = get(name);
        try {
            return KeyMaterial.fromJwk(k.jwk());
        } catch (DecodingException e) {
            throw new EncryptedKeyStoreException(Reason.INVALID_KEY, path, "key '" + name + "' in key store " + path
                    + " is not a usable private key: " + e.getMessage(), e);
        }
    }

    /**
     * {@return a signer for the key called {@code name}; no passphrase and no key derivation}
     *
     * @param name the key name
     * @throws EncryptedKeyStoreException as {@link #keyMaterial(String)}
     * @throws IllegalStateException      if the session is closed
     */
    public Signer signer(String name) throws EncryptedKeyStoreException {
        return keyMaterial(name).signer();
    }

    /** {@return true once {@link #close()} was called} */
    public boolean isClosed() {
        return keys == null;
    }

    /** Forgets the keys; every later call but {@link #isClosed()}, {@link #path()} and this one throws. */
    @Override
    public void close() {
        keys = null;
    }

    private Map<String, StoredKey> open() {
        Map<String, StoredKey> k = keys;
        if (k == null) {
            throw new IllegalStateException("the key-store session for " + path + " is closed; unlock the key store again");
        }
        return k;
    }

    @Override
    public String toString() {
        return "KeyStoreSession[" + path + (isClosed() ? ", closed]" : "]");
    }
}
