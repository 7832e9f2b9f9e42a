package dev.mandate.did.crypto;

/**
 * Checks signatures made by one public key. Returns false for any bad signature, wrong length or
 * malformed input; never throws for bad input.
 */
public interface SignatureVerifier {
    /** {@return the type of the key that verifies} */
    KeyType keyType();

    /**
     * {@return true only if {@code signature} is a valid signature of {@code data} by this key (same conventions as
     * {@link Signer})}
     *
     * @param data      the signed bytes
     * @param signature the signature (raw r||s for ECDSA, 64 bytes for Ed25519)
     */
    boolean verify(byte[] data, byte[] signature);
}
