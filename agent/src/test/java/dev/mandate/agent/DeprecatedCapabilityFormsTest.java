package dev.mandate.agent;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CapabilityIssuer#grant} and {@link CapabilityIssuer#delegate} sign the same credential from the deprecated
 * positional key parts as from an {@link IssuerKey} (apart from the random {@code urn:uuid} id, and so the proof value
 * over it), and the key-value forms refuse a missing key and a key its suite does not take.
 */
@SuppressWarnings("deprecation") // calling the deprecated forms is the point of this test
class DeprecatedCapabilityFormsTest {
    static final String API = "https://api.example/";
    final CapabilityIssuer issuer = new CapabilityIssuer(Fixtures.CLOCK);
    final Fixtures.Party org = Fixtures.Party.ed();
    final Fixtures.Party agent = Fixtures.Party.ed();
    final Fixtures.Party sub = Fixtures.Party.of(KeyType.P256);

    static JsonObject withoutIdAndProofValue(JsonObject vc) {
        JsonObject proof = Json.createObjectBuilder(vc.getJsonObject("proof")).remove("proofValue").build();
        return Json.createObjectBuilder(vc).remove("id").add("proof", proof).build();
    }

    CapabilityIssuer.Grant grant(Fixtures.Party subject, int depth, String path) throws CapabilityException {
        return new CapabilityIssuer.Grant(subject.did(), List.of(cap("read", API + path, cons().methods("GET").build())), depth,
                Workload.NONE, Duration.ofMinutes(30));
    }

    @Test
    void grantGivesTheSameCredential() throws Exception {
        JsonObject old = issuer.grant(grant(agent, 1, "orders/"), org.did(), org.vm(), "eddsa-jcs-2022", org.key().signer());
        JsonObject now = issuer.grant(grant(agent, 1, "orders/"), org.signing("eddsa-jcs-2022"));
        assertEquals(withoutIdAndProofValue(old), withoutIdAndProofValue(now));
        assertEquals(org.did(), now.getString("issuer"));
        assertTrue(DataIntegrity.verifyProof(now, now.getJsonObject("proof"), "/proof", org.key().publicKey().verifier()).isEmpty());
        assertNotEquals(withoutIdAndProofValue(now), withoutIdAndProofValue(issuer.grant(grant(agent, 0, "orders/"), org.signing())),
                "the comparison notices another grant");
    }

    @Test
    void delegateGivesTheSameCredential() throws Exception {
        JsonObject root = issuer.grant(grant(agent, 1, "orders/"), org.signing());
        JsonObject old = issuer.delegate(root, grant(sub, 0, "orders/history/"), agent.did(), agent.vm(), "eddsa-jcs-2022",
                agent.key().signer());
        JsonObject now = issuer.delegate(root, grant(sub, 0, "orders/history/"), agent.signing("eddsa-jcs-2022"));
        assertEquals(withoutIdAndProofValue(old), withoutIdAndProofValue(now));
        assertEquals(agent.did(), now.getString("issuer"));
        assertTrue(DataIntegrity.verifyProof(now, now.getJsonObject("proof"), "/proof", agent.key().publicKey().verifier()).isEmpty());
    }

    @Test
    void delegateRefusesTheSameWayInBothForms() throws Exception {
        JsonObject root = issuer.grant(grant(agent, 1, "orders/"), org.signing());
        CapabilityException old = assertThrows(CapabilityException.class, () -> issuer.delegate(root, grant(sub, 0, "payments/"),
                agent.did(), agent.vm(), "eddsa-jcs-2022", agent.key().signer()));
        CapabilityException now = assertThrows(CapabilityException.class,
                () -> issuer.delegate(root, grant(sub, 0, "payments/"), agent.signing()));
        assertEquals(old.getMessage(), now.getMessage());
        assertTrue(now.getMessage().startsWith("refusing to delegate"), now.getMessage());
        // only the parent's subject may delegate: the organisation's key is refused before anything is signed
        CapabilityException notSubject = assertThrows(CapabilityException.class,
                () -> issuer.delegate(root, grant(sub, 0, "orders/history/"), org.signing()));
        assertTrue(notSubject.getMessage().contains("only the parent's subject"), notSubject.getMessage());
    }

    @Test
    void theKeyValueFormsRefuseAMissingKeyOrOneTheSuiteDoesNotTake() throws Exception {
        assertEquals("org", assertThrows(NullPointerException.class, () -> issuer.grant(grant(agent, 0, "orders/"), null)).getMessage());
        JsonObject root = issuer.grant(grant(agent, 1, "orders/"), org.signing());
        assertEquals("holder", assertThrows(NullPointerException.class,
                () -> issuer.delegate(root, grant(sub, 0, "orders/history/"), null)).getMessage());
        KeyMaterial p256 = KeyMaterial.generate(KeyType.P256);
        IssuerKey mismatched = new IssuerKey(DidKey.didFor(p256.publicKey()), DidKey.verificationMethodId(p256.publicKey()),
                "eddsa-jcs-2022", p256.signer());
        ProofException e = assertThrows(ProofException.class, () -> issuer.grant(grant(agent, 0, "orders/"), mismatched));
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, e.type());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
