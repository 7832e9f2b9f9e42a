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
        // base-58 digits, little-endian, sized for the worst case (log(256)/log(58) ~ 1.366)
        int size = (data.length - zeros) * 138 / 100 + 1;
        byte[] digits = new byte[size];
        int len = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xFF;
            int j = 0;
            for (; j < len || carry != 0; j++) {
                carry += 256 * (digits[j] & 0xFF);
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            len = j;
        }
        StringBuilder sb = new StringBuilder(zeros + len);
        for (int i = 0; i < zeros; i++) sb.append('1');
        for (int i = len - 1; i >= 0; i--) sb.append(ALPHABET[digits[i]]);
        return sb.toString();
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
