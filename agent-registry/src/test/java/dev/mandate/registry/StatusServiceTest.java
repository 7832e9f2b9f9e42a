package dev.mandate.registry;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.model.Credential;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verifier.status.StatusListFetcher;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusServiceTest {
    static final String BASE = "https://issuer.example/status-lists/";
    Verifier VERIFIER;

    /** A verifier whose status checker reads lists straight from the services (no HTTP, no cache). */
    static Verifier verifierOver(StatusService... services) {
        StatusListFetcher fetcher = url -> {
            for (StatusService s : services) {
                Optional<String> id = s.listId(url);
                if (id.isPresent()) {
                    try {
                        Optional<PublishedList> p = s.publish(id.get());
                        if (p.isPresent()) {
                            return FetchedList.of(p.get().credential().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        }
                    } catch (Exception e) {
                        throw new StatusFetchException("store: " + e.getMessage());
                    }
                }
            }
            throw new StatusFetchException("no list at " + url);
        };
        return Verifier.builder(new DidMethodResolver(DidResolvers.offline()))
                .statusChecker(StatusChecker.builder().fetcher(fetcher).maxStaleness(Duration.ZERO).build()).build();
    }

    @TempDir
    Path dir;
    Store store;
    IssuerKey key;
    StatusService service;

    static IssuerKey newKey(String suite) {
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        String mk = k.publicKey().toMultikey();
        return new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, suite, k.signer());
    }

    @BeforeEach
    void setUp() throws Exception {
        store = Stores.open("jdbc:sqlite:" + dir.resolve("s.db"));
        key = newKey("eddsa-jcs-2022");
        service = new StatusService(store, BASE, key, new Issuer());
        VERIFIER = verifierOver(service);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    static JsonObject unsigned() {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("type", Json.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", "did:example:agent"))
                .build();
    }

    @Test
    void issuedCredentialCarriesOneEntryPerPurposeAndVerifies() throws Exception {
        JsonObject vc = service.issue(unsigned(), IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION));
        Credential c = new Credential(vc);
        String id = c.id().orElseThrow();
        assertTrue(id.startsWith("urn:uuid:"));
        List<JsonObject> status = c.credentialStatus();
        assertEquals(2, status.size());
        StatusListEntry rev = StatusListEntry.parse(status.get(0), "/credentialStatus/0");
        StatusListEntry sus = StatusListEntry.parse(status.get(1), "/credentialStatus/1");
        assertEquals(StatusPurpose.REVOCATION, rev.purpose());
        assertEquals(StatusPurpose.SUSPENSION, sus.purpose());
        assertTrue(rev.statusListCredential().startsWith(BASE));
        assertEquals(rev.statusListCredential() + "#" + rev.index(), rev.id());
        assertEquals(store.entries(id).get(0).index(), rev.index());
        VerificationResult r = VERIFIER.verify(vc, VerifyOptions.none());
        assertTrue(r.verified(), r.toJson()::toString);
        assertTrue(r.checks().contains("status"));

        store.suspend(id);
        assertEquals(ErrorType.CREDENTIAL_SUSPENDED, VERIFIER.verify(vc, VerifyOptions.none()).problems().get(0).type());
        store.reinstate(id);
        assertTrue(VERIFIER.verify(vc, VerifyOptions.none()).verified());
        store.revoke(id);
        assertEquals(ErrorType.CREDENTIAL_REVOKED, VERIFIER.verify(vc, VerifyOptions.none()).problems().get(0).type());
    }

    @Test
    void publishedListIsSignedReflectsRevocationsAndIsResignedOnlyOnChange() throws Exception {
        JsonObject vc = service.issue(unsigned(), IssueOptions.purposes(StatusPurpose.REVOCATION));
        String credentialId = new Credential(vc).id().orElseThrow();
        StatusListEntry entry = StatusListEntry.parse(new Credential(vc).credentialStatus().get(0), "");
        String listId = service.listId(entry.statusListCredential()).orElseThrow();

        PublishedList p1 = service.publish(listId).orElseThrow();
        assertSame(p1, service.publish(listId).orElseThrow(), "unchanged list is not re-signed");
        VerificationResult r = VERIFIER.verify(p1.credential(), VerifyOptions.none());
        assertTrue(r.verified(), r.toJson()::toString);
        StatusListCredential list = StatusListCredential.parse(p1.credential());
        assertEquals(key.did(), list.issuer());
        assertEquals(entry.statusListCredential(), list.id());
        assertEquals(List.of(StatusPurpose.REVOCATION), list.purposes());
        assertEquals(300_000, list.ttlMillis());
        assertEquals(StatusBitstring.MIN_ENTRIES, list.bitstring(1).entries());
        assertEquals(0, list.bitstring(1).get(entry.index()));
        assertEquals("public, max-age=300", p1.cacheControl());

        store.revoke(credentialId);
        PublishedList p2 = service.publish(listId).orElseThrow();
        assertNotEquals(p1.etag(), p2.etag());
        assertEquals(1, StatusListCredential.parse(p2.credential()).bitstring(1).get(entry.index()));
        assertTrue(service.publish("unknown").isEmpty());
        assertTrue(service.listId("https://elsewhere.example/status-lists/x").isEmpty());
    }

    @Test
    void anotherIssuersListIsNotPublishedWithThisKey() throws Exception {
        store.allocate("urn:other", "did:example:other-issuer", EnumSet.of(StatusPurpose.REVOCATION), "");
        String listId = store.lists().get(0).id();
        assertTrue(service.publish(listId).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eddsa-rdfc-2022", "eddsa-jcs-2022"})
    void grantsAreTaskScopedShortLivedAndCompletedAtOnce(String suite) throws Exception {
        IssuerKey k = newKey(suite);
        StatusService s = new StatusService(store, BASE, k, new Issuer());
        GrantService grants = new GrantService(s, Clock.systemUTC());
        Verifier verifier = verifierOver(s);
        GrantService.Grant g = grants.issue(new GrantService.Request("did:example:agent", "read", "https://db.example/reports",
                Duration.ofSeconds(3), "task-7", true));
        JsonObject vc = g.credential();
        VerificationResult ok = verifier.verify(vc, VerifyOptions.none());
        assertTrue(ok.verified(), ok.toJson()::toString);
        Credential c = new Credential(vc);
        assertTrue(c.hasType("AgentCapabilityCredential"));
        assertEquals("task-7", c.credentialSubjects().get(0).getString("task"));
        assertTrue(Duration.between(c.validFrom().orElseThrow(), c.validUntil().orElseThrow()).compareTo(Duration.ofSeconds(3)) <= 0);
        assertFalse(verifier.verify(vc, VerifyOptions.none().at(java.time.Instant.now().plusSeconds(60))).verified(), "expired after ttl");

        GrantService.Grant g2 = grants.issue(new GrantService.Request("did:example:agent", "write", "https://db.example/reports",
                Duration.ofSeconds(3), "task-7", false));
        assertEquals(GrantService.Use.ACCEPTED, grants.use(g.record().credentialId()));
        assertEquals(GrantService.Use.ALREADY_USED, grants.use(g.record().credentialId()));
        assertEquals(GrantService.Use.ACCEPTED, grants.use(g2.record().credentialId()));
        assertEquals(GrantService.Use.ACCEPTED, grants.use(g2.record().credentialId()));
        assertEquals(GrantService.Use.UNKNOWN, grants.use("urn:uuid:not-a-grant"));

        List<StatusUpdate> revoked = grants.complete("task-7");
        assertEquals(2, revoked.size());
        VerificationResult after = verifier.verify(vc, VerifyOptions.none());
        assertEquals(ErrorType.CREDENTIAL_REVOKED, after.problems().get(0).type(), after.toJson()::toString);
        assertEquals(ErrorType.CREDENTIAL_REVOKED, verifier.verify(g2.credential(), VerifyOptions.none()).problems().get(0).type());
        String listId = revoked.get(0).entry().listId();
        StatusListCredential list = StatusListCredential.parse(s.publish(listId).orElseThrow().credential());
        for (StatusUpdate u : revoked) {
            assertEquals(1, list.bitstring(1).get(u.entry().index()));
        }
        StoreException late = assertThrows(StoreException.class, () -> grants.issue(new GrantService.Request("did:example:agent", "read",
                "r", Duration.ofSeconds(3), "task-7", false)));
        assertEquals(StoreException.Reason.CONFLICT, late.reason());
        assertEquals(StoreException.Reason.INVALID, assertThrows(StoreException.class, () -> grants.issue(new GrantService.Request(
                "not-a-did", "read", "r", Duration.ofSeconds(3), "t", false))).reason());
        assertEquals(StoreException.Reason.INVALID, assertThrows(StoreException.class, () -> grants.issue(new GrantService.Request(
                "did:example:a", "read", "r", Duration.ofDays(2), "t", false))).reason());
    }

    @Test
    void rdfcSignedListCredentialVerifies() throws Exception {
        StatusService s = new StatusService(store, BASE, newKey("eddsa-rdfc-2022"), new Issuer());
        Verifier verifier = verifierOver(s);
        JsonObject vc = s.issue(unsigned(), IssueOptions.purposes(StatusPurpose.SUSPENSION).withValidFor(Duration.ofMinutes(5)));
        VerificationResult ok = verifier.verify(vc, VerifyOptions.none());
        assertTrue(ok.verified(), ok.toJson()::toString);
        String listId = store.lists().get(0).id();
        VerificationResult r = verifier.verify(s.publish(listId).orElseThrow().credential(), VerifyOptions.none());
        assertTrue(r.verified(), r.toJson()::toString);
    }
}
