package dev.mandate.did.crypto;

/**
 * Checks signatures made by one public key. Returns false for any bad signature, wrong length or
 * malformed input; never throws for bad input.
 */
public interface SignatureVerifier {
    /** The type of the key that verifies. */
    KeyType keyType();

    /** True only if {@code signature} is a valid signature of {@code data} by this key (same conventions as {@link Signer}). */
    boolean verify(byte[] data, byte[] signature);
}
