package dev.mandate.vc.verifier;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline's structure: envelopes are carriers, views are signed content, nesting re-enters the pipeline. */
class PipelineTest {
    final KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
    final KeyMaterial mallory = KeyMaterial.generate(KeyType.ED25519);
    final String orgDid = DidKey.didFor(org.publicKey());
    final String malloryDid = DidKey.didFor(mallory.publicKey());
    final Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();
    final JoseIssuer jose = new JoseIssuer();

    JsonObject unsigned(String subject) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", subject)).build();
    }

    String jwt(KeyMaterial key, JsonObject credential) throws Exception {
        return jose.issueJwt(credential, IssuerKey.jose(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()), key.signer()), Duration.ofMinutes(5));
    }

    static Problem first(VerificationResult r) {
        assertFalse(r.verified(), r.toJson()::toString);
        return r.problems().get(0);
    }

    @Test
    void theViewOfAnEnvelopeIsItsSignedPayloadNeverItsOuterJson() throws Exception {
        JsonObject envelope = JoseIssuer.envelope(jwt(org, unsigned("did:example:agent")));
        Verification v = verifier.verifyWithView(envelope, VerifyOptions.none());
        assertTrue(v.verified(), v.result().toJson()::toString);
        VerifiedCredential c = v.credential().orElseThrow();
        assertEquals(orgDid, c.issuer());
        assertEquals("did:example:agent", c.view().getJsonObject("credentialSubject").getString("id"));
        assertEquals("vc+jwt", c.format());
        assertFalse(c.view().containsKey("id") && c.view().getString("id").startsWith("data:"), "the envelope's id is not the view");
    }

    @Test
    void anEnvelopeWithAnyOtherMemberIsRefused() throws Exception {
        // The forged-root attack: Mallory self-issues a JWT and wraps it in an envelope naming the org as issuer.
        JsonObject envelope = JoseIssuer.envelope(jwt(mallory, unsigned("did:example:mallory")));
        for (String member : List.of("issuer", "credentialSubject", "validUntil", "credentialStatus", "proof")) {
            JsonObject forged = Json.createObjectBuilder(envelope).add(member, member.equals("credentialSubject")
                    ? Json.createObjectBuilder().add("id", "did:example:mallory").build() : Json.createValue(orgDid)).build();
            Problem p = first(verifier.verify(forged, VerifyOptions.none()));
            assertEquals(ErrorType.MALFORMED_VALUE_ERROR, p.type());
            assertEquals("/" + member, p.path());
            assertTrue(p.message().contains("'" + member + "' is not signed"), p.message());
            assertTrue(verifier.verifyWithView(forged, VerifyOptions.none()).credential().isEmpty());
        }
        JsonObject typed = Json.createObjectBuilder(envelope).add("type", Json.createArrayBuilder()
                .add("EnvelopedVerifiableCredential").add("AgentCapabilityCredential")).build();
        assertEquals("/type", first(verifier.verify(typed, VerifyOptions.none())).path());
    }

    @Test
    void anEnvelopeMustCarryWhatItSaysItCarries() throws Exception {
        KeyMaterial holder = KeyMaterial.generate(KeyType.ED25519);
        String vp = jose.presentJwt(List.of(jwt(org, unsigned("did:example:a"))), IssuerKey.jose(DidKey.didFor(holder.publicKey()),
                DidKey.verificationMethodId(holder.publicKey()), holder.signer()));
        JsonObject mislabelled = Json.createObjectBuilder(JoseIssuer.envelope(jwt(org, unsigned("did:example:a"))))
                .add("id", "data:application/vc+jwt," + vp).build();
        Problem p = first(verifier.verify(mislabelled, VerifyOptions.none()));
        assertTrue(p.message().contains("carries a presentation"), p.message());
    }

    @Test
    void aPresentationCannotBeNestedInAPresentation() throws Exception {
        KeyMaterial holder = KeyMaterial.generate(KeyType.ED25519);
        String holderDid = DidKey.didFor(holder.publicKey());
        String vm = DidKey.verificationMethodId(holder.publicKey());
        JsonObject inner = new Issuer().present(List.of(), new IssuerKey(holderDid, vm, "eddsa-jcs-2022", holder.signer()), "c");
        JsonObject outer = new Issuer().present(List.of(inner), new IssuerKey(holderDid, vm, "eddsa-jcs-2022", holder.signer()), "c");
        VerificationResult r = verifier.verify(outer, VerifyOptions.none().withChallenge("c"));
        assertFalse(r.verified());
        assertTrue(r.credentialResults().get(0).problems().stream().anyMatch(x -> x.message().contains("cannot be nested")),
                r.toJson()::toString);
    }

    @Test
    void onlyAVerifiedResultComesWithAVerifiedCredential() throws Exception {
        String good = jwt(org, unsigned("did:example:a"));
        assertTrue(verifier.verifyWithView(good, VerifyOptions.none()).credential().isPresent());
        String expired = jose.issueJwt(unsigned("did:example:a"), IssuerKey.jose(orgDid, DidKey.verificationMethodId(org.publicKey()), org.signer()), Duration.ofSeconds(1));
        Verification later = verifier.verifyWithView(expired, VerifyOptions.none().at(java.time.Instant.now().plus(Duration.ofHours(1))));
        assertFalse(later.verified());
        assertTrue(later.credential().isEmpty(), "an expired credential has no verified view to decide on");
        Verification untrusted = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).trustedIssuers(List.of(malloryDid)).build()
                .verifyWithView(good, VerifyOptions.none());
        assertEquals(ErrorType.UNTRUSTED_ISSUER_ERROR, first(untrusted.result()).type());
        assertTrue(untrusted.credential().isEmpty());
    }

    @Test
    void theResultTreeNamesEachProofAndTheValidity() throws Exception {
        JsonObject di = new Issuer().issue(unsigned("did:example:a"), new IssuerKey(orgDid, DidKey.verificationMethodId(org.publicKey()), "eddsa-jcs-2022", org.signer()), Duration.ofMinutes(5));
        VerificationResult r = verifier.verify(di, VerifyOptions.none());
        assertTrue(r.verified(), r.toJson()::toString);
        assertEquals(1, r.proofs().size());
        assertEquals("eddsa-jcs-2022", r.proofs().get(0).suite());
        assertEquals("assertionMethod", r.proofs().get(0).purpose());
        assertTrue(r.proofs().get(0).verified());
        assertTrue(r.validity().valid());
        assertEquals(di.getString("validUntil"), r.validity().validUntil());
        JsonObject json = r.toJson();
        assertEquals("eddsa-jcs-2022", json.getJsonArray("proofs").getJsonObject(0).getString("cryptosuite"));
        assertTrue(json.getJsonObject("validity").getBoolean("valid"));
        // a tampered document: the proof entry says it did not verify
        JsonObject tampered = Json.createObjectBuilder(di).add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:b")).build();
        VerificationResult bad = verifier.verify(tampered, VerifyOptions.none());
        assertFalse(bad.proofs().get(0).verified());
    }

    @Test
    void withoutIssuerKeyControlTheAuthenticatedIssuerIsTheKeysControllerNotTheNamedOne() throws Exception {
        // Mallory signs a credential that names the org as issuer; a verifier relaxed for third-party vectors
        // must still not let that name pass a trusted-issuer check or reach a decision.
        JsonObject claimsOrg = Json.createObjectBuilder(unsigned("did:example:a")).build();
        JsonObject signed = dev.mandate.vc.proof.DataIntegrity.sign(Json.createObjectBuilder(claimsOrg).add("issuer", orgDid).build(),
                dev.mandate.vc.proof.ProofOptions.builder("eddsa-jcs-2022", DidKey.verificationMethodId(mallory.publicKey()))
                        .proofPurpose("assertionMethod").created(java.time.Instant.now()).build(), mallory.signer());
        Verifier.Builder relaxed = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).issuerMustControlProofKey(false);
        Verification v = relaxed.build().verifyWithView(signed, VerifyOptions.none());
        assertTrue(v.verified(), v.result().toJson()::toString);
        assertEquals(malloryDid, v.credential().orElseThrow().issuer());
        assertEquals(ErrorType.UNTRUSTED_ISSUER_ERROR, first(relaxed.trustedIssuers(List.of(orgDid)).build()
                .verify(signed, VerifyOptions.none())).type());
        assertEquals(ErrorType.PROOF_VERIFICATION_ERROR, first(verifier.verify(signed, VerifyOptions.none())).type(), "by default refused");
    }
}
