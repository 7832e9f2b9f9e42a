package dev.mandate.vc.canon;

import com.apicatalog.rdf.api.RdfQuadConsumer;

/**
 * Receives quads from Titanium (JSON-LD to RDF, or the N-Quads reader) and adds them, serialized, to an
 * {@link Rdfc10}. Quads that are not valid RDF are dropped as JSON-LD processors drop them: a blank node
 * used as a predicate, or an IRI without a scheme or containing whitespace.
 */
final class QuadSink implements RdfQuadConsumer {

    static final String I18N = "https://www.w3.org/ns/i18n#";

    private final Rdfc10 canon;

    QuadSink(Rdfc10 canon) {
        this.canon = canon;
    }

    @Override
    public RdfQuadConsumer quad(String subject, String predicate, String object, String datatype, String language,
                                String direction, String graph) {
        if (!isIri(predicate)) {
            return this;
        }
        String s = resource(subject);
        String g = graph == null ? null : resource(graph);
        if (s == null || (graph != null && g == null)) {
            return this;
        }
        String o;
        if (RdfQuadConsumer.isLiteral(datatype, language, direction)) {
            if (direction != null) {
                o = Rdfc10.literal(object, I18N + (language == null ? "" : language) + "_" + direction, null);
            } else if (datatype != null && !isIri(datatype)) {
                return this;
            } else {
                o = Rdfc10.literal(object, datatype, language);
            }
        } else {
            o = resource(object);
            if (o == null) {
                return this;
            }
        }
        canon.add(s, Rdfc10.iri(predicate), o, g);
        return this;
    }

    private static String resource(String term) {
        if (term.startsWith("_:")) {
            return term.length() > 2 ? term : null;
        }
        return isIri(term) ? Rdfc10.iri(term) : null;
    }

    /** An absolute IRI: a scheme, a colon, no whitespace (as jsonld.js checks). */
    static boolean isIri(String s) {
        int n = s.length();
        if (n < 2) {
            return false;
        }
        char c0 = s.charAt(0);
        if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z'))) {
            return false;
        }
        int i = 1;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c == ':') {
                break;
            }
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
                return false;
            }
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
}
