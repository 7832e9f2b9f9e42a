package dev.mandate.vc.model;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JsonLdIntegrity}: every JSON rewrite that keeps a credential's RDF graph (and so its Data Integrity
 * proof) while hiding a member the verifier reads is refused, with a pointer to it; inline contexts that only
 * add terms, value objects and lists still pass.
 */
class JsonLdIntegrityTest {

    static final String V2 = "https://www.w3.org/ns/credentials/v2";
    static final String CRED = "https://www.w3.org/2018/credentials#";

    static JsonObject json(String text) {
        try {
            return BoundedJson.parseObject(text);
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** A VC 2.0 credential with a Data Integrity proof that every check here accepts. */
    static final String CREDENTIAL = """
            {
              "@context": ["https://www.w3.org/ns/credentials/v2", "https://mandate.dev/ns/agent/v1"],
              "id": "urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873",
              "type": ["VerifiableCredential", "AgentCapabilityCredential"],
              "name": [{"@value": "Capability", "@language": "en"}],
              "issuer": {"id": "did:web:org.example", "name": "Org"},
              "validFrom": "2020-01-01T00:00:00Z",
              "validUntil": "2020-01-01T00:05:00Z",
              "credentialSubject": {"id": "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj",
                 "capability": [{"action": "read", "resource": "https://api.example/x", "constraints": {"maxAmount": 10}}]},
              "credentialStatus": {"id": "https://org.example/status/3#94567", "type": "BitstringStatusListEntry",
                 "statusPurpose": "revocation", "statusListIndex": "94567", "statusListCredential": "https://org.example/status/3"},
              "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",
                "verificationMethod": "did:web:org.example#key-1", "created": "2020-01-01T00:00:00Z",
                "expires": "2020-01-02T00:00:00Z", "proofValue": "z5..."}
            }""";

    /** {@link #CREDENTIAL} with {@code contextItem} appended to its {@code @context} and {@code members} put in (replacing). */
    static JsonObject credential(String contextItem, String members) {
        JsonObject base = json(CREDENTIAL);
        JsonObjectBuilder b = Json.createObjectBuilder(base);
        if (contextItem != null) {
            b.add("@context", Json.createArrayBuilder(base.getJsonArray("@context")).add(json("{\"v\": " + contextItem + "}").get("v")));
        }
        if (members != null) {
            json(members).forEach(b::add);
        }
        return b.build();
    }

    static JsonObject without(JsonObject o, String... keys) {
        JsonObjectBuilder b = Json.createObjectBuilder(o);
        for (String k : keys) {
            b.remove(k);
        }
        return b.build();
    }

    /** Asserts exactly one problem, at {@code path}, whose message has each of {@code words}. */
    static void assertOneProblem(List<Problem> problems, String path, String... words) {
        assertEquals(1, problems.size(), () -> "expected one problem at " + path + ", got " + problems);
        assertProblem(problems, path, words);
    }

    /** Asserts a problem at {@code path} whose message has each of {@code words}. */
    static void assertProblem(List<Problem> problems, String path, String... words) {
        Problem p = problems.stream().filter(x -> x.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + " in " + problems));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, p.type(), p.toString());
        for (String w : words) {
            assertTrue(p.message().contains(w), () -> "message '" + p.message() + "' lacks '" + w + "'");
        }
        assertFalse(p.message().contains("\n"), p.message());
    }

    static void assertClean(JsonObject doc) {
        assertEquals(List.of(), JsonLdIntegrity.check(doc));
    }

    @Test
    void theReferenceCredentialIsCleanForBothChecks() {
        assertClean(json(CREDENTIAL));
        assertEquals(List.of(), DataModelValidator.validate(json(CREDENTIAL)));
    }

    // ---------------------------------------------------------------- rule 1: inline contexts

    @Test
    void aliasOfValidUntilIsRefused() {
        // the attack: validUntil renamed through an inline term; the graph (and proof) is the same, and the
        // data model validator sees no validUntil to complain about
        JsonObject doc = without(credential(
                "{\"vu\": {\"@id\": \"https://www.w3.org/2018/credentials#validUntil\", \"@type\": \"http://www.w3.org/2001/XMLSchema#dateTime\"}}",
                "{\"vu\": \"2020-01-01T00:05:00Z\"}"), "validUntil");
        assertEquals(List.of(), DataModelValidator.validate(doc));
        assertOneProblem(JsonLdIntegrity.check(doc), "/@context/2/vu", "\"vu\"", "credentials#validUntil", "aliasing VC terms is refused");
    }

    @Test
    void aliasWithACompactIriOfAStandardPrefixIsRefused() {
        JsonObject doc = credential("{\"vu\": {\"@id\": \"cred:validUntil\", \"@type\": \"xsd:dateTime\"}}", null);
        assertOneProblem(JsonLdIntegrity.check(doc), "/@context/2/vu", "\"vu\"", "credentials#validUntil");
    }

    @Test
    void aliasOfCredentialStatusIsRefused() {
        JsonObject doc = credential("{\"cs\": {\"@id\": \"https://www.w3.org/2018/credentials#credentialStatus\", \"@type\": \"@id\"}}", null);
        assertOneProblem(JsonLdIntegrity.check(doc), "/@context/2/cs", "\"cs\"", "credentials#credentialStatus");
    }

    @Test
    void aliasesIntoEachProtectedVocabularyAreRefused() {
        Map<String, String> cases = new TreeMap<>(Map.of(
                "https://www.w3.org/ns/credentials/status#statusPurpose", "ns/credentials/status#statusPurpose",
                "https://w3id.org/security#expiration", "security#expiration",
                "https://w3id.org/vc/status-list#statusListIndex", "status-list#statusListIndex",
                "https://mandate.dev/ns/agent#constraints", "agent#constraints",
                "http://purl.org/dc/terms/created", "dc:created",
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "rdf:type"));
        cases.forEach((iri, label) -> {
            JsonObject doc = credential("{\"x\": {\"@id\": \"" + iri + "\", \"@type\": \"@id\"}}", null);
            assertOneProblem(JsonLdIntegrity.check(doc), "/@context/2/x", "\"x\"", label);
            JsonObject plain = credential("{\"x\": \"" + iri + "\"}", null);
            assertOneProblem(JsonLdIntegrity.check(plain), "/@context/2/x", "\"x\"", label);
        });
    }

    @Test
    void aliasThroughAPrefixDefinedInlineIsRefused() {
        // "w3" itself is harmless, but what it builds is not; also when the prefix comes from another context
        JsonObject doc = credential("{\"w3\": \"https://www.w3.org/\", \"vu\": \"w3:2018/credentials#validUntil\"}", null);
        assertOneProblem(JsonLdIntegrity.check(doc), "/@context/2/vu", "credentials#validUntil");
        JsonObject split = credential("{\"w3\": \"https://www.w3.org/\"}",
                "{\"credentialSubject\": {\"@context\": {\"vu\": \"w3:2018/credentials#validUntil\"}, \"id\": \"did:example:s\"}}");
        assertOneProblem(JsonLdIntegrity.check(split), "/credentialSubject/@context/vu", "credentials#validUntil");
    }

    @Test
    void aliasThroughATermReferenceIsRefused() {
        // {"vu": "validUntil"}: IRI expansion of a term name gives that term's IRI
        assertOneProblem(JsonLdIntegrity.check(credential("{\"vu\": \"validUntil\"}", null)),
                "/@context/2/vu", "\"vu\"", "credentials#validUntil");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"who\": \"id\"}", null)),
                "/@context/2/who", "\"who\"", "keyword @id");
        // followed through other terms (here "c" is itself an alias too)
        List<Problem> chain = JsonLdIntegrity.check(credential(
                "{\"a\": \"https://example.org/a\", \"b\": {\"@id\": \"a\"}, \"vu\": \"c\", \"c\": \"cred:validUntil\"}", null));
        assertEquals(2, chain.size(), chain::toString);
        assertProblem(chain, "/@context/2/vu", "\"vu\"", "credentials#validUntil");
        assertProblem(chain, "/@context/2/c", "\"c\"", "credentials#validUntil");
    }

    @Test
    void keywordAliasesAreRefused() {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"who\": \"@id\"}", "{\"credentialSubject\": {\"who\": \"did:example:s\"}}")),
                "/@context/2/who", "\"who\"", "keyword @id", "keyword aliases are refused");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"kind\": {\"@id\": \"@type\"}}", null)),
                "/@context/2/kind", "\"kind\"", "keyword @type");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"wrap\": \"@nest\"}", null)),
                "/@context/2/wrap", "\"wrap\"", "keyword @nest");
    }

    @Test
    void protectedTermRedefinitionIsRefused() {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"issuer\": \"https://example.org/issuer\"}", null)),
                "/@context/2/issuer", "protected term \"issuer\"", "redefinition is refused");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"validUntil\": null}", null)),
                "/@context/2/validUntil", "protected term \"validUntil\"");
        assertOneProblem(JsonLdIntegrity.check(credential(
                        "{\"credentialSubject\": {\"@id\": \"https://www.w3.org/2018/credentials#credentialSubject\", \"@container\": \"@id\"}}", null)),
                "/@context/2/credentialSubject", "protected term \"credentialSubject\"");
        // scoped terms of the bundled contexts are protected too
        assertOneProblem(JsonLdIntegrity.check(credential("{\"statusPurpose\": \"https://example.org/p\"}", null)),
                "/@context/2/statusPurpose", "protected term \"statusPurpose\"");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"maxAmount\": \"https://example.org/m\"}", null)),
                "/@context/2/maxAmount", "protected term \"maxAmount\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"@id\"", "{\"@id\": \"@id\"}", "\"https://example.org/id\""})
    void idIsProtectedEvenRestatedAsItsKeyword(String definition) {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"id\": " + definition + "}", null)),
                "/@context/2/id", "protected term \"id\"");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"type\": " + definition.replace("@id", "@type") + "}", null)),
                "/@context/2/type", "protected term \"type\"");
    }

    @Test
    void restatingABundledTermWithItsOwnIriIsAllowed() {
        // the W3C data model suite's credential-proof-ok.json: same name, same IRI, no new name for anything
        assertClean(credential("{\"Ed25519Signature2020\": \"https://w3id.org/security#Ed25519Signature2020\"}", null));
        assertClean(credential("{\"Ed25519Signature2020\": {\"@id\": \"sec:Ed25519Signature2020\", \"@protected\": true}}", null));
        assertClean(credential("{\"name\": \"https://schema.org/name\"}", null));
    }

    @Test
    void restatementsThatChangeMoreThanTheNameOrShareAnIriAreRefused() {
        // "expiration" and "expires" share security#expiration: restating one is an alias of the other
        assertOneProblem(JsonLdIntegrity.check(credential("{\"expiration\": \"https://w3id.org/security#expiration\"}", null)),
                "/@context/2/expiration", "protected term \"expiration\"");
        // a container would move the subject's id into a map key
        assertOneProblem(JsonLdIntegrity.check(credential(
                        "{\"credentialSubject\": {\"@id\": \"https://www.w3.org/2018/credentials#credentialSubject\", \"@container\": \"@index\"}}", null)),
                "/@context/2/credentialSubject", "protected term");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"name\": \"https://example.org/name\"}", null)),
                "/@context/2/name", "protected term \"name\"");
    }

    @Test
    void baseAndImportAreRefused() {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"@base\": \"https://www.w3.org/2018/credentials\"}", null)),
                "/@context/2/@base", "@base", "refused");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"@import\": \"https://example.org/ctx\"}", null)),
                "/@context/2/@import", "@import", "refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.w3.org/2018/credentials#", "https://w3id.org/security#", "https://www.w3.org/ns/credentials/",
            "https://www.w3.org/ns/credentials/status#", "https://mandate.dev/ns/agent#", "https://www.w3.org/", "https://w3id.org/",
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/", "cred:", "https://www.w3.org/ns/credentials/issuer-"})
    void vocabInOrLeadingIntoAProtectedVocabularyIsRefused(String vocab) {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"@vocab\": \"" + vocab + "\"}", null)),
                "/@context/2/@vocab", "@vocab", "refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "#", "vocab/"})
    void relativeVocabIsRefused(String vocab) {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"@vocab\": \"" + vocab + "\"}", null)),
                "/@context/2/@vocab", "relative @vocab");
    }

    @Test
    void reverseDefinitionsAreRefused() {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"issued\": {\"@reverse\": \"https://example.org/issuedBy\"}}", null)),
                "/@context/2/issued", "@reverse");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"by\": {\"@reverse\": \"https://example.org/issuedBy\"}}", null)),
                "/@context/2/by", "\"by\"", "@reverse");
    }

    @Test
    void otherKeywordsInAContextAreRefusedButTheTypeKeywordDefinitionIsNot() {
        assertOneProblem(JsonLdIntegrity.check(credential("{\"@id\": \"https://example.org/\"}", null)),
                "/@context/2/@id", "\"@id\"");
        assertOneProblem(JsonLdIntegrity.check(credential("{\"@type\": {\"@id\": \"https://example.org/t\"}}", null)),
                "/@context/2/@type", "keyword @type");
        assertClean(credential("{\"@version\": 1.1, \"@protected\": true, \"@language\": \"en\", \"@direction\": \"ltr\","
                + " \"@propagate\": true, \"@type\": {\"@container\": \"@set\", \"@protected\": true}}", null));
    }

    @Test
    void propertyValuedIndexOntoAProtectedIriIsRefused() {
        assertOneProblem(JsonLdIntegrity.check(credential(
                        "{\"byDate\": {\"@id\": \"https://example.org/byDate\", \"@container\": \"@index\", \"@index\": \"validUntil\"}}", null)),
                "/@context/2/byDate/@index", "\"byDate\"", "credentials#validUntil");
    }

    @Test
    void scopedAndNestedContextsAreCheckedToo() {
        assertOneProblem(JsonLdIntegrity.check(credential(
                        "{\"Foo\": {\"@id\": \"https://example.org/Foo\", \"@context\": {\"vu\": \"https://www.w3.org/2018/credentials#validUntil\"}}}", null)),
                "/@context/2/Foo/@context/vu", "\"vu\"");
        assertOneProblem(JsonLdIntegrity.check(credential(
                        "{\"foo\": {\"@id\": \"https://example.org/foo\", \"@context\": [\"https://example.org/ctx\", {\"who\": \"@id\"}]}}", null)),
                "/@context/2/foo/@context/1/who", "keyword @id");
        assertOneProblem(JsonLdIntegrity.check(credential(null,
                        "{\"credentialSubject\": {\"id\": \"did:example:s\", \"claim\": {\"@context\": {\"issuer\": \"https://example.org/i\"}, \"x\": 1}}}")),
                "/credentialSubject/claim/@context/issuer", "protected term \"issuer\"");
        // a top-level @context that is a single object
        JsonObject single = Json.createObjectBuilder(json(CREDENTIAL)).add("@context", json("{\"cs\": \"cred:credentialStatus\"}")).build();
        assertProblem(JsonLdIntegrity.check(single), "/@context/cs", "\"cs\"");
    }

    // ---------------------------------------------------------------- rule 2: member names

    @Test
    void absoluteIriMemberIsRefused() {
        JsonObject doc = without(credential(null, "{\"https://www.w3.org/2018/credentials#validUntil\": \"2020-01-01T00:05:00Z\"}"), "validUntil");
        assertOneProblem(JsonLdIntegrity.check(doc), "/https:~1~1www.w3.org~12018~1credentials#validUntil",
                "\"https://www.w3.org/2018/credentials#validUntil\"", "credentials#validUntil", "refused");
    }

    @Test
    void compactIriMembersAreRefused() {
        assertOneProblem(JsonLdIntegrity.check(credential(null, "{\"cred:credentialStatus\": {\"id\": \"https://s.example/1#2\"}}")),
                "/cred:credentialStatus", "\"cred:credentialStatus\"", "credentials#credentialStatus");
        assertOneProblem(JsonLdIntegrity.check(credential(null, "{\"rdf:type\": \"https://example.org/T\"}")),
                "/rdf:type", "rdf:type");
        JsonObject proof = credential(null, "{\"proof\": {\"type\": \"DataIntegrityProof\", \"sec:expiration\": \"2020-01-01T00:00:00Z\"}}");
        assertOneProblem(JsonLdIntegrity.check(proof), "/proof/sec:expiration", "security#expiration");
        // a prefix from an inline context that maps into the VC vocabulary (the definition itself is fine)
        JsonObject inline = credential("{\"w3c\": \"https://www.w3.org/2018/\"}", "{\"w3c:credentials#validUntil\": \"2020-01-01T00:05:00Z\"}");
        assertOneProblem(JsonLdIntegrity.check(inline), "/w3c:credentials#validUntil", "credentials#validUntil");
    }

    @Test
    void keywordMembersInsteadOfIdAndTypeAreRefused() {
        JsonObject id = without(credential(null, "{\"@id\": \"urn:uuid:1\"}"), "id");
        assertOneProblem(JsonLdIntegrity.check(id), "/@id", "\"@id\"", "write \"id\"");
        JsonObject subject = credential(null, "{\"credentialSubject\": {\"@id\": \"did:example:s\"}}");
        assertOneProblem(JsonLdIntegrity.check(subject), "/credentialSubject/@id", "\"@id\"");
        JsonObject type = credential(null, "{\"credentialStatus\": {\"id\": \"https://s.example/1#2\", \"@type\": \"BitstringStatusListEntry\"}}");
        assertOneProblem(JsonLdIntegrity.check(type), "/credentialStatus/@type", "\"@type\"", "write \"type\"");
        JsonObject issuer = credential(null, "{\"issuer\": {\"@id\": \"did:web:org.example\"}}");
        assertOneProblem(JsonLdIntegrity.check(issuer), "/issuer/@id", "\"@id\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"@nest", "@set", "@graph", "@included", "@reverse", "@index", "@language", "@foo"})
    void otherKeywordMembersOfNodeObjectsAreRefused(String keyword) {
        JsonObject doc = credential(null, "{\"" + keyword + "\": {\"validUntil\": \"2020-01-01T00:05:00Z\"}}");
        assertOneProblem(JsonLdIntegrity.check(doc), "/" + keyword, "\"" + keyword + "\"", "keyword");
    }

    @Test
    void nestHoistingAndSetWrappingAreRefusedWhereTheyAre() {
        JsonObject nest = without(credential(null, "{\"@nest\": {\"validUntil\": \"2020-01-01T00:05:00Z\"}}"), "validUntil");
        assertOneProblem(JsonLdIntegrity.check(nest), "/@nest", "\"@nest\"");
        JsonObject set = credential(null, "{\"credentialSubject\": {\"id\": \"did:example:s\", \"degree\": {\"@set\": [\"x\"]}}}");
        assertOneProblem(JsonLdIntegrity.check(set), "/credentialSubject/degree/@set", "\"@set\"");
        JsonObject status = credential(null, "{\"credentialStatus\": {\"@set\": [{\"id\": \"https://s.example/1#2\", \"type\": \"BitstringStatusListEntry\"}]}}");
        assertOneProblem(JsonLdIntegrity.check(status), "/credentialStatus/@set", "\"@set\"");
    }

    @Test
    void valueAndListObjectsMayOnlyHoldTheirOwnKeywords() {
        JsonObject value = credential(null, "{\"credentialSubject\": {\"id\": \"did:example:s\", \"n\": {\"@value\": 1, \"@id\": \"did:example:x\"}}}");
        assertOneProblem(JsonLdIntegrity.check(value), "/credentialSubject/n/@id", "value object");
        JsonObject list = credential(null, "{\"credentialSubject\": {\"id\": \"did:example:s\", \"l\": {\"@list\": [1], \"@type\": \"T\"}}}");
        assertOneProblem(JsonLdIntegrity.check(list), "/credentialSubject/l/@type", "list object");
        JsonObject inList = credential(null, "{\"credentialSubject\": {\"id\": \"did:example:s\", \"l\": {\"@list\": [{\"@id\": \"did:x\"}]}}}");
        assertOneProblem(JsonLdIntegrity.check(inList), "/credentialSubject/l/@list/0/@id", "\"@id\"");
    }

    // ---------------------------------------------------------------- rule 3: plain shapes

    static final String DATE = "\"2020-01-01T00:00:00Z\"";
    static final String VALUE_OBJECT = "{\"@value\": \"2020-01-01T00:00:00Z\", \"@type\": \"http://www.w3.org/2001/XMLSchema#dateTime\"}";

    /** The brief's examples on a credential: the data model validator already refuses them, so this check does not repeat it. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"validUntil\": [" + DATE + "]}", "{\"validUntil\": " + VALUE_OBJECT + "}",
            "{\"issuer\": [\"did:web:org.example\"]}", "{\"id\": [\"urn:uuid:1\"]}",
            "{\"credentialSubject\": {\"id\": [\"did:example:s\"]}}"})
    void wrappedMembersOfACredentialAreLeftToTheDataModelValidator(String members) {
        JsonObject doc = credential(null, members);
        String member = json(members).keySet().iterator().next();
        assertEquals(List.of(), JsonLdIntegrity.check(doc));
        assertTrue(DataModelValidator.validate(doc).stream().anyMatch(p -> p.path().startsWith("/" + member)),
                () -> DataModelValidator.validate(doc).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[" + DATE + "]", VALUE_OBJECT})
    void proofDatesMustBePlainStrings(String shape) {
        JsonObject doc = credential(null, "{\"proof\": {\"type\": \"DataIntegrityProof\", \"cryptosuite\": \"eddsa-rdfc-2022\","
                + " \"created\": " + DATE + ", \"expires\": " + shape + "}}");
        assertOneProblem(JsonLdIntegrity.check(doc), "/proof/expires", "expires must be a plain date-time string", "hides");
        JsonObject set = credential(null, "{\"proof\": [{\"type\": \"DataIntegrityProof\", \"created\": " + shape + "}]}");
        assertOneProblem(JsonLdIntegrity.check(set), "/proof/0/created", "created must be a plain");
    }

    @Test
    void expirationInAProofIsRefused() {
        // security v1/v2 define "expiration" with the IRI of "expires": no inline context is needed to hide expires
        JsonObject doc = credential(null, "{\"proof\": {\"type\": \"DataIntegrityProof\", \"expiration\": " + DATE + "}}");
        assertOneProblem(JsonLdIntegrity.check(doc), "/proof/expiration", "\"expiration\"", "expires");
    }

    @Test
    void vc1DatesInAVc2CredentialAndDatesOfPresentationsMustBePlainStrings() {
        assertOneProblem(JsonLdIntegrity.check(credential(null, "{\"expirationDate\": [" + DATE + "]}")),
                "/expirationDate", "expirationDate must be a plain");
        JsonObject vp = json(presentation("{\"validUntil\": " + VALUE_OBJECT + "}"));
        assertOneProblem(JsonLdIntegrity.check(vp), "/validUntil", "validUntil must be a plain");
    }

    @Test
    void credentialsInsideAPresentationAreCheckedWithTheirProofs() {
        JsonObject inner = credential(null, "{\"expirationDate\": [" + DATE + "], \"proof\": {\"type\": \"DataIntegrityProof\", \"expires\": [" + DATE + "]}}");
        JsonObject vp = Json.createObjectBuilder(json(presentation("{}")))
                .add("verifiableCredential", Json.createArrayBuilder().add(json(CREDENTIAL)).add(inner)).build();
        List<Problem> problems = JsonLdIntegrity.check(vp);
        assertEquals(2, problems.size(), problems::toString);
        assertProblem(problems, "/verifiableCredential/1/expirationDate", "expirationDate");
        assertProblem(problems, "/verifiableCredential/1/proof/expires", "expires");
        JsonObject single = Json.createObjectBuilder(json(presentation("{}"))).add("verifiableCredential", inner).build();
        assertEquals(Set.of("/verifiableCredential/expirationDate", "/verifiableCredential/proof/expires"),
                JsonLdIntegrity.check(single).stream().map(Problem::path).collect(Collectors.toSet()));
    }

    static String presentation(String members) {
        JsonObjectBuilder b = Json.createObjectBuilder(json("""
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                 "holder": "did:example:holder", "verifiableCredential": [%s],
                 "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "authentication",
                   "verificationMethod": "did:example:holder#k", "challenge": "c", "created": "2020-01-01T00:00:00Z", "proofValue": "z5..."}}
                """.formatted(CREDENTIAL)));
        json(members).forEach(b::add);
        return b.build().toString();
    }

    static final String V1_CREDENTIAL = """
            {"@context": ["https://www.w3.org/2018/credentials/v1"], "id": "urn:uuid:1", "type": ["VerifiableCredential"],
             "issuer": "did:example:issuer", "issuanceDate": "2020-01-01T00:00:00Z",
             "credentialSubject": {"id": "did:example:subject"},
             "proof": {"type": "Ed25519Signature2018", "created": "2020-01-01T00:00:00Z", "proofPurpose": "assertionMethod",
               "verificationMethod": "did:example:issuer#k", "jws": "x"}}""";

    /**
     * Rule 3 as a whole: for every single-valued member the verifier reads, at every place it reads it, an
     * array or value object is reported, by this class or by {@link DataModelValidator}, and never by both.
     */
    @Test
    void everyReadMemberMustBePlainAndIsReportedOnce() {
        Map<String, JsonObject> bases = new TreeMap<>(Map.of(
                "v2 credential", json(CREDENTIAL), "v1 credential", json(V1_CREDENTIAL), "v2 presentation", json(presentation("{}"))));
        bases.forEach((name, base) -> {
            assertEquals(List.of(), DataModelValidator.validate(base), name);
            assertClean(base);
        });
        List<String> bad = List.of("[" + DATE + "]", VALUE_OBJECT);
        String[] dates = {"validFrom", "validUntil", "issuanceDate", "expirationDate", "created", "expires"};
        int cases = 0;
        for (Map.Entry<String, JsonObject> e : bases.entrySet()) {
            List<String> places = new ArrayList<>(List.of("", "/proof"));
            if (e.getKey().contains("presentation")) {
                places.addAll(List.of("/verifiableCredential/0", "/verifiableCredential/0/proof"));
            }
            for (String place : places) {
                for (String date : dates) {
                    for (String shape : bad) {
                        assertReportedOnce(e.getKey(), e.getValue(), place + "/" + date, shape);
                        cases++;
                    }
                }
                for (String shape : List.of("[\"urn:uuid:2\"]", "{\"@value\": \"urn:uuid:2\"}")) {
                    assertReportedOnce(e.getKey(), e.getValue(), place + "/id", shape);
                    cases++;
                }
            }
            String cred = e.getKey().contains("presentation") ? "/verifiableCredential/0" : "";
            for (String shape : List.of("[\"did:example:i\"]", "{\"id\": [\"did:example:i\"]}", "{\"id\": {\"@value\": \"did:example:i\"}}")) {
                assertReportedOnce(e.getKey(), e.getValue(), cred + "/issuer", shape);
                cases++;
            }
            for (String shape : List.of("[\"did:example:s\"]", "{\"@value\": \"did:example:s\"}")) {
                assertReportedOnce(e.getKey(), e.getValue(), cred + "/credentialSubject/id", shape);
                cases++;
            }
            if (e.getKey().contains("presentation")) {
                for (String shape : List.of("[\"did:example:h\"]", "{\"id\": [\"did:example:h\"]}")) {
                    assertReportedOnce(e.getKey(), e.getValue(), "/holder", shape);
                    cases++;
                }
            }
        }
        assertTrue(cases > 100, "cases: " + cases);
    }

    private static void assertReportedOnce(String name, JsonObject base, String pointer, String shape) {
        JsonObject doc = put(base, pointer, json("{\"v\": " + shape + "}").get("v")).asJsonObject();
        boolean mine = JsonLdIntegrity.check(doc).stream().anyMatch(p -> p.path().startsWith(pointer));
        boolean validator = DataModelValidator.validate(doc).stream().anyMatch(p -> p.path().startsWith(pointer));
        assertTrue(mine || validator, () -> name + ": " + shape + " at " + pointer + " is reported by neither check");
        assertFalse(mine && validator, () -> name + ": " + shape + " at " + pointer + " is reported by both checks");
    }

    /** {@code root} with the member or element at {@code pointer} set to {@code value}. */
    static JsonValue put(JsonValue root, String pointer, JsonValue value) {
        List<String> tokens = JsonPointers.tokens(pointer).orElseThrow();
        return put(root, tokens, 0, value);
    }

    private static JsonValue put(JsonValue at, List<String> tokens, int i, JsonValue value) {
        if (i == tokens.size()) {
            return value;
        }
        String t = tokens.get(i);
        if (at.getValueType() == JsonValue.ValueType.ARRAY) {
            int index = Integer.parseInt(t);
            JsonArrayBuilder b = Json.createArrayBuilder(at.asJsonArray());
            return b.set(index, put(at.asJsonArray().get(index), tokens, i + 1, value)).build();
        }
        JsonObject o = at.asJsonObject();
        JsonValue child = o.containsKey(t) ? o.get(t) : JsonValue.EMPTY_JSON_OBJECT;
        return Json.createObjectBuilder(o).add(t, put(child, tokens, i + 1, value)).build();
    }

    // ---------------------------------------------------------------- what stays allowed

    @Test
    void contextsThatOnlyAddTermsPass() {
        assertClean(credential("{\"@vocab\": \"https://example.org/#\"}", "{\"credentialSubject\": {\"id\": \"did:example:s\", \"anything\": 1}}"));
        assertClean(credential("{\"foo\": \"https://example.org/foo\", \"Foo\": {\"@id\": \"https://example.org/Foo\"}}", "{\"foo\": \"bar\"}"));
        assertClean(credential("{\"ex\": \"https://example.org/vocab#\", \"knows\": {\"@id\": \"ex:knows\", \"@type\": \"@id\"},"
                        + " \"age\": {\"@id\": \"ex:age\", \"@type\": \"xsd:integer\"}, \"tags\": {\"@id\": \"ex:tags\", \"@container\": \"@list\"},"
                        + " \"label\": {\"@id\": \"ex:label\", \"@language\": \"en\"}, \"gone\": null}",
                "{\"credentialSubject\": {\"id\": \"did:example:s\", \"knows\": \"did:example:t\", \"age\": \"42\", \"ex:direct\": 1,"
                        + " \"https://example.org/vocab#absolute\": true, \"tags\": [\"a\", \"b\"]}}"));
        // a type-scoped context that adds terms, and one on a nested node
        assertClean(credential("{\"Degree\": {\"@id\": \"https://example.org/Degree\", \"@context\": {\"major\": \"https://example.org/major\"}}}",
                "{\"credentialSubject\": {\"id\": \"did:example:s\", \"degree\": {\"type\": \"Degree\", \"major\": \"CS\","
                        + " \"@context\": {\"minor\": \"https://example.org/minor\"}, \"minor\": \"Math\"}}}"));
        // the @vocab of the examples and undefined-terms contexts, and issuer-dependent terms
        assertClean(credential("{\"@vocab\": \"https://www.w3.org/ns/credentials/examples#\","
                + " \"x\": \"https://www.w3.org/ns/credentials/issuer-dependent#x\"}", null));
        // the W3C data model suite's forms
        assertClean(credential("{\"ExampleVerifiableCredential\": \"https://example.org/#ExampleVerifiableCredential\"}", null));
        assertClean(credential("{\"@vocab\": null}", null));
        assertClean(credential("{\"@vocab\": \"https://vendor.example#\"}", null));
    }

    @Test
    void valueObjectsAndListsInClaimsPass() {
        assertClean(credential(null, """
                {"credentialSubject": {"id": "did:example:s",
                  "born": {"@value": "2000-01-01", "@type": "http://www.w3.org/2001/XMLSchema#date"},
                  "motto": {"@value": "Carpe diem", "@language": "la", "@direction": "ltr", "@index": "m"},
                  "steps": {"@list": [1, {"@value": "two", "@language": "en"}, {"id": "did:example:3"}], "@index": "s"},
                  "data": {"@value": {"@id": "not a node", "https://www.w3.org/2018/credentials#issuer": 1}, "@type": "@json"}},
                 "validUntil": "2020-01-01T00:05:00Z"}"""));
    }

    @Test
    void jsonLiteralTermsAreNotLookedInto() {
        assertClean(credential(null, """
                {"credentialSchema": {"id": "https://s.example/schema", "type": "JsonSchema",
                  "jsonSchema": {"$schema": "https://json-schema.org/draft/2020-12/schema",
                    "properties": {"@context": {"type": "array"}, "@id": {"type": "string"}}}}}"""));
    }

    @Test
    void remoteContextsAreNotThisRulesBusiness() {
        assertClean(credential("\"https://example.org/any/context\"",
                "{\"credentialSubject\": {\"@context\": \"https://example.org/other\", \"id\": \"did:example:s\"}}"));
    }

    // ---------------------------------------------------------------- the protected terms table

    /** Every protected term named in the class comment and the brief is in the table. */
    @Test
    void theTableHasTheTermsTheVerifierReads() {
        Set<String> terms = JsonLdIntegrity.protectedTerms();
        for (String t : List.of("id", "type", "issuer", "holder", "validFrom", "validUntil", "issuanceDate", "expirationDate",
                "credentialStatus", "credentialSubject", "proof", "created", "expires", "domain", "challenge", "nonce",
                "verificationMethod", "proofPurpose", "cryptosuite", "proofValue", "statusPurpose", "statusListIndex",
                "statusListCredential", "encodedList", "owner", "capability", "constraints", "delegationDepth",
                "parentCredential", "maxAmount", "workloadId", "Ed25519Signature2020", "Multikey", "publicKeyJwk",
                "service", "cred", "sec", "xsd", "dc")) {
            assertTrue(terms.contains(t), t);
        }
        assertEquals(194, terms.size());
    }

    static final List<String> BUNDLED_FILES = List.of("credentials-v1.jsonld", "credentials-v2.jsonld",
            "data-integrity-v1.jsonld", "data-integrity-v2.jsonld", "bitstring-status-list-v1.jsonld",
            "status-list-2021-v1.jsonld", "security-v1.jsonld", "security-v2.jsonld", "multikey-v1.jsonld", "jwk-v1.jsonld",
            "did-v1.jsonld", "ed25519-2018-v1.jsonld", "ed25519-2020-v1.jsonld", "mandate/agent-v1.jsonld");

    /**
     * The hard-coded table is what the bundled context files of vc-jsonld define (checked when the files are
     * at hand, as in a build of the whole project; vc-core cannot depend on vc-jsonld).
     */
    @Test
    void theTableMatchesTheBundledContextFiles() throws IOException {
        Path dir = Path.of("..", "vc-jsonld", "src", "main", "resources", "dev", "mandate", "contexts");
        Assumptions.assumeTrue(Files.isDirectory(dir), "vc-jsonld's contexts are not at " + dir.toAbsolutePath());
        Map<String, Set<String>> found = new HashMap<>();
        for (String file : BUNDLED_FILES) {
            collect(json(Files.readString(dir.resolve(file))).get("@context"), found);
        }
        assertEquals(new TreeMap<>(found), new TreeMap<>(JsonLdIntegrity.bundledTermIris()));
    }

    private static final Map<String, String> PREFIXES = Map.of("cred", CRED, "sec", "https://w3id.org/security#",
            "dc", "http://purl.org/dc/terms/", "xsd", "http://www.w3.org/2001/XMLSchema#");

    private static void collect(JsonValue ctx, Map<String, Set<String>> out) {
        if (ctx.getValueType() == JsonValue.ValueType.ARRAY) {
            ctx.asJsonArray().forEach(c -> collect(c, out));
            return;
        }
        if (ctx.getValueType() != JsonValue.ValueType.OBJECT) {
            return;
        }
        ctx.asJsonObject().forEach((term, def) -> {
            if (term.startsWith("@")) {
                return;
            }
            JsonValue id = def.getValueType() == JsonValue.ValueType.OBJECT ? def.asJsonObject().get("@id") : def;
            String iri = id instanceof JsonString ? ((JsonString) id).getString() : term; // no @id: the term is its IRI
            out.computeIfAbsent(term, k -> new HashSet<>()).add(expandBundled(iri));
            if (def.getValueType() == JsonValue.ValueType.OBJECT && def.asJsonObject().containsKey("@context")) {
                collect(def.asJsonObject().get("@context"), out);
            }
        });
    }

    private static String expandBundled(String iri) {
        int colon = iri.indexOf(':');
        if (colon > 0 && PREFIXES.containsKey(iri.substring(0, colon)) && !iri.startsWith("//", colon + 1)) {
            return PREFIXES.get(iri.substring(0, colon)) + iri.substring(colon + 1);
        }
        return iri;
    }

    // ---------------------------------------------------------------- odds and ends

    @Test
    void problemsAreBoundedAndDepthIsGuarded() {
        JsonObjectBuilder b = Json.createObjectBuilder(json(CREDENTIAL));
        for (int i = 0; i < 150; i++) {
            b.add("cred:x" + i, 1);
        }
        List<Problem> many = JsonLdIntegrity.check(b.build());
        assertEquals(101, many.size());
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, many.get(100).type());

        JsonValue deep = Json.createValue("x");
        for (int i = 0; i < JsonLdIntegrity.MAX_DEPTH + 10; i++) {
            deep = Json.createArrayBuilder().add(deep).build();
        }
        List<Problem> problems = JsonLdIntegrity.check(Json.createObjectBuilder().add("a", deep).build());
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).message().contains("deeper than"));
    }

    @Test
    void termsDefinedThroughEachOtherInManyContextsAreBounded() {
        // each of 300 contexts defines a and b through each other: following every definition would take 600^8 steps
        JsonArrayBuilder contexts = Json.createArrayBuilder().add(V2);
        for (int i = 0; i < 300; i++) {
            contexts.add(Json.createObjectBuilder().add("a", "b").add("b", "a").add("c" + i, "a:x"));
        }
        JsonObject doc = Json.createObjectBuilder(json(CREDENTIAL)).add("@context", contexts).build();
        List<Problem> problems = JsonLdIntegrity.check(doc);
        assertProblem(problems, "", "too intricately");
        assertEquals(1, problems.size(), problems::toString);
    }

    /** Runs the check many times over documents with and without findings: correctness only, no timing. */
    @Test
    void repeatedChecksGiveTheSameAnswer() {
        JsonObject clean = json(CREDENTIAL);
        JsonObject vp = json(presentation("{}"));
        JsonObject attacked = credential("{\"vu\": \"cred:validUntil\"}", "{\"@nest\": {}}");
        List<Problem> expected = JsonLdIntegrity.check(attacked);
        assertEquals(2, expected.size(), expected::toString);
        for (int i = 0; i < 20_000; i++) {
            assertTrue(JsonLdIntegrity.check(clean).isEmpty());
            assertTrue(JsonLdIntegrity.check(vp).isEmpty());
            if (i % 100 == 0) {
                assertEquals(expected, JsonLdIntegrity.check(attacked));
            }
        }
    }

    @Test
    void labelsAreShort() {
        assertEquals("credentials#validUntil", ProtectedVocabulary.label(CRED + "validUntil"));
        assertEquals("rdf:type", ProtectedVocabulary.label("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"));
        assertEquals("\"https://www.w3.org/2018/credentials#\"", ProtectedVocabulary.label(CRED));
        assertTrue(ProtectedVocabulary.isProtected(V2.replace("v2", "status#statusPurpose")));
        assertFalse(ProtectedVocabulary.isProtected("https://www.w3.org/ns/credentials/issuer-dependent#validUntil"));
        assertFalse(ProtectedVocabulary.isProtected("https://example.org/validUntil"));
    }

    @Test
    void aNumberMustBeExactlyTheDoubleItsSignedFormDenotes() {
        // JCS and JSON-LD reduce numbers to doubles: a proof over 2 also holds for 2.0000000000000001.
        String base = "{'@context':['https://www.w3.org/ns/credentials/v2'],'type':['VerifiableCredential'],"
                + "'credentialSubject':{'id':'did:example:a','n':%s}}";
        for (String fine : List.of("2", "2.0", "0.1", "-1.5", "1e21", "9007199254740992", "0.30000000000000004")) {
            assertEquals(List.of(), JsonLdIntegrity.check(json(String.format(base, fine).replace('\'', '"'))), fine);
        }
        for (String bad : List.of("2.0000000000000001", "9007199254740993", "1e400", "0.1000000000000000000001")) {
            List<Problem> p = JsonLdIntegrity.check(json(String.format(base, bad).replace('\'', '"')));
            assertEquals(1, p.size(), bad + ": " + p);
            assertEquals("/credentialSubject/n", p.get(0).path());
            assertTrue(p.get(0).message().contains("not exactly an IEEE 754 double"), p.get(0).message());
        }
    }

    @Test
    void mandatesSingleValuedAgentTermsMustBePlain() {
        String base = "{'@context':['https://www.w3.org/ns/credentials/v2','https://mandate.dev/ns/agent/v1'],"
                + "'type':['VerifiableCredential','AgentDelegationCredential'],'credentialSubject':{'id':'did:example:a',%s}}";
        assertEquals(List.of(), JsonLdIntegrity.check(json(String.format(base,
                "'delegationDepth':2,'parentCredential':'urn:x','parentCredentialDigest':'z1'").replace('\'', '"'))));
        for (String bad : List.of("'delegationDepth':[2]", "'delegationDepth':{'@value':2}", "'parentCredential':['urn:x']",
                "'parentCredentialDigest':{'@value':'z1'}")) {
            List<Problem> p = JsonLdIntegrity.check(json(String.format(base, bad).replace('\'', '"')));
            assertEquals(1, p.size(), bad + ": " + p);
            assertTrue(p.get(0).path().startsWith("/credentialSubject/"), p.get(0).path());
        }
    }
}
