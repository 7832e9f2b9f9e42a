package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.context.TermDefinition;
import com.apicatalog.jsonld.lang.DirectionType;
import com.apicatalog.jsonld.lang.LanguageTag;
import dev.mandate.vc.jsonld.FastToRdf.Unsupported;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RDF terms {@link FastToRdf} emits, and the per-document state they need: value expansion and the
 * object-to-RDF conversion of values into literals (which report their datatype and language through
 * {@link #literalDatatype} and {@link #literalLanguage}, so no object is allocated per value), IRIs and
 * blank node labels, and the JSON Pointer path kept when diagnosing. The node and property walk is in the
 * one subclass; a superclass rather than a helper object keeps these calls and fields as direct as before.
 */
abstract sealed class FastTerms permits FastToRdf {

    static final String RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";
    static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    static final String XSD_STRING = XSD + "string";
    static final String XSD_BOOLEAN = XSD + "boolean";
    static final String XSD_INTEGER = XSD + "integer";
    static final String XSD_DOUBLE = XSD + "double";
    static final String XSD_FLOAT = XSD + "float";
    private static final BigDecimal TEN_POW_21 = BigDecimal.ONE.movePointRight(21);

    /** Titanium's canonical xsd:double format (DecimalFormat is not thread-safe: one per thread). */
    private static final ThreadLocal<DecimalFormat> XSD_DOUBLE_FORMAT = ThreadLocal.withInitial(() -> {
        DecimalFormat f = new DecimalFormat("0.0##############E0", new DecimalFormatSymbols(Locale.ENGLISH));
        f.setMinimumFractionDigits(1);
        return f;
    });

    /** When diagnosing: the JSON Pointer segments of the value being processed. */
    private final List<String> path;
    private final Map<String, String> blankLabels = new HashMap<>();
    private int blankCounter;

    /** Set by the value functions: the datatype of the literal just returned, or null for a resource. */
    String literalDatatype;
    /** Set with {@link #literalDatatype}: the language tag of the literal just returned, or null. */
    String literalLanguage;

    FastTerms(boolean diagnose) {
        this.path = diagnose ? new ArrayList<>() : null;
    }

    // ---------------------------------------------------------------------------------------- values

    /** ScalarExpansion then Value Expansion, then RDF conversion of the value. */
    final String scalar(FastContext ctx, String key, JsonValue item) throws Unsupported, JsonLdError {
        TermDefinition def = ctx.term(key);
        FastContext vctx = ctx;
        if (def != null && def.getLocalContext() != null) {
            vctx = ctx.derive(FastContext.Kind.PROPERTY_OF_SCALAR, def.getLocalContext(), def.getBaseUrl());
            def = vctx.term(key);
        }
        String typeMapping = def == null ? null : def.getTypeMapping();
        if (item.getValueType() == JsonValue.ValueType.STRING) {
            String s = ((JsonString) item).getString();
            boolean id = "@id".equals(typeMapping);
            if (id || "@vocab".equals(typeMapping)) { // an IRI: @id expands against the base, @vocab against the vocabulary
                String iri = id ? vctx.idIri(s) : vctx.typeIri(s);
                if (iri == null) {
                    throw new Unsupported(typeMapping + " value");
                }
                literalDatatype = null;
                literalLanguage = null;
                return resource(iri);
            }
        }
        String datatype = null;
        String language = null;
        if (typeMapping != null && !"@id".equals(typeMapping) && !"@vocab".equals(typeMapping) && !"@none".equals(typeMapping)) {
            datatype = typeMapping;
        } else if (item.getValueType() == JsonValue.ValueType.STRING) {
            JsonValue lang = def == null ? null : def.getLanguageMapping();
            if (lang == null) {
                String dl = vctx.ac.getDefaultLanguage();
                lang = dl == null ? null : ContextCache.JSON.createValue(dl);
            }
            DirectionType dir = def == null ? null : def.getDirectionMapping();
            if (dir == null) {
                dir = vctx.ac.getDefaultBaseDirection();
            }
            if (dir != null && dir != DirectionType.NULL) {
                throw new Unsupported("@direction");
            }
            if (lang != null && lang.getValueType() != JsonValue.ValueType.NULL) {
                if (!(lang instanceof JsonString ls)) {
                    throw new Unsupported("language mapping");
                }
                language = ls.getString();
            }
        }
        return literal(item, datatype, language);
    }

    /** A value object: {@code @value} with {@code @type} or {@code @language} (and {@code @index}). */
    final String valueObject(FastContext ctx, FastContext typeCtx, JsonObject element, String typeKey)
            throws Unsupported, JsonLdError {
        JsonValue v = null;
        String datatype = null;
        String language = null;
        for (Map.Entry<String, JsonValue> en : element.entrySet()) {
            if ("@context".equals(en.getKey())) {
                continue;
            }
            String e = ctx.vocab(en.getKey());
            switch (e) {
                case "@value":
                    v = en.getValue();
                    break;
                case "@type":
                    if (!(en.getValue() instanceof JsonString t)) {
                        throw new Unsupported("value @type");
                    }
                    datatype = typeCtx.typeIri(t.getString());
                    if (datatype == null || !Iris.isAbsolute(datatype)) {
                        throw new Unsupported("value @type " + t.getString());
                    }
                    break;
                case "@language":
                    if (!(en.getValue() instanceof JsonString l)) {
                        throw new Unsupported("@language");
                    }
                    language = l.getString().toLowerCase();
                    break;
                case "@index":
                    if (!(en.getValue() instanceof JsonString)) {
                        throw new Unsupported("@index");
                    }
                    break;
                default:
                    throw new Unsupported("value object key " + e);
            }
        }
        if (v == null || datatype != null && language != null) {
            throw new Unsupported("value object");
        }
        switch (v.getValueType()) {
            case STRING:
                break;
            case NUMBER:
            case TRUE:
            case FALSE:
                if (language != null) {
                    throw new Unsupported("language on a non-string");
                }
                break;
            default:
                throw new Unsupported("@value " + v.getValueType());
        }
        return literal(v, datatype, language);
    }

    /** Object to RDF conversion of a value (JSON-LD 1.1 section 8.6, as Titanium does it). */
    private String literal(JsonValue v, String datatype, String language) throws Unsupported {
        if (datatype != null && !Iris.isAbsolute(datatype)) {
            throw fail("datatype " + datatype, datatype, null);
        }
        if (language != null && !LanguageTag.isWellFormed(language)) {
            throw new Unsupported("language tag " + language);
        }
        String lexical;
        switch (v.getValueType()) {
            case TRUE:
                lexical = "true";
                datatype = datatype == null ? XSD_BOOLEAN : datatype;
                break;
            case FALSE:
                lexical = "false";
                datatype = datatype == null ? XSD_BOOLEAN : datatype;
                break;
            case NUMBER: {
                JsonNumber n = (JsonNumber) v;
                if ((!n.isIntegral() && n.doubleValue() % -1 != 0)
                        || XSD_DOUBLE.equals(datatype) || XSD_FLOAT.equals(datatype)
                        || n.bigDecimalValue().compareTo(TEN_POW_21) >= 0) {
                    lexical = XSD_DOUBLE_FORMAT.get().format(n.bigDecimalValue());
                    datatype = datatype == null ? XSD_DOUBLE : datatype;
                } else {
                    lexical = n.bigIntegerValue().toString();
                    datatype = datatype == null ? XSD_INTEGER : datatype;
                }
                break;
            }
            case STRING:
                lexical = ((JsonString) v).getString();
                if (datatype == null) {
                    datatype = language != null ? RDF_LANG_STRING : XSD_STRING;
                }
                break;
            default:
                throw new Unsupported("value " + v.getValueType());
        }
        literalDatatype = datatype;
        literalLanguage = language;
        return lexical;
    }

    // ---------------------------------------------------------------------------------------- terms

    /** An IRI or blank node term from an expanded IRI; anything JSON-LD would drop is unsupported. */
    final String resource(String iri) throws Unsupported {
        if (iri.startsWith("_:")) {
            if (iri.length() == 2) {
                throw new Unsupported("empty blank node label");
            }
            return blankLabels.computeIfAbsent(iri, k -> "_:i" + blankLabels.size());
        }
        if (!Iris.isAbsolute(iri)) {
            throw fail("relative IRI " + iri, iri, null);
        }
        return iri;
    }

    final void push(String segment) {
        if (path != null) {
            path.add(segment);
        }
    }

    final void pop() {
        if (path != null) {
            path.remove(path.size() - 1);
        }
    }

    /** An Unsupported naming {@code subject} at the current path (plus {@code last}) when diagnosing. */
    final Unsupported fail(String why, String subject, String last) {
        if (path == null) {
            return new Unsupported(why);
        }
        StringBuilder b = new StringBuilder();
        for (String s : path) {
            b.append('/').append(s.replace("~", "~0").replace("/", "~1"));
        }
        if (last != null) {
            b.append('/').append(last.replace("~", "~0").replace("/", "~1"));
        }
        return new Unsupported(why, subject, b.toString());
    }

    final String freshBlank() {
        return "_:g" + blankCounter++;
    }
}
