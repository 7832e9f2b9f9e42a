package dev.mandate.registry.agents;

import dev.mandate.registry.IssueOptions;
import dev.mandate.vc.model.Workload;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.PublishedList;
import dev.mandate.registry.StatusEntryRecord;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agent keys, DIDs and key rotation on a real database, run by one subclass per database. */
abstract class AgentKeysContractTest {
    static final String WEB = "did:web:agents.example.com:procurement";
    static final String BASE = "https://issuer.example/status-lists/";

    String url;
    Store store;
    AgentRegistry registry;
    AuditLog log;
    KeyMaterial issuerKey;
    StatusService issuer;

    abstract String freshUrl();

    abstract void dropDatabase();

    @BeforeEach
    void open() throws Exception {
        url = freshUrl();
        store = Stores.open(url);
        registry = new AgentRegistry(store);
        log = new AuditLog(store);
        issuerKey = KeyMaterial.generate(KeyType.ED25519);
        String mk = issuerKey.publicKey().toMultikey();
        issuer = new StatusService(store, BASE, new IssuerKey("did:key:" + mk, "did:key:" + mk + "#" + mk, "eddsa-jcs-2022",
                issuerKey.signer()), new Issuer());
    }

    @AfterEach
    void close() throws Exception {
        if (store != null) {
            store.close();
        }
        dropDatabase();
    }

    static PublicKeyValue newKey() {
        return KeyMaterial.generate(KeyType.ED25519).publicKey();
    }

    Agent active(String did) throws Exception {
        registry.register(did, "procurement", "team:procurement", "buys supplies", Workload.NONE, "alice");
        return registry.activate(did, "alice", "approved");
    }

    List<String> actions(String agent) throws Exception {
        List<String> out = new ArrayList<>();
        for (AuditEntry e : log.entries(0, 10_000)) {
            if (e.type().equals("registry") && e.subject().equals(agent)) {
                String d = e.details();
                int i = d.indexOf("\"action\":\"") + 10;
                out.add(d.substring(i, d.indexOf('"', i)));
            }
        }
        return out;
    }

    JsonObject credentialFor(String subject) throws Exception {
        JsonObject unsigned = Jsonp.PROVIDER.createObjectBuilder()
                .add("@context", Jsonp.PROVIDER.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("type", Jsonp.PROVIDER.createArrayBuilder().add("VerifiableCredential"))
                .add("credentialSubject", Jsonp.PROVIDER.createObjectBuilder().add("id", subject).add("role", "buyer"))
                .build();
        return issuer.issue(unsigned, IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION));
    }

    Verifier verifier() {
        return Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(StatusChecker.builder().fetcher(u -> {
            Optional<String> id = issuer.listId(u);
            try {
                Optional<PublishedList> p = id.isPresent() ? issuer.publish(id.get()) : Optional.empty();
                if (p.isEmpty()) {
                    throw new StatusFetchException("no list at " + u);
                }
                return FetchedList.of(p.get().credential().toString().getBytes(StandardCharsets.UTF_8));
            } catch (StatusFetchException e) {
                throw e;
            } catch (Exception e) {
                throw new StatusFetchException(e.getMessage());
            }
        }).maxStaleness(Duration.ZERO).build()).build();
    }

    int revocation(String credentialId) throws Exception {
        return store.entries(credentialId).stream().filter(e -> e.purpose() == StatusPurpose.REVOCATION)
                .mapToInt(StatusEntryRecord::value).findFirst().orElseThrow();
    }

    @Test
    void keysAndDidsAreStoredWithTheirHistoryAndFoundByAnyDid() throws Exception {
        active(WEB);
        PublicKeyValue k = newKey();
        String didKey = DidKey.didFor(k);
        AgentKey web = registry.addKey(WEB, WEB, k, "alice", "first key");
        assertEquals(WEB + "#" + k.toMultikey(), web.id());
        assertEquals(AgentKey.State.ACTIVE, web.state());
        AgentDid added = registry.addDid(WEB, didKey, "alice", "same key as did:key");
        assertEquals(WEB, added.agent());
        AgentKey asDidKey = registry.addKey(WEB, didKey, k, "alice", "did:key form");
        assertEquals(DidKey.verificationMethodId(k), asDidKey.id());

        assertEquals(List.of(WEB, didKey), registry.dids(WEB).stream().map(AgentDid::did).toList());
        assertEquals(Optional.of(WEB), registry.findByDid(didKey).map(Agent::did));
        assertEquals(Optional.of(WEB), registry.findByDid(WEB).map(Agent::did));
        assertTrue(registry.findByDid("did:web:nobody.example").isEmpty());
        assertEquals(2, registry.keys(WEB).size());
        assertEquals(List.of(web), registry.activeKeys(WEB));

        DidDocument doc = registry.didDocument(WEB).orElseThrow();
        assertEquals(WEB, doc.id());
        assertEquals(List.of(web.id()), doc.verificationMethods().stream().map(m -> m.id()).toList());
        assertEquals(List.of("register", "transition", "add-key", "add-did", "add-key"), actions(WEB));

        assertEquals(List.of(WEB), registry.webDidsAt("/procurement/did.json", 2));
        registry.addDid(WEB, "did:web:other.example:procurement", "alice", "second host");
        registry.addDid(WEB, "did:web:x.example:a%25_b", "alice", "odd characters");
        assertEquals(2, registry.webDidsAt("/procurement/did.json", 5).size());
        assertEquals(List.of("did:web:x.example:a%25_b"), registry.webDidsAt("/a%25_b/did.json", 5));
        assertTrue(registry.webDidsAt("/a%25Xb/did.json", 5).isEmpty(), "_ is not a wildcard");
        assertTrue(registry.webDidsAt("/.well-known/did.json", 5).isEmpty());
        assertTrue(registry.webDidsAt("/nobody/did.json", 5).isEmpty());
    }

    @Test
    void illegalKeyOperationsAreRefusedAndChangeNothing() throws Exception {
        active(WEB);
        PublicKeyValue k = newKey();
        AgentKey only = registry.addKey(WEB, WEB, k, "alice", "first");
        active("did:web:agents.example.com:other");
        long before = log.size();
        record Refusal(AgentException.Reason reason, AgentRegistryContractTest.ThrowingRun run) { }
        List<Refusal> refusals = List.of(
                new Refusal(AgentException.Reason.DUPLICATE, () -> registry.addKey(WEB, WEB, k, "a", "again")),
                new Refusal(AgentException.Reason.DUPLICATE, () -> registry.addKey("did:web:agents.example.com:other",
                        "did:web:agents.example.com:other", k, "a", "someone else's key")),
                new Refusal(AgentException.Reason.INVALID, () -> registry.addKey(WEB, "did:web:agents.example.com:other", newKey(), "a", "r")),
                new Refusal(AgentException.Reason.INVALID, () -> registry.addDid(WEB, DidKey.didFor(newKey()), "a", " ")),
                new Refusal(AgentException.Reason.INVALID, () -> registry.addDid(WEB, "did:web:bad..host", "a", "r")),
                new Refusal(AgentException.Reason.INVALID, () -> registry.addKey(WEB, DidKey.didFor(newKey()), newKey(), "a", "r")),
                new Refusal(AgentException.Reason.DUPLICATE, () -> registry.addDid(WEB, "did:web:agents.example.com:other", "a", "r")),
                new Refusal(AgentException.Reason.DUPLICATE, () -> registry.addDid(WEB, WEB, "a", "r")),
                new Refusal(AgentException.Reason.ILLEGAL_TRANSITION, () -> registry.retireKey(WEB, only.id(), "a", "last key")),
                new Refusal(AgentException.Reason.NOT_FOUND, () -> registry.retireKey(WEB, WEB + "#nope", "a", "r")),
                new Refusal(AgentException.Reason.NOT_FOUND, () -> registry.addKey("did:web:nobody.example", "did:web:nobody.example", newKey(), "a", "r")),
                new Refusal(AgentException.Reason.DUPLICATE, () -> registry.register(WEB, "n", "o", "", Workload.NONE, "a")));
        for (Refusal r : refusals) {
            AgentException e = assertThrows(AgentException.class, r.run()::run);
            assertEquals(r.reason(), e.reason(), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertEquals(before, log.size());
        assertEquals(List.of(only), registry.keys(WEB));
        assertEquals(1, registry.dids(WEB).size());

        // a suspended agent may drop its last key; a retired one takes no key, DID or credential
        registry.suspend(WEB, "alice", "investigation");
        AgentKey retired = registry.retireKey(WEB, only.id(), "alice", "compromised");
        assertEquals(AgentKey.State.RETIRED, retired.state());
        assertEquals("compromised", retired.retiredReason());
        assertTrue(registry.didDocument(WEB).isEmpty(), "no active key: nothing to publish");
        AgentException twice = assertThrows(AgentException.class, () -> registry.retireKey(WEB, only.id(), "a", "r"));
        assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, twice.reason());
        AgentException reAdd = assertThrows(AgentException.class, () -> registry.addKey(WEB, WEB, k, "a", "r"));
        assertEquals(AgentException.Reason.DUPLICATE, reAdd.reason());
        registry.retire(WEB, "alice", "done");
        for (AgentRegistryContractTest.ThrowingRun run : List.<AgentRegistryContractTest.ThrowingRun>of(
                () -> registry.addKey(WEB, WEB, newKey(), "a", "r"), () -> registry.addDid(WEB, "did:web:x.example", "a", "r"),
                () -> registry.recordCredential(WEB, credentialFor(WEB)))) {
            assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, assertThrows(AgentException.class, run::run).reason());
        }
    }

    @Test
    void rotatingADidWebKeyPublishesTheNewKeyOnly() throws Exception {
        active(WEB);
        PublicKeyValue k1 = newKey();
        PublicKeyValue k2 = newKey();
        AgentKey first = registry.addKey(WEB, WEB, k1, "alice", "first");
        JsonObject vc = credentialFor(WEB);
        registry.recordCredential(WEB, vc);

        AgentException same = assertThrows(AgentException.class,
                () -> new KeyRotation(registry, store).rotate(WEB, first.id(), k1, "alice", "same key"));
        assertEquals(AgentException.Reason.INVALID, same.reason());
        AgentException unknownKey = assertThrows(AgentException.class,
                () -> new KeyRotation(registry, store).rotate(WEB, WEB + "#nope", k2, "alice", "r"));
        assertEquals(AgentException.Reason.NOT_FOUND, unknownKey.reason());
        Rotation r = new KeyRotation(registry, store).rotate(WEB, first.id(), k2, "alice", "quarterly rotation");
        assertEquals(WEB, r.newDid());
        assertEquals(AgentKey.State.RETIRED, r.oldKey().state());
        assertEquals(WEB + "#" + k2.toMultikey(), r.newKey().id());
        assertTrue(r.reissued().isEmpty(), "the subject is the did:web, which did not change");
        DidDocument doc = registry.didDocument(WEB).orElseThrow();
        assertEquals(List.of(r.newKey().id()), doc.verificationMethods().stream().map(m -> m.id()).toList());
        assertEquals(0, revocation(((jakarta.json.JsonString) vc.get("id")).getString()));
        assertEquals(List.of("register", "transition", "add-key", "rotate-key-start", "add-key", "retire-key", "rotate-key-done"),
                actions(WEB));
    }

    @Test
    void rotatingADidKeyReissuesItsCredentialsToTheNewDidAndRevokesTheOldOnes() throws Exception {
        PublicKeyValue k1 = newKey();
        PublicKeyValue k2 = newKey();
        String did1 = DidKey.didFor(k1);
        String did2 = DidKey.didFor(k2);
        active(did1);
        assertEquals(List.of(DidKey.verificationMethodId(k1)), registry.keys(did1).stream().map(AgentKey::id).toList(),
                "registering a did:key records its key");
        assertEquals(AgentException.Reason.DUPLICATE,
                assertThrows(AgentException.class, () -> registry.addKey(did1, did1, k1, "alice", "again")).reason());
        assertEquals(AgentException.Reason.DUPLICATE, assertThrows(AgentException.class,
                () -> registry.register(DidKey.didFor(k1), "n", "o", "", Workload.NONE, "a")).reason());
        JsonObject vc1 = credentialFor(did1);
        JsonObject vc2 = credentialFor(did1);
        JsonObject other = credentialFor("did:example:someone-else");
        for (JsonObject c : List.of(vc1, vc2, other)) {
            registry.recordCredential(did1, c);
        }
        registry.recordCredential(did1, "urn:id-only"); // recorded without content and subject: left alone
        Verifier verifier = verifier();
        assertTrue(verifier.verify(vc1, VerifyOptions.none()).verified());

        AgentException noIssuer = assertThrows(AgentException.class,
                () -> new KeyRotation(registry, store).rotate(did1, DidKey.verificationMethodId(k1), k2, "alice", "r"));
        assertEquals(AgentException.Reason.INVALID, noIssuer.reason());
        assertEquals(1, registry.keys(did1).size(), "refused before any change");

        KeyRotation rotation = new KeyRotation(registry, store, issuer);
        Rotation r = rotation.rotate(did1, DidKey.verificationMethodId(k1), k2, "alice", "key rotation");
        assertEquals(did2, r.newDid());
        assertEquals(DidKey.verificationMethodId(k2), r.newKey().id());
        assertEquals(2, r.reissued().size());
        assertEquals(2, r.credentials().size());
        assertEquals(Set.of(id(vc1), id(vc2)), Set.copyOf(r.revoked()));
        assertTrue(r.notReissued().isEmpty() && r.notRevoked().isEmpty(), r.toString());
        for (JsonObject fresh : r.credentials()) {
            assertEquals(did2, AgentRegistry.subjectOf(fresh));
            assertEquals("buyer", fresh.getJsonObject("credentialSubject").getString("role"));
            assertTrue(verifier.verify(fresh, VerifyOptions.none()).verified(), fresh.toString());
            assertEquals(2, fresh.getJsonArray("credentialStatus").size());
        }
        for (JsonObject old : List.of(vc1, vc2)) {
            assertEquals(ErrorType.CREDENTIAL_REVOKED, verifier.verify(old, VerifyOptions.none()).problems().get(0).type());
        }
        assertTrue(verifier.verify(other, VerifyOptions.none()).verified(), "not bound to the agent's DID: untouched");
        assertEquals(Optional.of(did1), registry.findByDid(did2).map(Agent::did));
        assertEquals(List.of(did1, did2), registry.dids(did1).stream().map(AgentDid::did).toList());
        assertEquals(List.of(AgentKey.State.RETIRED, AgentKey.State.ACTIVE), registry.keys(did1).stream().map(AgentKey::state).toList());

        // running it again changes nothing
        long logSize = log.size();
        Rotation again = rotation.rotate(did1, DidKey.verificationMethodId(k1), k2, "alice", "key rotation");
        assertTrue(again.credentials().isEmpty() && again.revoked().isEmpty(), again.toString());
        assertEquals(r.newKey().id(), again.newKey().id());
        assertEquals(logSize + 2, log.size(), "only the start and done notes");
        assertEquals(6, registry.credentialRecords(did1).size(), "3 with content, 1 by id, 2 replacements");

        // retiring the agent revokes the re-issued credentials as well
        Retirement ret = registry.retire(did1, "alice", "decommissioned");
        assertTrue(registry.keys(did1).stream().allMatch(k -> k.state() == AgentKey.State.RETIRED && !k.retiredBy().isEmpty()),
                "retiring the agent retires its keys");
        assertTrue(registry.didDocument(did2).isEmpty());
        AgentCredential oldRecord = registry.credentialRecords(did1).stream().filter(c -> c.id().equals(id(vc1))).findFirst().orElseThrow();
        assertEquals(1, registry.credentialWithStatus(oldRecord).getJsonObject("status").getInt("revocation"));
        assertEquals(Set.copyOf(r.reissued().values()), Set.copyOf(ret.revoked().stream().filter(i -> !i.equals(id(other))).toList()));
        for (JsonObject fresh : r.credentials()) {
            assertEquals(ErrorType.CREDENTIAL_REVOKED, verifier.verify(fresh, VerifyOptions.none()).problems().get(0).type());
        }
        log.signTreeHead(issuerKey.signer(), "org");
        assertTrue(log.verifyAll(issuerKey.publicKey()).intact());
    }

    static String id(JsonObject c) {
        return c.getString("id");
    }

    @Test
    void anInterruptedRotationIsCompletedByRunningItAgain() throws Exception {
        PublicKeyValue k1 = newKey();
        PublicKeyValue k2 = newKey();
        String did1 = DidKey.didFor(k1);
        String did2 = DidKey.didFor(k2);
        active(did1);
        JsonObject vc1 = credentialFor(did1);
        JsonObject vc2 = credentialFor(did1);
        registry.recordCredential(did1, vc1);
        registry.recordCredential(did1, vc2);
        // the state a run leaves when it dies after step 3 for vc1: new DID and key added, vc1 replaced but not revoked
        registry.addDid(did1, did2, "alice", "key rotation");
        registry.addKey(did1, did2, k2, "alice", "key rotation");
        JsonObject replacement = credentialFor(did2);
        registry.recordReplacement(did1, id(vc1), replacement, "alice");
        assertEquals(0, revocation(id(vc1)));

        Rotation r = new KeyRotation(registry, store, issuer).rotate(did1, DidKey.verificationMethodId(k1), k2, "alice", "again");
        assertEquals(id(replacement), r.reissued().get(id(vc1)), "vc1 is not issued twice");
        assertEquals(1, r.credentials().size(), "only vc2 is signed now");
        assertEquals(1, revocation(id(vc1)));
        assertEquals(1, revocation(id(vc2)));
        assertEquals(List.of(AgentKey.State.RETIRED, AgentKey.State.ACTIVE), registry.keys(did1).stream().map(AgentKey::state).toList());
        assertEquals(2, registry.credentialRecords(did1).stream().filter(c -> !c.replacedBy().isEmpty()).count());
    }

    @Test
    void concurrentRotationsAndKeyAdditionsKeepTheRegistryConsistent() throws Exception {
        PublicKeyValue k1 = newKey();
        String did1 = DidKey.didFor(k1);
        active(did1);
        active(WEB);
        registry.addKey(WEB, WEB, newKey(), "alice", "first");
        List<String> originals = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonObject vc = credentialFor(did1);
            registry.recordCredential(did1, vc);
            originals.add(id(vc));
        }
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Store> stores = new ArrayList<>();
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Store s = t % 2 == 0 ? store : Stores.open(url);
                if (s != store) {
                    stores.add(s);
                }
                AgentRegistry reg = new AgentRegistry(s);
                StatusService iss = new StatusService(s, BASE, issuer.key(), new Issuer());
                int n = t;
                done.add(pool.submit(() -> {
                    if (n < 3) {
                        try {
                            return new KeyRotation(reg, s, iss).rotate(did1, DidKey.verificationMethodId(k1), newKey(), "t" + n, "race")
                                    .newKey().id();
                        } catch (AgentException e) {
                            assertEquals(AgentException.Reason.ILLEGAL_TRANSITION, e.reason(), e.getMessage());
                            return "refused";
                        }
                    }
                    for (int i = 0; i < 5; i++) {
                        reg.addKey(WEB, WEB, newKey(), "t" + n, "more keys " + i);
                    }
                    return "added";
                }));
            }
            List<String> results = new ArrayList<>();
            for (Future<String> f : done) {
                results.add(f.get());
            }
            assertTrue(results.stream().anyMatch(r -> r.startsWith("did:key:")), results.toString());
        } finally {
            pool.shutdownNow();
            for (Store s : stores) {
                s.close();
            }
        }
        assertEquals(16, registry.activeKeys(WEB).size());
        List<AgentKey> keys = registry.keys(did1);
        assertEquals(AgentKey.State.RETIRED, keys.stream().filter(k -> k.did().equals(did1)).findFirst().orElseThrow().state());
        assertTrue(keys.stream().anyMatch(k -> k.state() == AgentKey.State.ACTIVE));
        List<AgentCredential> records = registry.credentialRecords(did1);
        Set<String> replacements = new HashSet<>();
        for (String original : originals) {
            AgentCredential c = records.stream().filter(x -> x.id().equals(original)).findFirst().orElseThrow();
            assertFalse(c.replacedBy().isEmpty(), "replaced: " + original);
            assertTrue(c.revoked().isPresent());
            assertEquals(1, revocation(original));
            assertTrue(replacements.add(c.replacedBy()));
            assertEquals(0, revocation(c.replacedBy()), "the recorded replacement stays valid");
            assertNotEquals(did1, records.stream().filter(x -> x.id().equals(c.replacedBy())).findFirst().orElseThrow().subject());
        }
        assertEquals(originals.size() + replacements.size(), records.size(), "exactly one replacement recorded per credential");
    }

    @Test
    void aRotationKilledMidwayIsFinishedByRunningItAgain(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        PublicKeyValue k1 = newKey();
        PublicKeyValue k2 = newKey();
        String did1 = DidKey.didFor(k1);
        String oldKeyId = DidKey.verificationMethodId(k1);
        active(did1);
        int n = 60;
        List<String> originals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JsonObject vc = credentialFor(did1);
            registry.recordCredential(did1, vc);
            originals.add(id(vc));
        }
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        java.nio.file.Path javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(javaBin.toString(), "-cp", cp, RotationCrashWorker.class.getName(), url,
                issuerKey.toJwk(true).toJSONString(), did1, oldKeyId, k2.toMultikey(), BASE)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("worker.out").toFile()).start();
        boolean killedMidway = false;
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (child.isAlive() && System.nanoTime() < deadline) {
                long replaced = registry.credentialRecords(did1).stream().filter(c -> !c.replacedBy().isEmpty()).count();
                if (replaced >= 5) {
                    killedMidway = replaced < n;
                    break;
                }
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly();
            child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        String out = Files.exists(tmp.resolve("worker.out")) ? Files.readString(tmp.resolve("worker.out")) : "";
        assertFalse(out.contains("Exception"), out);
        assertTrue(killedMidway, "the worker was killed part-way through re-issuing: " + out);

        Rotation r = new KeyRotation(registry, store, issuer).rotate(did1, oldKeyId, k2, "alice", "rotation");
        assertEquals(n, r.reissued().size());
        List<AgentCredential> records = registry.credentialRecords(did1);
        Set<String> replacements = new HashSet<>();
        for (String original : originals) {
            AgentCredential c = records.stream().filter(x -> x.id().equals(original)).findFirst().orElseThrow();
            assertTrue(replacements.add(c.replacedBy()), "replaced exactly once: " + original);
            assertEquals(1, revocation(original));
            assertEquals(0, revocation(c.replacedBy()));
        }
        assertEquals(2 * n, records.size(), "no replacement recorded twice");
        assertEquals(List.of(AgentKey.State.RETIRED, AgentKey.State.ACTIVE), registry.keys(did1).stream().map(AgentKey::state).toList());
        log.signTreeHead(issuerKey.signer(), "org");
        assertTrue(log.verifyAll(issuerKey.publicKey()).intact());
    }
}
