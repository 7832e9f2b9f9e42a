package dev.mandate.did.crypto;

import java.util.Locale;
import java.util.Optional;

/**
 * The asymmetric key types Mandate supports, with the identifiers the specs give them.
 *
 * <p>{@code multicodecPublic}/{@code multicodecPrivate} are the multicodec table codes used in
 * Multikey values; {@code publicKeyLength} is the length of the (compressed, for EC) public key
 * that follows the multicodec header; {@code signatureLength} is the raw (IEEE P1363 {@code r||s}
 * for ECDSA) signature length.
 */
public enum KeyType {
    /** Ed25519 (RFC 8032), JOSE alg {@code EdDSA}, JWK {@code OKP/Ed25519}. */
    ED25519("Ed25519", "EdDSA", "OKP", 0xed, 0x1300, 32, 32, 64),
    /** NIST P-256 with SHA-256, JOSE alg {@code ES256}. */
    P256("P-256", "ES256", "EC", 0x1200, 0x1306, 33, 32, 64),
    /** NIST P-384 with SHA-384, JOSE alg {@code ES384}. */
    P384("P-384", "ES384", "EC", 0x1201, 0x1307, 49, 48, 96),
    /** secp256k1 with SHA-256, JOSE alg {@code ES256K}. */
    SECP256K1("secp256k1", "ES256K", "EC", 0xe7, 0x1301, 33, 32, 64);

    private final String curve;
    private final String jwsAlgorithm;
    private final String jwkKty;
    private final int multicodecPublic;
    private final int multicodecPrivate;
    private final int publicKeyLength;
    private final int privateKeyLength;
    private final int signatureLength;

    KeyType(String curve, String jwsAlgorithm, String jwkKty, int multicodecPublic, int multicodecPrivate,
            int publicKeyLength, int privateKeyLength, int signatureLength) {
        this.curve = curve;
        this.jwsAlgorithm = jwsAlgorithm;
        this.jwkKty = jwkKty;
        this.multicodecPublic = multicodecPublic;
        this.multicodecPrivate = multicodecPrivate;
        this.publicKeyLength = publicKeyLength;
        this.privateKeyLength = privateKeyLength;
        this.signatureLength = signatureLength;
    }

    /**
     * {@return the curve name as used in JWK {@code crv} and on the command line: Ed25519, P-256, P-384, secp256k1}
     */
    public String curve() { return curve; }
    /** {@return the JOSE {@code alg} value for signatures with this key type} */
    public String jwsAlgorithm() { return jwsAlgorithm; }
    /** {@return the JWK {@code kty}: OKP or EC} */
    public String jwkKty() { return jwkKty; }
    /** {@return multicodec code of the public key (e.g. 0xed for ed25519-pub)} */
    public int multicodecPublic() { return multicodecPublic; }
    /** {@return multicodec code of the private key (e.g. 0x1300 for ed25519-priv)} */
    public int multicodecPrivate() { return multicodecPrivate; }
    /** {@return length in bytes of the public key after the multicodec header (compressed point for EC)} */
    public int publicKeyLength() { return publicKeyLength; }
    /** {@return length in bytes of the raw private key (seed for Ed25519, scalar for EC)} */
    public int privateKeyLength() { return privateKeyLength; }
    /** {@return length in bytes of a raw signature (r||s for ECDSA)} */
    public int signatureLength() { return signatureLength; }

    /**
     * Finds a key type by curve name (case-insensitive; also accepts P256, P384, ed25519, ES256...).
     *
     * @param name a curve or JOSE algorithm name; null gives empty
     * @return the key type, or empty for an unknown name
     */
    public static Optional<KeyType> fromName(String name) {
        if (name == null) return Optional.empty();
        String n = name.trim().toLowerCase(Locale.ROOT).replace("_", "-");
        for (KeyType t : values()) {
            if (t.curve.toLowerCase(Locale.ROOT).equals(n) || t.curve.toLowerCase(Locale.ROOT).replace("-", "").equals(n)
                    || t.jwsAlgorithm.toLowerCase(Locale.ROOT).equals(n) || t.name().toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
