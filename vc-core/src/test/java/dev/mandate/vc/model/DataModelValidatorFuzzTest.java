package dev.mandate.vc.model;

import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.ValidityPeriod;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Documents of random shape built from the data model's own keys: the validator and views never throw. */
class DataModelValidatorFuzzTest {
    static final List<String> KEYS = List.of("@context", "type", "id", "issuer", "credentialSubject", "validFrom",
            "validUntil", "issuanceDate", "expirationDate", "credentialStatus", "credentialSchema", "evidence",
            "termsOfUse", "refreshService", "relatedResource", "digestSRI", "digestMultibase", "mediaType", "proof",
            "holder", "verifiableCredential", "name", "description", "@value", "@language", "@direction", "@protected",
            "@vocab", "@id", "VerifiableCredential", "renderMethod");
    static final List<String> STRINGS = List.of("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/examples/v2", "VerifiableCredential", "VerifiablePresentation",
            "EnvelopedVerifiableCredential", "did:example:a", "not a url", "2025-01-01T00:00:00Z", "2025-02-30T00:00:00",
            "data:application/vc+jwt,eyJ", "sha256-AAAA", "uEiB", "z", "", "ltr", "@id", "https ://x");

    @Provide
    Arbitrary<JsonValue> values() {
        return value(2);
    }

    private Arbitrary<JsonValue> value(int depth) {
        Arbitrary<JsonValue> leaf = Arbitraries.oneOf(
                Arbitraries.of(STRINGS).map(Json::createValue),
                Arbitraries.integers().between(-5, 5).map(Json::createValue),
                Arbitraries.of(JsonValue.NULL, JsonValue.TRUE, JsonValue.FALSE));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonValue> array = value(depth - 1).list().ofMaxSize(3).map(items -> {
            JsonArrayBuilder b = Json.createArrayBuilder();
            items.forEach(b::add);
            return b.build();
        });
        Arbitrary<JsonValue> object = Arbitraries.of(KEYS).list().ofMaxSize(5).uniqueElements()
                .flatMap(keys -> value(depth - 1).list().ofSize(keys.size()).map(vals -> {
                    JsonObjectBuilder b = Json.createObjectBuilder();
                    for (int i = 0; i < keys.size(); i++) {
                        b.add(keys.get(i), vals.get(i));
                    }
                    return b.build();
                }));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(2, array), net.jqwik.api.Tuple.of(3, object));
    }

    @Provide
    Arbitrary<JsonObject> documents() {
        return Arbitraries.of(KEYS).list().ofMaxSize(10).uniqueElements()
                .flatMap(keys -> value(2).list().ofSize(keys.size()).map(vals -> {
                    JsonObjectBuilder b = Json.createObjectBuilder();
                    for (int i = 0; i < keys.size(); i++) {
                        b.add(keys.get(i), vals.get(i));
                    }
                    return b.build();
                }));
    }

    @Property(tries = 300)
    void neverThrowsAndEveryProblemIsOneLineWithAPointer(@ForAll("documents") JsonObject doc) {
        List<Problem> problems = DataModelValidator.validate(doc);
        for (Problem p : problems) {
            assertFalse(p.message().contains("\n"), p.message());
            assertTrue(p.path().isEmpty() || p.path().startsWith("/"), p.path());
        }
        assertNotNull(DataModelValidator.validateCredential(doc));
        assertNotNull(DataModelValidator.validatePresentation(doc));
        assertNotNull(DataModelValidator.validateSelfAsserted(doc, "did:example:a"));
        Credential c = new Credential(doc);
        assertNotNull(ValidityPeriod.check(c, Instant.EPOCH, Duration.ofMinutes(1)));
        c.types();
        c.issuerId();
        c.subjectIds();
        c.proofs();
        c.withoutProof();
        new Presentation(doc).credentials();
        VcDocument.of(doc);
    }
}
