package dev.mandate.registry.agents;

import dev.mandate.vc.model.Workload;

import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.StatusEntryRecord;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.status.StatusPurpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent registry on a real database, run by one subclass per database. */
abstract class AgentRegistryContractTest {
    static final String DID = "did:example:agent-procurement";
    static final String ISSUER = "did:key:z6MkIssuer";
    static final Workload WORKLOAD = Workload.builder().codeDigest("sha256:" + "ab".repeat(32)).imageDigest("sha256:" + "cd".repeat(32)).workloadId("spiffe://org.example/procurement").build();

    String url;
    Store store;
    AgentRegistry registry;
    AuditLog log;

    /** A fresh, empty database's JDBC URL. */
    abstract String freshUrl();

    /** Cleans up after the test. */
    abstract void dropDatabase();

    @BeforeEach
    void open() throws Exception {
        url = freshUrl();
        store = Stores.open(url);
        registry = new AgentRegistry(store);
        log = new AuditLog(store);
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    Agent registered(String did) throws Exception {
        return registry.register(did, "Procurement agent", "team:procurement", "buys office supplies", WORKLOAD, "alice");
    }

    List<AuditEntry> registryEntries(String did) throws Exception {
        return log.entries(0, 10_000).stream().filter(e -> e.type().equals("registry") && e.subject().equals(did)).toList();
    }

    /** Brings a fresh agent to {@code state} by legal steps. */
    void bringTo(String did, AgentState state) throws Exception {
        registered(did);
        switch (state) {
            case REGISTERED -> { }
            case ACTIVE -> registry.activate(did, "alice", "go");
            case SUSPENDED -> {
                registry.activate(did, "alice", "go");
                registry.suspend(did, "alice", "stop");
            }
            case RETIRED -> registry.retire(did, "alice", "done");
        }
        assertEquals(state, registry.agent(did).orElseThrow().state());
    }

    @Test
    void registerStoresTheAgentHistoryAndAuditEntry() throws Exception {
        Agent a = registered(DID);
        assertEquals(AgentState.REGISTERED, a.state());
        assertEquals(WORKLOAD, a.workload());
        assertEquals(Optional.of(a), registry.agent(DID));
        assertEquals(List.of(a), registry.agents());
        List<StateChange> h = registry.history(DID);
        assertEquals(1, h.size());
        assertEquals("alice", h.get(0).actor());
        List<AuditEntry> audit = registryEntries(DID);
        assertEquals(1, audit.size());
        assertTrue(audit.get(0).details().contains("\"action\":\"register\""), audit.get(0).details());
        assertEquals("alice", audit.get(0).actor());

        AgentException dup = assertThrows(AgentException.class, () -> registered(DID));
        assertEquals(AgentException.Reason.DUPLICATE, dup.reason());
        assertEquals(1, registryEntries(DID).size());
    }

    @Test
    void badInputIsRefusedAndNothingIsStored() throws Exception {
        List<ThrowingRun> bad = List.of(
                () -> registry.register("not-a-did", "n", "o", "", Workload.NONE, "a"),
                () -> registry.register("did:key:z6Mk\u2026", "n", "o", "", Workload.NONE, "a"), // the docs' placeholder, pasted
                () -> registry.register("did:key:AGENT", "n", "o", "", Workload.NONE, "a"),
                () -> registry.register("did:key:z6MkAgentProcurement", "n", "o", "", Workload.NONE, "a"),
                () -> registry.register("did:web:127.1", "n", "o", "", Workload.NONE, "a"),
                () -> registry.register(DID, " ", "o", "", Workload.NONE, "a"),
                () -> registry.register(DID, "n", "", "", Workload.NONE, "a"),
                () -> registry.register(DID, "n", "o", "", Workload.builder().codeDigest("md5").build(), "a"),
                () -> registry.register(DID, "n", "o", "", Workload.builder().imageDigest("sha256:xyz").build(), "a"),
                () -> registry.register(DID, "n", "o", "", Workload.builder().workloadId("no scheme").build(), "a"),
                // the registry has no column for it: refused, never silently dropped
                () -> registry.register(DID, "n", "o", "", Workload.builder().buildProvenance("https://ci.example/slsa/1").build(), "a"),
                () -> registry.register(DID, "n\u0000", "o", "", Workload.NONE, "a"),
                () -> registry.register(DID, "x".repeat(AgentRegistry.MAX_FIELD_CHARS + 1), "o", "", Workload.NONE, "a"));
        for (ThrowingRun r : bad) {
            AgentException e = assertThrows(AgentException.class, r::run);
            assertEquals(AgentException.Reason.INVALID, e.reason(), e.getMessage());
        }
        assertTrue(registry.agents().isEmpty());
        assertEquals(0, log.size());
        registered(DID);
        AgentException noReason = assertThrows(AgentException.class, () -> registry.activate(DID, "alice", " "));
        assertEquals(AgentException.Reason.INVALID, noReason.reason());
        assertEquals(AgentState.REGISTERED, registry.agent(DID).orElseThrow().state());
    }

    @Test
    void unknownAgentIsNotFound() throws Exception {
        for (ThrowingRun r : List.<ThrowingRun>of(() -> registry.activate(DID, "a", "r"), () -> registry.suspend(DID, "a", "r"),
                () -> registry.resume(DID, "a", "r"), () -> registry.retire(DID, "a", "r"), () -> registry.recordCredential(DID, "urn:c"))) {
            AgentException e = assertThrows(AgentException.class, r::run);
            assertEquals(AgentException.Reason.NOT_FOUND, e.reason());
        }
        assertTrue(registry.agent(DID).isEmpty());
        assertTrue(registry.history(DID).isEmpty());
    }

    @Test
    void everyLegalTransitionIsRecorded() throws Exception {
        int n = 0;
        for (AgentState from : AgentState.values()) {
            for (AgentState to : AgentState.values()) {
                if (!from.canMoveTo(to)) {
                    continue;
                }
                String did = "did:example:legal-" + n++;
                bringTo(did, from);
                int historyBefore = registry.history(did).size();
                int auditBefore = registryEntries(did).size();
                Agent after = registry.transition(did, to, "bob", "because " + from + "->" + to);
                assertEquals(to, after.state());
                assertEquals(to, registry.agent(did).orElseThrow().state());
                List<StateChange> h = registry.history(did);
                assertEquals(historyBefore + 1, h.size());
                StateChange last = h.get(h.size() - 1);
                assertEquals(from, last.from());
                assertEquals(to, last.to());
                assertEquals("bob", last.actor());
                assertEquals("because " + from + "->" + to, last.reason());
                List<AuditEntry> audit = registryEntries(did);
                assertEquals(auditBefore + 1, audit.size());
                String details = audit.get(audit.size() - 1).details();
                assertTrue(details.contains("\"from\":\"" + from.token() + "\"") && details.contains("\"to\":\"" + to.token() + "\""), details);
            }
        }
        assertEquals(6, n, "registered->active, registered->retired, active->suspended, active->retired, suspended->active, suspended->retired");
    }

    @Test
    void everyIllegalTransitionIsRefusedAndLeavesStateUntouched() throws Exception {
        int n = 0;
        for (AgentState from : AgentState.values()) {
            for (AgentState to : AgentState.values()) {
                if (from.canMoveTo(to)) {
                    continue;
                }
                String did = "did:example:illegal-" + n++;
                bringTo(did, from);
                List<StateChange> history = registry.history(did);
                long logSize = log.size();
                AgentException e = assertThrows(AgentException.class, () -> registry.transition(did, to, "bob", "try"));
                assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, e.reason());
                assertEquals(Optional.of(from), e.from());
                assertEquals(Optional.of(to), e.to());
                assertTrue(e.getMessage().contains(from.token()) && e.getMessage().contains(to.token()), e.getMessage());
                assertEquals(from, registry.agent(did).orElseThrow().state());
                assertEquals(history, registry.history(did));
                assertEquals(logSize, log.size());
            }
        }
        assertEquals(10, n);
    }

    @Test
    void namedOperationsCheckTheirSourceState() throws Exception {
        bringTo(DID, AgentState.ACTIVE);
        AgentException resumeActive = assertThrows(AgentException.class, () -> registry.resume(DID, "a", "r"));
        assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, resumeActive.reason());
        registry.suspend(DID, "guard", "touched the HR database");
        AgentException activateSuspended = assertThrows(AgentException.class, () -> registry.activate(DID, "a", "r"));
        assertEquals(Optional.of(AgentState.SUSPENDED), activateSuspended.from());
        assertEquals(AgentState.ACTIVE, registry.resume(DID, "carol", "investigated, false alarm").state());
        registry.retire(DID, "carol", "decommissioned");
        AgentException again = assertThrows(AgentException.class, () -> registry.retire(DID, "a", "r"));
        assertTrue(again.getMessage().contains("final"), again.getMessage());
        List<AgentState> path = registry.history(DID).stream().map(StateChange::to).toList();
        assertEquals(List.of(AgentState.REGISTERED, AgentState.ACTIVE, AgentState.SUSPENDED, AgentState.ACTIVE, AgentState.RETIRED), path);
    }

    @Test
    void retireRevokesRecordedCredentials() throws Exception {
        bringTo(DID, AgentState.ACTIVE);
        store.allocate("urn:cred:1", ISSUER, EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), "");
        store.allocate("urn:cred:2", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "");
        store.allocate("urn:cred:suspend-only", ISSUER, EnumSet.of(StatusPurpose.SUSPENSION), "");
        store.allocate("urn:cred:other-agent", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "");
        registry.recordCredential(DID, "urn:cred:1");
        registry.recordCredential(DID, "urn:cred:2");
        registry.recordCredential(DID, "urn:cred:2");
        registry.recordCredential(DID, "urn:cred:suspend-only");
        assertEquals(List.of("urn:cred:1", "urn:cred:2", "urn:cred:suspend-only"), registry.credentials(DID).stream().sorted().toList());

        AgentException notRetired = assertThrows(AgentException.class, () -> registry.revokeCredentials(DID, "a"));
        assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, notRetired.reason());
        assertEquals(0, revocation("urn:cred:1"));

        Retirement r = registry.retire(DID, "alice", "decommissioned");
        assertEquals(AgentState.RETIRED, r.agent().state());
        assertEquals(List.of("urn:cred:1", "urn:cred:2"), r.revoked().stream().sorted().toList());
        assertEquals(List.of("urn:cred:suspend-only"), List.copyOf(r.notRevoked().keySet()));
        assertEquals(1, revocation("urn:cred:1"));
        assertEquals(1, revocation("urn:cred:2"));
        assertEquals(0, revocation("urn:cred:other-agent"));
        assertTrue(log.entries(0, 1000).stream().anyMatch(e -> e.type().equals("status") && e.subject().equals(DID)
                && e.details().contains("urn:cred:1")));

        // running again revokes nothing new and retries only what could not be revoked
        Retirement again = registry.revokeCredentials(DID, "alice");
        assertTrue(again.revoked().isEmpty());
        assertEquals(Map.of("urn:cred:suspend-only", again.notRevoked().get("urn:cred:suspend-only")), again.notRevoked());

        AgentException noNew = assertThrows(AgentException.class, () -> registry.recordCredential(DID, "urn:cred:3"));
        assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, noNew.reason());
    }

    int revocation(String credentialId) throws Exception {
        return store.entries(credentialId).stream().filter(e -> e.purpose() == StatusPurpose.REVOCATION)
                .mapToInt(StatusEntryRecord::value).findFirst().orElseThrow();
    }

    @Test
    void concurrentTransitionsNeverProduceAnIllegalHistory() throws Exception {
        registered(DID);
        int threads = 6;
        List<Store> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                // half the threads go through a second store instance (another connection, like another process)
                Store s = t % 2 == 0 ? store : Stores.open(url);
                if (s != store) {
                    stores.add(s);
                }
                AgentRegistry r = new AgentRegistry(s);
                long seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    int applied = 0;
                    for (int i = 0; i < 25; i++) {
                        int op = 1 + random.nextInt(39);
                        try {
                            if (i == 24 && seed == 0) {
                                r.retire(DID, "t" + seed, "op " + i);
                            } else if (op < 14) {
                                r.activate(DID, "t" + seed, "op " + i);
                            } else if (op < 27) {
                                r.suspend(DID, "t" + seed, "op " + i);
                            } else {
                                r.resume(DID, "t" + seed, "op " + i);
                            }
                            applied++;
                        } catch (AgentException e) {
                            assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, e.reason(), e.getMessage());
                        }
                    }
                    return applied;
                }));
            }
            int applied = 0;
            for (Future<Integer> f : done) {
                applied += f.get();
            }
            List<StateChange> h = registry.history(DID);
            assertEquals(applied + 1, h.size());
            for (int i = 1; i < h.size(); i++) {
                StateChange prev = h.get(i - 1);
                StateChange cur = h.get(i);
                assertEquals(i + 1, cur.seq());
                assertEquals(prev.to(), cur.from(), "history is a chain at " + i);
                assertTrue(cur.from().canMoveTo(cur.to()), "legal at " + i + ": " + cur);
            }
            assertEquals(h.get(h.size() - 1).to(), registry.agent(DID).orElseThrow().state());
            assertEquals(h.size(), registryEntries(DID).size());
            assertTrue(applied > 1, "some transitions went through");
        } finally {
            pool.shutdownNow();
            for (Store s : stores) {
                s.close();
            }
        }
    }

    @Test
    void aChangeWhoseAuditEntryFailsIsNotStored() throws Exception {
        registered(DID);
        setAuditStateId(2); // the audit append now fails inside the registry's transaction
        StoreException reg = assertThrows(StoreException.class, () -> registered("did:example:other"));
        assertEquals(StoreException.Reason.SCHEMA, reg.reason());
        assertThrows(StoreException.class, () -> registry.activate(DID, "alice", "go"));
        assertTrue(registry.agent("did:example:other").isEmpty());
        assertEquals(AgentState.REGISTERED, registry.agent(DID).orElseThrow().state());
        assertEquals(1, registry.history(DID).size());
        setAuditStateId(1);
        assertEquals(AgentState.ACTIVE, registry.activate(DID, "alice", "go").state());
        assertEquals(2, registryEntries(DID).size());
    }

    void setAuditStateId(int id) throws Exception {
        JdbcTransactions.write(store, c -> {
            try (var st = c.createStatement()) {
                return st.executeUpdate("UPDATE audit_state SET id = " + id);
            }
        });
    }

    @Test
    void theAuditLogStaysVerifiable() throws Exception {
        bringTo(DID, AgentState.SUSPENDED);
        var org = dev.mandate.did.crypto.KeyMaterial.generate(dev.mandate.did.crypto.KeyType.ED25519);
        log.signTreeHead(org.signer(), "org");
        assertTrue(log.verifyAll(org.publicKey()).intact());
        assertEquals(Collections.nCopies(3, "registry"), log.entries(0, 100).stream().map(AuditEntry::type).toList());
    }

    @Test
    void everyStatusChangeIsAuditedInItsTransactionAndNoOpsAreNot() throws Exception {
        store.allocate("urn:cred:s1", ISSUER, EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), "");
        long before = log.size();
        store.setStatus("urn:cred:s1", StatusPurpose.SUSPENSION, 1, "guard");
        store.setStatus("urn:cred:s1", StatusPurpose.SUSPENSION, 1, "guard");
        store.setStatus("urn:cred:s1", StatusPurpose.SUSPENSION, 0, "bob");
        store.revoke("urn:cred:s1");
        List<AuditEntry> added = log.entries(before, 100);
        assertEquals(3, added.size(), "a change that changes nothing is not audited");
        assertEquals(List.of("guard", "bob", "unnamed"), added.stream().map(AuditEntry::actor).toList());
        assertTrue(added.stream().allMatch(e -> e.type().equals("status") && e.subject().equals("urn:cred:s1")));
        assertTrue(added.get(0).details().contains("\"newValue\":1") && added.get(0).details().contains("\"purpose\":\"suspension\""),
                added.get(0).details());
        assertTrue(added.get(2).details().contains("\"purpose\":\"revocation\""));

        store.allocate("urn:cred:t1", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "task-7");
        store.allocate("urn:cred:t2", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "task-7");
        long mid = log.size();
        assertEquals(2, store.completeTask("task-7", "carol").size());
        List<AuditEntry> task = log.entries(mid, 100);
        assertEquals(2, task.size());
        assertTrue(task.stream().allMatch(e -> e.actor().equals("carol") && e.details().contains("\"task\":\"task-7\"")));
        var key = dev.mandate.did.crypto.KeyMaterial.generate(dev.mandate.did.crypto.KeyType.ED25519);
        log.signTreeHead(key.signer(), "org");
        assertTrue(log.verifyAll(key.publicKey()).intact(), "the log stays a valid, signed Merkle log");
    }

    @Test
    void suspendingAnAgentSuspendsItsRecordedCredentialsAndResumingLiftsIt() throws Exception {
        bringTo(DID, AgentState.ACTIVE);
        store.allocate("urn:cred:both", ISSUER, EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), "");
        store.allocate("urn:cred:revocable-only", ISSUER, EnumSet.of(StatusPurpose.REVOCATION), "");
        registry.recordCredential(DID, "urn:cred:both");
        registry.recordCredential(DID, "urn:cred:revocable-only");
        registry.suspend(DID, "carol", "investigating");
        assertEquals(1, suspension("urn:cred:both"));
        assertTrue(log.entries(0, 1000).stream().anyMatch(e -> e.type().equals("status") && e.actor().equals("carol")
                && e.subject().equals("urn:cred:both")), "the status change is audited under the suspending person");
        registry.resume(DID, "carol", "cleared");
        assertEquals(0, suspension("urn:cred:both"));
        assertEquals(AgentState.ACTIVE, registry.agent(DID).orElseThrow().state());
    }

    int suspension(String id) throws Exception {
        return store.entries(id).stream().filter(e -> e.purpose() == StatusPurpose.SUSPENSION).findFirst().orElseThrow().value();
    }

    @Test
    void issuanceIsAuditedAndRecordedForARegisteredAgentOnly() throws Exception {
        bringTo(DID, AgentState.ACTIVE);
        jakarta.json.JsonObject toAgent = credential("urn:uuid:issued-1", DID);
        long before = log.size();
        assertEquals(Optional.of(DID), registry.recordIssuance(toAgent, ISSUER, "issuance"));
        assertEquals(List.of("urn:uuid:issued-1"), registry.credentials(DID));
        assertEquals(toAgent.toString(), registry.credentialRecords(DID).get(0).content(), "kept for re-issue on rotation");
        AuditEntry e = log.entry(before).orElseThrow();
        assertEquals("issuance", e.type());
        assertEquals(DID, e.subject());
        assertEquals(ISSUER, e.actor());
        assertTrue(e.details().contains("\"credentialId\":\"urn:uuid:issued-1\"") && e.details().contains("\"digest\":\"sha-256:"), e.details());

        assertEquals(Optional.empty(), registry.recordIssuance(credential("urn:uuid:issued-2", "did:key:z6MkStranger"), ISSUER, "delegation"));
        assertEquals("delegation", log.entry(before + 1).orElseThrow().type());
        assertEquals(List.of("urn:uuid:issued-1"), registry.credentials(DID));

        registry.addDid(DID, "did:web:agents.example:procurement", "alice", "web identity");
        assertEquals(Optional.of(DID), registry.recordIssuance(credential("urn:uuid:issued-web", "did:web:agents.example:procurement"), ISSUER, "issuance"),
                "a credential to any of the agent's DIDs is recorded for the agent");
        assertEquals(List.of("urn:uuid:issued-1", "urn:uuid:issued-web"), registry.credentials(DID));

        registry.retire(DID, "alice", "decommissioned");
        assertEquals(Optional.empty(), registry.recordIssuance(credential("urn:uuid:issued-3", DID), ISSUER, "issuance"),
                "a retired agent gets nothing recorded");
        assertEquals(List.of("urn:uuid:issued-1", "urn:uuid:issued-web"), registry.credentials(DID));

        jakarta.json.JsonObject noId = jakarta.json.Json.createObjectBuilder().add("type", "VerifiableCredential")
                .add("credentialSubject", jakarta.json.Json.createObjectBuilder().add("id", "did:key:z6MkStranger")).build();
        assertEquals(Optional.empty(), registry.recordIssuance(noId, ISSUER, "issuance"), "no id: audited, not recorded");
        assertEquals("did:key:z6MkStranger", log.entry(log.size() - 1).orElseThrow().subject());
        assertThrows(StoreException.class, () -> registry.recordIssuance(toAgent, ISSUER, "made-up"));
    }

    static jakarta.json.JsonObject credential(String id, String subject) {
        return jakarta.json.Json.createObjectBuilder().add("id", id).add("issuer", ISSUER)
                .add("type", jakarta.json.Json.createArrayBuilder().add("VerifiableCredential"))
                .add("validUntil", "2030-01-01T00:00:00Z")
                .add("credentialSubject", jakarta.json.Json.createObjectBuilder().add("id", subject)).build();
    }

    @FunctionalInterface
    interface ThrowingRun {
        void run() throws Exception;
    }
}
