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

    /**
     * The character at {@code i} quoted for a one-line message: {@code 'x'} for printable ASCII, {@code '…' (U+2026)}
     * for other visible characters, and only the code point ({@code U+202E}) for controls, format and invisible ones.
     */
    static String quoted(String s, int i) {
        int cp = s.codePointAt(i);
        String code = String.format("U+%04X", cp);
        if (cp >= 0x20 && cp < 0x7F) return "'" + (char) cp + "'";
        int type = Character.getType(cp);
        boolean visible = !Character.isISOControl(cp) && !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)
                && type != Character.FORMAT && type != Character.SURROGATE && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED && type != Character.LINE_SEPARATOR && type != Character.PARAGRAPH_SEPARATOR
                && type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK && type != Character.COMBINING_SPACING_MARK;
        return visible ? "'" + new String(Character.toChars(cp)) + "' (" + code + ")" : code;
    }

    static String shorten(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) sb.append(printable(s.charAt(i)));
        if (s.length() > 40) sb.append("...");
        return sb.toString();
    }
}
