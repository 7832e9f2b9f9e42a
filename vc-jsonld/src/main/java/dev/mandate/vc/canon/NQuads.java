package dev.mandate.vc.canon;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The canonical N-Quads form of terms and lines (RDF 1.1 N-Quads, canonical form as RDFC-1.0 uses it) and the
 * Unicode code point order lines and paths are sorted in: what {@link Rdfc10} writes and compares, apart from the
 * algorithm itself.
 */
final class NQuads {
    private static final HexFormat LOWER_HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private NQuads() {
    }

    /** Whether a term is a blank node label ({@code _:} and at least one more character). */
    static boolean isBlank(String term) {
        return term.length() > 2 && term.charAt(0) == '_' && term.charAt(1) == ':';
    }

    /** An IRI term. */
    static String iri(String iri) {
        return '<' + iri + '>';
    }

    /**
     * A literal term in canonical N-Quads form.
     *
     * @param datatype the datatype IRI; {@code xsd:string} and {@code rdf:langString} are implied
     * @param language the language tag or null
     */
    static String literal(String lexical, String datatype, String language) {
        String quoted = needsEscaping(lexical) ? escaped(lexical) : '"' + lexical + '"';
        if (language != null) {
            return quoted + '@' + language;
        }
        return datatype != null && !XSD_STRING.equals(datatype) ? quoted + "^^<" + datatype + '>' : quoted;
    }

    private static boolean needsEscaping(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static String escaped(String lexical) {
        StringBuilder b = new StringBuilder(lexical.length() + 16);
        b.append('"');
        escape(lexical, b);
        return b.append('"').toString();
    }

    static final String XSD_STRING = "http://www.w3.org/2001/XMLSchema#string";

    private static void escape(String s, StringBuilder b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F) {
                        b.append("\\u00").append(UPPER_HEX.toHexDigits((byte) c));
                    } else {
                        b.append(c);
                    }
            }
        }
    }

    /**
     * One N-Quads line: the terms, space separated, then {@code " .\n"}. Made by string concatenation, which sizes
     * the line exactly and copies each term once (a builder copies the line twice).
     */
    static String line(String s, String p, String o, String g) {
        return g == null ? s + ' ' + p + ' ' + o + " .\n" : s + ' ' + p + ' ' + o + ' ' + g + " .\n";
    }

    /**
     * The line of a quad without blank nodes, from its unserialized terms: IRIs as they are, the object a literal
     * ({@code literalObject}, serialized as {@link #literal}) or an IRI. One allocation for the common quads (an
     * IRI or a plain string object in the default graph) instead of one per term and two for the line.
     *
     * @param literalObject the object serialized as a literal term, or null when the object is an IRI
     * @param g             the graph IRI, or null for the default graph
     */
    static String groundLine(String s, String p, String o, String literalObject, String g) {
        if (g != null) {
            return line('<' + s + '>', '<' + p + '>', literalObject != null ? literalObject : '<' + o + '>', '<' + g + '>');
        }
        return literalObject != null
                ? '<' + s + "> <" + p + "> " + literalObject + " .\n"
                : '<' + s + "> <" + p + "> <" + o + "> .\n";
    }

    /** Lower-case hexadecimal, as the hashes of RDFC-1.0 are written. */
    static String hex(byte[] d) {
        return LOWER_HEX.formatHex(d);
    }

    /**
     * Sorts lines (or paths) in Unicode code point order. Without surrogates in any of them that is the order of
     * {@link String#compareTo}, which finds the first difference of two strings many characters at a time (lines
     * share long prefixes: the same subject, the same predicate namespace); one pass over the characters tells.
     *
     * @return whether every character of every line is ASCII (so its UTF-8 form is one byte a character)
     */
    static boolean sort(String[] lines) {
        int all = 0; // every character OR-ed together: below 0x80 only if all are ASCII
        for (String l : lines) {
            for (int i = 0; i < l.length(); i++) {
                all |= l.charAt(i);
            }
        }
        if (all >= Character.MIN_SURROGATE && hasSurrogate(lines)) {
            Arrays.sort(lines, NQuads::compareCodePoints);
        } else {
            Arrays.sort(lines);
        }
        return all < 0x80;
    }

    /** Whether every character of a line is ASCII. */
    static boolean isAscii(String line) {
        int all = 0;
        for (int i = 0; i < line.length(); i++) {
            all |= line.charAt(i);
        }
        return all < 0x80;
    }

    private static boolean hasSurrogate(String[] lines) {
        for (String l : lines) {
            for (int i = 0; i < l.length(); i++) {
                if (Character.isSurrogate(l.charAt(i))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Unicode code point order (differs from {@link String#compareTo} only for surrogate pairs). */
    static int compareCodePoints(CharSequence a, CharSequence b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    // surrogates (D800-DFFF) encode code points above FFFF: move them after E000-FFFF
                    x = (char) (x >= 0xE000 ? x - 0x800 : x + 0x2000);
                    y = (char) (y >= 0xE000 ? y - 0x800 : y + 0x2000);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
