package dev.mandate.vc.canon;

import com.apicatalog.rdf.api.RdfQuadConsumer;

/**
 * Receives quads (from JSON-LD to RDF conversion, or from the N-Quads reader) and adds them, serialized, to
 * an {@link Rdfc10}. Both sources deliver only valid RDF, so IRIs are taken as they are: the N-Quads reader
 * validates its input, and {@link dev.mandate.vc.jsonld.Expander#toRdf} leaves out what JSON-LD to RDF drops
 * (a blank node predicate, an IRI that is not absolute by {@link dev.mandate.vc.jsonld.Iris#isAbsolute}) on
 * both of its paths. Checking every term again here cost a fifth of the canonicalization of a credential. A
 * quad naming the empty blank node label {@code _:} is dropped.
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
        boolean literal = RdfQuadConsumer.isLiteral(datatype, language, direction);
        if (subject.startsWith("_:") || (!literal && object.startsWith("_:")) || (graph != null && graph.startsWith("_:"))) {
            return withBlankNodes(subject, predicate, object, literal ? literal(object, datatype, language, direction) : null, graph);
        }
        canon.addGround(NQuads.groundLine(subject, predicate, object,
                literal ? literal(object, datatype, language, direction) : null, graph));
        return this;
    }

    private static String literal(String object, String datatype, String language, String direction) {
        return direction != null
                ? NQuads.literal(object, I18N + (language == null ? "" : language) + "_" + direction, null)
                : NQuads.literal(object, datatype, language);
    }

    private RdfQuadConsumer withBlankNodes(String subject, String predicate, String object, String literalObject,
                                           String graph) {
        String s = resource(subject);
        String g = graph == null ? null : resource(graph);
        String o = literalObject != null ? literalObject : resource(object);
        if (s == null || o == null || (graph != null && g == null)) {
            return this;
        }
        canon.add(s, NQuads.iri(predicate), o, g);
        return this;
    }

    private static String resource(String term) {
        if (term.startsWith("_:")) {
            return term.length() > 2 ? term : null;
        }
        return NQuads.iri(term);
    }
}
