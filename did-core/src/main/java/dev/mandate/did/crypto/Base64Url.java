package dev.mandate.did.crypto;

/**
 * The one check for canonical unpadded base64url (RFC 4648 §5 alphabet, §3.5 canonical encoding, as
 * RFC 7515 requires for JWS): only {@code A-Z a-z 0-9 - _}, no {@code =} padding, a length that is not
 * 1 mod 4, and zero spare bits in the last character. Exactly one text then decodes to given bytes,
 * so a token, a key or an identifier cannot be re-spelled and still be accepted (a replay cache or an
 * identity keyed on the text would otherwise see two values where there is one).
 *
 * <p>Used by did-core (multibase {@code u}, JWK members) and vc-core (compact JWS parts, SD-JWT
 * Disclosures), so both enforce the same rule. Allocation-free when the text is canonical.
 */
public final class Base64Url {
    private Base64Url() {}

    /**
     * {@return true if all of {@code s} is canonical unpadded base64url (the empty string is)}
     *
     * @param s the text to check
     */
    public static boolean isCanonical(CharSequence s) {
        return s != null && check(s, 0, s.length(), "") == null;
    }

    /**
     * Checks {@code s[from, to)}: returns {@code null} if it is canonical unpadded base64url, otherwise a
     * one-line message starting with {@code what} (e.g. {@code "JWS signature"}) that says what is
     * wrong. Character positions in the message are indexes into {@code s}.
     *
     * @param s    the text
     * @param from the first index checked (inclusive)
     * @param to   the end index (exclusive)
     * @param what names the value in the message
     * @return null when canonical, else the message
     */
    public static String check(CharSequence s, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (value(c) < 0) {
                return c == '='
                        ? what + " is not canonical base64url (padding '=' at position " + i + " is not allowed); remove it"
                        : what + " is not base64url (character " + describe(c) + " at position " + i + ")";
            }
        }
        int rem = (to - from) % 4;
        if (rem == 1) {
            return what + " has an impossible base64url length (" + (to - from) + " characters)";
        }
        // The last character of a 2- or 3-character final group carries 4 or 2 bits that encode nothing;
        // RFC 4648 §3.5 requires them to be zero.
        int spare = rem == 2 ? 0x0F : rem == 3 ? 0x03 : 0;
        if (spare != 0 && (value(s.charAt(to - 1)) & spare) != 0) {
            return what + " is not canonical base64url (non-zero trailing bits); re-encode it";
        }
        return null;
    }

    /** The 6-bit value of a base64url character, or -1. */
    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '-') return 62;
        if (c == '_') return 63;
        return -1;
    }

    private static String describe(char c) {
        return c < 0x20 || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
