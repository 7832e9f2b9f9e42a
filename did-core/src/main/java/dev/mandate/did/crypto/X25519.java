package dev.mandate.did.crypto;

import java.math.BigInteger;

/** X25519 key-agreement keys as they appear in DID documents (derived from Ed25519 keys by did:key). */
public final class X25519 {
    private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

    private X25519() {}

    /**
     * Converts an Ed25519 public key (Edwards y, RFC 8032 encoding) to the X25519 public key of the same
     * secret (Montgomery u = (1 + y) / (1 - y) mod p, RFC 7748 section 4.1), little-endian 32 bytes.
     *
     * @param ed25519 an Ed25519 public key
     * @return the X25519 public key, 32 bytes
     */
    public static byte[] fromEd25519(PublicKeyValue ed25519) {
        if (ed25519.type() != KeyType.ED25519) throw new IllegalArgumentException("not an Ed25519 key: " + ed25519.type());
        byte[] le = ed25519.bytes();
        le[31] &= 0x7F; // drop the sign bit of x
        BigInteger y = new BigInteger(1, reverse(le));
        BigInteger u = BigInteger.ONE.add(y).multiply(BigInteger.ONE.subtract(y).mod(P).modInverse(P)).mod(P);
        return reverse(KeyCodec.unsigned(u, 32));
    }

    /**
     * {@return the Multikey form ({@code z6LS...}) of a raw 32-byte X25519 public key (multicodec x25519-pub 0xec)}
     *
     * @param x25519PublicKey the raw 32-byte key
     */
    public static String toMultikey(byte[] x25519PublicKey) {
        if (x25519PublicKey.length != 32) throw new IllegalArgumentException("X25519 public key must be 32 bytes");
        return Multibase.encode(Multibase.Base.BASE58BTC, Multicodec.prefix(Multicodec.X25519_PUB, x25519PublicKey));
    }

    /**
     * Decodes an X25519 Multikey ({@code z6LS...}) to its raw 32 bytes.
     *
     * @param multikey the X25519 Multikey
     * @return the raw key, 32 bytes
     * @throws DecodingException INVALID_ENCODING, INVALID_KEY_TYPE (not 0xec), INVALID_KEY_LENGTH
     */
    public static byte[] fromMultikey(String multikey) throws DecodingException {
        Multicodec.Prefixed p = Multicodec.read(Multibase.decode(multikey, Multibase.Base.BASE58BTC, 256));
        if (p.code() != Multicodec.X25519_PUB) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                    "expected an X25519 Multikey (0xec), found header 0x" + Long.toHexString(p.code()));
        }
        byte[] key = p.data();
        if (key.length != 32) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY_LENGTH, "X25519 public key must be 32 bytes but is " + key.length);
        }
        return key;
    }

    private static byte[] reverse(byte[] b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = b[b.length - 1 - i];
        return out;
    }
}
