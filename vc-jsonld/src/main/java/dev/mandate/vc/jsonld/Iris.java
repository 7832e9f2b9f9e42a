package dev.mandate.vc.jsonld;

/** IRI checks as JSON-LD processors (jsonld.js) apply them when converting to RDF. */
final class Iris {
    private Iris() {
    }

    /** A scheme ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}), a colon, and no whitespace. */
    static boolean isAbsolute(String s) {
        int n = s.length();
        if (n < 2 || !isAsciiLetter(s.charAt(0))) {
            return false;
        }
        int i = 1;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ':') {
                break;
            }
            if (!(isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
            i++;
        }
        if (i == n) {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            if (Character.isWhitespace(s.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /** An absolute IRI or a blank node identifier. */
    static boolean isNodeId(String s) {
        return s.startsWith("_:") || isAbsolute(s);
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
