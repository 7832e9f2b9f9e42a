package dev.mandate.registry;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.KeyRotation;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deprecated {@code Optional}/{@code ""} forms of {@link StatusService#issue}, {@link StatusService#allocate},
 * {@link StatusApi}'s and {@link KeyRotation}'s constructors, and their {@link IssueOptions} / overload replacements,
 * do the same: same credential (apart from its id, its status indexes and hence its proof value), same task, same
 * validity, same agent record, same answers. The issuer's clock is fixed, so validity dates compare exactly.
 */
@SuppressWarnings("deprecation") // calling the deprecated forms is the point of this test
class DeprecatedStatusServiceFormsTest {
    static final String BASE = "https://issuer.example/status-lists/";
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    static final Set<StatusPurpose> BOTH = EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION);
    static final VerifyOptions AT = VerifyOptions.none().at(T0.plusSeconds(60));

    @TempDir
    Path dir;
    Store store;
    StatusService service;
    Verifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        store = Stores.open("jdbc:sqlite:" + dir.resolve("s.db"));
        service = new StatusService(store, BASE, StatusServiceTest.newKey("eddsa-jcs-2022"),
                new Issuer(Clock.fixed(T0, ZoneOffset.UTC)));
        verifier = StatusServiceTest.verifierOver(service);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
    }

    static JsonObject unsigned(String id, String subject) {
        return Json.createObjectBuilder(StatusServiceTest.unsigned()).add("id", id)
                .add("credentialSubject", Json.createObjectBuilder().add("id", subject)).build();
    }

    /** The credential without what differs between two issuances: its id, status entries and proof. */
    static JsonObject rest(JsonObject vc) {
        return Json.createObjectBuilder(vc).remove("id").remove("credentialStatus").remove("proof").build();
    }

    /** Each status entry's type, purpose and list (its index differs between two credentials). */
    static List<String> entries(JsonObject vc) {
        if (!vc.containsKey("credentialStatus")) {
            return List.of();
        }
        JsonValue status = vc.get("credentialStatus");
        List<JsonValue> all = status instanceof JsonArray a ? a : List.of(status); // one entry is written as an object
        return all.stream().map(JsonValue::asJsonObject)
                .map(e -> e.getString("type") + " " + e.getString("statusPurpose") + " " + e.getString("statusListCredential"))
                .toList();
    }

    void assertSameIssuance(JsonObject old, JsonObject fresh) throws Exception {
        assertEquals(rest(old), rest(fresh));
        assertEquals(entries(old), entries(fresh));
        assertEquals(old.getJsonObject("proof").getString("cryptosuite"), fresh.getJsonObject("proof").getString("cryptosuite"));
        assertEquals(old.getJsonObject("proof").getString("created"), fresh.getJsonObject("proof").getString("created"));
        assertTrue(verifier.verify(old, AT).verified(), old::toString);
        assertTrue(verifier.verify(fresh, AT).verified(), fresh::toString);
        assertEquals(store.entries(old.getString("id")).stream().map(r -> r.purpose() + "/" + r.taskId()).toList(),
                store.entries(fresh.getString("id")).stream().map(r -> r.purpose() + "/" + r.taskId()).toList());
    }

    @Test
    void issueWithOptionsGivesWhatThePositionalFormGave() throws Exception {
        assertSameIssuance(
                service.issue(unsigned("urn:old:1", "did:example:a"), EnumSet.noneOf(StatusPurpose.class), "", Optional.empty()),
                service.issue(unsigned("urn:new:1", "did:example:a"), IssueOptions.noStatus()));
        JsonObject old = service.issue(unsigned("urn:old:2", "did:example:a"), BOTH, "", Optional.of(Duration.ofHours(1)));
        JsonObject fresh = service.issue(unsigned("urn:new:2", "did:example:a"),
                IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION).withValidFor(Duration.ofHours(1)));
        assertSameIssuance(old, fresh);
        assertEquals("2026-03-01T09:00:00Z", fresh.getString("validUntil"));
        assertEquals(2, entries(fresh).size());
        assertSameIssuance(
                service.issue(unsigned("urn:old:3", "did:example:a"), Set.of(StatusPurpose.REVOCATION), "task-9", Optional.empty()),
                service.issue(unsigned("urn:new:3", "did:example:a"), IssueOptions.purposes(Set.of(StatusPurpose.REVOCATION)).withTask("task-9")));
        assertFalse(service.issue(unsigned("urn:new:4", "did:example:a"), IssueOptions.noStatus()).containsKey("validUntil"));
    }

    @Test
    void aTaskOfEitherFormEndsWithTheTask() throws Exception {
        JsonObject old = service.issue(unsigned("urn:old:t", "did:example:a"), BOTH, "task-1", Optional.of(Duration.ofMinutes(5)));
        JsonObject fresh = service.issue(unsigned("urn:new:t", "did:example:a"),
                IssueOptions.purposes(BOTH).withTask("task-1").withValidFor(Duration.ofMinutes(5)));
        assertEquals("task-1", store.entries(fresh.getString("id")).get(0).taskId());
        assertEquals(Set.of(old.getString("id"), fresh.getString("id")),
                Set.copyOf(store.completeTask("task-1").stream().map(u -> u.entry().credentialId()).toList()),
                "completing the task revokes what both forms issued in it");
        assertEquals(StoreException.Reason.CONFLICT, assertThrows(StoreException.class, () -> service.issue(
                unsigned("urn:old:late", "did:example:a"), BOTH, "task-1", Optional.empty())).reason());
        assertEquals(StoreException.Reason.CONFLICT, assertThrows(StoreException.class, () -> service.issue(
                unsigned("urn:new:late", "did:example:a"), IssueOptions.purposes(BOTH).withTask("task-1"))).reason());
    }

    @Test
    void withoutAgentRecordIsRecordForAgentFalse() throws Exception {
        AgentRegistry registry = new AgentRegistry(store);
        String agent = DidKey.didFor(KeyMaterial.generate(KeyType.ED25519).publicKey());
        registry.register(agent, "buyer", "team:procurement", "buys", Workload.NONE, "alice");
        service.issue(unsigned("urn:old:r", agent), BOTH, "", Optional.empty(), false);
        service.issue(unsigned("urn:new:r", agent), IssueOptions.purposes(BOTH).withoutAgentRecord());
        assertEquals(List.of(), registry.credentials(agent), "neither form records the issuance for the agent");
        service.issue(unsigned("urn:old:k", agent), BOTH, "", Optional.empty(), true);
        service.issue(unsigned("urn:new:k", agent), IssueOptions.purposes(BOTH));
        assertEquals(Set.of("urn:old:k", "urn:new:k"), Set.copyOf(registry.credentials(agent)));
    }

    @Test
    void allocateWithoutTaskIsTheEmptyTaskOfTheDeprecatedForm() throws Exception {
        List<StatusListEntry> old = service.allocate("urn:old:a", BOTH, "");
        List<StatusListEntry> fresh = service.allocate("urn:new:a", BOTH);
        assertEquals(old.stream().map(e -> e.purpose() + " " + e.statusListCredential()).toList(),
                fresh.stream().map(e -> e.purpose() + " " + e.statusListCredential()).toList());
        assertEquals(List.of("", ""), store.entries("urn:new:a").stream().map(StatusEntryRecord::taskId).toList());
        assertEquals(StoreException.Reason.INVALID,
                assertThrows(StoreException.class, () -> service.allocate("urn:new:b", Set.of())).reason());
    }

    @Test
    void statusApiWithoutFeedAnswersAsTheEmptyOptionalDid() throws Exception {
        GrantService grants = new GrantService(service, Clock.systemUTC());
        StatusApi old = new StatusApi(service, grants, Optional.empty());
        StatusApi fresh = new StatusApi(service, grants);
        String id = service.issue(unsigned("urn:api:1", "did:example:a"), IssueOptions.purposes(BOTH)).getString("id");
        String listId = store.lists().get(0).id();
        StatusApi.Answer a = old.getList(listId, null);
        StatusApi.Answer b = fresh.getList(listId, null);
        assertEquals(200, b.status());
        assertEquals(a, b);
        String suspend = "{\"credentialId\":\"" + id + "\",\"credentialStatus\":{\"type\":\"BitstringStatusListEntry\","
                + "\"statusPurpose\":\"suspension\"},\"status\":true}";
        assertEquals(200, fresh.updateStatus(suspend).status());
        assertEquals(old.updateStatus(suspend), fresh.updateStatus(suspend), "the second and third suspension change nothing");
        NullPointerException e = assertThrows(NullPointerException.class, () -> new StatusApi(service, grants, (ChangeFeed) null));
        assertEquals("feed", e.getMessage());
    }

    @Test
    void keyRotationOverloadsBehaveAsTheOptionalForms() throws Exception {
        AgentRegistry registry = new AgentRegistry(store);
        PublicKeyValue k1 = KeyMaterial.generate(KeyType.ED25519).publicKey();
        PublicKeyValue k2 = KeyMaterial.generate(KeyType.ED25519).publicKey();
        String did1 = DidKey.didFor(k1);
        registry.register(did1, "buyer", "team:procurement", "buys", Workload.NONE, "alice");
        registry.activate(did1, "alice", "approved");
        service.issue(unsigned("urn:rot:1", did1), IssueOptions.purposes(BOTH));
        String oldKey = DidKey.verificationMethodId(k1);
        AgentException old = assertThrows(AgentException.class,
                () -> new KeyRotation(registry, store, Optional.empty()).rotate(did1, oldKey, k2, "alice", "r"));
        AgentException fresh = assertThrows(AgentException.class,
                () -> new KeyRotation(registry, store).rotate(did1, oldKey, k2, "alice", "r"));
        assertEquals(AgentException.Reason.INVALID, fresh.reason());
        assertEquals(old.getMessage(), fresh.getMessage());
        assertEquals(1, registry.keys(did1).size(), "both refused before any change");
        assertEquals(1, new KeyRotation(registry, store, service).rotate(did1, oldKey, k2, "alice", "r").reissued().size());
        NullPointerException e = assertThrows(NullPointerException.class, () -> new KeyRotation(registry, store, (StatusService) null));
        assertEquals("issuer", e.getMessage());
    }
}
