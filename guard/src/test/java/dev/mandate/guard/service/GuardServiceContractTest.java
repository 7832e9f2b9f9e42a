package dev.mandate.guard.service;

import com.sun.net.httpserver.HttpServer;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.Scope;
import dev.mandate.guard.Verdict;
import dev.mandate.guard.sim.TrafficGenerator;
import dev.mandate.registry.IssueOptions;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.vc.model.Workload;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard service on a real database: three days of synthetic normal traffic for 8 agents written to
 * the audit log as authorization entries, then the procurement agent reads the HR database. The class writes that
 * database once; each test runs on a fresh copy of it (one instance for the class, its fields set anew per test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GuardServiceContractTest {
    static final KeyMaterial ORG = KeyMaterial.generate(KeyType.ED25519);
    static final String ORG_DID = DidKey.didFor(ORG.publicKey());
    static final TrafficGenerator GENERATOR = new TrafficGenerator(7, 8, Duration.ofDays(3));
    static final TrafficGenerator.Traffic NORMAL = GENERATOR.generate();

    /** The database written once for the class ({@link #fill}); each test opens a fresh copy of it. */
    String template;
    String url;
    Store store;
    AuditLog log;
    AgentRegistry registry;
    Map<String, String> credentialOf = new HashMap<>();
    String procurement;

    /** The kind of database the tests run on. */
    abstract DatabaseCopies.Kind databases();

    /**
     * The agents registered and active, each with a credential carrying revocation and suspension entries, and their
     * three days of traffic in the audit log: the same starting point for every test, written once.
     */
    @BeforeAll
    void fill() throws Exception {
        template = databases().fresh();
        try (Store s = Stores.open(template)) {
            AgentRegistry agents = new AgentRegistry(s);
            StatusService status = new StatusService(s, "https://org.example/status-lists/",
                    new IssuerKey(ORG_DID, DidKey.verificationMethodId(ORG.publicKey()), "eddsa-jcs-2022", ORG.signer()), new Issuer());
            for (TrafficGenerator.Agent a : NORMAL.agents()) {
                agents.register(a.id(), a.role().label(), "team:" + a.role().label(), "", Workload.NONE, "alice");
                agents.activate(a.id(), "alice", "approved");
                JsonObject vc = status.issue(Jsonp.PROVIDER.createObjectBuilder()
                        .add("@context", Jsonp.PROVIDER.createArrayBuilder().add(Issuer.CREDENTIALS_V2))
                        .add("type", Jsonp.PROVIDER.createArrayBuilder().add("VerifiableCredential"))
                        .add("credentialSubject", Jsonp.PROVIDER.createObjectBuilder().add("id", a.id())).build(),
                        IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION).withValidFor(Duration.ofDays(30)));
                credentialOf.put(a.id(), vc.getString("id"));
            }
            procurement = NORMAL.agents().stream().filter(a -> a.role() == TrafficGenerator.Role.PROCUREMENT).findFirst().orElseThrow().id();
            AuditLog entries = new AuditLog(s);
            List<AuditDraft> drafts = new ArrayList<>();
            for (Observation o : NORMAL.observations()) {
                drafts.add(draft(o));
                if (drafts.size() == 2000) {
                    entries.appendAll(drafts);
                    drafts.clear();
                }
            }
            entries.appendAll(drafts);
        }
    }

    @AfterAll
    void dropTemplate() {
        if (template != null) {
            databases().drop(template);
        }
    }

    @BeforeEach
    void open() throws Exception {
        url = databases().copyOf(template);
        store = Stores.open(url);
        log = new AuditLog(store);
        registry = new AgentRegistry(store);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        databases().drop(url);
    }

    /** An authorization entry as DecisionAuditor writes it. */
    AuditDraft draft(Observation o) {
        String cred = credentialOf.get(o.agent());
        return DecisionAuditor.draft(o, "gateway", cred == null ? List.of() : List.of(cred));
    }

    /** The procurement agent reads the HR database (denied: outside its capabilities). */
    void hrQuery(Instant at) throws Exception {
        List<Scope> scope = NORMAL.agents().stream().filter(a -> a.id().equals(procurement)).findFirst().orElseThrow().scope();
        log.appendAll(List.of(draft(new Observation(0, at, procurement, "read", "https://hr.example.com/employees/4711", false,
                List.of("INTENT_MISMATCH"), scope))));
    }

    Instant end() {
        return NORMAL.observations().get(NORMAL.observations().size() - 1).at();
    }

    @Test
    void normalTrafficSuspendsNobodyThenTheHrQuerySuspendsTheProcurementAgentEverywhere() throws Exception {
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        GuardService service = GuardService.builder(store, new Guard(GuardConfig.defaults())).alert(alerts::add).build();
        assertEquals(List.of(), service.runOnce(), "three days of normal traffic suspend nobody");
        assertTrue(NORMAL.observations().size() > 1000, "the run saw " + NORMAL.observations().size() + " calls");

        hrQuery(end().plusSeconds(30));
        List<Verdict> suspended = service.runOnce();
        assertEquals(1, suspended.size());
        Verdict v = suspended.get(0);
        assertEquals(procurement, v.agent());
        assertTrue(v.signals().stream().anyMatch(s -> s.rule().equals("novel-resource")), v.toJson().toString());

        assertEquals(AgentState.SUSPENDED, registry.agent(procurement).orElseThrow().state());
        assertEquals("guard", registry.history(procurement).get(registry.history(procurement).size() - 1).actor());
        String cred = credentialOf.get(procurement);
        assertEquals(1, store.entries(cred).stream().filter(r -> r.purpose() == StatusPurpose.SUSPENSION).findFirst().orElseThrow().value());
        for (String other : credentialOf.keySet()) {
            if (!other.equals(procurement)) {
                assertEquals(0, store.entries(credentialOf.get(other)).stream().filter(r -> r.purpose() == StatusPurpose.SUSPENSION)
                        .findFirst().orElseThrow().value(), "only the offender is suspended");
            }
        }
        assertEquals(1, alerts.size());
        Alert alert = alerts.get(0);
        assertTrue(alert.line().contains(procurement) && alert.line().contains("hr.example.com"), alert.line());
        AuditEntry evidence = log.entry(alert.guardSeq()).orElseThrow();
        assertEquals("guard", evidence.type());
        assertEquals(procurement, evidence.subject());
        JsonObject d = Jsonp.PROVIDER.createReader(new StringReader(evidence.details())).readObject();
        assertEquals("suspend", d.getString("action"));
        assertEquals(alert.triggerSeq(), d.getJsonNumber("trigger").longValue());
        assertEquals(List.of(cred), d.getJsonArray("suspendedCredentials").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertTrue(d.getJsonObject("verdict").getJsonArray("signals").size() >= 1);

        // further calls of the suspended agent are not scored again
        hrQuery(end().plusSeconds(40));
        assertEquals(List.of(), service.runOnce());

        // replaying the log with the same configuration reproduces the decision exactly
        GuardReplay.Report replay = GuardReplay.replay(store, GuardConfig.defaults());
        assertTrue(replay.matches(), replay.toJson().toString());
        assertEquals(1, replay.recorded().size());
        assertEquals(procurement, replay.replayed().get(0).agent());

        // a person resumes it: credentials reinstated, registry active, and the guard watches it again
        List<String> reinstated = GuardService.resume(store, procurement, "bob", "investigated: test query");
        assertEquals(List.of(cred), reinstated);
        assertEquals(AgentState.ACTIVE, registry.agent(procurement).orElseThrow().state());
        assertEquals(0, store.entries(cred).stream().filter(r -> r.purpose() == StatusPurpose.SUSPENSION).findFirst().orElseThrow().value());
        service.runOnce();
        assertFalse(service.suspendedAgents().contains(procurement));
        assertTrue(GuardReplay.replay(store, GuardConfig.defaults()).matches());

        var key = KeyMaterial.generate(KeyType.ED25519);
        log.signTreeHead(key.signer(), "org");
        assertTrue(log.verifyAll(key.publicKey()).intact());
    }

    @Test
    void aRestartedServiceRebuildsItsBaselinesWithoutActingTwice() throws Exception {
        hrQuery(end().plusSeconds(30));
        GuardService first = GuardService.builder(store, new Guard(GuardConfig.defaults())).build();
        assertEquals(1, first.runOnce().size());
        long guardEntries = log.entries(0, Integer.MAX_VALUE).stream().filter(e -> e.type().equals("guard")).count();

        try (GuardService second = GuardService.builder(store, new Guard(GuardConfig.defaults())).build().start()) {
            assertTrue(second.suspendedAgents().contains(procurement), "the suspension is known from the log");
            assertEquals(1, second.decided().size(), "the replayed decision is remembered, not re-executed");
            assertEquals(guardEntries, log.entries(0, Integer.MAX_VALUE).stream().filter(e -> e.type().equals("guard")).count());
            assertTrue(second.guard().baseline(procurement).isPresent());
        }
    }

    @Test
    void aRunningServiceActsOnNewEntriesAndPostsTheWebhook() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alerts", ex -> {
            received.add(ex.getRequestHeaders().getFirst("Authorization") + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        Webhook webhook = new Webhook(URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts"), "s3cret");
        try (webhook;
             GuardService service = GuardService.builder(store, new Guard(GuardConfig.defaults())).alertAll(webhook)
                     .pollInterval(Duration.ofMillis(20)).build().start()) {
            assertTrue(service.suspendedAgents().isEmpty());
            hrQuery(end().plusSeconds(30));
            service.poke();
            String body = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(body, "the webhook was called");
            assertTrue(body.startsWith("Bearer s3cret {"), body);
            JsonObject alert = Jsonp.PROVIDER.createReader(new StringReader(body.substring(body.indexOf('{')))).readObject();
            assertEquals("agent.suspended", alert.getString("event"));
            assertEquals(procurement, alert.getString("agent"));
            assertEquals("suspended", alert.getString("registry"));
        } finally {
            hook.stop(0);
        }
        assertEquals(1, webhook.delivered(), "closing the webhook waited for the delivery to finish");
        assertEquals(AgentState.SUSPENDED, registry.agent(procurement).orElseThrow().state());
    }

    @Test
    void observeModeOnlyAlertsUntilAnOperatorEnforces() throws Exception {
        GuardConfig observe = GuardConfig.defaults().withEnforcement(new GuardConfig.Enforcement("observe", Duration.ZERO));
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        GuardService service = GuardService.builder(store, new Guard(observe)).alert(alerts::add).build();
        assertEquals(List.of(), service.runOnce());
        assertTrue(service.observing());
        hrQuery(end().plusSeconds(30));
        assertEquals(List.of(), service.runOnce(), "observe mode suspends no one");
        assertEquals(AgentState.ACTIVE, registry.agent(procurement).orElseThrow().state());
        String cred = credentialOf.get(procurement);
        assertEquals(0, store.entries(cred).stream().filter(r -> r.purpose() == StatusPurpose.SUSPENSION).findFirst().orElseThrow().value());
        assertEquals(1, alerts.size());
        assertEquals(Alert.WOULD_SUSPEND, alerts.get(0).event());
        assertTrue(alerts.get(0).line().startsWith("guard (observe mode) would have suspended " + procurement), alerts.get(0).line());
        JsonObject d = Jsonp.PROVIDER.createReader(new StringReader(log.entry(alerts.get(0).guardSeq()).orElseThrow().details())).readObject();
        assertEquals("would-suspend", d.getString("action"));
        assertTrue(GuardReplay.replay(store, observe).matches(), "observe mode replays too");
        // replayed with enforcement, the same log shows the suspension it would have made
        assertTrue(GuardReplay.replay(store, GuardConfig.defaults()).matches(), "same agent, same trigger");

        // the guard itself cannot switch enforcement on
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> GuardService.enforce(store, "guard", ""))
                .getMessage().contains("operator's name"));
        GuardService.enforce(store, "alice", "a week of shadow mode reviewed");
        hrQuery(end().plusSeconds(60));
        List<Verdict> acted = service.runOnce();
        assertFalse(service.observing());
        assertEquals(1, acted.size(), "enforcing from the operator's entry on");
        assertEquals(AgentState.SUSPENDED, registry.agent(procurement).orElseThrow().state());
        assertTrue(GuardReplay.replay(store, observe).matches());
    }

    @Test
    void onlyAnOperatorCanDismissASuspensionAndItFoldsTheHeldBackCallsIn() throws Exception {
        GuardService service = GuardService.builder(store, new Guard(GuardConfig.defaults())).build();
        service.runOnce();
        String other = credentialOf.keySet().stream().filter(a -> !a.equals(procurement)).findFirst().orElseThrow();
        IllegalArgumentException never = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GuardService.dismiss(store, other, "alice", "pre-emptive"));
        assertEquals("the guard has no suspension of " + other + " to dismiss", never.getMessage());
        hrQuery(end().plusSeconds(30));
        assertEquals(1, service.runOnce().size());
        assertTrue(service.guard().baseline(procurement).orElseThrow().heldBack() > 0);

        // the agent cannot vouch for itself, nor can anyone as "guard"
        assertEquals("an agent cannot dismiss its own suspension", org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> GuardService.dismiss(store, procurement, procurement, "it was me")).getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> GuardService.dismiss(store, procurement, "guard", "x"));
        // a forged dismiss entry written under the agent's own name is ignored by the service
        log.append("guard", procurement, procurement, Jsonp.PROVIDER.createObjectBuilder().add("action", "dismiss").add("reason", "forged").build());
        // and an authorization entry whose agent-controlled fields say "dismiss" is just a decision
        log.appendAll(List.of(draft(new Observation(0, end().plusSeconds(35), procurement, "dismiss", "https://erp.example.com/dismiss", false,
                List.of("dismiss"), List.of()))));
        service.runOnce();
        assertTrue(service.suspendedAgents().contains(procurement), "still suspended");
        assertTrue(service.guard().baseline(procurement).orElseThrow().heldBack() > 0, "nothing folded in");

        List<String> reinstated = GuardService.dismiss(store, procurement, "alice", "the HR read was a sanctioned audit");
        assertEquals(List.of(credentialOf.get(procurement)), reinstated);
        assertEquals(AgentState.ACTIVE, registry.agent(procurement).orElseThrow().state());
        service.runOnce();
        assertFalse(service.suspendedAgents().contains(procurement));
        assertEquals(0, service.guard().baseline(procurement).orElseThrow().heldBack(), "the held-back calls are in the baseline");
        assertEquals(0.0, service.guard().baseline(procurement).orElseThrow().risk(), 1e-9);
        AuditEntry last = log.entries(0, Integer.MAX_VALUE).stream().filter(e -> e.type().equals("guard")).reduce((a, b) -> b).orElseThrow();
        assertEquals("alice", last.actor());
        assertTrue(last.details().contains("\"action\":\"dismiss\""), last.details());
        // a second dismissal of the same suspension is refused; the replay reproduces all of it
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> GuardService.dismiss(store, procurement, "alice", "again"));
        assertTrue(GuardReplay.replay(store, GuardConfig.defaults()).matches());
        GuardReplay.Report r = GuardReplay.replay(store, GuardConfig.defaults());
        assertEquals(0, r.guard().baseline(procurement).orElseThrow().heldBack(), "the replayed guard folded the same calls in");
    }
}
