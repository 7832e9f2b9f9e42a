package dev.mandate.vc.model;

import dev.mandate.vc.json.JsonPointers;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The property-level rules of the VC Data Model that {@link DataModelValidator} applies wherever a property occurs:
 * {@code type} and {@code id} shapes, names and descriptions (language value objects), date-times, the objects that
 * must have a type ({@code credentialStatus}, {@code credentialSchema}, ...), related resources and their digests, and
 * embedded proofs' types. Each adds what is wrong to the validator's {@link Problems}.
 */
final class PropertyChecks {
    /** Whether an object's {@code id} must be present. */
    enum IdRule { OPTIONAL, REQUIRED }

    private final Problems problems;

    PropertyChecks(Problems problems) {
        this.problems = problems;
    }

    void requiredType(JsonObject o, String path, ContextChecker.Terms terms, String required, String label) {
        if (!o.containsKey("type")) {
            problems.malformed(at(path, "type"), label + " has no type; it must include \"" + required + "\"");
            return;
        }
        if (typeShape(o, path, terms, label, true) && !JsonValues.strings(o.get("type")).contains(required)) {
            problems.malformed(at(path, "type"), label + " type must include \"" + required + "\"; found "
                    + JsonValues.strings(o.get("type")));
        }
    }

    /**
     * Checks that {@code o.type} is a non-empty string or non-empty array of non-empty strings and, if
     * {@code checkTerms}, that each is an absolute URL or a term the contexts define. Returns true if
     * the shape is right (whether or not every value maps to a URL).
     */
    boolean typeShape(JsonObject o, String path, ContextChecker.Terms terms, String label, boolean checkTerms) {
        JsonValue type = o.get("type");
        String typePath = at(path, "type");
        if (type instanceof JsonString) {
            return typeValue(((JsonString) type).getString(), typePath, terms, checkTerms, label);
        }
        if (JsonValues.isArray(type)) {
            JsonArray arr = type.asJsonArray();
            if (arr.isEmpty()) {
                problems.malformed(typePath, label + " type is an empty array");
                return false;
            }
            boolean ok = true;
            for (int i = 0; i < arr.size(); i++) {
                JsonValue t = arr.get(i);
                if (t instanceof JsonString) {
                    ok &= typeValue(((JsonString) t).getString(), JsonPointers.index(typePath, i), terms, checkTerms, label);
                } else {
                    problems.malformed(JsonPointers.index(typePath, i), label + " type entries must be strings; found "
                            + JsonValues.show(t));
                    ok = false;
                }
            }
            return ok;
        }
        problems.malformed(typePath, label + " type must be a string or an array of strings; found " + JsonValues.show(type));
        return false;
    }

    private boolean typeValue(String value, String path, ContextChecker.Terms terms, boolean checkTerms, String label) {
        if (value.isEmpty()) {
            problems.malformed(path, label + " type is an empty string");
            return false;
        }
        if (checkTerms && !terms.mapsToUrl(value)) {
            problems.malformed(path, label + " type " + JsonValues.quote(value)
                    + " is neither a URL nor a term defined by the @context");
        }
        return true;
    }

    /** VC 2.0 section 4.4: if present, id MUST be a single URL. */
    void identifier(JsonObject o, String path, IdRule rule, String label) {
        JsonValue id = o.get("id");
        String idPath = at(path, "id");
        if (id == null) {
            if (rule == IdRule.REQUIRED) {
                problems.malformed(idPath, label + " has no id; it must be a URL");
            }
            return;
        }
        if (id instanceof JsonString) {
            String s = ((JsonString) id).getString();
            if (!Urls.isUrl(s)) {
                problems.malformed(idPath, label + " id is not a URL: " + JsonValues.quote(s));
            }
        } else if (JsonValues.isArray(id)) {
            problems.malformed(idPath, label + " id must be a single URL; found an array of " + id.asJsonArray().size());
        } else {
            problems.malformed(idPath, label + " id must be a URL; found " + JsonValues.show(id));
        }
    }

    /** Date-time properties: dateTimeStamp (VC 2.0) or dateTime (VC 1.1). */
    Optional<Instant> dateTime(JsonObject o, String path, String key, boolean stamp) {
        JsonValue v = o.get(key);
        if (v == null) {
            return Optional.empty();
        }
        String p = at(path, key);
        if (!(v instanceof JsonString)) {
            problems.malformed(p, key + " must be a date-time string; found " + JsonValues.show(v));
            return Optional.empty();
        }
        String s = ((JsonString) v).getString();
        Optional<Instant> t = stamp ? DateTimeStamp.parse(s) : DateTimeStamp.parseDateTime(s);
        if (t.isEmpty()) {
            problems.malformed(p, key + (stamp
                    ? " is not an XML Schema dateTimeStamp such as \"2025-01-31T12:00:00Z\" (time zone required): "
                    : " is not an XML Schema dateTime such as \"2025-01-31T12:00:00Z\": ") + JsonValues.quote(s));
        }
        return t;
    }

    /** VC 2.0 sections 4.6 and 11.1: a string or a language value object (or several). */
    void names(JsonObject o, String path) {
        for (String key : new String[] {"name", "description"}) {
            JsonValue v = o.get(key);
            if (v == null) {
                continue;
            }
            String p = at(path, key);
            if (JsonValues.isArray(v)) {
                JsonArray arr = v.asJsonArray();
                for (int i = 0; i < arr.size(); i++) {
                    languageValue(arr.get(i), JsonPointers.index(p, i), key);
                }
            } else {
                languageValue(v, p, key);
            }
        }
    }

    private void languageValue(JsonValue v, String p, String key) {
        if (v instanceof JsonString) {
            return;
        }
        if (!JsonValues.isObject(v)) {
            problems.malformed(p, key + " must be a string or a language value object; found " + JsonValues.show(v));
            return;
        }
        JsonObject o = v.asJsonObject();
        JsonValue value = o.get("@value");
        if (value == null) {
            problems.malformed(at(p, "@value"), key + " language value object has no @value");
        } else if (!(value instanceof JsonString)) {
            problems.malformed(at(p, "@value"), key + " @value must be a string; found " + JsonValues.show(value));
        }
        JsonValue lang = o.get("@language");
        if (lang != null && !(lang instanceof JsonString)) {
            problems.malformed(at(p, "@language"), key + " @language must be a string; found " + JsonValues.show(lang));
        }
        JsonValue dir = o.get("@direction");
        if (dir != null && !(dir instanceof JsonString
                && ("ltr".equals(((JsonString) dir).getString()) || "rtl".equals(((JsonString) dir).getString())))) {
            problems.malformed(at(p, "@direction"), key + " @direction must be \"ltr\" or \"rtl\"; found " + JsonValues.show(dir));
        }
        for (String k : o.keySet()) {
            if (!k.equals("@value") && !k.equals("@language") && !k.equals("@direction")) {
                problems.malformed(at(p, k), key + " language value object may only hold @value, @language and @direction; found "
                        + JsonValues.quote(k));
            }
        }
    }

    /**
     * Objects that MUST have a type (VC 2.0 section 4.5 table and section 5.10): credentialStatus,
     * credentialSchema, refreshService, termsOfUse, evidence, confidenceMethod, renderMethod.
     */
    void typedObjects(JsonObject o, String path, String key, ContextChecker.Terms terms, IdRule idRule) {
        JsonValue v = o.get(key);
        if (v == null) {
            return;
        }
        forEachObject(v, at(path, key), key, "objects", entry -> {
            JsonObject item = entry.value();
            if (!item.containsKey("type")) {
                problems.malformed(at(entry.path(), "type"), key + " has no type");
            } else {
                // a nested object with its own @context may define its types there; only the JSON-LD layer can tell
                typeShape(item, entry.path(), terms, key, !item.containsKey("@context"));
            }
            identifier(item, entry.path(), idRule, key);
        });
    }

    /** VC 2.0 section 5.3. */
    void relatedResources(JsonObject vc, String path) {
        JsonValue v = vc.get("relatedResource");
        if (v == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        forEachObject(v, at(path, "relatedResource"), "relatedResource", "objects", entry -> {
            JsonObject r = entry.value();
            String p = entry.path();
            identifier(r, p, IdRule.REQUIRED, "relatedResource");
            JsonValue id = r.get("id");
            if (id instanceof JsonString && !seen.add(((JsonString) id).getString())) {
                problems.malformed(at(p, "id"), "relatedResource id " + JsonValues.show(id) + " is not unique");
            }
            JsonValue sri = r.get("digestSRI");
            JsonValue mb = r.get("digestMultibase");
            if (sri == null && mb == null) {
                problems.malformed(p, "relatedResource has neither digestSRI nor digestMultibase");
            }
            if (sri != null) {
                digests(sri, at(p, "digestSRI"), "digestSRI", Digests::checkSri);
            }
            if (mb != null) {
                digests(mb, at(p, "digestMultibase"), "digestMultibase", Digests::checkMultibaseMultihash);
            }
            JsonValue mediaType = r.get("mediaType");
            if (mediaType != null && !(mediaType instanceof JsonString && Urls.isMediaType(((JsonString) mediaType).getString()))) {
                problems.malformed(at(p, "mediaType"), "relatedResource mediaType is not a media type such as \"application/json\": "
                        + JsonValues.show(mediaType));
            }
        });
    }

    private void digests(JsonValue v, String p, String key, Function<String, Optional<String>> check) {
        if (v instanceof JsonString) {
            check.apply(((JsonString) v).getString()).ifPresent(why -> problems.malformed(p, key + " " + why));
        } else if (JsonValues.isArray(v) && !v.asJsonArray().isEmpty()) {
            JsonArray arr = v.asJsonArray();
            for (int i = 0; i < arr.size(); i++) {
                String ip = JsonPointers.index(p, i);
                if (arr.get(i) instanceof JsonString) {
                    check.apply(((JsonString) arr.get(i)).getString()).ifPresent(why -> problems.malformed(ip, key + " " + why));
                } else {
                    problems.malformed(ip, key + " entries must be strings; found " + JsonValues.show(arr.get(i)));
                }
            }
        } else {
            problems.malformed(p, key + " must be a string (or an array of strings); found " + JsonValues.show(v));
        }
    }

    /** Embedded proofs: objects with a type (VC Data Integrity section 2.1); the rest is the securing layer's work. */
    void proofs(JsonObject o, String path, ContextChecker.Terms terms) {
        JsonValue v = o.get("proof");
        if (v == null) {
            return;
        }
        forEachObject(v, at(path, "proof"), "proof", "objects", entry -> {
            JsonObject proof = entry.value();
            if (!proof.containsKey("type")) {
                problems.malformed(at(entry.path(), "type"), "proof has no type");
            } else {
                typeShape(proof, entry.path(), terms, "proof", !proof.containsKey("@context"));
            }
            identifier(proof, entry.path(), IdRule.OPTIONAL, "proof");
        });
    }

    record Entry(JsonObject value, String path) {}

    /** Applies {@code each} to an object, or to every element of a non-empty array of objects. */
    void forEachObject(JsonValue v, String p, String key, String noun, Consumer<Entry> each) {
        if (JsonValues.isObject(v)) {
            each.accept(new Entry(v.asJsonObject(), p));
        } else if (JsonValues.isArray(v)) {
            JsonArray arr = v.asJsonArray();
            if (arr.isEmpty()) {
                problems.malformed(p, key + " is an empty array; expected one or more " + noun);
                return;
            }
            for (int i = 0; i < arr.size(); i++) {
                String ip = JsonPointers.index(p, i);
                if (JsonValues.isObject(arr.get(i))) {
                    each.accept(new Entry(arr.get(i).asJsonObject(), ip));
                } else {
                    problems.malformed(ip, key + " entries must be objects; found " + JsonValues.show(arr.get(i)));
                }
            }
        } else {
            problems.malformed(p, key + " must be an object or an array of objects; found " + JsonValues.show(v));
        }
    }

    static String at(String path, String key) {
        return JsonPointers.child(path, key);
    }
}
