package dev.mandate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.apicatalog.rdf.api.RdfQuadConsumer;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.vc.canon.Rdfc;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.jsonld.ContextRegistry;
import dev.mandate.vc.jsonld.JsonLdException;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java of docs/dids.md, jsonld.md, jose.md and data-model.md, and what each must refuse. */
class LibraryExamplesTest {
    @TempDir
    Path tmp;

    static JsonObject json(String text) throws Exception {
        return (JsonObject) BoundedJson.parse(text);
    }

    static String didDocument(String mk, String relationship) {
        return """
                {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": "did:example:123",
                 "verificationMethod": [{"id": "did:example:123#key-1", "type": "Multikey", "controller": "did:example:123",
                   "publicKeyMultibase": "%s"}],
                 "%s": ["did:example:123#key-1"]}""".formatted(mk, relationship);
    }

    @Test
    void keysEncodingsRelationshipsDidWebAndResolution() throws Exception {
        assertTrue(Dids.signAndVerify("hello".getBytes(StandardCharsets.UTF_8)));
        KeyMaterial key = KeyMaterial.generate(KeyType.P256);
        assertEquals(key.publicKey().toMultikey(), Dids.encodings(key).publicKey().toMultikey());

        String mk = key.publicKey().toMultikey();
        assertEquals(mk, Dids.assertionKey(DidDocument.parse(didDocument(mk, "assertionMethod"))).toMultikey());
        // a key listed only for authentication may not sign credentials; a missing one is not there at all
        IllegalStateException wrongPurpose = assertThrows(IllegalStateException.class,
                () -> Dids.assertionKey(DidDocument.parse(didDocument(mk, "authentication"))));
        assertTrue(wrongPurpose.getMessage().contains("#key-1"), wrongPurpose.getMessage());
        assertThrows(NoSuchElementException.class, () -> Dids.assertionKey(DidDocument.parse(didDocument(mk, "assertionMethod")
                .replace("#key-1\"]", "#key-2\"]").replace("\"did:example:123#key-1\", \"type\"", "\"did:example:123#key-2\", \"type\""))));

        String did = Dids.hostDidWeb(key, tmp);
        assertEquals("did:web:example.com:agents:a1", did);
        DidDocument hosted = DidDocument.parse(Files.readString(tmp.resolve("did.json")));
        assertEquals(did, hosted.id());
        assertEquals(mk, hosted.verificationMethods().get(0).publicKey().toMultikey());

        VerificationMethod vm = Dids.resolve();
        assertEquals("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", vm.id());
        assertEquals("z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", vm.publicKey().toMultikey());
    }

    static final String CREDENTIAL = """
            {"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
             "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:agent", "name": "invoice-agent"}}""";

    @Test
    void contextsExpansionRdfcAndJcs() throws Exception {
        assertTrue(JsonLdExamples.bundled().registry().contains("https://www.w3.org/ns/credentials/v2"));

        Files.writeString(tmp.resolve("other.jsonld"), "{\"@context\": {\"other\": \"https://example.com/other#\"}}");
        Files.createDirectories(tmp.resolve("contexts"));
        Files.writeString(tmp.resolve("contexts/index.json"), "{\"https://example.com/team/v1\": \"team.jsonld\"}");
        Files.writeString(tmp.resolve("contexts/team.jsonld"), "{\"@context\": {\"team\": \"https://example.com/ctx#team\"}}");
        ContextRegistry contexts = JsonLdExamples.register(json("{\"@context\": {\"agentName\": \"https://example.com/agent#name\"}}"), tmp);
        for (String url : List.of("https://example.com/agent/v1", "https://example.com/other/v1", "https://example.com/team/v1")) {
            assertTrue(contexts.contains(url), url);
        }
        Files.delete(tmp.resolve("contexts/team.jsonld"));
        IOException missing = assertThrows(IOException.class, () -> JsonLdExamples.register(json("{\"@context\": {}}"), tmp));
        assertTrue(missing.getMessage().contains("team.jsonld"), missing.getMessage());

        JsonObject doc = json("""
                {"@context": ["https://www.w3.org/ns/credentials/v2", "https://example.com/agent/v1"],
                 "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:agent", "agentName": "a1"}}""");
        Quads quads = new Quads();
        // only the registry with the agent context knows agentName: the bundled expansion in safe mode refuses it
        JsonLdException undefined = assertThrows(JsonLdException.class,
                () -> JsonLdExamples.expand(doc, contexts, true, quads));
        assertTrue(undefined.getMessage().contains("https://example.com/agent/v1"), undefined.getMessage());
        JsonObject plain = json(CREDENTIAL);
        List<JsonArray> expanded = JsonLdExamples.expand(plain, contexts, true, quads);
        assertEquals(expanded.get(0), expanded.get(1));
        assertTrue(quads.count >= 3, "quads: " + quads.count);
        // safe mode: a relative IRI would be dropped from the signed graph, so it is an error naming it
        JsonObject relative = json(CREDENTIAL.replace("did:example:agent", "agents/1"));
        JsonLdException dropped = assertThrows(JsonLdException.class, () -> JsonLdExamples.expand(relative, contexts, true, new Quads()));
        assertTrue(dropped.getMessage().contains("agents/1"), dropped.getMessage());

        List<String> canonical = JsonLdExamples.canonicalize(plain, contexts, "_:x <http://example.com/p> \"v\" .\n");
        assertEquals(Rdfc.canonicalize(plain), canonical.get(0));
        assertEquals(canonical.get(0), canonical.get(1), "SHA-384 relabels the same way when no blank node needs hashing");
        assertEquals("_:c14n0 <http://example.com/p> \"v\" .\n", canonical.get(2));

        assertEquals("{\"a\":[1,\"\\u0001\"],\"b\":1e+21}", JsonLdExamples.jcs(json("{\"b\": 1e21, \"a\": [1.0, \"\\u0001\"]}")));
    }

    @Test
    void vcJwtSdJwtAndVpJwt() throws Exception {
        JsonObject credential = json("""
                {"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
                 "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "did:example:agent", "name": "invoice-agent",
                   "capability": [{"action": "read", "resource": "crm"}, {"action": "pay", "resource": "billing", "limit": 100}]}}""");
        KeyMaterial holder = KeyMaterial.generate(KeyType.ED25519);
        JoseExamples.Outcome o = JoseExamples.issuePresentVerify(credential, KeyMaterial.generate(KeyType.ED25519), holder, "9f2c", "api.example");
        for (VerificationResult r : o.results()) {
            assertTrue(r.verified(), r.toJson().toString());
        }
        assertTrue(o.decoded().disclosable().keySet().containsAll(
                List.of("/credentialSubject/name", "/credentialSubject/capability/0", "/credentialSubject/capability/1")), o.decoded().toString());
        String presentedClaims = o.results().get(1).toJson().toString();
        assertEquals("sd-jwt", o.results().get(1).format(), presentedClaims);
        // the presentation answers this verifier's challenge only, and a changed byte breaks the issuer's signature
        assertFalse(dev.mandate.vc.verifier.Verifier.builder(new dev.mandate.vc.verifier.DidMethodResolver(dev.mandate.did.resolve.DidResolvers.offline()))
                .build().verify(o.presented(), dev.mandate.vc.verifier.VerifyOptions.none().withChallenge("other").withDomain("api.example")).verified());
        String[] parts = o.jws().split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertFalse(dev.mandate.vc.verifier.Verifier.builder(new dev.mandate.vc.verifier.DidMethodResolver(dev.mandate.did.resolve.DidResolvers.offline()))
                .build().verify(tampered, dev.mandate.vc.verifier.VerifyOptions.none()).verified());
    }

    @Test
    void boundedParsingDataModelAndValidityPeriod() {
        Clock now = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
        String valid = """
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": "did:example:org",
                 "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2026-12-01T00:00:00Z", "credentialSubject": {"id": "did:example:agent"}}""";
        VerificationResult ok = DataModelExamples.check(stream(valid), now);
        assertTrue(ok.verified(), ok.toJson().toString());
        VerificationResult expired = DataModelExamples.check(stream(valid.replace("2026-12-01", "2026-02-01")), now);
        assertFalse(expired.verified());
        VerificationResult noSubject = DataModelExamples.check(stream(valid.replace("\"credentialSubject\"", "\"subject\"")), now);
        assertFalse(noSubject.verified(), noSubject.toJson().toString());
        VerificationResult duplicate = DataModelExamples.check(stream("{\"type\": 1, \"type\": 2}"), now);
        assertFalse(duplicate.verified());
        assertEquals("unknown", duplicate.kind());
        VerificationResult deep = DataModelExamples.check(stream("[".repeat(100) + "]".repeat(100)), now);
        assertFalse(deep.verified(), "nesting beyond 64 levels is refused before parsing");
    }

    /** Counts the quads it is given. */
    static final class Quads implements RdfQuadConsumer {
        int count;

        @Override
        public RdfQuadConsumer quad(String subject, String predicate, String object, String datatype, String language, String direction,
                String graph) {
            count++;
            return this;
        }
    }

    static ByteArrayInputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }
}
