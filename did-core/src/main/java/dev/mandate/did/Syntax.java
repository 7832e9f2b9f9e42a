package dev.mandate.did;

/** Character classes shared by the DID and DID URL parsers. */
final class Syntax {
    private Syntax() {}

    static boolean isAlphaNum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** RFC 3986 pchar minus pct-encoded: unreserved / sub-delims / ":" / "@". */
    static boolean isPcharLiteral(char c) {
        return isAlphaNum(c) || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c);
    }

    static String shorten(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) sb.append(printable(s.charAt(i)));
        if (s.length() > 40) sb.append("...");
        return sb.toString();
    }
}
