package dev.mandate.did.crypto;

/**
 * Something that signs with a private key it may never expose (in memory, a KMS, an HSM).
 *
 * <p>For ECDSA key types the signer hashes the data with the curve's hash (SHA-256 for P-256 and
 * secp256k1, SHA-384 for P-384) and returns the raw IEEE P1363 {@code r||s} signature; for Ed25519
 * it returns the 64-byte RFC 8032 signature. This matches both JWS and the Data Integrity suites.
 */
public interface Signer {
    /** {@return the type of the key that signs} */
    KeyType keyType();

    /**
     * Signs {@code data}; never returns null.
     *
     * @param data the bytes to sign (hashed by the signer for ECDSA)
     * @return the signature (raw r||s for ECDSA, 64 bytes for Ed25519)
     */
    byte[] sign(byte[] data);
}
