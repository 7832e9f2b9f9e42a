package dev.mandate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.MandateException;
import dev.mandate.agent.CapabilityException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the code shown in docs/ end to end on loopback: org grants, agent delegates, agents call the partner. */
class ExamplesTest {
    static final char[] PASS = "correct horse battery staple".toCharArray();

    @TempDir
    Path tmp;

    @Test
    void grantDelegateAndCallThePartnerOnLoopback() throws Exception {
        Path store = tmp.resolve("keystore");
        // a low iteration count keeps the test fast; the example reads whatever count the file states
        EncryptedKeyStore.at(store, EncryptedKeyStore.MIN_ITERATION_COUNT).add(PASS, "org", KeyMaterial.generate(KeyType.ED25519).toJwk(true));
        IssuerKey org = IssueGrant.orgKey(store, PASS);
        IssuerKey agent = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
        IssuerKey sub = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");

        try (PartnerSide.Partner partner = PartnerSide.start(org.did())) {
            String api = partner.origin();
            JsonObject grant = IssueGrant.grant(org, agent.did(), api);
            List<JsonObject> chain = Delegate.delegate(grant, agent, sub.did(), api);

            assertEquals("200 orders for " + agent.did() + " under read", AgentSide.read(agent, List.of(grant), api + "/orders/?status=open&page=2"));
            assertEquals("200 orders for " + sub.did() + " under read", AgentSide.read(sub, chain, api + "/orders/history/?since=2026-01-01"));
            String paid = AgentSide.pay(agent, List.of(grant), api + "/orders/", "120.00");
            assertTrue(paid.startsWith("200 order of {\"amount\":\"120.00\""), paid);

            // attacks: the sub-agent outside its delegation, the agent above its limit, a stranger with a forged chain
            String outside = AgentSide.read(sub, chain, api + "/orders/?status=open");
            assertTrue(outside.startsWith("403 ") && outside.contains("INTENT_MISMATCH"), outside);
            String tooMuch = AgentSide.pay(agent, List.of(grant), api + "/orders/", "900");
            assertTrue(tooMuch.startsWith("403 ") && tooMuch.contains("AMOUNT_NOT_ALLOWED"), tooMuch);
            IssuerKey stranger = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
            String forged = AgentSide.read(stranger, List.of(grant), api + "/orders/");
            assertTrue(forged.startsWith("403 ") && forged.contains("HOLDER_MISMATCH"), forged);
            String self = AgentSide.read(stranger, List.of(IssueGrant.grant(stranger, stranger.did(), api)), api + "/orders/");
            assertTrue(self.startsWith("403 ") && self.contains("UNTRUSTED_ISSUER"), "a self-issued grant: " + self);
        }
    }

    @Test
    void anAgentAsksAnA2aSkillItWasGrantedAndNotOneItWasNot() throws Exception {
        IssuerKey org = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
        IssuerKey agent = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
        try (A2aCalls.Callee callee = A2aCalls.start(org.did())) {
            JsonObject grant = new dev.mandate.agent.CapabilityIssuer().grant(new dev.mandate.agent.CapabilityIssuer.Grant(agent.did(),
                    List.of(dev.mandate.agent.Capability.of("message", "a2a+" + callee.endpoint() + "/skills/forecast", dev.mandate.agent.Constraints.NONE)),
                    0, dev.mandate.vc.model.Workload.NONE, java.time.Duration.ofMinutes(5)), org);
            String ok = A2aCalls.ask(agent, List.of(grant), callee.endpoint(), "forecast");
            assertTrue(ok.startsWith("200 ") && ok.contains("\"task\""), ok);
            assertEquals(agent.did(), A2aCalls.TASK_OWNERS.values().iterator().next());
            // a skill the card does not offer, and a caller whose chain is not its own
            String other = A2aCalls.ask(agent, List.of(grant), callee.endpoint(), "admin");
            assertTrue(other.startsWith("200 ") && other.contains("not a skill of this agent"), other);
            IssuerKey stranger = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
            String forged = A2aCalls.ask(stranger, List.of(grant), callee.endpoint(), "forecast");
            assertTrue(forged.contains("HOLDER_MISMATCH") && !forged.contains("\"task\""), forged);
        }
    }

    @Test
    void aWiderDelegationIsRefusedBeforeAnythingIsSigned() throws Exception {
        IssuerKey org = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
        IssuerKey agent = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
        String api = "https://api.supplier.example";
        JsonObject narrowGrant = IssueGrant.grant(org, agent.did(), api + "/orders/history");  // only below /orders/history/orders/
        CapabilityException e = assertThrows(CapabilityException.class,
                () -> Delegate.delegate(narrowGrant, agent, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", api));
        assertTrue(e.getMessage().startsWith("refusing to delegate"), e.getMessage());
        // only the grant's subject may delegate it
        IssuerKey other = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-jcs-2022");
        JsonObject grant = IssueGrant.grant(org, agent.did(), api);
        assertThrows(MandateException.class, () -> Delegate.delegate(grant, other, other.did(), api));
    }

    @Test
    void theWrongPassphraseIsATypedErrorNotAKey() throws Exception {
        Path store = tmp.resolve("keystore");
        EncryptedKeyStore.at(store, EncryptedKeyStore.MIN_ITERATION_COUNT).add(PASS, "org", KeyMaterial.generate(KeyType.ED25519).toJwk(true));
        MandateException e = assertThrows(MandateException.class, () -> IssueGrant.orgKey(store, "wrong passphrase".toCharArray()));
        assertTrue(e.getMessage().contains("wrong passphrase"), e.getMessage());
    }

    @Test
    void issueAndVerifyWithRdfc() throws Exception {
        JsonObject unsigned = (JsonObject) BoundedJson.parse("""
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "did:example:agent"}}""");
        VerificationResult r = IssueAndVerify.issueAndVerify(unsigned);
        assertTrue(r.verified(), r.toJson().toString());
        assertFalse(r.proofs().isEmpty());
        assertEquals("eddsa-rdfc-2022", r.proofs().get(0).suite());
    }
}
