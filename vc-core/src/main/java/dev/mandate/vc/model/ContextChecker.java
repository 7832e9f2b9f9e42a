package dev.mandate.vc.model;

import dev.mandate.vc.json.JsonPointers;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a document's {@code @context} without a JSON-LD processor: the base context first, later
 * items URLs or objects, and inline context objects free of the JSON-LD errors that can be found
 * without fetching anything (invalid IRI mappings, redefinition of protected terms). It also tracks
 * which terms are defined, so that {@code type} values can be checked to map to URLs, but only when
 * every context is known here (the base contexts, the examples and undefined-terms contexts, and
 * inline objects); with any other remote context that question is left to the JSON-LD layer.
 */
final class ContextChecker {

    static final String EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2";
    static final String UNDEFINED_TERMS_V2 = "https://www.w3.org/ns/credentials/undefined-terms/v2";

    /** Marker for term definitions that are more than a plain IRI mapping. */
    private static final String COMPLEX = "\u0000complex";

    /** Top-level (protected) terms of https://www.w3.org/ns/credentials/v2 and their plain IRI mapping. */
    private static final Map<String, String> V2_TERMS = terms(
            "id", "@id",
            "type", "@type",
            "description", "https://schema.org/description",
            "digestMultibase", COMPLEX,
            "digestSRI", COMPLEX,
            "mediaType", "https://schema.org/encodingFormat",
            "name", "https://schema.org/name",
            "VerifiableCredential", COMPLEX,
            "EnvelopedVerifiableCredential", "https://www.w3.org/2018/credentials#EnvelopedVerifiableCredential",
            "VerifiablePresentation", COMPLEX,
            "EnvelopedVerifiablePresentation", "https://www.w3.org/2018/credentials#EnvelopedVerifiablePresentation",
            "JsonSchemaCredential", "https://www.w3.org/2018/credentials#JsonSchemaCredential",
            "JsonSchema", COMPLEX,
            "BitstringStatusListCredential", "https://www.w3.org/ns/credentials/status#BitstringStatusListCredential",
            "BitstringStatusList", COMPLEX,
            "BitstringStatusListEntry", COMPLEX,
            "DataIntegrityProof", COMPLEX,
            "...", "https://www.iana.org/assignments/jwt#...",
            "_sd", COMPLEX,
            "_sd_alg", "https://www.iana.org/assignments/jwt#_sd_alg",
            "aud", COMPLEX,
            "cnf", COMPLEX,
            "exp", COMPLEX,
            "iat", COMPLEX,
            "iss", COMPLEX,
            "jku", COMPLEX,
            "kid", COMPLEX,
            "nbf", COMPLEX,
            "sub", COMPLEX,
            "x5u", COMPLEX);

    /** Top-level (protected) terms of https://www.w3.org/2018/credentials/v1. */
    private static final Map<String, String> V1_TERMS = terms(
            "id", "@id",
            "type", "@type",
            "VerifiableCredential", COMPLEX,
            "VerifiablePresentation", COMPLEX,
            "EcdsaSecp256k1Signature2019", COMPLEX,
            "EcdsaSecp256r1Signature2019", COMPLEX,
            "Ed25519Signature2018", COMPLEX,
            "RsaSignature2018", COMPLEX,
            "proof", COMPLEX);

    private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]*");

    private record Def(String iri, boolean isProtected, String origin) {
        boolean sameMapping(Def other) {
            return iri != null && other.iri != null && !COMPLEX.equals(iri) && iri.equals(other.iri);
        }
    }

    /** The terms known after processing a {@code @context}. */
    static final class Terms {
        private final Map<String, Def> defs = new HashMap<>();
        private boolean complete = true;
        private boolean vocab;

        /**
         * True if {@code value} used as a type maps to a URL: an absolute or compact IRI, a defined term,
         * or anything when a {@code @vocab} is active. Also true whenever some context is unknown here.
         */
        boolean mapsToUrl(String value) {
            if (!complete || vocab || Urls.isUrl(value)) {
                return true;
            }
            Def d = defs.get(value);
            return d != null && d.iri != null;
        }

        boolean complete() {
            return complete;
        }
    }

    private ContextChecker() {}

    /**
     * Checks {@code context} (the value of {@code @context} at pointer {@code path}, possibly null when
     * absent) for a document of {@code version} and returns the terms it defines.
     */
    static Terms check(JsonValue context, String path, VcVersion version, Problems problems) {
        Terms terms = new Terms();
        String base = version == VcVersion.V1_1 ? VcVersion.V1_CONTEXT : VcVersion.V2_CONTEXT;
        String expectation = version == VcVersion.UNKNOWN
                ? "\"" + VcVersion.V2_CONTEXT + "\" (VC 2.0) or \"" + VcVersion.V1_CONTEXT + "\" (VC 1.1)"
                : "\"" + base + "\"";
        if (context == null) {
            problems.malformed(path, "@context is missing; its first item must be " + expectation);
            terms.complete = false;
            return terms;
        }
        List<JsonValue> items;
        boolean single;
        if (context instanceof JsonString) {
            items = List.of(context);
            single = true;
        } else if (JsonValues.isArray(context)) {
            items = context.asJsonArray();
            single = false;
        } else {
            problems.malformed(path, "@context must be a URL or an array starting with " + expectation
                    + "; found " + JsonValues.show(context));
            terms.complete = false;
            return terms;
        }
        if (items.isEmpty()) {
            problems.malformed(path, "@context is empty; its first item must be " + expectation);
            terms.complete = false;
            return terms;
        }
        JsonValue first = items.get(0);
        boolean firstOk = first instanceof JsonString && ((JsonString) first).getString().equals(base)
                && version != VcVersion.UNKNOWN;
        if (!firstOk) {
            problems.malformed(single ? path : JsonPointers.index(path, 0),
                    "the first @context item must be " + expectation + "; found " + JsonValues.show(first));
        }
        for (int i = 0; i < items.size(); i++) {
            String itemPath = single ? path : JsonPointers.index(path, i);
            JsonValue item = items.get(i);
            if (item instanceof JsonString) {
                remote(((JsonString) item).getString(), itemPath, i == 0 && !firstOk, terms, problems);
            } else if (JsonValues.isObject(item)) {
                inline(item.asJsonObject(), itemPath, terms, problems);
            } else {
                problems.malformed(itemPath, "@context items must be URLs or objects; found " + JsonValues.show(item));
                terms.complete = false;
            }
        }
        return terms;
    }

    private static void remote(String url, String path, boolean alreadyReported, Terms terms, Problems problems) {
        switch (url) {
            case VcVersion.V2_CONTEXT:
                load(V2_TERMS, url, terms);
                return;
            case VcVersion.V1_CONTEXT:
                load(V1_TERMS, url, terms);
                return;
            case EXAMPLES_V2:
            case UNDEFINED_TERMS_V2:
                terms.vocab = true;
                return;
            default:
                terms.complete = false;
                if (!alreadyReported && !Urls.isUrl(url)) {
                    problems.malformed(path, "@context item is not a URL: " + JsonValues.quote(url));
                }
        }
    }

    private static void load(Map<String, String> table, String origin, Terms terms) {
        for (Map.Entry<String, String> e : table.entrySet()) {
            terms.defs.put(e.getKey(), new Def(e.getValue(), true, origin));
        }
    }

    private static void inline(JsonObject ctx, String path, Terms terms, Problems problems) {
        boolean ctxProtected = false;
        JsonValue prot = ctx.get("@protected");
        if (prot != null) {
            if (prot == JsonValue.TRUE || prot == JsonValue.FALSE || prot.getValueType() == JsonValue.ValueType.TRUE
                    || prot.getValueType() == JsonValue.ValueType.FALSE) {
                ctxProtected = prot.getValueType() == JsonValue.ValueType.TRUE;
            } else {
                problems.malformed(JsonPointers.child(path, "@protected"),
                        "@protected must be true or false; found " + JsonValues.show(prot));
            }
        }
        JsonValue version = ctx.get("@version");
        if (version != null && !(version instanceof JsonNumber
                && ((JsonNumber) version).bigDecimalValue().compareTo(new BigDecimal("1.1")) == 0)) {
            problems.malformed(JsonPointers.child(path, "@version"), "@version must be 1.1; found " + JsonValues.show(version));
        }
        if (ctx.containsKey("@vocab")) {
            JsonValue vocab = ctx.get("@vocab");
            if (vocab.getValueType() == JsonValue.ValueType.NULL) {
                terms.vocab = false;
            } else if (vocab instanceof JsonString && iriChars(((JsonString) vocab).getString())) {
                terms.vocab = true;
            } else {
                problems.malformed(JsonPointers.child(path, "@vocab"),
                        "@vocab must be an IRI or null; found " + JsonValues.show(vocab));
            }
        }
        for (Map.Entry<String, JsonValue> e : ctx.entrySet()) {
            String term = e.getKey();
            if (term.startsWith("@")) {
                continue;
            }
            String termPath = JsonPointers.child(path, term);
            JsonValue v = e.getValue();
            String iri;
            Boolean termProtected = null;
            if (v.getValueType() == JsonValue.ValueType.NULL) {
                iri = null;
            } else if (v instanceof JsonString) {
                iri = ((JsonString) v).getString();
                if (!iri.startsWith("@") && !validMapping(iri, ctx, terms)) {
                    problems.malformed(termPath, "@context term " + JsonValues.quote(term) + " maps to "
                            + JsonValues.quote(iri) + ", which is not an IRI");
                    continue;
                }
            } else if (JsonValues.isObject(v)) {
                JsonObject def = v.asJsonObject();
                JsonValue id = def.get("@id");
                if (id instanceof JsonString) {
                    String s = ((JsonString) id).getString();
                    if (!s.startsWith("@") && !validMapping(s, ctx, terms)) {
                        problems.malformed(JsonPointers.child(termPath, "@id"), "@context term " + JsonValues.quote(term)
                                + " maps to " + JsonValues.quote(s) + ", which is not an IRI");
                        continue;
                    }
                } else if (id != null && id.getValueType() != JsonValue.ValueType.NULL) {
                    problems.malformed(JsonPointers.child(termPath, "@id"), "@id of @context term " + JsonValues.quote(term)
                            + " must be a string; found " + JsonValues.show(id));
                    continue;
                }
                JsonValue tp = def.get("@protected");
                if (tp != null) {
                    if (tp.getValueType() == JsonValue.ValueType.TRUE || tp.getValueType() == JsonValue.ValueType.FALSE) {
                        termProtected = tp.getValueType() == JsonValue.ValueType.TRUE;
                    } else {
                        problems.malformed(JsonPointers.child(termPath, "@protected"),
                                "@protected must be true or false; found " + JsonValues.show(tp));
                    }
                }
                boolean plain = id instanceof JsonString && def.keySet().stream().allMatch(k -> k.equals("@id") || k.equals("@protected"));
                iri = plain ? ((JsonString) id).getString() : COMPLEX;
            } else {
                problems.malformed(termPath, "@context term " + JsonValues.quote(term)
                        + " must map to a string, an object or null; found " + JsonValues.show(v));
                continue;
            }
            Def fresh = new Def(iri, termProtected != null ? termProtected : ctxProtected, "@context item " + path);
            Def old = terms.defs.get(term);
            if (old != null && old.isProtected && !old.sameMapping(fresh)) {
                problems.malformed(termPath, "@context redefines the protected term " + JsonValues.quote(term)
                        + " (defined by " + old.origin + ")");
                continue;
            }
            terms.defs.put(term, fresh);
        }
    }

    /** JSON-LD IRI mapping check that needs no remote context: absolute or compact IRI, blank node, or a known term. */
    private static boolean validMapping(String iri, JsonObject sameContext, Terms terms) {
        if (!iriChars(iri) || iri.isEmpty()) {
            return false;
        }
        int colon = iri.indexOf(':');
        if (colon > 0) {
            String prefix = iri.substring(0, colon);
            return prefix.equals("_") || SCHEME.matcher(prefix).matches();
        }
        if (colon == 0) {
            return false;
        }
        return !terms.complete || terms.vocab || terms.defs.containsKey(iri) || sameContext.containsKey(iri);
    }

    private static boolean iriChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || "<>\"{}|\\^`".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> terms(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return Map.copyOf(m);
    }
}
