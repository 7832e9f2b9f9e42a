package dev.mandate.did.keystore;

import com.nimbusds.jose.jwk.JWK;
import java.time.Instant;
import java.util.Objects;

/**
 * One named key from the key store.
 *
 * <p>{@link #toString()} never prints private key material.
 *
 * @param name    the key's name (also the JWK {@code kid})
 * @param jwk     the private JWK (public members included), with {@code kid} equal to {@code name}
 * @param created when the key was added to the store
 */
public record StoredKey(String name, JWK jwk, Instant created) {
    /**
     * Checks that no component is null.
     *
     * @param name    the key name
     * @param jwk     the private JWK
     * @param created when the key was added
     */
    public StoredKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(jwk, "jwk");
        Objects.requireNonNull(created, "created");
    }

    /** {@return the public half of the key as a JWK (no private members)} */
    public JWK publicJwk() {
        return jwk.toPublicJWK();
    }

    /** Describes the key without any private member. */
    @Override
    public String toString() {
        return "StoredKey[name=" + name + ", kty=" + jwk.getKeyType() + ", created=" + created + "]";
    }
}
