package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.context.TermDefinition;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * JSON-LD to RDF without building the expanded document: walks the compacted document once, following the
 * JSON-LD 1.1 Expansion algorithm (as Titanium implements it) for the features credentials use, and emits
 * the quads that Titanium's expansion, node map generation and RDF conversion would produce. Context
 * processing goes through {@link FastContext}, so it is memoized.
 *
 * <p>Only the plain path is handled: node objects with {@code @id}, {@code @type} (type-scoped contexts),
 * properties (property-scoped and embedded contexts, {@code @set} and {@code @graph} containers), value
 * objects with {@code @value}/{@code @type}/{@code @language}, and scalars with type coercion. Anything else
 * (lists, {@code @graph} keyword, {@code @reverse}, {@code @nest}, {@code @included}, index/id/type/language
 * maps, {@code @json}, {@code @direction}, nested arrays) and anything that JSON-LD would drop or reject
 * (undefined terms, relative IRIs, malformed values, invalid language tags) throws {@link Unsupported}:
 * the caller then runs Titanium's full algorithms, which give the exact result or the exact error.
 * Blank node labels differ from Titanium's; the graph is the same. One instance per document.
 *
 * <p>This class walks node objects and properties and emits the quads; the terms they are made of
 * (literals from values, IRIs, blank nodes) come from {@link FastTerms}.
 */
final class FastToRdf extends FastTerms {

    /** The document needs the full algorithms. Cheap: no stack trace. */
    static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        /** The term or IRI concerned, when known. */
        final String subject;
        /** JSON Pointer to it, when diagnosing (else ""). */
        final String path;

        Unsupported(String why) {
            this(why, null, "");
        }

        Unsupported(String why, String subject, String path) {
            super(why, null, false, false);
            this.subject = subject;
            this.path = path;
        }
    }

    static final String RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

    /** A quad: subject, predicate, object, datatype, language, graph (object is a literal iff datatype != null). */
    record Quad(String s, String p, String o, String datatype, String language, String g) {
    }

    private final List<Quad> quads = new ArrayList<>(32);

    private FastToRdf(boolean diagnose) {
        super(diagnose);
    }

    /** The quads of {@code document}, whose top-level context is already processed into {@code root}. */
    static List<Quad> convert(FastContext root, JsonObject document) throws Unsupported {
        return run(new FastToRdf(false), root, document);
    }

    /**
     * Walks {@code document} tracking JSON Pointers and returns why it is not supported, with the term or IRI
     * and its path when the reason is an undefined term or an IRI that would be dropped; null if supported.
     */
    static Unsupported diagnose(FastContext root, JsonObject document) {
        try {
            run(new FastToRdf(true), root, document);
            return null;
        } catch (Unsupported u) {
            return u;
        }
    }

    private static List<Quad> run(FastToRdf w, FastContext root, JsonObject document) throws Unsupported {
        try {
            if (root.ac.getPreviousContext() != null) {
                throw new Unsupported("top-level context is not propagated");
            }
            w.node(root, document, null, null, true);
        } catch (JsonLdError e) {
            throw new Unsupported("context processing failed: " + e.getCode());
        } catch (RuntimeException | StackOverflowError e) {
            throw new Unsupported("unexpected: " + e);
        }
        return w.quads;
    }

    // ---------------------------------------------------------------------------------------- node objects

    /**
     * Expands a map (the value of {@code activeProperty} in {@code parent}, or the top-level document) and
     * emits its triples into {@code graph}. Returns the RDF term of the value: a node's IRI or blank node,
     * or a literal (then {@link #literalDatatype} and {@link #literalLanguage} describe it).
     *
     * @param parent    the active context the map is found in (it defines {@code activeProperty})
     * @param top       true for the top-level document (its @context is already applied)
     */
    private String node(FastContext parent, JsonObject element, String activeProperty,
                        String graph, boolean top) throws Unsupported, JsonLdError {
        FastContext ctx = parent;
        String[] keys = element.keySet().toArray(new String[0]);
        // Expansion step 3: the property-scoped context, looked up before reverting
        TermDefinition apDef = parent.term(activeProperty);
        JsonValue propertyContext = apDef == null ? null : apDef.getLocalContext();
        // step 7: a non-propagated (type-scoped) context does not apply to a new node object
        if (ctx.ac.getPreviousContext() != null) {
            boolean revert = true;
            for (String key : keys) {
                String e = ctx.vocab(key);
                if ("@value".equals(e) || ("@id".equals(e) && keys.length == 1)) {
                    revert = false;
                    break;
                }
            }
            if (revert) {
                ctx = ctx.previous();
            }
        }
        // step 8: property-scoped context
        if (propertyContext != null) {
            TermDefinition d = ctx.term(activeProperty);
            ctx = ctx.derive(FastContext.Kind.PROPERTY_OF_MAP, propertyContext, d == null ? null : d.getBaseUrl());
        }
        // step 9: embedded context (the top-level one is already in root)
        if (!top) {
            JsonValue local = element.get("@context");
            if (local != null) {
                ctx = ctx.derive(FastContext.Kind.EMBEDDED, local, null);
            }
        }
        // steps 10-11: type-scoped contexts, from the (single) key that expands to @type
        FastContext typeCtx = ctx;
        String typeKey = null;
        for (String key : keys) {
            if ("@context".equals(key)) {
                continue;
            }
            if ("@type".equals(ctx.vocab(key))) {
                if (typeKey != null) {
                    throw new Unsupported("two keys expand to @type");
                }
                typeKey = key;
            }
        }
        String[] types = null;
        if (typeKey != null) {
            types = strings(element.get(typeKey));
            String[] sorted = types.clone();
            Arrays.sort(sorted);
            for (String t : sorted) {
                TermDefinition td = typeCtx.term(t);
                if (td != null && td.getLocalContext() != null) {
                    TermDefinition cur = ctx.term(t);
                    ctx = ctx.derive(FastContext.Kind.TYPE, td.getLocalContext(), cur == null ? null : cur.getBaseUrl());
                }
            }
        }

        // step 13: classify the keys in the final context
        String idValue = null;
        String idKey = null;
        boolean value = false;
        boolean valueOnlyKeyword = false;
        List<String> properties = null;
        for (String key : keys) {
            if ("@context".equals(key)) {
                continue;
            }
            String e = ctx.vocab(key);
            if (e == null) {
                throw fail("undefined term " + key, key, key);
            }
            if (e.charAt(0) == '@') {
                switch (e) {
                    case "@id":
                        if (idValue != null || !(element.get(key) instanceof JsonString s)) {
                            throw new Unsupported("@id");
                        }
                        idValue = s.getString();
                        idKey = key;
                        break;
                    case "@type":
                        if (!key.equals(typeKey)) {
                            throw new Unsupported("@type alias from a scoped context");
                        }
                        break;
                    case "@value":
                        value = true;
                        break;
                    case "@language":
                    case "@index":
                        valueOnlyKeyword = true; // meaningful only in value objects
                        break;
                    default:
                        throw new Unsupported("keyword " + e);
                }
            } else {
                if (e.indexOf(':') < 0) {
                    throw fail("undefined term " + key, key, key);
                }
                if (properties == null) {
                    properties = new ArrayList<>(keys.length);
                }
                properties.add(key);
            }
        }
        if (value) {
            if (top || properties != null || idValue != null) {
                throw new Unsupported("value object");
            }
            return valueObject(ctx, typeCtx, element, typeKey);
        }
        if (valueOnlyKeyword) {
            throw new Unsupported("@language or @index on a node");
        }

        // the node's subject
        String subject;
        if (idValue != null) {
            String iri = ctx.idIri(idValue);
            if (iri == null) {
                throw new Unsupported("@id");
            }
            push(idKey);
            subject = resource(iri);
            pop();
        } else {
            subject = freshBlank();
        }
        if (types != null) {
            boolean many = element.get(typeKey).getValueType() == JsonValue.ValueType.ARRAY;
            push(typeKey);
            for (int i = 0; i < types.length; i++) {
                String iri = typeCtx.typeIri(types[i]);
                if (iri == null) {
                    throw new Unsupported("@type " + types[i]);
                }
                if (many) {
                    push(Integer.toString(i));
                }
                emit(subject, RDF_TYPE, resource(iri), null, null, graph);
                if (many) {
                    pop();
                }
            }
            pop();
        }
        if (properties != null) {
            for (String key : properties) {
                push(key);
                property(ctx, subject, key, element.get(key), graph);
                pop();
            }
        }
        literalDatatype = null;
        literalLanguage = null;
        return subject;
    }

    /** Expands one property of a node and emits its triples. */
    private void property(FastContext ctx, String subject, String key, JsonValue value, String graph)
            throws Unsupported, JsonLdError {
        String p = ctx.predicate(key);
        if (p == null) {
            String e = ctx.vocab(key);
            throw fail("property " + e, e, null);
        }
        TermDefinition def = ctx.term(key);
        boolean graphContainer = false;
        if (def != null) {
            if (def.isReverseProperty()) {
                throw new Unsupported("reverse property");
            }
            if ("@json".equals(def.getTypeMapping())) {
                throw new Unsupported("@json");
            }
            Collection<String> container = def.getContainerMapping();
            if (container != null && !container.isEmpty()) {
                for (String c : container) {
                    if ("@graph".equals(c)) {
                        graphContainer = true;
                    } else if (!"@set".equals(c)) {
                        throw new Unsupported("container " + c);
                    }
                }
            }
        }
        if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            int i = 0;
            for (JsonValue item : value.asJsonArray()) {
                if (item.getValueType() == JsonValue.ValueType.ARRAY) {
                    throw new Unsupported("nested array");
                }
                push(Integer.toString(i++));
                item(ctx, subject, p, key, item, graph, graphContainer);
                pop();
            }
        } else {
            item(ctx, subject, p, key, value, graph, graphContainer);
        }
    }

    private void item(FastContext ctx, String subject, String p, String key, JsonValue item, String graph,
                      boolean graphContainer) throws Unsupported, JsonLdError {
        switch (item.getValueType()) {
            case NULL:
                return;
            case OBJECT: {
                if (graphContainer) {
                    String g = freshBlank();
                    String o = node(ctx, item.asJsonObject(), key, g, false);
                    if (literalDatatype != null) {
                        throw new Unsupported("value in a graph container");
                    }
                    emit(subject, p, g, null, null, graph);
                    return;
                }
                String o = node(ctx, item.asJsonObject(), key, graph, false);
                emit(subject, p, o, literalDatatype, literalLanguage, graph);
                return;
            }
            default: {
                if (graphContainer) {
                    throw new Unsupported("scalar in a graph container");
                }
                String o = scalar(ctx, key, item);
                emit(subject, p, o, literalDatatype, literalLanguage, graph);
            }
        }
    }

    private static String[] strings(JsonValue v) throws Unsupported {
        if (v instanceof JsonString s) {
            return new String[] {s.getString()};
        }
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            String[] out = new String[v.asJsonArray().size()];
            int i = 0;
            for (JsonValue x : v.asJsonArray()) {
                if (!(x instanceof JsonString s)) {
                    throw new Unsupported("@type value");
                }
                out[i++] = s.getString();
            }
            return out;
        }
        throw new Unsupported("@type value");
    }

    private void emit(String s, String p, String o, String datatype, String language, String g) {
        quads.add(new Quad(s, p, o, datatype, language, g));
    }
}
