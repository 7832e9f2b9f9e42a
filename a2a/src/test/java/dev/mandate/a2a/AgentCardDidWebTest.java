package dev.mandate.a2a;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.Did;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** did:web agents: the DID document is fetched from a real HTTPS server on 127.0.0.1, so keys can rotate. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentCardDidWebTest {
    static final String PATH = "/agents/procurement/did.json";

    DidWebHost host;
    String did;
    AgentCardVerifier verifier;

    @BeforeEach
    void start() throws Exception {
        host = new DidWebHost();
        did = host.did("agents", "procurement");
        verifier = AgentCardVerifier.builder(new DidMethodResolver(DidResolvers.standard(host.options()))).build();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    /** Hosts the agent's document listing {@code keys} as did#<multikey>, usable for assertionMethod and authentication. */
    void publish(KeyMaterial... keys) throws Exception {
        DidDocument.Builder b = DidDocument.builder(Did.parse(did));
        for (KeyMaterial k : keys) {
            b.verificationMethod(k.publicKey().toMultikey(), k.publicKey(), Relationship.AUTHENTICATION, Relationship.ASSERTION_METHOD);
        }
        host.host(PATH, b.build().toPrettyJson());
    }

    String kid(KeyMaterial k) {
        return did + "#" + k.publicKey().toMultikey();
    }

    @Test
    void aDidWebAgentsCardVerifies() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        publish(key);
        JsonObject signed = new AgentCardSigner(key.signer(), kid(key)).sign(AgentCardSigningTest.card());
        AgentCardVerification v = verifier.verify(signed.toString());
        assertTrue(v.verified(), v.result().toJson().toString());
        assertEquals(List.of(did), v.signers());
        assertTrue(host.hits(PATH) >= 1);
    }

    @Test
    void aKidNamingAKeyTheDocumentDoesNotListIsRefused() throws Exception {
        KeyMaterial listed = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial other = KeyMaterial.generate(KeyType.ED25519);
        publish(listed);
        JsonObject signed = new AgentCardSigner(other.signer(), kid(other)).sign(AgentCardSigningTest.card());
        Problem p = AgentCardSigningTest.only(verifier.verify(signed));
        assertEquals(ErrorType.INVALID_VERIFICATION_METHOD_URL, p.type());
        assertFalse(verifier.verify(signed).result().operationalFailure());
        // Nor may the listed key's kid be used with the other key's signature.
        JsonObject forged = new AgentCardSigner(other.signer(), kid(listed)).sign(AgentCardSigningTest.card());
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, AgentCardSigningTest.only(verifier.verify(forged)).type());
    }

    @Test
    void keyRotationEverySignatureMustVerifySoTheOldOneMustGoWhenItsKeyDoes() throws Exception {
        KeyMaterial old = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial fresh = KeyMaterial.generate(KeyType.P256);
        publish(old, fresh);
        JsonObject card = AgentCardSigningTest.card();
        JsonObject both = new AgentCardSigner(fresh.signer(), kid(fresh)).sign(new AgentCardSigner(old.signer(), kid(old)).sign(card));
        AgentCardVerification during = verifier.verify(both);
        assertTrue(during.verified(), during.result().toJson().toString());
        assertEquals(List.of(did), during.signers());
        assertEquals(2, during.result().proofs().size());

        // The old key is revoked: removed from the DID document. Its signature no longer verifies, so the card fails
        // as a whole (the mixed-card rule), though the new key's signature still checks out.
        publish(fresh);
        AgentCardVerification after = verifier.verify(both);
        VerificationResult r = after.result();
        assertFalse(r.verified(), r.toJson().toString());
        assertFalse(r.operationalFailure());
        assertEquals(1, r.problems().size(), r.toJson().toString());
        assertEquals(ErrorType.INVALID_VERIFICATION_METHOD_URL, r.problems().get(0).type());
        assertEquals("/signatures/0/protected", r.problems().get(0).path());
        assertFalse(r.proofs().get(0).verified());
        assertTrue(r.proofs().get(1).verified());
        assertFalse(r.checks().contains("signature"));
        assertTrue(after.signers().isEmpty());

        // Re-published with the new key's signature alone, the card verifies again.
        JsonObject resigned = new AgentCardSigner(fresh.signer(), kid(fresh)).signReplacing(both);
        AgentCardVerification v = verifier.verify(resigned);
        assertTrue(v.verified(), v.result().toJson().toString());
        assertEquals(1, resigned.getJsonArray("signatures").size());
    }

    @Test
    void aJkuIsNeverFetched() throws Exception {
        KeyMaterial victim = KeyMaterial.generate(KeyType.P256);
        KeyMaterial attacker = KeyMaterial.generate(KeyType.P256);
        publish(victim);
        String jwks = "/attacker/jwks.json";
        host.host(jwks, "{\"keys\":[" + attacker.publicKey().toJwk().toJSONString() + "]}");
        String header = "{\"alg\":\"ES256\",\"typ\":\"JOSE\",\"kid\":\"" + kid(victim) + "\",\"jku\":\"https://localhost:" + host.port()
                + jwks + "\"}";
        String protectedB64 = AgentCardSigningTest.B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
        JsonObject card = AgentCardSigningTest.card();
        String sig = AgentCardSigningTest.B64.encodeToString(attacker.signer().sign(AgentCardSigningTest.input(protectedB64, card)));
        Problem p = AgentCardSigningTest.only(verifier.verify(AgentCardSigningTest.withSignature(card, header, sig)));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, p.type());
        assertEquals(0, host.hits(jwks));
        assertTrue(host.hits(PATH) >= 1, "the kid's DID document was fetched instead");
    }

    @Test
    void anUnreachableDocumentIsAnOperationalFailureAndLoopbackIsRefusedByDefault() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        JsonObject signed = new AgentCardSigner(key.signer(), kid(key)).sign(AgentCardSigningTest.card());
        host.fail(PATH, 503);
        AgentCardVerification down = verifier.verify(signed);
        assertEquals(ErrorType.RESOLUTION_ERROR, AgentCardSigningTest.only(down).type());
        assertTrue(down.result().operationalFailure());

        publish(key);
        int before = host.requests.get();
        AgentCardVerifier strict = AgentCardVerifier.builder(new DidMethodResolver(DidResolvers.standard(host.options(false)))).build();
        AgentCardVerification refused = strict.verify(signed);
        assertFalse(refused.verified());
        assertTrue(refused.result().operationalFailure(), refused.result().toJson().toString());
        assertEquals(before, host.requests.get(), "the SSRF policy refuses 127.0.0.1 before connecting");
    }

    @Test
    void theUnprotectedHeaderIsNeverReadEvenForAKidThatWouldVerify() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        publish(key);
        JsonObject card = AgentCardSigningTest.card();
        // A protected header without kid, the kid offered unprotected: refused (keys come only from the protected kid).
        String header = "{\"alg\":\"EdDSA\",\"typ\":\"JOSE\"}";
        String protectedB64 = Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8));
        String s = AgentCardSigningTest.B64.encodeToString(key.signer().sign(AgentCardSigningTest.input(protectedB64, card)));
        JsonObject entry = Jsonp.PROVIDER.createObjectBuilder().add("protected", protectedB64).add("signature", s)
                .add("header", Jsonp.PROVIDER.createObjectBuilder().add("kid", kid(key))).build();
        Problem p = AgentCardSigningTest.only(verifier.verify(AgentCardSigningTest.with(card, "signatures",
                Jsonp.PROVIDER.createArrayBuilder().add(entry).build())));
        assertEquals(ErrorType.INVALID_VERIFICATION_METHOD_URL, p.type());
    }
}
