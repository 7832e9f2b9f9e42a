package dev.mandate.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One issuer.
 *
 * @param name               the issuer's name: its endpoint is {@code /issuers/{name}/credentials/issue}
 * @param key                the name of its key in the key store
 * @param did                its DID; empty for the key's did:key
 * @param verificationMethod the DID URL of the key; empty to derive it ({@code did#<multikey>}, did:key's own, did:jwk {@code #0})
 * @param cryptosuite        the Data Integrity cryptosuite; empty for the key type's default
 *                           (eddsa-rdfc-2022 for Ed25519, ecdsa-rdfc-2019 for P-256/P-384)
 * @param validFor           how long issued credentials are valid ({@code validUntil}); zero for no {@code validUntil}
 * @param isDefault          true for the issuer also served at {@code /credentials/issue}
 */
public record IssuerConfig(String name, String key, String did, String verificationMethod, String cryptosuite,
                           Duration validFor, boolean isDefault) {
    /** Allowed issuer names. */
    public static final String NAME_REGEX = "[A-Za-z0-9._-]{1,64}";

    /**
     * Checks the name and that nothing is null.
     *
     * @param name               matching {@link #NAME_REGEX}
     * @param key                the key's name in the key store
     * @param did                the DID, or "" for the key's did:key
     * @param verificationMethod the DID URL, or "" to derive it
     * @param cryptosuite        the cryptosuite, or "" for the key type's default
     * @param validFor           not negative; zero for no {@code validUntil}
     * @param isDefault          whether it is also served at {@code /credentials/issue}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the name does not match or {@code validFor} is negative
     */
    public IssuerConfig {
        Objects.requireNonNull(name, "name");
        if (!name.matches(NAME_REGEX)) {
            throw new IllegalArgumentException("issuer name must be 1 to 64 characters from A-Z a-z 0-9 . _ -: " + name);
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(verificationMethod, "verificationMethod");
        Objects.requireNonNull(cryptosuite, "cryptosuite");
        Objects.requireNonNull(validFor, "validFor");
        if (validFor.isNegative()) {
            throw new IllegalArgumentException("validFor must not be negative");
        }
    }

    /**
     * An issuer signing as the did:key of a key, with the key type's default suite and no {@code validUntil}.
     *
     * @param name the issuer's name, matching {@link #NAME_REGEX}
     * @param key  the key's name in the key store
     * @return the issuer, not the default one
     * @throws IllegalArgumentException if the name does not match
     */
    public static IssuerConfig of(String name, String key) {
        return new IssuerConfig(name, key, "", "", "", Duration.ZERO, false);
    }

    /**
     * This issuer with another DID.
     *
     * @param newDid the DID (e.g. a hosted did:web), or "" for the key's did:key
     * @return a new issuer
     */
    public IssuerConfig withDid(String newDid) {
        return new IssuerConfig(name, key, newDid, verificationMethod, cryptosuite, validFor, isDefault);
    }

    /**
     * This issuer with another cryptosuite.
     *
     * @param suite e.g. {@code eddsa-jcs-2022}, or "" for the key type's default
     * @return a new issuer
     */
    public IssuerConfig withCryptosuite(String suite) {
        return new IssuerConfig(name, key, did, verificationMethod, suite, validFor, isDefault);
    }

    /**
     * This issuer with another validity duration.
     *
     * @param d how long issued credentials are valid; zero for no {@code validUntil}
     * @return a new issuer
     * @throws IllegalArgumentException if {@code d} is negative
     */
    public IssuerConfig withValidFor(Duration d) {
        return new IssuerConfig(name, key, did, verificationMethod, cryptosuite, d, isDefault);
    }

    /**
     * This issuer marked as the default (or not).
     *
     * @param d true to serve it also at {@code /credentials/issue}
     * @return a new issuer
     */
    public IssuerConfig asDefault(boolean d) {
        return new IssuerConfig(name, key, did, verificationMethod, cryptosuite, validFor, d);
    }
}
