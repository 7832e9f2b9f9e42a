package dev.mandate.testvectors.attack;

import dev.mandate.vc.jose.Disclosure;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The catalogue of rewrites. Each is meant to keep a proof valid for at least one securing format (RDFC
 * hashes the RDF graph, so anything that expands to the same graph keeps an RDFC proof; JCS hashes the
 * canonical JSON, so only member order, whitespace and number spelling keep it; JOSE signs bytes, so
 * nothing keeps it), while moving a member where a plain reader of the view no longer finds it.
 */
final class Mutations {
    static final JsonProvider JSON = Jsonp.PROVIDER;
    static final String CRED = "https://www.w3.org/2018/credentials#";
    static final String AGENT = "https://mandate.dev/ns/agent#";
    static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    static final String LATER = "2099-12-31T23:59:59Z";

    /** What a rewrite applies to. */
    enum Target {
        /** The JSON of a W3C credential: a Data Integrity document, a JWT payload, a credential inside a presentation. */
        CREDENTIAL,
        /** The serialized JSON text of a top-level Data Integrity credential or envelope. */
        TEXT,
        /** An EnvelopedVerifiableCredential object. */
        ENVELOPE,
        /** The compact SD-JWT (its disclosures). */
        SD_JWT,
        /** The presentation object itself. */
        PRESENTATION
    }

    /**
     * One named rewrite.
     *
     * @param positive a positive control: where it keeps the proof, the mutant must verify with the same view
     * @param json     for JSON targets: the rewrite, empty when it does not apply (the member is missing)
     * @param text     for TEXT and SD_JWT: the rewrite of the string
     */
    record Mutation(String name, Target target, boolean positive, Function<JsonObject, Optional<JsonObject>> json,
                    Function<String, Optional<String>> text) {
        @Override
        public String toString() { return name; }
    }

    /** The bundled term definitions (credentials-v2 and mandate agent-v1), copied verbatim for aliases. */
    static final Map<String, JsonObject> DEFINITIONS = Map.of(
            "validUntil", def(CRED + "validUntil", XSD + "dateTime", null),
            "validFrom", def(CRED + "validFrom", XSD + "dateTime", null),
            "issuer", def(CRED + "issuer", "@id", null),
            "credentialStatus", def(CRED + "credentialStatus", "@id", null),
            "credentialSubject", def(CRED + "credentialSubject", "@id", null),
            "capability", def(AGENT + "capability", null, "@set"),
            "delegationDepth", def(AGENT + "delegationDepth", XSD + "integer", null),
            "holder", def(CRED + "holder", "@id", null),
            "verifiableCredential", JSON.createObjectBuilder(def(CRED + "verifiableCredential", "@id", "@graph"))
                    .addNull("@context").build());

    /** The alias each member is renamed to. */
    static final Map<String, String> ALIASES = Map.of("validUntil", "until", "validFrom", "from", "issuer", "by",
            "credentialStatus", "revocation", "credentialSubject", "about", "capability", "grants", "delegationDepth", "depth",
            "holder", "presenter", "verifiableCredential", "carried");

    private Mutations() {}

    static List<Mutation> all(String attackerDid) {
        List<Mutation> out = new ArrayList<>();
        out.addAll(credential(attackerDid));
        out.addAll(text(attackerDid));
        out.addAll(envelope(attackerDid));
        out.addAll(sdJwt());
        out.addAll(presentation());
        return out;
    }

    // ---------------------------------------------------------------------------------------- credential JSON

    static List<Mutation> credential(String attacker) {
        List<Mutation> m = new ArrayList<>();
        // inline alias of each member a consumer reads, with the bundled definition
        for (String member : List.of("validUntil", "validFrom", "issuer", "credentialStatus", "credentialSubject")) {
            m.add(cred("alias:" + member, d -> rename(d, member, ALIASES.get(member))
                    .map(r -> addContext(r, obj(ALIASES.get(member), DEFINITIONS.get(member))))));
        }
        for (String member : List.of("capability", "delegationDepth")) {
            m.add(cred("alias:" + member, d -> inSubject(d, s -> rename(s, member, ALIASES.get(member)))
                    .map(r -> addContext(r, obj(ALIASES.get(member), DEFINITIONS.get(member))))));
        }
        // keyword aliases
        m.add(cred("keyword-alias:type", d -> rename(d, "type", "kind").map(r -> addContext(r, obj("kind", JSON.createValue("@type"))))));
        m.add(cred("keyword-alias:id", d -> rename(d, "id", "ident").map(r -> addContext(r, obj("ident", JSON.createValue("@id"))))));
        m.add(cred("keyword-alias:subject-id", d -> inSubject(d, s -> rename(s, "id", "who"))
                .map(r -> addContext(r, obj("who", JSON.createValue("@id"))))));
        m.add(cred("keyword-alias:subject-id-local-context", d -> inSubject(d, s -> rename(s, "id", "who")
                .map(r -> prepend(r, "@context", obj("who", JSON.createValue("@id")))))));
        // absolute IRI keys instead of the terms (values in the form the term's coercion would give)
        m.add(cred("iri-key:validUntil", d -> replaceKey(d, "validUntil", CRED + "validUntil", Mutations::dateTimeValue)));
        m.add(cred("iri-key:validFrom", d -> replaceKey(d, "validFrom", CRED + "validFrom", Mutations::dateTimeValue)));
        m.add(cred("iri-key:issuer", d -> replaceKey(d, "issuer", CRED + "issuer", Mutations::nodeReference)));
        m.add(cred("iri-key:credentialStatus", d -> replaceKey(d, "credentialStatus", CRED + "credentialStatus", v -> v)));
        m.add(cred("iri-key:credentialSubject", d -> replaceKey(d, "credentialSubject", CRED + "credentialSubject", v -> v)));
        m.add(cred("iri-key:capability", d -> inSubject(d, s -> replaceKey(s, "capability", AGENT + "capability", v -> v))));
        m.add(cred("iri-key:delegationDepth", d -> inSubject(d, s -> replaceKey(s, "delegationDepth", AGENT + "delegationDepth",
                v -> JSON.createObjectBuilder().add("@value", v).add("@type", XSD + "integer").build()))));
        m.add(cred("compact-iri:validUntil", d -> replaceKey(d, "validUntil", "cred:validUntil", Mutations::dateTimeValue)
                .map(r -> addContext(r, obj("cred", JSON.createValue(CRED))))));
        m.add(cred("compact-iri:issuer", d -> replaceKey(d, "issuer", "cred:issuer", Mutations::nodeReference)
                .map(r -> addContext(r, obj("cred", JSON.createValue(CRED))))));
        // @nest and @set wrapping
        for (String member : List.of("validUntil", "issuer", "credentialStatus")) {
            m.add(cred("nest:" + member, d -> nest(d, member)));
        }
        m.add(cred("nest:delegationDepth", d -> inSubject(d, s -> nest(s, "delegationDepth"))));
        for (String member : List.of("validUntil", "issuer")) {
            m.add(cred("set:" + member, d -> replace(d, member, v -> obj("@set", JSON.createArrayBuilder().add(v).build()))));
        }
        m.add(cred("set:delegationDepth", d -> inSubject(d, s -> replace(s, "delegationDepth",
                v -> obj("@set", JSON.createArrayBuilder().add(v).build())))));
        // one-element arrays around single values (and around multi-valued members, where that means the same)
        for (String member : List.of("issuer", "validUntil", "validFrom", "id", "credentialSubject", "credentialStatus")) {
            m.add(cred("array:" + member, d -> replace(d, member, Mutations::array)));
        }
        m.add(cred("array:delegationDepth", d -> inSubject(d, s -> replace(s, "delegationDepth", Mutations::array))));
        // value objects and keyword keys
        m.add(cred("value-object:validUntil", d -> replace(d, "validUntil", Mutations::dateTimeValue)));
        m.add(cred("value-object:validFrom", d -> replace(d, "validFrom", Mutations::dateTimeValue)));
        m.add(cred("value-object:delegationDepth", d -> inSubject(d, s -> replace(s, "delegationDepth", v -> obj("@value", v)))));
        m.add(cred("value-object:issuer-@id", d -> replace(d, "issuer", Mutations::nodeReference)));
        m.add(cred("keyword-key:@id", d -> rename(d, "id", "@id")));
        m.add(cred("keyword-key:@type", d -> rename(d, "type", "@type")));
        m.add(cred("keyword-key:subject-@id", d -> inSubject(d, s -> rename(s, "id", "@id"))));
        // the status entry moved to @included, leaving a node reference
        m.add(cred("keyword-key:@included-credentialStatus", d -> {
            if (!(d.get("credentialStatus") instanceof JsonObject entry) || !(entry.get("id") instanceof JsonString id)) {
                return Optional.empty();
            }
            return replace(d, "credentialStatus", v -> id).map(r -> put(r, "@included", JSON.createArrayBuilder().add(entry).build()));
        }));
        // the subject moved out of the credential: an @included node that points back with @reverse
        m.add(cred("keyword-key:@reverse-credentialSubject", d -> {
            if (!(d.get("credentialSubject") instanceof JsonObject subject) || !(d.get("id") instanceof JsonString id)) {
                return Optional.empty();
            }
            JsonObject moved = put(subject, "@reverse", obj(CRED + "credentialSubject", obj("@id", id)));
            return Optional.of(put(remove(d, "credentialSubject"), "@included", JSON.createArrayBuilder().add(moved).build()));
        }));
        // the whole credential as the only node of a top-level @graph
        m.add(cred("keyword-key:@graph-wrap", d -> {
            JsonObjectBuilder node = JSON.createObjectBuilder();
            JsonObjectBuilder top = JSON.createObjectBuilder();
            d.forEach((k, v) -> {
                if (k.equals("@context") || k.equals("proof")) top.add(k, v);
                else node.add(k, v);
            });
            return Optional.of(top.add("@graph", JSON.createArrayBuilder().add(node)).build());
        }));
        // protected-term redefinitions
        m.add(cred("protected:redefine-issuer", d -> d.containsKey("issuer") ? Optional.of(addContext(d,
                obj("issuer", def("https://attacker.mandate.test/ns#issuer", "@id", null)))) : Optional.empty()));
        m.add(cred("protected:null-issuer+alias+fake", d -> rename(d, "issuer", "by")
                .map(r -> put(r, "issuer", JSON.createValue(attacker)))
                .map(r -> addContext(r, JSON.createObjectBuilder().addNull("issuer").add("by", DEFINITIONS.get("issuer")).build()))));
        m.add(cred("protected:null-validUntil+alias+fake", d -> rename(d, "validUntil", "until")
                .map(r -> put(r, "validUntil", JSON.createValue(LATER)))
                .map(r -> addContext(r, JSON.createObjectBuilder().addNull("validUntil").add("until", DEFINITIONS.get("validUntil")).build()))));
        // positive control and JSON spellings of the same data
        m.add(new Mutation("reorder-members", Target.CREDENTIAL, true, d -> Optional.of((JsonObject) reversed(d)), null));
        m.add(cred("reverse-sets:type+capability", d -> replace(d, "type", Mutations::reverse)
                .flatMap(r -> inSubject(r, s -> replace(s, "capability", Mutations::reverse)))));
        m.add(cred("number:delegationDepth-2.0", d -> inSubject(d, s -> replace(s, "delegationDepth",
                v -> JSON.createValue(new BigDecimal(v.toString() + ".0"))))));
        m.add(cred("number:delegationDepth-beyond-double", d -> inSubject(d, s -> replace(s, "delegationDepth",
                v -> JSON.createValue(new BigDecimal(v.toString() + ".0000000000000001"))))));
        return m;
    }

    // ---------------------------------------------------------------------------------------- text

    static List<Mutation> text(String attacker) {
        return List.of(
                textual("text:duplicate-validUntil", s -> appendMember(s, "validUntil", JSON.createValue(LATER))),
                textual("text:duplicate-id", s -> appendMember(s, "id", JSON.createValue("urn:uuid:00000000-0000-4000-8000-000000000bad"))),
                textual("text:duplicate-issuer", s -> appendMember(s, "issuer", JSON.createValue(attacker))),
                new Mutation("text:pretty-printed", Target.TEXT, true, null, s -> Optional.of(pretty(s))));
    }

    // ---------------------------------------------------------------------------------------- envelopes

    static List<Mutation> envelope(String attacker) {
        JsonObject grab = JSON.createObjectBuilder().add("id", attacker).add("capability", JSON.createArrayBuilder()
                .add(JSON.createObjectBuilder().add("action", "*").add("resource", "https://"))).build();
        return List.of(
                env("envelope:+issuer", e -> Optional.of(put(e, "issuer", JSON.createValue(attacker)))),
                env("envelope:+credentialSubject", e -> Optional.of(put(e, "credentialSubject", grab))),
                env("envelope:+validUntil", e -> Optional.of(put(e, "validUntil", JSON.createValue(LATER)))),
                env("envelope:+credentialStatus-empty", e -> Optional.of(put(e, "credentialStatus", JsonValue.EMPTY_JSON_ARRAY))),
                env("envelope:+type-AgentCapabilityCredential", e -> replace(e, "type", v -> JSON.createArrayBuilder().add(v)
                        .add("AgentCapabilityCredential").build())),
                env("envelope:+type-VerifiableCredential", e -> replace(e, "type", v -> JSON.createArrayBuilder()
                        .add("VerifiableCredential").add(v).build())),
                env("envelope:type-one-element-array", e -> replace(e, "type", Mutations::array)),
                env("envelope:+inline-alias-and-aliased-validUntil", e -> Optional.of(put(addContext(e,
                        obj("until", DEFINITIONS.get("validUntil"))), "until", JSON.createValue(LATER)))),
                env("envelope:+inline-context-only", e -> Optional.of(addContext(e, obj("until", DEFINITIONS.get("validUntil"))))),
                env("envelope:media-type-swap", e -> e.get("id") instanceof JsonString id && id.getString().startsWith("data:application/vc+jwt,")
                        ? replace(e, "id", v -> JSON.createValue(id.getString().replace("data:application/vc+jwt,", "data:application/vc+ld+jwt,")))
                        : Optional.empty()),
                env("envelope:+proof", e -> Optional.of(put(e, "proof", JSON.createObjectBuilder().add("type", "DataIntegrityProof").build()))),
                new Mutation("envelope:reorder-members", Target.ENVELOPE, true, e -> Optional.of((JsonObject) reversed(e)), null));
    }

    // ---------------------------------------------------------------------------------------- SD-JWT disclosures

    static List<Mutation> sdJwt() {
        return List.of(
                new Mutation("sd:drop-one-disclosure", Target.SD_JWT, true, null, s -> disclosures(s, d -> d.subList(1, d.size()))),
                new Mutation("sd:reverse-disclosures", Target.SD_JWT, true, null, s -> disclosures(s, d -> {
                    List<String> r = new ArrayList<>(d);
                    Collections.reverse(r);
                    return r;
                })),
                sd("sd:duplicate-disclosure", s -> disclosures(s, d -> {
                    List<String> r = new ArrayList<>(d);
                    r.add(d.get(0));
                    return r;
                })),
                sd("sd:forged-disclosure-validUntil", s -> disclosures(s, d -> {
                    List<String> r = new ArrayList<>(d);
                    r.add(Disclosure.forProperty(Disclosure.newSalt(), "validUntil", JSON.createValue(LATER)).encoded());
                    return r;
                })),
                sd("sd:forged-disclosure-delegationDepth", s -> disclosures(s, d -> {
                    List<String> r = new ArrayList<>(d);
                    r.add(Disclosure.forProperty(Disclosure.newSalt(), "delegationDepth", JSON.createValue(9)).encoded());
                    return r;
                })));
    }

    // ---------------------------------------------------------------------------------------- presentation JSON

    static List<Mutation> presentation() {
        List<Mutation> m = new ArrayList<>();
        for (String member : List.of("holder", "verifiableCredential")) {
            m.add(vp("vp:alias:" + member, d -> rename(d, member, ALIASES.get(member))
                    .map(r -> addContext(r, obj(ALIASES.get(member), DEFINITIONS.get(member))))));
        }
        m.add(vp("vp:array:holder", d -> replace(d, "holder", Mutations::array)));
        m.add(vp("vp:iri-key:holder", d -> replaceKey(d, "holder", CRED + "holder", Mutations::nodeReference)));
        m.add(vp("vp:nest:holder", d -> nest(d, "holder")));
        m.add(vp("vp:keyword-alias:type", d -> rename(d, "type", "kind").map(r -> addContext(r, obj("kind", JSON.createValue("@type"))))));
        m.add(new Mutation("vp:reorder-members", Target.PRESENTATION, true, d -> Optional.of((JsonObject) reversed(d)), null));
        return m;
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static Mutation cred(String name, Function<JsonObject, Optional<JsonObject>> f) {
        return new Mutation(name, Target.CREDENTIAL, false, f, null);
    }

    private static Mutation env(String name, Function<JsonObject, Optional<JsonObject>> f) {
        return new Mutation(name, Target.ENVELOPE, false, f, null);
    }

    private static Mutation vp(String name, Function<JsonObject, Optional<JsonObject>> f) {
        return new Mutation(name, Target.PRESENTATION, false, f, null);
    }

    private static Mutation textual(String name, Function<String, Optional<String>> f) {
        return new Mutation(name, Target.TEXT, false, null, f);
    }

    private static Mutation sd(String name, Function<String, Optional<String>> f) {
        return new Mutation(name, Target.SD_JWT, false, null, f);
    }

    static JsonObject def(String id, String type, String container) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add("@id", id);
        if (type != null) b.add("@type", type);
        if (container != null) b.add("@container", container);
        return b.build();
    }

    static JsonObject obj(String k, JsonValue v) {
        return JSON.createObjectBuilder().add(k, v).build();
    }

    /** Appends an inline context object to {@code @context} (making it an array). */
    static JsonObject addContext(JsonObject doc, JsonObject inline) {
        JsonValue ctx = doc.get("@context");
        JsonArrayBuilder a = JSON.createArrayBuilder();
        if (ctx instanceof JsonArray arr) arr.forEach(a::add);
        else if (ctx != null) a.add(ctx);
        a.add(inline);
        return ctx == null ? prepend(doc, "@context", a.build()) : replace(doc, "@context", v -> a.build()).orElseThrow();
    }

    /** Renames a member in place (same position); empty if it is missing. */
    static Optional<JsonObject> rename(JsonObject o, String from, String to) {
        if (!o.containsKey(from)) return Optional.empty();
        JsonObjectBuilder b = JSON.createObjectBuilder();
        o.forEach((k, v) -> b.add(k.equals(from) ? to : k, v));
        return Optional.of(b.build());
    }

    /** Replaces a member's value in place; empty if it is missing. */
    static Optional<JsonObject> replace(JsonObject o, String member, UnaryOperator<JsonValue> f) {
        if (!o.containsKey(member)) return Optional.empty();
        JsonObjectBuilder b = JSON.createObjectBuilder();
        o.forEach((k, v) -> b.add(k, k.equals(member) ? f.apply(v) : v));
        return Optional.of(b.build());
    }

    /** Replaces a member's key and value in place; empty if it is missing. */
    static Optional<JsonObject> replaceKey(JsonObject o, String member, String key, UnaryOperator<JsonValue> f) {
        if (!o.containsKey(member)) return Optional.empty();
        JsonObjectBuilder b = JSON.createObjectBuilder();
        o.forEach((k, v) -> {
            if (k.equals(member)) b.add(key, f.apply(v));
            else b.add(k, v);
        });
        return Optional.of(b.build());
    }

    /** Moves a member into an {@code @nest} object (appended at the end). */
    static Optional<JsonObject> nest(JsonObject o, String member) {
        if (!o.containsKey(member)) return Optional.empty();
        return Optional.of(put(remove(o, member), "@nest", obj(member, o.get(member))));
    }

    /** Applies {@code f} to the (single object) credentialSubject. */
    static Optional<JsonObject> inSubject(JsonObject doc, Function<JsonObject, Optional<JsonObject>> f) {
        if (!(doc.get("credentialSubject") instanceof JsonObject s)) return Optional.empty();
        return f.apply(s).flatMap(ns -> replace(doc, "credentialSubject", v -> ns));
    }

    static JsonObject put(JsonObject o, String k, JsonValue v) {
        return JSON.createObjectBuilder(o).add(k, v).build();
    }

    static JsonObject remove(JsonObject o, String k) {
        return JSON.createObjectBuilder(o).remove(k).build();
    }

    static JsonObject prepend(JsonObject o, String k, JsonValue v) {
        JsonObjectBuilder b = JSON.createObjectBuilder().add(k, v);
        o.forEach((key, value) -> {
            if (!key.equals(k)) b.add(key, value);
        });
        return b.build();
    }

    static JsonValue array(JsonValue v) {
        return JSON.createArrayBuilder().add(v).build();
    }

    static JsonValue reverse(JsonValue v) {
        if (!(v instanceof JsonArray a) || a.size() < 2) return v;
        JsonArrayBuilder b = JSON.createArrayBuilder();
        for (int i = a.size() - 1; i >= 0; i--) b.add(a.get(i));
        return b.build();
    }

    static JsonValue dateTimeValue(JsonValue v) {
        return JSON.createObjectBuilder().add("@value", v).add("@type", XSD + "dateTime").build();
    }

    static JsonValue nodeReference(JsonValue v) {
        return v instanceof JsonString ? obj("@id", v) : v;
    }

    /** Reverses the member order of every object, recursively; arrays keep their order. */
    static JsonValue reversed(JsonValue v) {
        if (v instanceof JsonObject o) {
            List<Map.Entry<String, JsonValue>> entries = new ArrayList<>(new LinkedHashMap<>(o).entrySet());
            Collections.reverse(entries);
            JsonObjectBuilder b = JSON.createObjectBuilder();
            entries.forEach(e -> b.add(e.getKey(), reversed(e.getValue())));
            return b.build();
        }
        if (v instanceof JsonArray a) {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            a.forEach(x -> b.add(reversed(x)));
            return b.build();
        }
        return v;
    }

    /** Appends a second occurrence of {@code member} to the top-level object text (only if the member is there). */
    static Optional<String> appendMember(String json, String member, JsonValue value) {
        String s = json.strip();
        if (!s.contains("\"" + member + "\"") || !s.endsWith("}")) return Optional.empty();
        return Optional.of(s.substring(0, s.length() - 1) + ",\"" + member + "\":" + value + "}");
    }

    static String pretty(String json) {
        JsonValue v = JSON.createReader(new java.io.StringReader(json)).readValue();
        StringWriter w = new StringWriter();
        JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(w).write(v);
        return "\n  " + w + "\n";
    }

    /** Rewrites the disclosure list of an SD-JWT ({@code jwt~d1~...~dn~}, no key binding). */
    static Optional<String> disclosures(String sdJwt, UnaryOperator<List<String>> f) {
        String[] parts = sdJwt.split("~", -1);
        if (parts.length < 3 || !parts[parts.length - 1].isEmpty()) return Optional.empty();
        List<String> d = new ArrayList<>(Arrays.asList(parts).subList(1, parts.length - 1));
        if (d.isEmpty()) return Optional.empty();
        return Optional.of(parts[0] + "~" + String.join("~", f.apply(d)) + "~");
    }
}
