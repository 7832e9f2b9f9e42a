package dev.mandate.vc.verifier;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.proof.ProofOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifierTest {
    static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Verifier VERIFIER = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).clock(CLOCK).build();
    static final Issuer ISSUER = new Issuer(CLOCK);

    record Party(KeyMaterial key, String did, String vm) {
        static Party of(KeyType type) {
            KeyMaterial k = KeyMaterial.generate(type);
            String mk = k.publicKey().toMultikey();
            return new Party(k, "did:key:" + mk, "did:key:" + mk + "#" + mk);
        }
    }

    static JsonObject unsigned(String subject) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", "urn:uuid:0d5f7f8e-3c1e-4f55-8d7e-1a7d0c2b5e11")
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", subject))
                .build();
    }

    static Stream<Arguments> suites() {
        return Stream.of(
                Arguments.of("eddsa-jcs-2022", KeyType.ED25519),
                Arguments.of("ecdsa-jcs-2019", KeyType.P256),
                Arguments.of("ecdsa-jcs-2019", KeyType.P384),
                Arguments.of("eddsa-rdfc-2022", KeyType.ED25519),
                Arguments.of("ecdsa-rdfc-2019", KeyType.P256),
                Arguments.of("ecdsa-rdfc-2019", KeyType.P384));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("suites")
    void issuedCredentialVerifiesAndTamperingIsDetected(String suite, KeyType type) throws ProofException {
        Party org = Party.of(type);
        JsonObject vc = ISSUER.issue(unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), suite, org.key().signer()), Duration.ofMinutes(5));
        VerificationResult ok = VERIFIER.verify(vc, VerifyOptions.none());
        assertTrue(ok.verified(), () -> ok.toJson().toString());
        assertTrue(ok.checks().containsAll(List.of("dataModel", "proof", "validityPeriod")), ok.checks()::toString);

        JsonObject tampered = Json.createObjectBuilder(vc)
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:mallory")).build();
        VerificationResult bad = VERIFIER.verify(tampered, VerifyOptions.none());
        assertFalse(bad.verified());
        assertProblem(bad, ErrorType.PROOF_VERIFICATION_ERROR, "/proof/proofValue");
    }

    @Test
    void expiredCredentialIsRejectedAfterItsValidityPeriod() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = ISSUER.issue(unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer()), Duration.ofSeconds(3));
        assertTrue(VERIFIER.verify(vc, VerifyOptions.none().at(NOW.plusSeconds(2))).verified());
        VerificationResult late = VERIFIER.verify(vc, VerifyOptions.none().at(NOW.plusSeconds(60)));
        assertFalse(late.verified());
        assertTrue(late.problems().stream().anyMatch(p -> p.path().equals("/validUntil")), late.toJson()::toString);
    }

    @Test
    void proofCreatedInTheFutureIsRejected() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = ISSUER.issue(unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer()));
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none().at(NOW.minusSeconds(600)));
        assertFalse(r.verified());
        assertProblem(r, ErrorType.PROOF_VERIFICATION_ERROR, "/proof/created");
    }

    @Test
    void signerMustControlTheIssuerDid() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        Party mallory = Party.of(KeyType.ED25519);
        JsonObject claimsOrg = Json.createObjectBuilder(unsigned("did:example:agent")).add("issuer", org.did()).add("validFrom", "2026-11-28T09:00:00Z").build();
        JsonObject vc = DataIntegrity.sign(claimsOrg, ProofOptions.builder("eddsa-jcs-2022", mallory.vm()).created(NOW).build(), mallory.key().signer());
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertFalse(r.verified());
        assertProblem(r, ErrorType.PROOF_VERIFICATION_ERROR, "/proof/verificationMethod");
    }

    @Test
    void credentialProofNeedsAssertionMethodPurpose() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject doc = Json.createObjectBuilder(unsigned("did:example:agent")).add("issuer", org.did()).build();
        JsonObject vc = DataIntegrity.sign(doc, ProofOptions.builder("eddsa-jcs-2022", org.vm()).proofPurpose("authentication").created(NOW).build(), org.key().signer());
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertProblem(r, ErrorType.PROOF_VERIFICATION_ERROR, "/proof/proofPurpose");
    }

    @Test
    void presentationChecksChallengeDomainAndEachCredential() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        Party agent = Party.of(KeyType.ED25519);
        JsonObject vc = ISSUER.issue(unsigned(agent.did()), new IssuerKey(org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer()), Duration.ofMinutes(5));
        JsonObject vp = ISSUER.present(List.of(vc), new IssuerKey(agent.did(), agent.vm(), "eddsa-jcs-2022", agent.key().signer()), "c-123", "supplier.example");

        VerificationResult ok = VERIFIER.verify(vp, VerifyOptions.none().withChallenge("c-123").withDomain("supplier.example"));
        assertTrue(ok.verified(), () -> ok.toJson().toString());
        assertEquals("presentation", ok.kind());
        assertEquals(1, ok.credentialResults().size());
        assertTrue(ok.credentialResults().get(0).verified());

        assertProblem(VERIFIER.verify(vp, VerifyOptions.none().withChallenge("other")), ErrorType.INVALID_CHALLENGE_ERROR, "/proof/challenge");
        assertProblem(VERIFIER.verify(vp, VerifyOptions.none().withChallenge("c-123").withDomain("evil.example")), ErrorType.INVALID_DOMAIN_ERROR, "/proof/domain");

        JsonObject tamperedVc = Json.createObjectBuilder(vc).add("name", "forged").build();
        JsonObject vp2 = ISSUER.present(List.of(vc, tamperedVc), new IssuerKey(agent.did(), agent.vm(), "eddsa-jcs-2022", agent.key().signer()), "c-123");
        VerificationResult r = VERIFIER.verify(vp2, VerifyOptions.none().withChallenge("c-123"));
        assertFalse(r.verified());
        assertTrue(r.credentialResults().get(0).verified());
        assertFalse(r.credentialResults().get(1).verified());
        assertTrue(r.problems().stream().anyMatch(p -> p.path().equals("/verifiableCredential/1")), r.toJson()::toString);
    }

    @Test
    void proofSetsAndChainsVerifyAndABrokenMemberFailsTheWhole() throws ProofException {
        Party a = Party.of(KeyType.ED25519);
        Party b = Party.of(KeyType.P256);
        JsonObject doc = Json.createObjectBuilder(unsigned("did:example:agent")).add("issuer", a.did()).build();
        JsonObject one = DataIntegrity.sign(doc, ProofOptions.builder("eddsa-jcs-2022", a.vm()).id("urn:uuid:p1").created(NOW).build(), a.key().signer());
        JsonObject two = DataIntegrity.sign(one, ProofOptions.builder("eddsa-jcs-2022", a.vm()).previousProof(List.of("urn:uuid:p1")).created(NOW).build(), a.key().signer());
        VerificationResult r = VERIFIER.verify(two, VerifyOptions.none());
        assertTrue(r.verified(), () -> r.toJson().toString());

        jakarta.json.JsonArray proofs = two.getJsonArray("proof");
        JsonObject relinked = Json.createObjectBuilder(proofs.getJsonObject(1)).add("previousProof", "urn:uuid:missing").build();
        JsonObject wrongChain = Json.createObjectBuilder(two)
                .add("proof", Json.createArrayBuilder().add(proofs.getJsonObject(0)).add(relinked)).build();
        assertProblem(VERIFIER.verify(wrongChain, VerifyOptions.none()), ErrorType.PROOF_VERIFICATION_ERROR, "/proof/1/previousProof");

        org.junit.jupiter.api.Assertions.assertThrows(ProofException.class, () -> DataIntegrity.sign(one,
                ProofOptions.builder("ecdsa-jcs-2019", b.vm()).previousProof(List.of("urn:uuid:missing")).created(NOW).build(), b.key().signer()));
    }

    @Test
    void badInputGetsTypedProblemsNeverExceptions() throws ProofException {
        assertProblem(VERIFIER.verify("not json", VerifyOptions.none()), ErrorType.PARSING_ERROR, "");
        assertProblem(VERIFIER.verify("[1,2]", VerifyOptions.none()), ErrorType.PARSING_ERROR, "");
        String deep = "[".repeat(10_000) + "]".repeat(10_000);
        assertFalse(VERIFIER.verify(deep, VerifyOptions.none()).verified());

        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = ISSUER.issue(unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer()));
        JsonObject proof = vc.getJsonObject("proof");

        assertProblem(VERIFIER.verify(with(vc, "proof", Json.createValue("a string")), VerifyOptions.none()), ErrorType.PROOF_VERIFICATION_ERROR, "/proof");
        assertProblem(VERIFIER.verify(with(vc, "proof", with(proof, "proofValue", Json.createValue("uAAAA"))), VerifyOptions.none()),
                ErrorType.PROOF_VERIFICATION_ERROR, "/proof/proofValue");
        String short63 = dev.mandate.did.crypto.Multibase.encode(dev.mandate.did.crypto.Multibase.Base.BASE58BTC, new byte[63]);
        assertProblem(VERIFIER.verify(with(vc, "proof", with(proof, "proofValue", Json.createValue(short63))), VerifyOptions.none()),
                ErrorType.PROOF_VERIFICATION_ERROR, "/proof/proofValue");
        assertProblem(VERIFIER.verify(with(vc, "proof", with(proof, "cryptosuite", Json.createValue("rot13-2024"))), VerifyOptions.none()),
                ErrorType.PROOF_VERIFICATION_ERROR, "/proof/cryptosuite");
        assertProblem(VERIFIER.verify(with(vc, "proof", with(proof, "verificationMethod", Json.createValue("did:key:zNotAKey#x"))), VerifyOptions.none()),
                ErrorType.INVALID_VERIFICATION_METHOD_URL, "/proof/verificationMethod");
        JsonObject noProof = Json.createObjectBuilder(vc).remove("proof").build();
        assertProblem(VERIFIER.verify(noProof, VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "/proof");
    }

    @Test
    void resultSerializesToTheDocumentedJsonShape() throws ProofException {
        Party org = Party.of(KeyType.ED25519);
        JsonObject vc = ISSUER.issue(unsigned("did:example:agent"), new IssuerKey(org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer()));
        JsonObject tampered = Json.createObjectBuilder(vc).add("name", "x").build();
        JsonObject json = Json.createReader(new StringReader(VERIFIER.verify(tampered, VerifyOptions.none()).toJson().toString())).readObject();
        assertFalse(json.getBoolean("verified"));
        JsonObject p = json.getJsonArray("problems").getJsonObject(0);
        assertEquals("PROOF_VERIFICATION_ERROR", p.getString("title"));
        assertEquals(-17, p.getInt("code"));
        assertEquals("/proof/proofValue", p.getString("path"));
    }

    @Test
    void trustedIssuersLimitWhoseCredentialsVerifyInEveryFormat() throws Exception {
        Party org = Party.of(KeyType.ED25519);
        Party other = Party.of(KeyType.ED25519);
        Party agent = Party.of(KeyType.ED25519);
        Verifier trusting = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).clock(CLOCK)
                .trustedIssuers(List.of(org.did())).build();
        JsonObject fromOrg = ISSUER.issue(unsigned(agent.did()), new IssuerKey(org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer()));
        JsonObject fromOther = ISSUER.issue(unsigned(agent.did()), new IssuerKey(other.did(), other.vm(), "eddsa-jcs-2022", other.key().signer()));
        assertTrue(trusting.verify(fromOrg, VerifyOptions.none()).verified());
        assertProblem(trusting.verify(fromOther, VerifyOptions.none()), ErrorType.UNTRUSTED_ISSUER_ERROR, "/issuer");
        assertTrue(VERIFIER.verify(fromOther, VerifyOptions.none()).verified(), "no trust list: any issuer");

        JsonObject vp = ISSUER.present(List.of(fromOrg, fromOther), new IssuerKey(agent.did(), agent.vm(), "eddsa-jcs-2022", agent.key().signer()), "c");
        VerificationResult r = trusting.verify(vp, VerifyOptions.none().withChallenge("c"));
        assertFalse(r.verified());
        assertTrue(r.credentialResults().get(0).verified());
        assertEquals(ErrorType.UNTRUSTED_ISSUER_ERROR, r.credentialResults().get(1).problems().get(0).type());

        String jwt = new dev.mandate.vc.issuer.jose.JoseIssuer(CLOCK).issueJwt(unsigned(agent.did()), IssuerKey.jose(other.did(), other.vm(), other.key().signer()));
        VerificationResult jose = trusting.verify(jwt, VerifyOptions.none());
        assertFalse(jose.verified());
        assertTrue(jose.problems().stream().anyMatch(p -> p.type() == ErrorType.UNTRUSTED_ISSUER_ERROR), jose.toJson()::toString);
        assertTrue(VERIFIER.verify(jwt, VerifyOptions.none()).verified());
    }

    static JsonObject with(JsonObject o, String k, jakarta.json.JsonValue v) {
        return Json.createObjectBuilder(o).add(k, v).build();
    }

    static void assertProblem(VerificationResult r, ErrorType type, String path) {
        assertFalse(r.verified(), "expected a failure");
        List<Problem> ps = r.problems();
        assertTrue(ps.stream().anyMatch(p -> p.type() == type && p.path().equals(path)),
                () -> "expected " + type + " at '" + path + "' but got " + r.toJson());
    }
}
