package dev.mandate.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The key store and its passphrase source. Only opened when an issuer or a hosted did:web document names a key.
 *
 * @param path       the key-store file
 * @param passphrase where the passphrase comes from
 */
public record KeyStoreConfig(Path path, SecretSource passphrase) {
    /** Environment variable read for the passphrase by default. */
    public static final String PASSPHRASE_VAR = "MANDATE_PASSPHRASE";

    /**
     * Checks that nothing is null (the store is opened only when a key is needed).
     *
     * @param path       the key-store file
     * @param passphrase the passphrase's source
     * @throws NullPointerException if either is null
     */
    public KeyStoreConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(passphrase, "passphrase");
    }

    /**
     * {@return {@code ~/.mandate/keystore} (under {@code $HOME}) with the passphrase from {@code MANDATE_PASSPHRASE}}
     */
    public static KeyStoreConfig defaults() {
        return new KeyStoreConfig(dev.mandate.did.keystore.UserHome.get().resolve(".mandate").resolve("keystore"), new SecretSource.FromEnv(PASSPHRASE_VAR));
    }
}
