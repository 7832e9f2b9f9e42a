package dev.mandate.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.registry.GrantService;
import dev.mandate.registry.IssueOptions;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.registry.agents.Retirement;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java of docs/status.md, audit.md and registry.md on a real SQLite store, and what each must refuse. */
class StoreExamplesTest {
    @TempDir
    Path tmp;

    static JsonObject credentialFor(String subject) throws Exception {
        return (JsonObject) BoundedJson.parse("""
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
                 "credentialSubject": {"id": "%s"}}""".formatted(subject));
    }

    static String did(KeyMaterial k) {
        return "did:key:" + k.publicKey().toMultikey();
    }

    @Test
    void issueWithStatusPublishVerifyAndJustInTimeGrants() throws Exception {
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        try (Store store = Stores.open("jdbc:sqlite:" + tmp.resolve("status.db"))) {
            StatusExamples.Issued issued = StatusExamples.issueAndPublish(store, org, credentialFor("did:example:agent"));
            assertEquals(2, issued.credential().getJsonArray("credentialStatus").size());
            assertEquals(did(org), issued.credential().getString("issuer"));
            assertTrue(issued.list().etag().startsWith("\"" + issued.list().list().id() + "-"), issued.list().etag());
            assertTrue(issued.list().cacheControl().startsWith("public, max-age="), issued.list().cacheControl());
            assertEquals("BitstringStatusListCredential", issued.list().credential().getJsonArray("type").getString(1));

            // the checker of the doc, on a credential without status: verified; the same credential altered: not
            JsonObject plain = new Issuer().issue(credentialFor("did:example:agent"), IssuerKey.didKey(org, "eddsa-jcs-2022"), Duration.ofMinutes(5));
            VerificationResult ok = StatusExamples.verify(plain.toString());
            assertTrue(ok.verified(), ok.toJson().toString());
            assertFalse(StatusExamples.verify(plain.toString().replace("did:example:agent", "did:example:other")).verified());

            StatusService status = new StatusService(store, "https://issuer.example/status-lists/",
                    IssuerKey.didKey(org, "eddsa-rdfc-2022"), new Issuer());
            KeyMaterial agent = KeyMaterial.generate(KeyType.ED25519);
            StatusExamples.Granted g = StatusExamples.grant(status, did(agent));
            assertEquals(GrantService.Use.ACCEPTED, g.first());
            assertEquals(GrantService.Use.ALREADY_USED, g.second(), "a single-use grant is accepted once");
            assertEquals(did(agent), g.grant().credential().getJsonObject("credentialSubject").getString("id"));
            assertEquals(1, g.revoked().size());
            assertTrue(g.revoked().get(0).changed(), "completing the task revoked the grant");
        }
    }

    @Test
    void auditLogAppendSignProveAndCheck() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("audit.db");
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        String kid = did(org) + "#" + org.publicKey().toMultikey();
        JsonObject details = (JsonObject) BoundedJson.parse("{\"allow\": true}");
        try (Store store = Stores.open(url)) {
            new AuditLog(store).append("registry", "alice", "did:example:agent", details);
        }
        assertTrue(AuditExamples.appendSignProveCheck(url, "did:example:verifier", "did:example:agent", details, org, kid, org.publicKey(), 1));
        // checked against another organisation's key, neither the proof nor the signed heads hold
        KeyMaterial other = KeyMaterial.generate(KeyType.ED25519);
        assertFalse(AuditExamples.appendSignProveCheck(url, "did:example:verifier", "did:example:agent", details, org, kid, other.publicKey(), 2));
        try (Store store = Stores.open(url)) {
            assertEquals(3, new AuditLog(store).size());
        }
    }

    @Test
    void agentLifecycleAndKeyRotation() throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("registry.db");
        Retirement r = RegistryExamples.lifecycle(url, "did:example:procurement", "urn:uuid:5b0c3e6a-1d0f-4d5e-9a63-2f4f0a8c7e11");
        assertEquals(AgentState.RETIRED, r.agent().state());
        assertTrue(r.notRevoked().containsKey("urn:uuid:5b0c3e6a-1d0f-4d5e-9a63-2f4f0a8c7e11"), "the credential has no status entry: " + r);
        AgentException again = assertThrows(AgentException.class, () -> RegistryExamples.lifecycle(url, "did:example:procurement", "urn:uuid:x"));
        assertEquals(AgentException.Reason.DUPLICATE, again.reason());

        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial agent = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial next = KeyMaterial.generate(KeyType.ED25519);
        String web = "did:web:agents.example.com:procurement";   // a did:web agent keeps its DID across rotations
        try (Store store = Stores.open(url)) {
            AgentRegistry registry = new AgentRegistry(store);
            StatusService status = new StatusService(store, "https://issuer.example/status-lists/", IssuerKey.didKey(org, "eddsa-rdfc-2022"), new Issuer());
            registry.register(web, "buyer", "team:procurement", "buys", Workload.NONE, "alice");
            registry.activate(web, "alice", "approved");
            JsonObject signed = status.issue(credentialFor(web), IssueOptions.purposes(StatusPurpose.REVOCATION).withValidFor(Duration.ofDays(1)));
            RegistryExamples.Rotated rotated = RegistryExamples.rotate(registry, store, status, web, agent.publicKey(), signed, next.publicKey());
            assertEquals(web, rotated.rotation().newDid());
            // the DID did not change, so the credential naming it stays valid: nothing to re-issue or revoke
            assertEquals(List.of(), rotated.rotation().credentials(), rotated.rotation().toJson().toString());
            assertEquals(List.of(), rotated.rotation().revoked());
            assertEquals("retired", rotated.rotation().toJson().getJsonObject("oldKey").getString("state"));
            String hosted = rotated.doc().orElseThrow().toJson().toString();
            assertTrue(hosted.contains(next.publicKey().toMultikey()) && !hosted.contains(agent.publicKey().toMultikey()),
                    "the hosted did:web document lists the new key only: " + hosted);
            // rotating back to the key just retired is refused
            assertThrows(AgentException.class, () -> new dev.mandate.registry.agents.KeyRotation(registry, store, status)
                    .rotate(web, rotated.rotation().newKey().id(), agent.publicKey(), "alice", "back to the old key"));
        }
    }
}
