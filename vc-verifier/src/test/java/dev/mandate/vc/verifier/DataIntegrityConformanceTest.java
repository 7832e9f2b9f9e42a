package dev.mandate.vc.verifier;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.proof.ProofOptions;
import dev.mandate.vc.verifier.VerifierTest.Party;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;

import static dev.mandate.vc.verifier.VerifierTest.ISSUER;
import static dev.mandate.vc.verifier.VerifierTest.NOW;
import static dev.mandate.vc.verifier.VerifierTest.VERIFIER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statements of VC Data Integrity 1.0, vc-di-eddsa and vc-di-ecdsa that issue 14 found Mandate did
 * not follow: the Data Integrity context appended to a VCDM 1.1 credential (DI section 2.4, SHOULD),
 * and {@code proof.@context} of the JCS suites (Create Proof step 2, Verify Proof step 4).
 */
class DataIntegrityConformanceTest {
    static final String V1 = "https://www.w3.org/2018/credentials/v1";
    static final String V2 = "https://www.w3.org/ns/credentials/v2";
    static final String DI_V2 = "https://w3id.org/security/data-integrity/v2";
    static final String EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2";

    static JsonObject v11(String... contexts) {
        var ctx = Json.createArrayBuilder();
        for (String c : contexts) {
            ctx.add(c);
        }
        return Json.createObjectBuilder()
                .add("@context", ctx)
                .add("id", "urn:uuid:4c1a6f43-0b8e-4a57-9a55-8f9f50e2c0a1")
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent"))
                .build();
    }

    static List<JsonValue> contexts(JsonObject doc) {
        JsonValue c = doc.get("@context");
        return c instanceof JsonArray a ? a : List.of(c);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dev.mandate.vc.verifier.VerifierTest#suites")
    void aVcdm11CredentialGetsTheDataIntegrityContextAndVerifies(String suite, KeyType type) throws ProofException {
        Party org = Party.of(type);
        JsonObject vc = ISSUER.issue(v11(V1), new IssuerKey(org.did(), org.vm(), suite, org.key().signer()), Duration.ofMinutes(5));
        assertEquals(List.of(Json.createValue(V1), Json.createValue(DI_V2)), contexts(vc));
        assertTrue(vc.containsKey("issuanceDate") && vc.containsKey("expirationDate") && !vc.containsKey("validFrom"), vc::toString);
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertTrue(r.verified(), () -> r.toJson().toString());

        // the appended context is signed: taking it away again breaks the proof
        JsonObject stripped = Json.createObjectBuilder(vc).add("@context", Json.createArrayBuilder().add(V1)).build();
        assertFalse(VERIFIER.verify(stripped, VerifyOptions.none()).verified());
    }

    @Test
    void aContextThatAlreadyMapsTheTermsIsLeftAsItIs() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject v2 = ISSUER.issue(VerifierTest.unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), "eddsa-rdfc-2022", org.key().signer()));
        assertEquals(List.of(Json.createValue(V2)), contexts(v2));
        JsonObject v1WithDi = ISSUER.issue(v11(V1, DI_V2), new IssuerKey(org.did(), org.vm(), "eddsa-rdfc-2022", org.key().signer()));
        assertEquals(List.of(Json.createValue(V1), Json.createValue(DI_V2)), contexts(v1WithDi));
        assertTrue(VERIFIER.verify(v1WithDi, VerifyOptions.none()).verified());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("jcsSuites")
    void aJcsProofCarriesTheDocumentsContext(String suite, KeyType type) throws ProofException {
        Party org = Party.of(type);
        JsonObject vc = ISSUER.issue(VerifierTest.unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), suite, org.key().signer()));
        assertEquals(vc.get("@context"), vc.getJsonObject("proof").get("@context"));
        assertTrue(VERIFIER.verify(vc, VerifyOptions.none()).verified());
    }

    static List<Object[]> jcsSuites() {
        return List.of(new Object[]{"eddsa-jcs-2022", KeyType.ED25519}, new Object[]{"ecdsa-jcs-2019", KeyType.P256},
                new Object[]{"ecdsa-jcs-2019", KeyType.P384});
    }

    /** A signed credential whose proof.@context is set to {@code proofContext} before signing (an attacker's own key). */
    static JsonObject signedWithProofContext(Party org, JsonObject doc, JsonValue proofContext) throws ProofException {
        // sign normally, then check that a proof with a different @context fails whatever the signature
        JsonObject vc = DataIntegrity.sign(doc, ProofOptions.builder("eddsa-jcs-2022", org.vm()).created(NOW).build(), org.key().signer());
        JsonObject proof = Json.createObjectBuilder(vc.getJsonObject("proof")).add("@context", proofContext).build();
        return Json.createObjectBuilder(vc).add("proof", proof).build();
    }

    static JsonObject withIssuer(Party org) {
        return Json.createObjectBuilder(VerifierTest.unsigned("did:example:agent")).add("issuer", org.did())
                .add("validFrom", "2026-11-28T09:00:00Z").build();
    }

    @Test
    void aProofContextThatDiffersFromTheDocumentsFails() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = signedWithProofContext(org, withIssuer(org), Json.createArrayBuilder().add(EXAMPLES_V2).build());
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertFalse(r.verified());
        VerifierTest.assertProblem(r, ErrorType.PROOF_VERIFICATION_ERROR, "/proof/@context");
    }

    @Test
    void aProofContextLongerThanTheDocumentsFails() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = signedWithProofContext(org, withIssuer(org), Json.createArrayBuilder().add(V2).add(EXAMPLES_V2).build());
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertFalse(r.verified());
        VerifierTest.assertProblem(r, ErrorType.PROOF_VERIFICATION_ERROR, "/proof/@context");
    }

    @Test
    void aContextAppendedToTheDocumentAfterSigningFails() throws ProofException {
        // the specs would hash the document with the proof's shorter @context, leaving the appended one unsigned
        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = DataIntegrity.sign(withIssuer(org), ProofOptions.builder("eddsa-jcs-2022", org.vm()).created(NOW).build(), org.key().signer());
        JsonObject appended = Json.createObjectBuilder(vc).add("@context", Json.createArrayBuilder().add(V2).add(EXAMPLES_V2)).build();
        VerificationResult r = VERIFIER.verify(appended, VerifyOptions.none());
        assertFalse(r.verified());
        VerifierTest.assertProblem(r, ErrorType.PROOF_VERIFICATION_ERROR, "/proof/@context");
    }

    @Test
    void aProofWithoutContextIsCheckedAgainstTheOptionsAsTheyAre() throws Exception {
        // vc-di-eddsa Verify Proof: with no proof.@context the proof configuration is the proof options unchanged
        // (what a signer that skips Create Proof step 2 produces); the hash still covers the document's @context
        Party org = Party.of(KeyType.ED25519);
        JsonObject doc = withIssuer(org);
        JsonObject options = Json.createObjectBuilder().add("type", "DataIntegrityProof").add("cryptosuite", "eddsa-jcs-2022")
                .add("created", "2026-11-28T09:30:00Z").add("verificationMethod", org.vm()).add("proofPurpose", "assertionMethod").build();
        byte[] hash = concat(sha256(dev.mandate.vc.jcs.Jcs.canonicalizeToUtf8(options)), sha256(dev.mandate.vc.jcs.Jcs.canonicalizeToUtf8(doc)));
        String proofValue = dev.mandate.did.crypto.Multibase.encode(dev.mandate.did.crypto.Multibase.Base.BASE58BTC, org.key().signer().sign(hash));
        JsonObject vc = Json.createObjectBuilder(doc).add("proof", Json.createObjectBuilder(options).add("proofValue", proofValue)).build();
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertTrue(r.verified(), () -> r.toJson().toString());

        JsonObject otherContext = Json.createObjectBuilder(vc).add("@context", Json.createArrayBuilder().add(V2).add(EXAMPLES_V2)).build();
        assertFalse(VERIFIER.verify(otherContext, VerifyOptions.none()).verified());
    }

    /**
     * An inline {@code {"@context": {...}}} wrapper inside {@code @context}: JSON-LD 1.1 Context Processing step 5.13
     * runs Create Term Definition for the key {@code @context}, which is a keyword, so "keyword redefinition" (JSON-LD
     * 1.1 test suite, expand #ter56 "Invalid redefinition of @context keyword"). jsonld.js unwraps it instead; Mandate
     * follows the specification, for either transformation.
     */
    static JsonObject wrapped(Party org) {
        JsonObject wrapper = Json.createObjectBuilder().add("@context", Json.createObjectBuilder()
                .add("nickname", "https://example.org/vocab#nickname")).build();
        return Json.createObjectBuilder(withIssuer(org)).add("@context", Json.createArrayBuilder().add(V2).add(wrapper))
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent").add("nickname", "a")).build();
    }

    @Test
    void anInlineContextWrapperIsAKeywordRedefinitionForRdfc() {
        Party org = Party.of(KeyType.ED25519);
        ProofException e = assertThrows(ProofException.class, () -> DataIntegrity.sign(wrapped(org),
                ProofOptions.builder("eddsa-rdfc-2022", org.vm()).created(NOW).build(), org.key().signer()));
        assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("keyword"), e::getMessage);
    }

    @Test
    void anInlineContextWrapperIsRefusedForJcsToo() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = DataIntegrity.sign(wrapped(org), ProofOptions.builder("eddsa-jcs-2022", org.vm()).created(NOW).build(), org.key().signer());
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertFalse(r.verified());
        assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("@context")), () -> r.toJson().toString());
    }

    /** A presentation whose blank nodes RDFC-1.0 orders differently with SHA-256 and with SHA-384. */
    static JsonObject presentationWithBlankNodes(Party holder, Party org) throws ProofException {
        JsonObject vc = ISSUER.issue(VerifierTest.unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), "ecdsa-rdfc-2019", org.key().signer()));
        return Json.createObjectBuilder().add("@context", Json.createArrayBuilder().add(V2))
                .add("type", Json.createArrayBuilder().add("VerifiablePresentation")).add("holder", holder.did())
                .add("verifiableCredential", Json.createArrayBuilder().add(vc)).build();
    }

    @Test
    void ecdsaRdfcWithP384CanonicalizesWithSha384AndStillAcceptsMandatesEarlierSha256Form() throws Exception {
        // vc-di-ecdsa Transformation (ecdsa-rdfc-2019): RDFC-1.0 with "a hash algorithm that has an appropriate security
        // level for the curve"; Digital Bazaar uses SHA-384 for P-384
        var suite = dev.mandate.vc.proof.Cryptosuites.byName("ecdsa-rdfc-2019").orElseThrow();
        Party holder = Party.of(KeyType.P384);
        Party org = Party.of(KeyType.P384);
        JsonObject vp = presentationWithBlankNodes(holder, org);
        String sha256 = new String(dev.mandate.vc.canon.Rdfc.canonicalize(vp).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String sha384 = new String(suite.transformation().canonicalize(vp, KeyType.P384), java.nio.charset.StandardCharsets.UTF_8);
        String p256 = new String(suite.transformation().canonicalize(vp, KeyType.P256), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(sha256, p256, "P-256 keeps SHA-256");
        assertEquals(dev.mandate.vc.canon.Rdfc.canonicalize(vp, dev.mandate.vc.canon.RdfcOptions.defaults().withHashAlgorithm("SHA-384")), sha384);

        VerifyOptions options = VerifyOptions.none().withChallenge("c-1");
        JsonObject signed = DataIntegrity.sign(vp, ProofOptions.builder("ecdsa-rdfc-2019", holder.vm()).proofPurpose("authentication")
                .challenge("c-1").created(NOW).build(), holder.key().signer());
        assertTrue(VERIFIER.verify(signed, options).verified());

        // a proof over the SHA-256 form (what Mandate signed before): hash with SHA-384 as the suite says, sign, verify
        JsonObject proof = Json.createObjectBuilder().add("type", "DataIntegrityProof").add("cryptosuite", "ecdsa-rdfc-2019")
                .add("created", DataIntegrity.format(NOW)).add("verificationMethod", holder.vm()).add("proofPurpose", "authentication")
                .add("challenge", "c-1").build();
        JsonObject config = Json.createObjectBuilder(proof).add("@context", vp.get("@context")).build();
        java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-384");
        byte[] hash = concat(md.digest(suite.transformation().canonicalize(config)), md.digest(suite.transformation().canonicalize(vp)));
        String value = dev.mandate.did.crypto.Multibase.encode(dev.mandate.did.crypto.Multibase.Base.BASE58BTC, holder.key().signer().sign(hash));
        JsonObject earlier = Json.createObjectBuilder(vp).add("proof", Json.createObjectBuilder(proof).add("proofValue", value)).build();
        VerificationResult r = VERIFIER.verify(earlier, options);
        assertTrue(r.verified(), () -> r.toJson().toString());
        JsonObject tampered = Json.createObjectBuilder(earlier).add("holder", org.did()).build();
        assertFalse(VERIFIER.verify(tampered, options).verified());
    }

    static byte[] sha256(byte[] b) throws Exception {
        return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
