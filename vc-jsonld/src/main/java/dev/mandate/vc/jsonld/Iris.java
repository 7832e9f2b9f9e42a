package dev.mandate.vc.jsonld;

import dev.mandate.vc.model.Urls;

/**
 * The absolute-IRI test that JSON-LD processors apply when converting to RDF (as jsonld.js does it): a
 * scheme ({@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}), a colon, and no white space (as JavaScript's
 * {@code \s} defines it) anywhere. Anything else is dropped by RDF conversion.
 */
public final class Iris {
    private Iris() {
    }

    /**
     * {@return true if {@code s} is an absolute IRI by the test above}
     *
     * @param s the IRI; not null
     */
    public static boolean isAbsolute(String s) {
        int n = s.length();
        int i = s.indexOf(':');
        if (i < 1 || !Urls.isScheme(s, i)) {
            return false;
        }
        for (int j = i + 1; j < n; j++) {
            char c = s.charAt(j);
            if ((c <= ' ' || c >= 0xA0) && isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    /** An absolute IRI or a blank node identifier. */
    static boolean isNodeId(String s) {
        return s.startsWith("_:") || isAbsolute(s);
    }

    /** JavaScript's {@code \s}: WhiteSpace and LineTerminator. */
    static boolean isSpace(char c) {
        switch (c) {
            case '\t': case '\n': case 0x0B: case '\f': case '\r': case ' ':
            case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
                return true;
            default:
                return c >= 0x2000 && c <= 0x200A;
        }
    }
}
