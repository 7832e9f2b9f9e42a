package dev.mandate.did.document;

import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.DidUrl;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.internal.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A DID document (DID Core 1.0, JSON-LD representation) over a Jakarta JSON {@link JsonObject}, with
 * typed accessors. Instances are validated when created: the {@code id} is a DID, controllers are DIDs,
 * every verification method has an id, type and controller, relationship entries are DID URL references
 * or embedded methods, and no two methods share an id. Immutable and thread-safe.
 */
public final class DidDocument {
    /** The DID Core v1 JSON-LD context. */
    public static final String DID_CONTEXT_V1 = "https://www.w3.org/ns/did/v1";
    /** The Multikey JSON-LD context. */
    public static final String MULTIKEY_CONTEXT_V1 = "https://w3id.org/security/multikey/v1";
    /** Largest document accepted by {@link #parse(byte[])}, in bytes (1 MiB). */
    public static final int MAX_BYTES = 1 << 20;
    private static final int MAX_METHODS = 1000;

    private final JsonObject json;
    private final Did did;
    private final List<String> controllers;
    private final List<VerificationMethod> verificationMethods;
    private final Map<Relationship, List<String>> relationships;
    private final Map<String, VerificationMethod> methodsById;
    private final Map<String, JsonObject> resourcesById;

    private DidDocument(JsonObject json, Did did, List<String> controllers, List<VerificationMethod> verificationMethods,
            Map<Relationship, List<String>> relationships, Map<String, VerificationMethod> methodsById, Map<String, JsonObject> resourcesById) {
        this.json = json;
        this.did = did;
        this.controllers = controllers;
        this.verificationMethods = verificationMethods;
        this.relationships = relationships;
        this.methodsById = methodsById;
        this.resourcesById = resourcesById;
    }

    /**
     * Parses and validates a DID document from UTF-8 JSON of at most {@link #MAX_BYTES} bytes.
     *
     * @param utf8 the document as UTF-8 JSON
     * @return the validated document
     * @throws InvalidDidDocumentException if the bytes are too many, not JSON, or not a valid DID document
     */
    public static DidDocument parse(byte[] utf8) throws InvalidDidDocumentException {
        if (utf8.length > MAX_BYTES) {
            throw new InvalidDidDocumentException("DID document is " + utf8.length + " bytes, larger than the limit of " + MAX_BYTES);
        }
        JsonObject o;
        try {
            o = Json.parseObject(utf8);
        } catch (IllegalArgumentException e) {
            throw new InvalidDidDocumentException("DID document is " + e.getMessage());
        }
        return from(o);
    }

    /**
     * Parses and validates a DID document from JSON text (see {@link #parse(byte[])}).
     *
     * @param json the document as JSON text
     * @return the validated document
     * @throws InvalidDidDocumentException if the text is too long, not JSON, or not a valid DID document
     */
    public static DidDocument parse(String json) throws InvalidDidDocumentException {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Validates a JSON object as a DID document.
     *
     * @param json the parsed document
     * @return the validated document
     * @throws InvalidDidDocumentException naming the first problem found
     */
    public static DidDocument from(JsonObject json) throws InvalidDidDocumentException {
        Objects.requireNonNull(json, "json");
        String id = Json.string(json, "id").orElseThrow(() -> new InvalidDidDocumentException("DID document has no string 'id'"));
        Did did;
        try {
            did = Did.parse(id);
        } catch (DidSyntaxException e) {
            throw new InvalidDidDocumentException("DID document id is not a DID: " + e.getMessage());
        }
        List<String> controllers = new ArrayList<>();
        JsonValue c = json.get("controller");
        if (c != null) {
            for (JsonValue v : asList(c, "controller")) {
                if (!(v instanceof JsonString s) || Did.tryParse(s.getString()).isEmpty()) {
                    throw new InvalidDidDocumentException("DID document controller must be a DID or a list of DIDs");
                }
                controllers.add(s.getString());
            }
        }
        Map<String, VerificationMethod> byId = new LinkedHashMap<>();
        Map<String, JsonObject> resources = new LinkedHashMap<>();
        List<VerificationMethod> methods = new ArrayList<>();
        JsonValue vm = json.get("verificationMethod");
        if (vm != null) {
            for (JsonValue v : asArray(vm, "verificationMethod")) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    throw new InvalidDidDocumentException("DID document verificationMethod entries must be objects");
                }
                VerificationMethod m = VerificationMethod.from(v.asJsonObject(), did);
                add(byId, resources, m);
                methods.add(m);
            }
        }
        Map<Relationship, List<String>> rels = new EnumMap<>(Relationship.class);
        for (Relationship r : Relationship.values()) {
            JsonValue value = json.get(r.jsonName());
            if (value == null) continue;
            List<String> ids = new ArrayList<>();
            for (JsonValue v : asArray(value, r.jsonName())) {
                if (v instanceof JsonString s) {
                    ids.add(absolute(s.getString(), did, r.jsonName() + " reference"));
                } else if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                    VerificationMethod m = VerificationMethod.from(v.asJsonObject(), did);
                    add(byId, resources, m);
                    ids.add(m.id());
                } else {
                    throw new InvalidDidDocumentException("DID document " + r.jsonName() + " entries must be strings or objects");
                }
            }
            rels.put(r, List.copyOf(ids));
        }
        if (byId.size() > MAX_METHODS) throw new InvalidDidDocumentException("DID document has more than " + MAX_METHODS + " verification methods");
        JsonValue services = json.get("service");
        if (services != null) {
            for (JsonValue v : asArray(services, "service")) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) throw new InvalidDidDocumentException("DID document service entries must be objects");
                String sid = Json.string(v.asJsonObject(), "id").orElseThrow(() -> new InvalidDidDocumentException("DID document service has no string 'id'"));
                String abs = absolute(sid, did, "service id");
                if (resources.putIfAbsent(abs, v.asJsonObject()) != null) throw new InvalidDidDocumentException("DID document has two entries with id " + abs);
            }
        }
        return new DidDocument(json, did, List.copyOf(controllers), List.copyOf(methods), Collections.unmodifiableMap(rels),
                Collections.unmodifiableMap(byId), Collections.unmodifiableMap(resources));
    }

    private static void add(Map<String, VerificationMethod> byId, Map<String, JsonObject> resources, VerificationMethod m)
            throws InvalidDidDocumentException {
        if (byId.putIfAbsent(m.id(), m) != null || resources.putIfAbsent(m.id(), m.toJson()) != null) {
            throw new InvalidDidDocumentException("DID document has two verification methods with id " + m.id());
        }
    }

    private static List<JsonValue> asList(JsonValue v, String name) {
        return v.getValueType() == JsonValue.ValueType.ARRAY ? v.asJsonArray() : List.of(v);
    }

    private static JsonArray asArray(JsonValue v, String name) throws InvalidDidDocumentException {
        if (v.getValueType() != JsonValue.ValueType.ARRAY) throw new InvalidDidDocumentException("DID document " + name + " must be an array");
        return v.asJsonArray();
    }

    /** Resolves a DID URL reference (absolute, or relative: '#...', '?...', '/...') against the document's DID. */
    static String absolute(String ref, Did base, String what) throws InvalidDidDocumentException {
        String abs = ref.startsWith("#") || ref.startsWith("?") || ref.startsWith("/") ? base + ref : ref;
        try {
            return DidUrl.parse(abs).toString();
        } catch (DidSyntaxException e) {
            throw new InvalidDidDocumentException(what + " '" + shorten(ref) + "' is not a DID URL: " + e.getMessage());
        }
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** {@return the document JSON} */
    public JsonObject toJson() { return json; }

    /** {@return the document's {@code id}} */
    public String id() { return did.toString(); }

    /** {@return the document's {@code id} as a {@link Did}} */
    public Did did() { return did; }

    /** {@return the {@code controller} DIDs (empty if absent)} */
    public List<String> controllers() { return controllers; }

    /** {@return the methods in the top-level {@code verificationMethod} array} */
    public List<VerificationMethod> verificationMethods() { return verificationMethods; }

    /**
     * {@return the absolute ids of the methods listed under {@code relationship}, references and embedded methods
     * alike, in document order (empty if the relationship is absent)}
     *
     * @param relationship e.g. {@link Relationship#ASSERTION_METHOD}
     */
    public List<String> relationship(Relationship relationship) {
        return relationships.getOrDefault(relationship, List.of());
    }

    /**
     * {@return the methods usable for {@code relationship} that this document defines (references to methods in other
     * documents are left out; see {@link #relationship})}
     *
     * @param relationship e.g. {@link Relationship#AUTHENTICATION}
     */
    public List<VerificationMethod> methodsFor(Relationship relationship) {
        List<VerificationMethod> out = new ArrayList<>();
        for (String id : relationship(relationship)) {
            VerificationMethod m = methodsById.get(id);
            if (m != null) out.add(m);
        }
        return out;
    }

    /**
     * Finds a verification method defined in this document (top level or embedded) by absolute or
     * relative ({@code #key-1}) id. Only ids under this document's DID are found: a method this
     * document defines with another DID's id (which would let one DID speak for another) is ignored.
     *
     * @param id an absolute DID URL or a fragment such as {@code #key-1}
     * @return the method, or empty
     */
    public Optional<VerificationMethod> verificationMethod(String id) {
        if (id == null) return Optional.empty();
        String abs = id.startsWith("#") || id.startsWith("?") || id.startsWith("/") ? did + id : id;
        String prefix = did.toString();
        if (!abs.startsWith(prefix) || (abs.length() > prefix.length() && "#?/".indexOf(abs.charAt(prefix.length())) < 0)) {
            return Optional.empty();
        }
        return Optional.ofNullable(methodsById.get(abs));
    }

    /**
     * Finds a verification method by absolute or relative id and tells whether this document lists it
     * under {@code relationship}. Empty if the document defines no such method.
     *
     * @param id           an absolute DID URL or a fragment
     * @param relationship the relationship the caller needs
     * @return the method and whether the relationship lists it, or empty
     */
    public Optional<MethodMatch> verificationMethod(String id, Relationship relationship) {
        Objects.requireNonNull(relationship, "relationship");
        return verificationMethod(id).map(m -> new MethodMatch(m, relationship(relationship).contains(m.id())));
    }

    /**
     * As {@link #verificationMethod(String, Relationship)} with the relationship's property name
     * (e.g. a Data Integrity {@code proofPurpose}); an unknown name authorizes nothing.
     *
     * @param id           an absolute DID URL or a fragment
     * @param relationship a relationship property name such as {@code assertionMethod}
     * @return the method and whether the relationship lists it, or empty
     */
    public Optional<MethodMatch> verificationMethod(String id, String relationship) {
        Optional<Relationship> r = Relationship.fromName(relationship);
        if (r.isEmpty()) return verificationMethod(id).map(m -> new MethodMatch(m, false));
        return verificationMethod(id, r.get());
    }

    /**
     * {@return the JSON object (verification method or service) with this absolute or relative id, if the document
     * has one}
     *
     * @param id an absolute DID URL or a fragment
     */
    public Optional<JsonObject> resource(String id) {
        if (id == null) return Optional.empty();
        String abs = id.startsWith("#") || id.startsWith("?") || id.startsWith("/") ? did + id : id;
        return Optional.ofNullable(resourcesById.get(abs));
    }

    /** {@return pretty-printed JSON, e.g. for a did:web {@code did.json}} */
    public String toPrettyJson() { return Json.pretty(json); }

    @Override public boolean equals(Object o) { return o instanceof DidDocument d && d.json.equals(json); }

    @Override public int hashCode() { return json.hashCode(); }

    @Override public String toString() { return json.toString(); }

    /**
     * {@return a builder for a document with Multikey verification methods and contexts DID v1 + Multikey v1}
     *
     * @param did the document's {@code id}
     */
    public static Builder builder(Did did) {
        return new Builder(did);
    }

    /** Builds DID documents in the Multikey form. Method ids are {@code did#fragment}. */
    public static final class Builder {
        private final Did did;
        private final Set<String> contexts = new LinkedHashSet<>(List.of(DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1));
        private final List<String> controllers = new ArrayList<>();
        private final List<JsonObject> methods = new ArrayList<>();
        private final Map<Relationship, List<JsonValue>> rels = new EnumMap<>(Relationship.class);
        private final List<JsonObject> services = new ArrayList<>();

        private Builder(Did did) {
            this.did = Objects.requireNonNull(did, "did");
        }

        /**
         * Adds a JSON-LD context after the default ones.
         *
         * @param url the context URL
         * @return this builder
         */
        public Builder context(String url) {
            contexts.add(Objects.requireNonNull(url, "url"));
            return this;
        }

        /**
         * Adds a controller DID.
         *
         * @param controller a DID that may also act for this document's DID
         * @return this builder
         */
        public Builder controller(Did controller) {
            controllers.add(controller.toString());
            return this;
        }

        /**
         * Adds a Multikey method for {@code key} with id {@code did#fragment}, referenced from each of {@code relationships}.
         *
         * @param fragment      the method id's fragment, without {@code #}
         * @param key           the public key
         * @param relationships the relationships that reference the method; none is allowed
         * @return this builder
         */
        public Builder verificationMethod(String fragment, PublicKeyValue key, Relationship... relationships) {
            return verificationMethod(fragment, key.toMultikey(), relationships);
        }

        /**
         * Adds a Multikey method with the given {@code publicKeyMultibase}, referenced from each of {@code relationships}.
         *
         * @param fragment           the method id's fragment, without {@code #}
         * @param publicKeyMultibase the Multikey value (not checked here: {@link #build()} validates the document)
         * @param relationships      the relationships that reference the method
         * @return this builder
         */
        public Builder verificationMethod(String fragment, String publicKeyMultibase, Relationship... relationships) {
            String id = DidUrl.withFragment(did, fragment).toString();
            methods.add(VerificationMethod.multikeyJson(id, did.toString(), publicKeyMultibase));
            for (Relationship r : relationships) rels.computeIfAbsent(r, k -> new ArrayList<>()).add(Json.string(id));
            return this;
        }

        /**
         * Embeds a Multikey method with the given {@code publicKeyMultibase} directly in {@code relationship}.
         *
         * @param relationship       the relationship the method is embedded in
         * @param fragment           the method id's fragment, without {@code #}
         * @param publicKeyMultibase the Multikey value
         * @return this builder
         */
        public Builder embeddedMethod(Relationship relationship, String fragment, String publicKeyMultibase) {
            String id = DidUrl.withFragment(did, fragment).toString();
            rels.computeIfAbsent(relationship, k -> new ArrayList<>()).add(VerificationMethod.multikeyJson(id, did.toString(), publicKeyMultibase));
            return this;
        }

        /**
         * Adds a service endpoint ({@code id} is {@code did#fragment}).
         *
         * @param fragment        the service id's fragment, without {@code #}
         * @param type            the service type, e.g. {@code LinkedDomains}
         * @param serviceEndpoint the endpoint URL
         * @return this builder
         */
        public Builder service(String fragment, String type, String serviceEndpoint) {
            services.add(Json.object().add("id", DidUrl.withFragment(did, fragment).toString()).add("type", type)
                    .add("serviceEndpoint", serviceEndpoint).build());
            return this;
        }

        /**
         * Builds and validates the document.
         *
         * @return the document
         * @throws IllegalArgumentException if it is not a valid DID document (e.g. a malformed Multikey), with
         *     the validator's message
         */
        public DidDocument build() {
            JsonArrayBuilder ctx = Json.array();
            contexts.forEach(ctx::add);
            JsonObjectBuilder o = Json.object().add("@context", ctx).add("id", did.toString());
            if (controllers.size() == 1) o.add("controller", controllers.get(0));
            else if (!controllers.isEmpty()) {
                JsonArrayBuilder a = Json.array();
                controllers.forEach(a::add);
                o.add("controller", a);
            }
            if (!methods.isEmpty()) {
                JsonArrayBuilder a = Json.array();
                methods.forEach(a::add);
                o.add("verificationMethod", a);
            }
            for (Relationship r : Relationship.values()) {
                List<JsonValue> entries = rels.get(r);
                if (entries == null) continue;
                JsonArrayBuilder a = Json.array();
                entries.forEach(a::add);
                o.add(r.jsonName(), a);
            }
            if (!services.isEmpty()) {
                JsonArrayBuilder a = Json.array();
                services.forEach(a::add);
                o.add("service", a);
            }
            try {
                return from(o.build());
            } catch (InvalidDidDocumentException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
    }
}
