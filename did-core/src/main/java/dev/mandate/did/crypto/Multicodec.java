package dev.mandate.did.crypto;

import java.util.Arrays;

/**
 * Multicodec headers: an unsigned LEB128 varint (the multiformats unsigned-varint: at most 9 bytes,
 * minimally encoded) in front of the data it describes.
 */
public final class Multicodec {
    /** Largest value an unsigned varint may carry (2^63 - 1; 9 bytes). */
    public static final long MAX_VALUE = Long.MAX_VALUE;
    private static final int MAX_BYTES = 9;

    /** multicodec ed25519-pub. */
    public static final int ED25519_PUB = 0xed;
    /** multicodec x25519-pub. */
    public static final int X25519_PUB = 0xec;
    /** multicodec secp256k1-pub. */
    public static final int SECP256K1_PUB = 0xe7;
    /** multicodec p256-pub. */
    public static final int P256_PUB = 0x1200;
    /** multicodec p384-pub. */
    public static final int P384_PUB = 0x1201;

    private Multicodec() {}

    /** A decoded header: the code and the data that followed it. */
    public record Prefixed(long code, byte[] data) {
        /**
         * Copies {@code data}.
         *
         * @param code the multicodec code
         * @param data the bytes after the varint
         */
        public Prefixed {
            data = data.clone();
        }

        /** {@return a copy of the data after the header} */
        @Override public byte[] data() { return data.clone(); }

        @Override public boolean equals(Object o) {
            return o instanceof Prefixed p && p.code == code && Arrays.equals(p.data, data);
        }

        @Override public int hashCode() { return Long.hashCode(code) * 31 + Arrays.hashCode(data); }

        @Override public String toString() { return "Prefixed[code=0x" + Long.toHexString(code) + ", " + data.length + " bytes]"; }
    }

    /**
     * Encodes {@code value} (0 .. 2^63-1) as an unsigned varint.
     *
     * @param value the number
     * @return the varint, 1 to 9 bytes
     */
    public static byte[] varint(long value) {
        if (value < 0) throw new IllegalArgumentException("varint value must not be negative: " + value);
        byte[] out = new byte[MAX_BYTES];
        int n = 0;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[n++] = (byte) v;
        return Arrays.copyOf(out, n);
    }

    /**
     * Returns {@code varint(code) || data}.
     *
     * @param code the multicodec code
     * @param data the bytes
     * @return the prefixed bytes
     */
    public static byte[] prefix(long code, byte[] data) {
        byte[] header = varint(code);
        byte[] out = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, out, header.length, data.length);
        return out;
    }

    /**
     * Reads the unsigned varint at the start of {@code bytes} and returns it with the remaining bytes.
     *
     * @param bytes varint-prefixed bytes
     * @return the code and the bytes after it
     * @throws DecodingException {@link DecodingException.Code#INVALID_ENCODING} if the varint is truncated,
     *     longer than 9 bytes, or not minimally encoded
     */
    public static Prefixed read(byte[] bytes) throws DecodingException {
        if (bytes == null) throw new DecodingException(DecodingException.Code.INVALID_ENCODING, "multicodec: no bytes");
        long value = 0;
        int i = 0;
        while (true) {
            if (i >= bytes.length) {
                throw new DecodingException(DecodingException.Code.INVALID_ENCODING,
                        bytes.length == 0 ? "multicodec: empty input" : "multicodec: truncated varint header");
            }
            if (i >= MAX_BYTES) {
                throw new DecodingException(DecodingException.Code.INVALID_ENCODING, "multicodec: varint header longer than 9 bytes");
            }
            int b = bytes[i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            i++;
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 1) {
                    throw new DecodingException(DecodingException.Code.INVALID_ENCODING, "multicodec: varint header not minimally encoded");
                }
                break;
            }
        }
        if (value < 0) throw new DecodingException(DecodingException.Code.INVALID_ENCODING, "multicodec: varint header exceeds 2^63-1");
        return new Prefixed(value, Arrays.copyOfRange(bytes, i, bytes.length));
    }
}
