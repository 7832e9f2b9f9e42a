package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.processor.ToRdfProcessor;
import com.apicatalog.rdf.api.RdfConsumerException;
import com.apicatalog.rdf.api.RdfQuadConsumer;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * JSON-LD 1.1 expansion ({@link #expand}) and conversion to RDF ({@link #toRdf}), offline (only the contexts
 * of a {@link ContextRegistry}), with a null base IRI and an optional <em>safe mode</em> as VC Data Integrity
 * requires.
 *
 * <p>Safe mode rejects, with {@link ErrorType#DATA_LOSS_DETECTION_ERROR}, any input that JSON-LD processing
 * would silently drop, so that a signature could not cover it: a property that no context defines (an
 * undefined term), and an {@code @id}, {@code @type}, property or datatype that stays a relative IRI (or
 * contains whitespace, or a blank node used as a property) and so would be dropped by conversion to RDF. The
 * message names the term or value and the exception's {@link JsonLdException#path() path} points to it in the
 * input when it can be found.
 *
 * <p>Thread-safe; processed contexts are cached per registry (see {@link ContextRegistry}).
 */
public final class Expander {

    /** Deepest JSON nesting accepted (objects and arrays), checked before any processing. */
    public static final int MAX_DEPTH = 64;

    static {
        TitaniumLogging.install();
    }

    private Expander() {
    }

    /**
     * Expands with the bundled contexts, in safe mode.
     *
     * @param document the JSON-LD document
     * @return the expanded document (JSON-LD 1.1 expansion)
     * @throws JsonLdException as {@link #expand(JsonObject, ContextRegistry, boolean)}
     */
    public static JsonArray expand(JsonObject document) throws JsonLdException {
        return expand(document, ContextRegistry.bundled(), true);
    }

    /**
     * Expands {@code document}.
     *
     * @param document  the JSON-LD document (not modified)
     * @param contexts  the only contexts that may be loaded
     * @param safeMode  reject undefined terms and relative IRIs instead of dropping them
     * @return the expanded document (an array of node objects)
     * @throws JsonLdException UNKNOWN_CONTEXT_ERROR, DATA_LOSS_DETECTION_ERROR (safe mode),
     *                         LIMIT_EXCEEDED_ERROR (deeper than {@link #MAX_DEPTH}) or PARSING_ERROR
     */
    public static JsonArray expand(JsonObject document, ContextRegistry contexts, boolean safeMode)
            throws JsonLdException {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(contexts, "contexts");
        checkDepth(document);
        JsonArray expanded;
        try {
            expanded = contexts.cache().expand(document, safeMode);
        } catch (JsonLdError e) {
            throw translate(e, document, contexts);
        } catch (RuntimeException e) {
            throw new JsonLdException(ErrorType.PARSING_ERROR, "JSON-LD expansion failed: " + oneLine(String.valueOf(e)), e);
        }
        if (safeMode) {
            checkNoDataLoss(expanded, document, contexts);
        }
        return expanded;
    }

    /**
     * Converts a JSON-LD document to RDF (JSON-LD 1.1 Deserialize JSON-LD to RDF: expansion with a null base
     * IRI, no generalized RDF, RDF direction {@code i18n-datatype}) and passes each quad to {@code consumer}:
     * subject, predicate, object, then for a literal its datatype and language (null for an IRI or blank node
     * object; with {@code i18n-datatype} a direction arrives as the datatype {@code https://www.w3.org/ns/i18n#}
     * with the language and direction passed separately), and the graph name (null for the default graph).
     * Blank nodes are {@code _:} labels, unique within this call. Only valid RDF is passed on: quads that
     * JSON-LD to RDF drops (blank node predicates, IRIs that are not absolute by {@link Iris#isAbsolute}) are
     * left out, which in safe mode cannot happen (they are errors).
     *
     * <p>Documents made of the usual credential features (node objects, type- and property-scoped contexts,
     * {@code @set} and {@code @graph} containers, value objects) are converted in one pass with every context
     * processed once per registry and cached; anything else goes through Titanium's full algorithms. Both
     * give the same graph. Quads are delivered only once the whole document has been converted.
     *
     * @param document the JSON-LD document
     * @param contexts the only contexts that may be loaded
     * @param safeMode true to refuse what JSON-LD would silently drop ({@code DATA_LOSS_DETECTION_ERROR})
     * @param consumer receives every quad; nothing when conversion fails
     * @throws JsonLdException as {@link #expand(JsonObject, ContextRegistry, boolean)}
     */
    public static void toRdf(JsonObject document, ContextRegistry contexts, boolean safeMode, RdfQuadConsumer consumer)
            throws JsonLdException {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(contexts, "contexts");
        Objects.requireNonNull(consumer, "consumer");
        checkDepth(document);
        List<FastToRdf.Quad> quads = null;
        try {
            FastContext root = contexts.cache().root(document, safeMode);
            if (root != null) {
                quads = FastToRdf.convert(root, document);
            }
        } catch (FastToRdf.Unsupported | JsonLdError | RuntimeException e) {
            quads = null; // the full algorithms below give the result, or the precise error
        }
        try {
            if (quads != null) {
                for (FastToRdf.Quad q : quads) {
                    consumer.quad(q.s(), q.p(), q.o(), q.datatype(), q.language(), null, q.g());
                }
                return;
            }
            JsonArray expanded = expand(document, contexts, safeMode);
            // Titanium formats xsd:double values with a shared, non-thread-safe DecimalFormat
            synchronized (TO_RDF_LOCK) {
                ToRdfProcessor.toRdf(validRdf(consumer), expanded, contexts.cache().options(safeMode));
            }
        } catch (JsonLdError e) {
            throw translate(e, document, contexts);
        } catch (RdfConsumerException e) {
            throw new JsonLdException(ErrorType.PARSING_ERROR, "RDF consumer failed: " + oneLine(String.valueOf(e.getMessage())), e);
        } catch (RuntimeException e) {
            throw new JsonLdException(ErrorType.PARSING_ERROR, "JSON-LD to RDF failed: " + oneLine(String.valueOf(e)), e);
        }
    }

    private static final Object TO_RDF_LOCK = new Object();

    /**
     * Passes on only valid RDF, dropping what JSON-LD to RDF must drop (Titanium keeps some of it): blank node
     * predicates and IRIs that are not absolute by {@link Iris#isAbsolute}.
     */
    private static RdfQuadConsumer validRdf(RdfQuadConsumer next) {
        return (s, p, o, dt, lang, dir, g) -> {
            boolean literal = RdfQuadConsumer.isLiteral(dt, lang, dir);
            if (Iris.isAbsolute(p) && Iris.isNodeId(s) && (g == null || Iris.isNodeId(g))
                    && (literal ? dt == null || dir != null || Iris.isAbsolute(dt) : Iris.isNodeId(o))) {
                next.quad(s, p, o, dt, lang, dir, g);
            }
            return next;
        };
    }

    /**
     * The Titanium options this module uses for a registry and mode (offline loader, null base, JSON-LD 1.1,
     * RDF direction {@code i18n-datatype}, no generalized RDF). A fresh copy the caller may change.
     *
     * @param contexts the contexts the options' document loader serves
     * @param safeMode the JSON-LD safe mode flag
     * @return new options
     */
    public static JsonLdOptions titaniumOptions(ContextRegistry contexts, boolean safeMode) {
        return new JsonLdOptions(contexts.cache().options(safeMode));
    }

    // ---------------------------------------------------------------- errors

    /** Turns a Titanium error into a typed exception naming the context URL or term. */
    static JsonLdException translate(JsonLdError e, JsonObject document, ContextRegistry contexts) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OfflineDocumentLoader.UnknownContext u) {
                return new JsonLdException(ErrorType.UNKNOWN_CONTEXT_ERROR, u.getMessage(), pathOfContext(document, u.url));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (e.getCode() == JsonLdErrorCode.UNDEFINED_TERM) {
            String term = bracketed(e.getMessage());
            return new JsonLdException(ErrorType.DATA_LOSS_DETECTION_ERROR,
                    "undefined term '" + term + "' would be dropped by JSON-LD expansion (safe mode);"
                            + " define it in a context",
                    term == null ? "" : locate(document, contexts, term, true));
        }
        StringBuilder m = new StringBuilder("JSON-LD processing failed: ").append(e.getCode());
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String msg = t instanceof JsonLdError j ? j.getMessage() : String.valueOf(t);
            if (msg != null && !msg.isBlank() && m.indexOf(msg) < 0) {
                m.append(": ").append(msg);
            }
        }
        return new JsonLdException(ErrorType.PARSING_ERROR, oneLine(m.toString()), e);
    }

    /**
     * The JSON Pointer of an undefined term or a dropped IRI: found by walking the document as expansion does
     * (so in the right scope), else the first key or string equal to it.
     */
    private static String locate(JsonObject document, ContextRegistry contexts, String subject, boolean key) {
        try {
            FastContext root = contexts.cache().root(document, true);
            if (root != null) {
                FastToRdf.Unsupported u = FastToRdf.diagnose(root, document);
                if (u != null && subject.equals(u.subject) && !u.path.isEmpty()) {
                    return u.path;
                }
            }
        } catch (JsonLdError | RuntimeException e) {
            // fall through to the plain search
        }
        if (key) {
            return Pointers.findKey(document, subject);
        }
        String p = Pointers.findString(document, subject, false);
        return p.isEmpty() ? Pointers.findKey(document, subject) : p;
    }

    private static String pathOfContext(JsonObject document, String url) {
        String p = Pointers.findString(document, url, true);
        return p;
    }

    private static String bracketed(String message) {
        if (message == null) {
            return null;
        }
        int a = message.indexOf('[');
        int b = message.indexOf(']', a + 1);
        return a >= 0 && b > a ? message.substring(a + 1, b) : null;
    }

    static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ").trim();
        return t.length() > 300 ? t.substring(0, 297) + "..." : t;
    }

    // ---------------------------------------------------------------- limits

    private static void checkDepth(JsonValue root) throws JsonLdException {
        if (depthExceeds(root, 1)) {
            throw new JsonLdException(ErrorType.LIMIT_EXCEEDED_ERROR,
                    "JSON-LD document is nested deeper than " + MAX_DEPTH + " levels", "");
        }
    }

    private static boolean depthExceeds(JsonValue v, int depth) {
        switch (v.getValueType()) {
            case OBJECT:
                if (depth > MAX_DEPTH) {
                    return true;
                }
                for (JsonValue c : v.asJsonObject().values()) {
                    if (depthExceeds(c, depth + 1)) {
                        return true;
                    }
                }
                return false;
            case ARRAY:
                if (depth > MAX_DEPTH) {
                    return true;
                }
                for (JsonValue c : v.asJsonArray()) {
                    if (depthExceeds(c, depth + 1)) {
                        return true;
                    }
                }
                return false;
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------- safe mode

    private static void checkNoDataLoss(JsonArray expanded, JsonObject input, ContextRegistry contexts)
            throws JsonLdException {
        try {
            for (JsonValue v : expanded) {
                checkElement(v, input);
            }
        } catch (Dropped d) {
            String why = d.value.startsWith("_:") ? "is a blank node" : "is not an absolute IRI";
            throw new JsonLdException(ErrorType.DATA_LOSS_DETECTION_ERROR,
                    d.what + " '" + oneLine(d.value) + "' " + why + " and would be dropped when converting to RDF (safe mode)",
                    locate(input, contexts, d.value, false));
        }
    }

    /** Something safe mode must refuse, found in the expanded document. */
    private static final class Dropped extends Exception {
        private static final long serialVersionUID = 1L;
        final String what;
        final String value;

        Dropped(String what, String value) {
            super(what, null, false, false);
            this.what = what;
            this.value = value;
        }
    }

    private static void checkElement(JsonValue v, JsonObject input) throws Dropped {
        switch (v.getValueType()) {
            case ARRAY:
                for (JsonValue c : v.asJsonArray()) {
                    checkElement(c, input);
                }
                return;
            case OBJECT:
                break;
            default:
                return;
        }
        JsonObject o = v.asJsonObject();
        if (o.containsKey("@value")) {
            JsonValue t = o.get("@type");
            if (t instanceof JsonString s && !"@json".equals(s.getString()) && !Iris.isAbsolute(s.getString())) {
                throw dropped("datatype IRI", s.getString(), input);
            }
            return;
        }
        if (o.containsKey("@list")) {
            checkElement(o.get("@list"), input);
            return;
        }
        if (o.containsKey("@set")) {
            checkElement(o.get("@set"), input);
            return;
        }
        for (Map.Entry<String, JsonValue> e : o.entrySet()) {
            String key = e.getKey();
            JsonValue value = e.getValue();
            switch (key) {
                case "@id":
                    if (value instanceof JsonString s && !Iris.isNodeId(s.getString())) {
                        throw dropped("@id", s.getString(), input);
                    }
                    break;
                case "@type":
                    for (JsonValue t : value.getValueType() == JsonValue.ValueType.ARRAY ? value.asJsonArray() : java.util.List.of(value)) {
                        if (t instanceof JsonString s && !Iris.isNodeId(s.getString())) {
                            throw dropped("@type", s.getString(), input);
                        }
                    }
                    break;
                case "@graph":
                case "@included":
                    checkElement(value, input);
                    break;
                case "@reverse":
                    if (value.getValueType() == JsonValue.ValueType.OBJECT) {
                        for (Map.Entry<String, JsonValue> r : value.asJsonObject().entrySet()) {
                            checkProperty(r.getKey(), input);
                            checkElement(r.getValue(), input);
                        }
                    }
                    break;
                default:
                    if (!key.startsWith("@")) {
                        checkProperty(key, input);
                        checkElement(value, input);
                    }
            }
        }
    }

    private static void checkProperty(String iri, JsonObject input) throws Dropped {
        if (!Iris.isAbsolute(iri)) {
            throw dropped("property", iri, input);
        }
    }

    private static Dropped dropped(String what, String value, JsonObject input) {
        return new Dropped(what, value);
    }
}
