package dev.mandate.did.crypto;

import java.util.Arrays;
import java.util.Base64;

/**
 * Multibase text encoding (the one-character prefix names the base) for the two bases the DID and VC
 * specs use: base58btc ({@code z}) and base64url without padding ({@code u}).
 *
 * <p>Decoding is strict (only canonical text decodes) and bounded: input longer than the limit is
 * refused before any work, since base58 decoding is quadratic in the input length.
 */
public final class Multibase {
    /** Default limit on the length of multibase text accepted by {@link #decode(String)}. */
    public static final int DEFAULT_MAX_LENGTH = 8192;

    /** The supported bases. */
    public enum Base {
        /** base58btc, Bitcoin alphabet, prefix {@code z}. */
        BASE58BTC('z'),
        /** base64url without padding (RFC 4648 section 5), prefix {@code u}. */
        BASE64URL('u');

        private final char prefix;

        Base(char prefix) { this.prefix = prefix; }

        /** {@return the multibase prefix character} */
        public char prefix() { return prefix; }
    }

    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];
    private static final Base64.Encoder B64_ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DEC = Base64.getUrlDecoder();

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) INDEXES[ALPHABET[i]] = i;
    }

    private Multibase() {}

    /**
     * Encodes {@code data} in {@code base}, with the multibase prefix.
     *
     * @param base the base
     * @param data the bytes
     * @return the multibase text
     */
    public static String encode(Base base, byte[] data) {
        return base.prefix + (base == Base.BASE58BTC ? encodeBase58Btc(data) : B64_ENC.encodeToString(data));
    }

    /**
     * Decodes multibase text of at most {@link #DEFAULT_MAX_LENGTH} characters.
     *
     * @param text the multibase text
     * @return the decoded bytes
     * @throws DecodingException as {@link #decode(String, int)}
     */
    public static byte[] decode(String text) throws DecodingException {
        return decode(text, DEFAULT_MAX_LENGTH);
    }

    /**
     * Decodes multibase text of at most {@code maxLength} characters.
     *
     * @param text      the multibase text
     * @param maxLength the most characters accepted
     * @return the decoded bytes
     * @throws DecodingException {@code INVALID_ENCODING} for empty or over-long text, an unsupported
     *     prefix, a character outside the alphabet, or non-canonical base64url
     */
    public static byte[] decode(String text, int maxLength) throws DecodingException {
        if (text == null || text.isEmpty()) throw invalid("multibase: empty value");
        if (text.length() > maxLength) {
            throw invalid("multibase: value of " + text.length() + " characters exceeds the limit of " + maxLength);
        }
        char prefix = text.charAt(0);
        if (prefix == 'z') return decodeBase58Btc(text.substring(1), maxLength);
        if (prefix == 'u') return decodeBase64Url(text);
        throw invalid("multibase: unsupported base prefix '" + printable(prefix) + "' (supported: z base58btc, u base64url)");
    }

    /**
     * Decodes multibase text that must use {@code base}.
     *
     * @param text      the multibase text
     * @param base      the base its prefix must name
     * @param maxLength the most characters accepted
     * @return the decoded bytes
     * @throws DecodingException {@code INVALID_ENCODING} for another prefix, or as {@link #decode(String, int)}
     */
    public static byte[] decode(String text, Base base, int maxLength) throws DecodingException {
        if (text != null && !text.isEmpty() && text.charAt(0) != base.prefix) {
            throw invalid("multibase: expected prefix '" + base.prefix + "' (" + base.name().toLowerCase(java.util.Locale.ROOT)
                    + ") but found '" + printable(text.charAt(0)) + "'");
        }
        return decode(text, maxLength);
    }

    /**
     * Encodes bytes in base58btc (Bitcoin alphabet) without any prefix.
     *
     * @param data the bytes
     * @return the base58btc text (one {@code 1} per leading zero byte)
     */
    public static String encodeBase58Btc(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) zeros++;
        // The number in limbs of 58^5 (five base-58 digits each), little-endian, fed 32 bits at a time: about 20
        // times fewer steps than one byte into one digit at a time (a signature is 64 bytes, 88 digits).
        int digitsMax = (data.length - zeros) * 138 / 100 + 1;
        long[] limbs = new long[digitsMax / 5 + 2];
        int len = 0;
        int i = zeros;
        int head = (data.length - zeros) % 4; // a first chunk of 1-3 bytes, then whole 32-bit words
        if (head > 0) {
            long word = 0;
            for (int k = 0; k < head; k++) word = (word << 8) | (data[i++] & 0xFF);
            len = mulAdd(limbs, len, 1L << (8 * head), word);
        }
        while (i < data.length) {
            long word = ((data[i] & 0xFFL) << 24) | ((data[i + 1] & 0xFF) << 16) | ((data[i + 2] & 0xFF) << 8) | (data[i + 3] & 0xFF);
            i += 4;
            len = mulAdd(limbs, len, 1L << 32, word);
        }
        char[] out = new char[zeros + 5 * len];
        int n = 0;
        for (int k = 0; k < zeros; k++) out[n++] = '1';
        for (int k = len - 1; k >= 0; k--) {
            long limb = limbs[k];
            int at = n + 4;
            for (int d = 0; d < 5; d++) {
                out[at - d] = ALPHABET[(int) (limb % 58)];
                limb /= 58;
            }
            if (k == len - 1) { // the top limb: no leading zero digits
                int skip = 0;
                while (skip < 4 && out[n + skip] == '1') skip++;
                System.arraycopy(out, n + skip, out, n, 5 - skip);
                n += 5 - skip;
            } else {
                n += 5;
            }
        }
        return new String(out, 0, n);
    }

    /** 58^5, one limb of {@link #encodeBase58Btc}: 656,356,768, under 2^30. */
    private static final long LIMB = 58L * 58 * 58 * 58 * 58;

    /**
     * {@code limbs = limbs * factor + add}, for a factor of at most 2^32 and {@code add < factor}; returns the new
     * number of limbs. A limb times 2^32 plus a carry stays under 2^63.
     */
    private static int mulAdd(long[] limbs, int len, long factor, long add) {
        long carry = add;
        int j = 0;
        for (; j < len || carry != 0; j++) {
            long v = limbs[j] * factor + carry;
            limbs[j] = v % LIMB;
            carry = v / LIMB;
        }
        return j;
    }

    /**
     * Decodes base58btc text (no prefix) of at most {@code maxLength} characters.
     *
     * @param text      the base58btc text
     * @param maxLength the most characters accepted
     * @return the decoded bytes
     * @throws DecodingException {@code INVALID_ENCODING} for empty or over-long text or a character outside the
     *     alphabet
     */
    public static byte[] decodeBase58Btc(String text, int maxLength) throws DecodingException {
        if (text == null) throw invalid("base58btc: no value");
        if (text.length() > maxLength) throw invalid("base58btc: value of " + text.length() + " characters exceeds the limit of " + maxLength);
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') zeros++;
        int size = (text.length() - zeros) * 733 / 1000 + 1; // log(58)/log(256) ~ 0.7322
        byte[] bytes = new byte[size];
        int len = 0;
        for (int i = zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) throw invalid("base58btc: invalid character '" + printable(c) + "' at position " + i);
            int carry = digit;
            int j = 0;
            for (; j < len || carry != 0; j++) {
                carry += 58 * (bytes[j] & 0xFF);
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            len = j;
        }
        byte[] out = new byte[zeros + len];
        for (int i = 0; i < len; i++) out[zeros + i] = bytes[len - 1 - i];
        return out;
    }

    /** Decodes {@code u}-prefixed text; positions in messages count the prefix. */
    private static byte[] decodeBase64Url(String text) throws DecodingException {
        String why = Base64Url.check(text, 1, text.length(), "multibase base64url value");
        if (why != null) throw invalid(why);
        try {
            return B64_DEC.decode(text.substring(1));
        } catch (IllegalArgumentException e) {
            throw invalid("base64url: " + e.getMessage()); // unreachable: checked above
        }
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    private static DecodingException invalid(String message) {
        return new DecodingException(DecodingException.Code.INVALID_ENCODING, message);
    }
}
