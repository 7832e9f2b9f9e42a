package dev.mandate.guard.service;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.guard.Observation;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real decisions of a real Authorizer written to a real SQLite audit log, batched and durable, and read back by the guard. */
class DecisionAuditorTest {
    static final String ERP = "https://erp.example.com/";

    @TempDir
    Path dir;

    record Setup(Verifier verifier, DidMethodResolver resolver, TrustPolicy policy, RequestSigner signer, String agent) {
        /** A fresh authorizer builder for the organisation's gateway. */
        Authorizer.Builder authorizer() {
            return Authorizer.builder(verifier, policy);
        }
    }

    static Setup setup() throws Exception {
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial agent = KeyMaterial.generate(KeyType.ED25519);
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject root = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid,
                        List.of(Capability.of("read", ERP, Constraints.builder().methods("GET").build())), 0, Workload.NONE,
                        Duration.ofMinutes(10)), IssuerKey.didKey(org, "eddsa-jcs-2022"));
        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        RequestSigner signer = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(root),
                Clock.systemUTC(), Duration.ofSeconds(30));
        return new Setup(Verifier.builder(resolver).build(), resolver, TrustPolicy.trusting(orgDid, 1, ERP, "https://hr.example.com/"),
                signer, agentDid);
    }

    static SimpleRequest get(RequestSigner signer, String url) throws Exception {
        return new SimpleRequest("GET", url, signer.headers("GET", url, new byte[0], new Intent("read", url)), new byte[0]);
    }

    @Test
    void batchedAndDurableAuditorsWriteTheSameEntryTheGuardReadsBack() throws Exception {
        Setup s = setup();
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("audit.db")); AuditWriter writer = new AuditWriter(new AuditLog(store))) {
            AuditLog log = new AuditLog(store);
            Authorizer batched = s.authorizer().onDecision(new DecisionAuditor(writer, "erp-gateway")).build();
            assertTrue(batched.authorize(get(s.signer(), ERP + "orders/1")).allow());
            assertTrue(writer.flush(Duration.ofSeconds(10)));

            AtomicInteger pokes = new AtomicInteger();
            Authorizer durable = s.authorizer().onDecision(DecisionAuditor.durable(log, "hr-gateway", pokes::incrementAndGet)).build();
            Decision denied = durable.authorize(get(s.signer(), "https://hr.example.com/employees/4711"));
            assertFalse(denied.allow());
            assertEquals(2, log.size(), "the durable entry is on disk when authorize returns");
            assertEquals(1, pokes.get());

            List<AuditEntry> entries = log.entries(0, 10);
            assertEquals(List.of("erp-gateway", "hr-gateway"), entries.stream().map(AuditEntry::actor).toList());
            Observation allowed = GuardService.observation(entries.get(0)).orElseThrow();
            assertEquals(s.agent(), allowed.agent());
            assertEquals("read", allowed.action());
            assertEquals(ERP + "orders/1", allowed.resource());
            assertTrue(allowed.allowed());
            assertEquals(1, allowed.scope().size());
            Observation hr = GuardService.observation(entries.get(1)).orElseThrow();
            assertFalse(hr.allowed());
            assertEquals("https://hr.example.com/employees/4711", hr.resource());
            assertEquals(List.of("INTENT_MISMATCH"), hr.denyCodes(), hr.toString());
        }
    }

    @Test
    void theAmountTheAgentSignedReachesTheLogAndTheGuardAndAnUnsignedOneDoesNot() throws Exception {
        Setup s = setup();
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("amounts.db"))) {
            AuditLog log = new AuditLog(store);
            Authorizer az = s.authorizer().onDecision(DecisionAuditor.durable(log, "erp-gateway", () -> { })).build();
            String url = ERP + "orders/7";
            SimpleRequest paid = new SimpleRequest("GET", url, s.signer().headers("GET", url, new byte[0],
                    new Intent("read", url, dev.mandate.agent.request.Amount.of("120.50", "EUR"))), new byte[0]);
            assertTrue(az.authorize(paid).allow());
            // the same amount only claimed in a header, not signed: nothing is logged as an amount
            SimpleRequest claimed = get(s.signer(), ERP + "orders/8");
            java.util.Map<String, String> h = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            h.putAll(claimed.headers());
            h.put("Mandate-Amount", "999.00 EUR");
            az.authorize(new SimpleRequest("GET", ERP + "orders/8", h, new byte[0]));
            List<AuditEntry> entries = log.entries(0, 10);
            Observation o = GuardService.observation(entries.get(0)).orElseThrow();
            assertTrue(o.hasAmount(), entries.get(0).details());
            assertEquals(120.50, o.amount(), 1e-9);
            assertEquals("EUR", o.currency());
            assertFalse(GuardService.observation(entries.get(1)).orElseThrow().hasAmount(), entries.get(1).details());
        }
    }

    @Test
    void aDurableAuditorWhoseStoreFailsRefusesTheRequestAndAlertsOnceUntilAnAppendSucceedsAgain() throws Exception {
        Setup s = setup();
        java.nio.file.Path db = dir.resolve("flaky.db");
        try (Store store = Stores.open("jdbc:sqlite:" + db, dev.mandate.registry.StoreOptions.defaults()
                .withBusyTimeout(java.time.Duration.ofMillis(300)))) {
            AuditLog log = new AuditLog(store);
            List<GuardAlert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
            DurableAuditWatch watch = new DurableAuditWatch("gateway");
            watch.raiseTo(alerts::add);
            Authorizer az = s.authorizer().onDecision(DecisionAuditor.durable(log, "gateway", () -> { }).alertingTo(watch)).build();
            assertTrue(az.authorize(get(s.signer(), ERP + "orders/1")).allow());
            assertEquals(List.of(), alerts, "healthy: no alert");
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
                 java.sql.Statement st = c.createStatement()) {
                st.execute("BEGIN EXCLUSIVE"); // another process holds the database: appends time out
                var d = az.authorize(get(s.signer(), ERP + "orders/2"));
                assertFalse(d.allow(), "not answered as allowed without its entry");
                assertTrue(d.unavailable());
                assertEquals(dev.mandate.agent.Reason.Code.AUDIT_UNAVAILABLE, d.reasons().get(0).code(), d.toJson().toString());
                assertEquals("the decision could not be recorded, so the request is refused: the audit log cannot be written; retry later",
                        d.reasons().get(0).message(), "the store's own error is not told to the caller");
                assertFalse(az.authorize(get(s.signer(), ERP + "orders/3")).allow());
                assertEquals(1, alerts.size(), "one alert for the episode: " + alerts);
                AuditAlert failing = (AuditAlert) alerts.get(0);
                assertEquals(AuditAlert.FAILING, failing.event());
                assertEquals(0, failing.lost(), "refused decisions are not lost: they were not answered");
                assertTrue(failing.line().startsWith("guard: the audit log writer of gateway could not record a decision before answering it;"
                        + " last failure: "), failing.line());
                assertTrue(watch.failing());
                st.execute("ROLLBACK");
            }
            assertTrue(az.authorize(get(s.signer(), ERP + "orders/4")).allow());
            assertEquals(2, alerts.size());
            AuditAlert back = (AuditAlert) alerts.get(1);
            assertEquals(AuditAlert.RECOVERED, back.event());
            assertTrue(back.line().matches("guard: the audit log writer of gateway records decisions again after \\d+ s; no decision lost"),
                    back.line());
            assertFalse(watch.failing());
            assertEquals(2, log.entries(0, 10).size(), "exactly the two answered allows are in the log");
            assertEquals(2, az.listenerFailures());
        }
    }

    @Test
    void answeringUnrecordedKeepsTheDecisionAndCountsItAsLost() throws Exception {
        Setup s = setup();
        Store store = Stores.open("jdbc:sqlite:" + dir.resolve("closed.db"));
        AuditLog log = new AuditLog(store);
        store.close();
        List<GuardAlert> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        DurableAuditWatch watch = new DurableAuditWatch("gateway");
        watch.raiseTo(alerts::add);
        DecisionAuditor open = DecisionAuditor.durable(log, "gateway", () -> { }).answeringUnrecorded().alertingTo(watch);
        assertFalse(open.required());
        assertTrue(DecisionAuditor.durable(log, "gateway", () -> { }).required());
        Authorizer az = s.authorizer().onDecision(open).build();
        assertTrue(az.authorize(get(s.signer(), ERP + "orders/2")).allow(), "audit.onFailure allow: the decision stands");
        assertTrue(az.authorize(get(s.signer(), ERP + "orders/3")).allow());
        assertEquals(2, az.listenerFailures());
        assertEquals(1, alerts.size());
        assertEquals(1, ((AuditAlert) alerts.get(0)).lost(), "the first answered decision without its entry");
        assertTrue(alerts.get(0).line().contains("1 decision(s) LOST (not recorded)"), alerts.get(0).line());
        assertThrows(IllegalStateException.class, () -> new DecisionAuditor(new dev.mandate.registry.audit.AuditWriter(log), "gw")
                .answeringUnrecorded(), "only a durable auditor has that choice");
    }
}
