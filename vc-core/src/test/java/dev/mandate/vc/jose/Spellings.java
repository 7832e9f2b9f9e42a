package dev.mandate.vc.jose;

import java.util.Base64;

/** Test helper: other spellings of canonical base64url text that decode to the same bytes. */
final class Spellings {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    static final String[] PART_NAMES = {"header", "payload", "signature"};

    private Spellings() {}

    /** True if text of this length has spare bits in its last character (length 2 or 3 mod 4). */
    static boolean hasSpareBits(String s) {
        return s.length() % 4 >= 2;
    }

    /**
     * {@code s} with the lowest spare bit of its last character set: for length 2 mod 4 the last
     * character has 4 spare bits, for 3 mod 4 it has 2. The JDK decoder gives the same bytes for both
     * (checked here, so a test built on this really exercises two spellings of one value).
     */
    static String respell(String s) {
        if (!hasSpareBits(s)) throw new IllegalArgumentException("no spare bits in base64url of length " + s.length());
        int v = ALPHABET.indexOf(s.charAt(s.length() - 1));
        if (v < 0 || (v & 1) != 0) throw new IllegalArgumentException("not canonical base64url: " + s);
        String other = s.substring(0, s.length() - 1) + ALPHABET.charAt(v | 1);
        if (!java.util.Arrays.equals(Base64.getUrlDecoder().decode(s), Base64.getUrlDecoder().decode(other))) {
            throw new AssertionError("respelling changed the bytes");
        }
        return other;
    }

    /** {@code s} with RFC 4648 {@code =} padding (which JWS forbids). */
    static String padded(String s) {
        return s + "==".substring(0, (4 - s.length() % 4) % 4);
    }

    /** The parts of a compact JWS. */
    static String[] parts(String compact) {
        return compact.split("\\.", -1);
    }

    /** {@code compact} with part {@code i} (0 header, 1 payload, 2 signature) replaced. */
    static String withPart(String compact, int i, String part) {
        String[] p = parts(compact);
        p[i] = part;
        return String.join(".", p);
    }

    /** The message CompactJws gives for non-zero pad bits in part {@code i}. */
    static String notCanonical(int i) {
        return "JWS " + PART_NAMES[i] + " is not canonical base64url (non-zero trailing bits); re-encode it";
    }
}
