package dev.mandate.vc.model;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataModelValidatorTest {

    static JsonObject json(String text) {
        try {
            return BoundedJson.parseObject(text);
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    static String paths(List<Problem> problems) {
        return problems.stream().map(Problem::path).collect(Collectors.joining(","));
    }

    /** Asserts exactly one problem, at {@code path}, of {@code type}, whose message contains {@code words}. */
    static void assertOneProblem(List<Problem> problems, ErrorType type, String path, String words) {
        assertEquals(1, problems.size(), () -> "expected one problem at " + path + ", got " + problems);
        Problem p = problems.get(0);
        assertEquals(path, p.path(), p.toString());
        assertEquals(type, p.type(), p.toString());
        assertTrue(p.message().contains(words), () -> "message '" + p.message() + "' lacks '" + words + "'");
        assertFalse(p.message().contains("\n"));
    }

    static final String SRI;
    static final String MULTIHASH;

    static {
        try {
            byte[] content = "{\"@context\": {}}".getBytes(StandardCharsets.UTF_8);
            SRI = "sha384-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-384").digest(content));
            byte[] d = MessageDigest.getInstance("SHA-256").digest(content);
            byte[] mh = new byte[34];
            mh[0] = 0x12;
            mh[1] = 32;
            System.arraycopy(d, 0, mh, 2, 32);
            MULTIHASH = "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(mh);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String FULL_V2 = """
            {
              "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
              "id": "urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873",
              "type": ["VerifiableCredential", "AgentCapabilityCredential"],
              "name": [{"@value": "Capability", "@language": "en"}, {"@value": "Capacité", "@language": "fr", "@direction": "ltr"}],
              "description": "What the agent may do",
              "issuer": {"id": "did:web:org.example", "name": "Org"},
              "validFrom": "2025-01-01T00:00:00Z",
              "validUntil": "2025-01-01T00:05:00+00:00",
              "credentialSubject": {"id": "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj", "action": "read"},
              "credentialStatus": {"id": "https://org.example/status/3#94567", "type": "BitstringStatusListEntry",
                 "statusPurpose": "revocation", "statusListIndex": "94567", "statusListCredential": "https://org.example/status/3"},
              "credentialSchema": [{"id": "https://org.example/schema.json", "type": "JsonSchema"}],
              "evidence": [{"type": "DocumentVerification"}],
              "termsOfUse": {"type": "TrustFrameworkPolicy", "id": "https://org.example/policies/1"},
              "refreshService": {"type": "VerifiableCredentialRefreshService2021", "id": "https://org.example/refresh"},
              "renderMethod": {"type": "SvgRenderingTemplate2023"},
              "relatedResource": [
                {"id": "https://www.w3.org/ns/credentials/v2", "digestSRI": "%s", "mediaType": "application/ld+json"},
                {"id": "https://org.example/logo.png", "digestMultibase": "%s"}
              ],
              "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",
                "verificationMethod": "did:web:org.example#key-1", "created": "2025-01-01T00:00:00Z", "proofValue": "z5..."}
            }""".formatted(SRI, MULTIHASH);

    @Test
    void completeCredentialConforms() {
        List<Problem> problems = DataModelValidator.validate(json(FULL_V2));
        assertEquals(List.of(), problems);
        assertTrue(DataModelValidator.conforms(json(FULL_V2)));
    }

    private static JsonObject with(String base, String key, String valueJson) {
        JsonObject b = json(base);
        return Json.createObjectBuilder(b).add(key, json("{\"v\": " + valueJson + "}").get("v")).build();
    }

    private static JsonObject without(String base, String key) {
        return Json.createObjectBuilder(json(base)).remove(key).build();
    }

    @Test
    void relatedResourceRules() {
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource", "{\"id\": \"https://a.example/\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource", "neither digestSRI nor digestMultibase");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource", "{\"digestSRI\": \"" + SRI + "\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource/id", "has no id");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource",
                        "[{\"id\": \"https://a.example/\", \"digestSRI\": \"" + SRI + "\"}, {\"id\": \"https://a.example/\", \"digestSRI\": \"" + SRI + "\"}]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource/1/id", "not unique");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource",
                        "{\"id\": \"https://a.example/\", \"digestSRI\": \"sha384-AAAA\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource/digestSRI", "3 bytes; expected 48");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource",
                        "{\"id\": \"https://a.example/\", \"digestSRI\": \"md5-1B2M2Y8AsgTpgAmY7PhCfg==\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource/digestSRI", "\"md5\"");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource",
                        "{\"id\": \"https://a.example/\", \"digestMultibase\": \"" + MULTIHASH.substring(0, MULTIHASH.length() - 2) + "\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource/digestMultibase", "not a multihash");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource",
                        "{\"id\": \"https://a.example/\", \"digestMultibase\": \"x123\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource/digestMultibase", "unsupported multibase prefix");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "relatedResource",
                        "{\"id\": \"https://a.example/\", \"digestMultibase\": \"" + MULTIHASH + "\", \"mediaType\": \"png\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/relatedResource/mediaType", "not a media type");
        // base58btc multihash (zQm... style) is accepted too
        assertEquals(List.of(), DataModelValidator.validate(with(FULL_V2, "relatedResource",
                "{\"id\": \"https://a.example/\", \"digestMultibase\": \"zQmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG\"}")));
    }

    @Test
    void typedObjectsNeedTypesAndUrlIds() {
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "evidence", "[{\"type\": \"DocumentVerification\"}, \"x\"]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/evidence/1", "entries must be objects");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "termsOfUse", "[]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/termsOfUse", "empty array");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "renderMethod", "{\"id\": \"https://r.example/\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/renderMethod/type", "renderMethod has no type");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "credentialStatus", "{\"type\": []}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/credentialStatus/type", "empty array");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "proof", "[{\"type\": \"DataIntegrityProof\"}, {\"proofValue\": \"z1\"}]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/proof/1/type", "proof has no type");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "proof", "\"eyJhbGciOi\"")),
                ErrorType.MALFORMED_VALUE_ERROR, "/proof", "must be an object");
    }

    @Test
    void datesAndTheirOrder() {
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "validUntil", "\"2024-12-31T23:59:59Z\"")),
                ErrorType.RANGE_ERROR, "/validUntil", "earlier than validFrom");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "validFrom", "\"2025-01-01T00:00:00\"")),
                ErrorType.MALFORMED_VALUE_ERROR, "/validFrom", "time zone required");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "validFrom", "1735689600")),
                ErrorType.MALFORMED_VALUE_ERROR, "/validFrom", "must be a date-time string");
        // equal bounds are allowed ("the same or earlier")
        assertEquals(List.of(), DataModelValidator.validate(with(FULL_V2, "validUntil", "\"2025-01-01T01:00:00+01:00\"")));
    }

    @Test
    void contextRules() {
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "@context", "\"https://www.w3.org/ns/credentials/examples/v2\"")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context", "first @context item must be");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "@context", "{\"@vocab\": \"https://x.example/#\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context", "must be a URL or an array");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "@context", "[]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context", "is empty");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "@context",
                        "[\"https://www.w3.org/ns/credentials/v2\", null, \"https://www.w3.org/ns/credentials/examples/v2\"]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context/1", "found null");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "@context",
                        "[\"https://www.w3.org/ns/credentials/v2\", \"https://www.w3.org/ns/credentials/examples/v2\", {\"@protected\": \"yes\"}]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context/2/@protected", "true or false");
        // redefining a protected term with the same IRI is allowed by JSON-LD
        assertEquals(List.of(), DataModelValidator.validate(with(FULL_V2, "@context",
                "[\"https://www.w3.org/ns/credentials/v2\", {\"name\": {\"@id\": \"https://schema.org/name\"}}, \"https://www.w3.org/ns/credentials/examples/v2\"]")));
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "@context",
                        "[\"https://www.w3.org/ns/credentials/v2\", {\"name\": \"https://example.org/name\"}, \"https://www.w3.org/ns/credentials/examples/v2\"]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context/1/name", "protected term \"name\"");
    }

    @Test
    void typesMustMapToUrlsOnlyWhenEveryContextIsKnown() {
        String doc = """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential", "AgentCredential"],
                 "issuer": "did:example:i", "credentialSubject": {"id": "did:example:s"}}""";
        assertOneProblem(DataModelValidator.validate(json(doc)), ErrorType.MALFORMED_VALUE_ERROR, "/type/1",
                "\"AgentCredential\" is neither a URL nor a term");
        // an unknown remote context may define the term: left to the JSON-LD layer
        assertEquals(List.of(), DataModelValidator.validate(with(doc, "@context",
                "[\"https://www.w3.org/ns/credentials/v2\", \"https://org.example/contexts/agent/v1\"]")));
        // the undefined-terms context maps everything
        assertEquals(List.of(), DataModelValidator.validate(with(doc, "@context",
                "[\"https://www.w3.org/ns/credentials/v2\", \"https://www.w3.org/ns/credentials/undefined-terms/v2\"]")));
        // a compact IRI with a prefix defined inline
        String compact = """
                {"@context": ["https://www.w3.org/ns/credentials/v2", {"ag": "https://org.example/agent#"}],
                 "type": ["VerifiableCredential", "ag:Cap"], "issuer": "did:example:i", "credentialSubject": {"id": "did:example:s"}}""";
        assertEquals(List.of(), DataModelValidator.validate(json(compact)));
    }

    @Test
    void identifiersEverywhere() {
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "credentialSubject", "[{\"id\": \"did:example:a\"}, {\"id\": \"not a url\"}]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/credentialSubject/1/id", "not a URL");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "credentialSubject", "[]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/credentialSubject", "empty array");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "credentialSubject", "\"did:example:s\"")),
                ErrorType.MALFORMED_VALUE_ERROR, "/credentialSubject", "must be an object");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "id", "42")),
                ErrorType.MALFORMED_VALUE_ERROR, "/id", "must be a URL; found the number 42");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "issuer", "{\"name\": \"Org\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/issuer/id", "issuer object has no id");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "issuer", "[\"did:example:a\"]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/issuer", "found an array of 1");
    }

    @Test
    void languageValueObjects() {
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "name", "{\"@language\": \"en\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/name/@value", "has no @value");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "name", "{\"@value\": \"x\", \"@direction\": \"up\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/name/@direction", "\"ltr\" or \"rtl\"");
        assertOneProblem(DataModelValidator.validate(with(FULL_V2, "description", "[\"ok\", 5]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/description/1", "string or a language value object");
    }

    static final String V11 = """
            {
              "@context": ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/2018/credentials/examples/v1"],
              "id": "http://example.edu/credentials/1872",
              "type": ["VerifiableCredential", "AlumniCredential"],
              "issuer": "https://example.edu/issuers/565049",
              "issuanceDate": "2010-01-01T19:23:24",
              "expirationDate": "2030-01-01T19:23:24Z",
              "credentialSubject": {"id": "did:example:ebfeb1f712ebc6f1c276e12ec21", "alumniOf": "Example University"},
              "credentialStatus": {"id": "https://example.edu/status/24", "type": "CredentialStatusList2017"},
              "proof": {"type": "Ed25519Signature2018", "created": "2021-01-01T00:00:00Z", "jws": "eyJ..."}
            }""";

    @Test
    void vc11Rules() {
        assertEquals(VcVersion.V1_1, VcVersion.of(json(V11)));
        assertEquals(List.of(), DataModelValidator.validate(json(V11)));
        assertOneProblem(DataModelValidator.validate(without(V11, "issuanceDate")),
                ErrorType.MALFORMED_VALUE_ERROR, "/issuanceDate", "no issuanceDate");
        assertOneProblem(DataModelValidator.validate(with(V11, "issuanceDate", "\"01/01/2010\"")),
                ErrorType.MALFORMED_VALUE_ERROR, "/issuanceDate", "not an XML Schema dateTime");
        assertOneProblem(DataModelValidator.validate(with(V11, "credentialStatus", "{\"type\": \"CredentialStatusList2017\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/credentialStatus/id", "credentialStatus has no id");
        assertOneProblem(DataModelValidator.validate(with(V11, "refreshService", "{\"type\": \"ManualRefreshService2018\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/refreshService/id", "refreshService has no id");
        assertOneProblem(DataModelValidator.validate(with(V11, "@context", "[\"https://www.w3.org/2018/credentials/v1\", {\"VerifiableCredential\": \"https://evil.example/VC\"}, "
                        + "\"https://www.w3.org/2018/credentials/examples/v1\"]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context/1/VerifiableCredential", "https://www.w3.org/2018/credentials/v1");
    }

    @Test
    void vc11PresentationMayCarryJwtCredentials() {
        String vp = """
                {"@context": ["https://www.w3.org/2018/credentials/v1"], "type": "VerifiablePresentation",
                 "holder": "did:example:holder", "verifiableCredential": ["eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln"]}""";
        assertEquals(List.of(), DataModelValidator.validate(json(vp)));
        List<Problem> v2 = DataModelValidator.validate(with(vp, "@context", "[\"https://www.w3.org/ns/credentials/v2\"]"));
        assertOneProblem(v2, ErrorType.MALFORMED_VALUE_ERROR, "/verifiableCredential/0", "must be objects");
    }

    @Test
    void presentationsValidateTheirCredentials() {
        String vp = """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"],
                 "verifiableCredential": [
                   {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                    "issuer": "did:example:i", "credentialSubject": {"id": "did:example:s"}},
                   {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                    "issuer": "not-a-url", "credentialSubject": {"id": "did:example:s"}},
                   42
                 ]}""";
        List<Problem> problems = DataModelValidator.validate(json(vp));
        assertEquals("/verifiableCredential/1/issuer,/verifiableCredential/2", paths(problems));
        // a single object instead of an array: the path has no index
        String single = """
                {"@context": "https://www.w3.org/ns/credentials/v2", "type": "VerifiablePresentation",
                 "verifiableCredential": {"@context": "https://www.w3.org/ns/credentials/v2", "type": "VerifiableCredential",
                    "credentialSubject": {"id": "did:example:s"}}}""";
        assertOneProblem(DataModelValidator.validate(json(single)), ErrorType.MALFORMED_VALUE_ERROR,
                "/verifiableCredential/issuer", "no issuer");
        assertOneProblem(DataModelValidator.validate(with(single, "verifiableCredential", "[]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/verifiableCredential", "empty array");
    }

    @Test
    void envelopedDocuments() {
        String env = """
                {"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
                 "id": "data:application/vc+jwt,eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln"}""";
        assertEquals(DocumentKind.ENVELOPED_CREDENTIAL, DocumentKind.detect(json(env)));
        assertEquals(List.of(), DataModelValidator.validate(json(env)));
        assertOneProblem(DataModelValidator.validate(with(env, "@context", "[]")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context", "must include");
        assertOneProblem(DataModelValidator.validate(with(env, "@context", "\"https://www.w3.org/ns/credentials/examples/v2\"")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context", "must include");
        assertOneProblem(DataModelValidator.validate(with(env, "id", "\"eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln\"")),
                ErrorType.MALFORMED_VALUE_ERROR, "/id", "data: URL");
        assertOneProblem(DataModelValidator.validate(without(env, "@context")),
                ErrorType.MALFORMED_VALUE_ERROR, "/@context", "has no @context");
        String envVp = env.replace("EnvelopedVerifiableCredential", "EnvelopedVerifiablePresentation").replace("vc+jwt", "vp+jwt");
        assertEquals(DocumentKind.ENVELOPED_PRESENTATION, DocumentKind.detect(json(envVp)));
        assertEquals(List.of(), DataModelValidator.validate(json(envVp)));
    }

    @Test
    void selfAssertedCredentialsNeedAMatchingHolder() {
        String signer = "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj";
        String vp = """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiablePresentation"], "holder": "%s",
                 "verifiableCredential": [
                   {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                    "issuer": "%s", "credentialSubject": {"id": "did:example:s"}},
                   {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                    "issuer": "did:example:other", "credentialSubject": {"id": "did:example:s"},
                    "proof": {"type": "DataIntegrityProof"}}
                 ]}""".formatted(signer, signer);
        assertEquals(List.of(), DataModelValidator.validateSelfAsserted(json(vp), signer + "#" + signer.substring(8)));
        assertOneProblem(DataModelValidator.validateSelfAsserted(without(vp, "holder"), signer),
                ErrorType.MALFORMED_VALUE_ERROR, "/holder", "must have a holder");
        assertOneProblem(DataModelValidator.validateSelfAsserted(json(vp), "did:example:someone-else"),
                ErrorType.MALFORMED_VALUE_ERROR, "/verifiableCredential/0/issuer", "nothing secures it");
    }

    @Test
    void unknownDocuments() {
        assertOneProblem(DataModelValidator.validate(json("{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": \"Thing\"}")),
                ErrorType.MALFORMED_VALUE_ERROR, "/type", "must include \"VerifiableCredential\" or \"VerifiablePresentation\"");
        List<Problem> empty = DataModelValidator.validate(json("{}"));
        assertEquals("/@context,/type", paths(empty));
    }

    @Test
    void problemsAreBounded() {
        JsonArrayBuilder statuses = Json.createArrayBuilder();
        for (int i = 0; i < 500; i++) {
            statuses.add(Json.createObjectBuilder().add("id", "not a url " + i));
        }
        JsonObject doc = Json.createObjectBuilder(json(FULL_V2)).add("credentialStatus", statuses).build();
        List<Problem> problems = DataModelValidator.validate(doc);
        assertEquals(101, problems.size());
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, problems.get(100).type());
    }

    @Test
    void validatorsByKind() {
        JsonObject vc = json(FULL_V2);
        assertEquals(List.of(), DataModelValidator.validateCredential(vc));
        List<Problem> asVp = DataModelValidator.validatePresentation(vc);
        assertEquals("/type", paths(asVp));
    }
}
