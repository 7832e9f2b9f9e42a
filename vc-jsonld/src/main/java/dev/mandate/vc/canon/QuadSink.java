package dev.mandate.vc.canon;

import com.apicatalog.rdf.api.RdfQuadConsumer;
import dev.mandate.vc.jsonld.Iris;

/**
 * Receives quads (from JSON-LD to RDF conversion, or from the N-Quads reader) and adds them, serialized, to
 * an {@link Rdfc10}. For JSON-LD, quads that are not valid RDF are dropped as JSON-LD processors drop them: a
 * blank node used as a predicate, or an IRI that is not absolute by {@link Iris#isAbsolute}. N-Quads input
 * has been validated by its parser and is taken as it is.
 */
final class QuadSink implements RdfQuadConsumer {

    static final String I18N = "https://www.w3.org/ns/i18n#";

    private final Rdfc10 canon;
    private final boolean fromJsonLd;

    QuadSink(Rdfc10 canon, boolean fromJsonLd) {
        this.canon = canon;
        this.fromJsonLd = fromJsonLd;
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

    private String resource(String term) {
        if (term.startsWith("_:")) {
            return term.length() > 2 ? term : null;
        }
        return isIri(term) ? Rdfc10.iri(term) : null;
    }

    private boolean isIri(String s) {
        return !fromJsonLd || Iris.isAbsolute(s);
    }
}
