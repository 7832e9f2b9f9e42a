package dev.mandate.agent.chain;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityCredential;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Fixtures;
import dev.mandate.agent.Fixtures.Party;
import dev.mandate.agent.Reason;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static dev.mandate.agent.Fixtures.NOW;
import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static dev.mandate.agent.Fixtures.delegate;
import static dev.mandate.agent.Fixtures.forgeDelegation;
import static dev.mandate.agent.Fixtures.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChainVerifierTest {
    static final String API = "https://api.supplier.example/";
    static final Party ORG = Party.ed(), A = Party.ed(), B = Party.ed(), C = Party.ed(), EVE = Party.ed();
    static final ChainVerifier CHAINS = new ChainVerifier(Fixtures.VERIFIER);
    static final TrustPolicy POLICY = policy(3);
    static final Capability PAY, READ;

    static {
        try {
            PAY = Capability.of("pay", API + "orders/", cons().methods("POST").maxAmount(new BigDecimal("500"), "EUR").build());
            READ = Capability.of("read", API + "orders/", cons().methods("GET").build());
        } catch (CapabilityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static TrustPolicy policy(int depth) {
        try {
            return TrustPolicy.trusting(ORG.did(), depth, API);
        } catch (CapabilityException e) {
            throw new AssertionError(e);
        }
    }

    ChainResult verify(JsonObject... links) {
        return CHAINS.verify(List.of(links), POLICY, NOW);
    }

    static void assertRejected(ChainResult r, Reason.Code code, int link) {
        assertFalse(r.valid(), "accepted an invalid chain");
        assertEquals(code, r.reasons().get(0).code(), r.reasons().toString());
        assertEquals(link, r.reasons().get(0).link(), r.reasons().toString());
        if (link >= 0) assertTrue(r.reasons().get(0).message().startsWith("link " + link + ":"));
    }

    @Test
    void depthThreeChainVerifies() throws Exception {
        JsonObject l0 = root(ORG, A, 3, PAY, READ);
        JsonObject l1 = delegate(l0, A, B, 2, READ);
        JsonObject l2 = delegate(l1, B, C, 0, cap("read", API + "orders/42", cons().methods("GET").build()));
        ChainResult r = verify(l0, l1, l2);
        assertTrue(r.valid(), r.reasons().toString());
        assertEquals(C.did(), r.agentDid());
        assertEquals(3, r.links().size());
        assertEquals(API + "orders/42", r.capabilities().get(0).resource().toString());
        JsonObject summary = r.toJson();
        assertEquals(3, summary.getJsonArray("links").size());
    }

    @Test
    void issuerRefusesToSignAnEscalation() throws Exception {
        JsonObject l0 = root(ORG, A, 2, READ);
        CapabilityException e = assertThrows(CapabilityException.class, () -> delegate(l0, A, B, 1, PAY));
        assertTrue(e.getMessage().contains("not within the parent"), e.getMessage());
        assertThrows(CapabilityException.class, () -> delegate(l0, B, C, 1, READ)); // B does not hold l0
    }

    @Test
    void widerResourceIsRejectedAtItsLink() throws Exception {
        JsonObject l0 = root(ORG, A, 2, READ);
        JsonObject l1 = forgeDelegation(l0, A, B, 1, NOW.plusSeconds(60), x -> x, cap("read", API, cons().methods("GET").build()));
        assertRejected(verify(l0, l1), Reason.Code.ESCALATION, 1);
    }

    @Test
    void laterExpiryIsRejected() throws Exception {
        JsonObject l0 = root(ORG, A, 2, READ);
        JsonObject l1 = forgeDelegation(l0, A, B, 1, NOW.plus(Duration.ofDays(30)), x -> x, READ);
        ChainResult r = verify(l0, l1);
        assertRejected(r, Reason.Code.ESCALATION, 1);
        assertTrue(r.reasons().get(0).message().contains("validUntil"));
    }

    @Test
    void droppedConstraintIsRejected() throws Exception {
        JsonObject l0 = root(ORG, A, 2, PAY);
        JsonObject l1 = forgeDelegation(l0, A, B, 1, NOW.plusSeconds(60), x -> x, cap("pay", API + "orders/", cons().methods("POST").build()));
        ChainResult r = verify(l0, l1);
        assertRejected(r, Reason.Code.ESCALATION, 1);
        assertTrue(r.reasons().get(0).message().contains("maxAmount"));
    }

    @Test
    void forgedMiddleLinkIsRejected() throws Exception {
        JsonObject l0 = root(ORG, A, 3, READ);
        JsonObject real1 = delegate(l0, A, B, 2, READ);
        // Eve signs a link claiming to be from A: issuer is then Eve, not A.
        JsonObject forged = forgeDelegation(l0, EVE, B, 2, NOW.plusSeconds(60), x -> x, READ);
        JsonObject l2 = delegate(forged, B, C, 0, READ);
        assertRejected(verify(l0, forged, l2), Reason.Code.BROKEN_LINK, 1);
        // A real link swapped for another credential of the same agent: the child's digest no longer matches.
        JsonObject other1 = delegate(l0, A, B, 2, READ);
        JsonObject l2b = delegate(real1, B, C, 0, READ);
        assertRejected(verify(l0, other1, l2b), Reason.Code.BROKEN_LINK, 2);
    }

    @Test
    void tamperedLinkFailsVerification() throws Exception {
        JsonObject l0 = root(ORG, A, 2, READ);
        JsonObject l1 = delegate(l0, A, B, 1, READ);
        JsonObject tampered = Fixtures.withSubjectMember(l1, "delegationDepth", Jsonp.PROVIDER.createValue(1));
        tampered = Jsonp.PROVIDER.createObjectBuilder(tampered).add("validUntil", "2099-01-01T00:00:00Z").build();
        assertRejected(verify(l0, tampered), Reason.Code.LINK_NOT_VERIFIED, 1);
    }

    @Test
    void cycleIsRejected() throws Exception {
        JsonObject l0 = root(ORG, A, 3, READ);
        JsonObject l1 = delegate(l0, A, B, 2, READ);
        JsonObject l2 = delegate(l1, B, A, 1, READ);
        assertRejected(verify(l0, l1, l2), Reason.Code.CYCLE, 2);
    }

    @Test
    void depthBeyondRootOrVerifierIsRejected() throws Exception {
        JsonObject l0 = root(ORG, A, 1, READ);
        JsonObject l1 = delegate(l0, A, B, 0, READ);
        assertTrue(verify(l0, l1).valid());
        JsonObject l2 = forgeDelegation(l1, B, C, 0, NOW.plusSeconds(60), x -> x, READ);
        assertRejected(verify(l0, l1, l2), Reason.Code.DEPTH_EXCEEDED, 2);
        JsonObject deep = forgeDelegation(l0, A, B, 5, NOW.plusSeconds(60), x -> x, READ);
        assertRejected(verify(l0, deep), Reason.Code.DEPTH_EXCEEDED, 1);
        JsonObject r3 = root(ORG, A, 3, READ);
        JsonObject m1 = delegate(r3, A, B, 2, READ);
        assertRejected(CHAINS.verify(List.of(r3, m1), policy(0), NOW), Reason.Code.DEPTH_EXCEEDED, -1);
    }

    @Test
    void untrustedRootIssuerIsRejected() throws Exception {
        JsonObject l0 = root(EVE, A, 1, READ);
        assertRejected(verify(l0), Reason.Code.UNTRUSTED_ISSUER, 0);
        JsonObject other = root(ORG, A, 1, cap("read", "https://elsewhere.example/", cons().build()));
        assertRejected(verify(other), Reason.Code.UNTRUSTED_ISSUER, 0);
    }

    @Test
    void expiredParentCutsTheChain() throws Exception {
        JsonObject l0 = root(ORG, A, 2, READ);
        JsonObject l1 = delegate(l0, A, B, 1, READ);
        ChainResult r = CHAINS.verify(List.of(l0, l1), POLICY, NOW.plus(Duration.ofHours(2)));
        assertRejected(r, Reason.Code.LINK_NOT_VERIFIED, 0);
    }

    @Test
    void rootMustNotBeADelegationAndDelegationsMustLinkParents() throws Exception {
        JsonObject l0 = root(ORG, A, 2, READ);
        JsonObject l1 = delegate(l0, A, B, 1, READ);
        assertRejected(verify(l1), Reason.Code.CHAIN_MALFORMED, 0);
        assertRejected(verify(l0, l0), Reason.Code.CHAIN_MALFORMED, 1);
        JsonObject wrongParent = forgeDelegation(l0, A, B, 1, NOW.plusSeconds(60),
                x -> Fixtures.withSubjectMember(x, "parentCredential", Jsonp.PROVIDER.createValue("urn:uuid:other")), READ);
        assertRejected(verify(l0, wrongParent), Reason.Code.BROKEN_LINK, 1);
        assertEquals(CapabilityCredential.digestOf(l0), Fixtures.parseVerified(l1).parentCredentialDigest().orElseThrow());
    }

    @Test
    void headerRoundTripAndDigestAreStable() throws Exception {
        JsonObject l0 = root(ORG, A, 2, READ);
        JsonObject l1 = delegate(l0, A, B, 1, READ);
        List<JsonObject> chain = List.of(l0, l1);
        assertEquals(chain, Chains.decodeHeader(Chains.encodeHeader(chain)));
        assertEquals(Chains.digest(chain), Chains.digest(Chains.decodeHeader(Chains.encodeHeader(chain))));
        assertTrue(Chains.digest(chain).matches("sha-256=:[A-Za-z0-9+/]{43}=:"));
        assertThrows(CapabilityException.class, () -> Chains.decodeHeader("not base64!"));
        assertThrows(CapabilityException.class, () -> Chains.decodeHeader(java.util.Base64.getUrlEncoder().encodeToString("[]".getBytes())));
    }

    /** A root secured as a vc+jwt by {@code signer}, in an EnvelopedVerifiableCredential. */
    static JsonObject jwtRoot(Party signer, Party agent, Capability... caps) throws Exception {
        JsonObject unsigned = Fixtures.ISSUER.unsignedGrant(Fixtures.grant(agent, 0, Duration.ofMinutes(30), caps));
        String jwt = new dev.mandate.vc.issuer.jose.JoseIssuer(Fixtures.CLOCK).issueJwt(unsigned,
                dev.mandate.vc.issuer.IssuerKey.jose(signer.did(), signer.vm(), signer.key().signer()), Duration.ofMinutes(30));
        return dev.mandate.vc.issuer.jose.JoseIssuer.envelope(jwt);
    }

    @Test
    void aGenuineEnvelopedJwtRootIsReadFromItsSignedPayload() throws Exception {
        ChainResult r = verify(jwtRoot(ORG, A, PAY));
        assertTrue(r.valid(), r.reasons().toString());
        assertEquals(ORG.did(), r.links().get(0).credential().issuer());
        assertEquals(A.did(), r.agentDid());
    }

    @Test
    void aForgedEnvelopeNamingTheOrgGrantsNothing() throws Exception {
        // Eve self-issues a JWT and wraps it in an envelope whose outer, unsigned JSON names the org as issuer
        // and grants her pay on everything. Before the pipeline rewrite this chain was valid.
        JsonObject envelope = jwtRoot(EVE, EVE, READ);
        JsonObject forged = Json.createObjectBuilder(envelope)
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2").add(CapabilityCredential.CONTEXT))
                .add("type", Json.createArrayBuilder().add("EnvelopedVerifiableCredential").add("AgentCapabilityCredential"))
                .add("issuer", ORG.did())
                .add("credentialSubject", Json.createObjectBuilder().add("id", EVE.did())
                        .add("capability", Json.createArrayBuilder().add(Json.createObjectBuilder().add("action", "pay").add("resource", API))))
                .build();
        assertRejected(verify(forged), Reason.Code.LINK_NOT_VERIFIED, 0);
        // Without the extra members the envelope verifies, but what it says is Eve's own JWT: an untrusted root.
        assertRejected(verify(envelope), Reason.Code.UNTRUSTED_ISSUER, 0);
    }
}
