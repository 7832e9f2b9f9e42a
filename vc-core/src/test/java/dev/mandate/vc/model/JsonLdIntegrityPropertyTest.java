package dev.mandate.vc.model;

import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.verify.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of {@link JsonLdIntegrity} over generated documents. */
class JsonLdIntegrityPropertyTest {

    static final JsonObject CREDENTIAL = JsonLdIntegrityTest.json(JsonLdIntegrityTest.CREDENTIAL);
    static final JsonObject PRESENTATION = JsonLdIntegrityTest.json(JsonLdIntegrityTest.presentation("{}"));

    /** Pointers of the node objects of {@code v} (not value or list objects, not inside {@code @context}). */
    static List<String> nodeObjects(JsonValue v, String path, List<String> out) {
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            for (int i = 0; i < v.asJsonArray().size(); i++) {
                nodeObjects(v.asJsonArray().get(i), JsonPointers.index(path, i), out);
            }
        } else if (v.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject o = v.asJsonObject();
            if (o.containsKey("@value") || o.containsKey("@list")) {
                return out;
            }
            out.add(path);
            o.forEach((k, child) -> {
                if (!k.equals("@context")) {
                    nodeObjects(child, JsonPointers.child(path, k), out);
                }
            });
        }
        return out;
    }

    @Provide
    Arbitrary<Tuple.Tuple2<JsonObject, String>> nodeObjectsOfTheReferenceDocuments() {
        List<Tuple.Tuple2<JsonObject, String>> all = new ArrayList<>();
        for (JsonObject doc : List.of(CREDENTIAL, PRESENTATION)) {
            nodeObjects(doc, "", new ArrayList<>()).forEach(p -> all.add(Tuple.of(doc, p)));
        }
        return Arbitraries.of(all);
    }

    /** A keyword member anywhere a node object is (other than @context) is refused, where it is. */
    @Property(tries = 300)
    void aKeywordMemberOnAnyNodeObjectIsRefusedAtItsPointer(
            @ForAll("nodeObjectsOfTheReferenceDocuments") Tuple.Tuple2<JsonObject, String> at,
            @ForAll("keywords") String keyword) {
        assertEquals(List.of(), JsonLdIntegrity.check(at.get1()));
        JsonValue node = JsonPointers.get(at.get1(), at.get2()).orElseThrow();
        JsonObject changed = Json.createObjectBuilder(node.asJsonObject()).add(keyword, "urn:x").build();
        JsonObject doc = JsonLdIntegrityTest.put(at.get1(), at.get2(), changed).asJsonObject();
        String expected = JsonPointers.child(at.get2(), keyword);
        List<Problem> problems = JsonLdIntegrity.check(doc);
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(expected) && p.message().contains(keyword)),
                () -> "no problem at " + expected + ": " + problems);
    }

    /** The same with a member named by an IRI of the VC vocabulary. */
    @Property(tries = 200)
    void anIriMemberOfTheVcVocabularyOnAnyNodeObjectIsRefusedAtItsPointer(
            @ForAll("nodeObjectsOfTheReferenceDocuments") Tuple.Tuple2<JsonObject, String> at,
            @ForAll("vcIris") String iri) {
        JsonValue node = JsonPointers.get(at.get1(), at.get2()).orElseThrow();
        JsonObject changed = Json.createObjectBuilder(node.asJsonObject()).add(iri, "2020-01-01T00:00:00Z").build();
        JsonObject doc = JsonLdIntegrityTest.put(at.get1(), at.get2(), changed).asJsonObject();
        String expected = JsonPointers.child(at.get2(), iri);
        List<Problem> problems = JsonLdIntegrity.check(doc);
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(expected)), () -> "no problem at " + expected + ": " + problems);
    }

    @Provide
    Arbitrary<String> keywords() {
        return Arbitraries.of("@id", "@type", "@nest", "@set", "@graph", "@included", "@reverse", "@index", "@language");
    }

    @Provide
    Arbitrary<String> vcIris() {
        return Arbitraries.of("validUntil", "credentialStatus", "issuer", "expires", "statusPurpose", "owner")
                .flatMap(local -> Arbitraries.of(
                        "https://www.w3.org/2018/credentials#" + local, "cred:" + local, "sec:" + local,
                        "https://w3id.org/security#" + local, "https://www.w3.org/ns/credentials/status#" + local,
                        "https://mandate.dev/ns/agent#" + local));
    }

    // ---------------------------------------------------------------- plain JSON passes

    static final List<String> PLAIN_KEYS = List.of("id", "type", "name", "credentialSubject", "issuer", "proof",
            "verifiableCredential", "holder", "degree", "a", "b", "capability", "constraints", "credentialStatus");

    private Arbitrary<JsonValue> plainValue(int depth) {
        Arbitrary<JsonValue> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(6).map(Json::createValue),
                Arbitraries.integers().between(-3, 3).map(Json::createValue),
                Arbitraries.of(JsonValue.NULL, JsonValue.TRUE, JsonValue.FALSE));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonValue> array = plainValue(depth - 1).list().ofMaxSize(3).map(items -> {
            JsonArrayBuilder b = Json.createArrayBuilder();
            items.forEach(b::add);
            return b.build();
        });
        Arbitrary<JsonValue> object = plainObject(depth - 1).map(o -> o);
        Arbitrary<JsonValue> valueObject = Arbitraries.strings().ofMaxLength(4)
                .map(s -> Json.createObjectBuilder().add("@value", s).add("@language", "en").build());
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(2, array), Tuple.of(3, object), Tuple.of(1, valueObject));
    }

    private Arbitrary<JsonObject> plainObject(int depth) {
        return Arbitraries.of(PLAIN_KEYS).list().ofMaxSize(5).uniqueElements()
                .flatMap(keys -> plainValue(depth).list().ofSize(keys.size()).map(vals -> {
                    JsonObjectBuilder b = Json.createObjectBuilder();
                    for (int i = 0; i < keys.size(); i++) {
                        b.add(keys.get(i), vals.get(i));
                    }
                    return b.build();
                }));
    }

    @Provide
    Arbitrary<JsonObject> plainDocuments() {
        return plainObject(3).map(o -> Json.createObjectBuilder(o)
                .add("@context", Json.createArrayBuilder().add(JsonLdIntegrityTest.V2)
                        .add(Json.createObjectBuilder().add("degree", "https://example.org/degree")))
                .build());
    }

    /**
     * JSON with no keyword or IRI member names, no date members and an inline context that only adds a
     * term, whatever its shape otherwise, has nothing to hide.
     */
    @Property(tries = 300)
    void plainJsonHasNoProblems(@ForAll("plainDocuments") JsonObject doc) {
        assertEquals(List.of(), JsonLdIntegrity.check(doc));
    }
}
