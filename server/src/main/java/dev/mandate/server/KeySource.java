package dev.mandate.server;

import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.did.keystore.EncryptedKeyStoreException;
import dev.mandate.did.keystore.StoredKey;
import dev.mandate.server.config.ServerConfigException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the server gets the private keys its issuers sign with and its hosted did:web documents publish:
 * the encrypted key store, or keys held in memory (a demo, a test, a KMS adapter). Keys are looked up once,
 * at start.
 */
@FunctionalInterface
public interface KeySource {
    /**
     * The key called {@code name}.
     *
     * @param name the key's name, as the configuration gives it
     * @return the private key with its DID and verification method
     * @throws ServerConfigException if there is no such key or it cannot be read
     */
    KeyMaterial key(String name) throws ServerConfigException;

    /**
     * Keys held in memory.
     *
     * @param keys names to keys; copied
     * @return a source whose unknown names fail with a message listing the known ones
     */
    static KeySource of(Map<String, KeyMaterial> keys) {
        Map<String, KeyMaterial> copy = Map.copyOf(keys);
        return name -> {
            KeyMaterial k = copy.get(name);
            if (k == null) {
                throw new ServerConfigException("no key named '" + name + "' (known: " + new java.util.TreeSet<>(copy.keySet()) + ")");
            }
            return k;
        };
    }

    /**
     * The keys of an encrypted key store, decrypted once on first use with {@code passphrase} (which is
     * copied, and wiped after use).
     *
     * @param store      the key store; not null
     * @param passphrase its passphrase; the caller may wipe its own array at once
     * @return a thread-safe source that decrypts every key on the first lookup
     */
    static KeySource keyStore(EncryptedKeyStore store, char[] passphrase) {
        Objects.requireNonNull(store, "store");
        char[] pass = passphrase.clone();
        return new KeySource() {
            private Map<String, KeyMaterial> keys;

            @Override
            public synchronized KeyMaterial key(String name) throws ServerConfigException {
                if (keys == null) {
                    keys = load();
                }
                KeyMaterial k = keys.get(name);
                if (k == null) {
                    throw new ServerConfigException("key store " + store.path() + " has no key named '" + name
                            + "' (list the keys with 'mandate key list')");
                }
                return k;
            }

            private Map<String, KeyMaterial> load() throws ServerConfigException {
                try {
                    Map<String, KeyMaterial> out = new HashMap<>();
                    for (StoredKey s : store.list(pass)) {
                        try {
                            out.put(s.name(), KeyMaterial.fromJwk(s.jwk()));
                        } catch (DecodingException e) {
                            throw new ServerConfigException("key store " + store.path() + ": key '" + s.name()
                                    + "' is not a usable private key: " + e.getMessage());
                        }
                    }
                    return out;
                } catch (EncryptedKeyStoreException e) {
                    throw new ServerConfigException("key store " + store.path() + ": " + e.getMessage(), e);
                } finally {
                    Arrays.fill(pass, '\0');
                }
            }
        };
    }

    /** {@return a source with no keys, whose every lookup fails (for a verifier-only server)} */
    static KeySource none() {
        return name -> {
            throw new ServerConfigException("no key source is configured, so key '" + name + "' cannot be loaded");
        };
    }
}
