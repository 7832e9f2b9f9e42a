package dev.mandate.agent.authz;

import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.SimpleRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.mandate.agent.Fixtures.CLOCK;
import static dev.mandate.agent.authz.AuthorizerTest.AGENT;
import static dev.mandate.agent.authz.AuthorizerTest.API;
import static dev.mandate.agent.authz.AuthorizerTest.ORG;
import static dev.mandate.agent.authz.AuthorizerTest.ROOT;
import static dev.mandate.agent.authz.AuthorizerTest.SUB;
import static dev.mandate.agent.authz.AuthorizerTest.LINK;
import static dev.mandate.agent.authz.AuthorizerTest.signed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionListenerTest {

    @Test
    void everyDecisionReachesTheListenerWithWhatTheRequestTouched() throws Exception {
        List<DecisionEvent> seen = new CopyOnWriteArrayList<>();
        Authorizer a = Authorizer.builder(dev.mandate.agent.Fixtures.VERIFIER,
                TrustPolicy.trusting(ORG.did(), 2, API)).clock(CLOCK).onDecision(seen::add).build();

        String url = API + "orders/history/2026";
        Decision allowed = a.authorize(signed(SUB, List.of(ROOT, LINK), "GET", url + "?page=2", "", new Intent("read", url)));
        assertTrue(allowed.allow());
        String payUrl = API + "orders/9/payment";
        Decision denied = a.authorize(signed(SUB, List.of(ROOT, LINK), "POST", payUrl, "{}", new Intent("pay", payUrl)));
        assertFalse(denied.allow());
        Decision noProof = a.authorize(new SimpleRequest("GET", API + "orders/", Map.of(), new byte[0]));

        assertEquals(3, seen.size());
        DecisionEvent e0 = seen.get(0);
        assertSame(allowed, e0.decision());
        assertEquals("GET", e0.method());
        assertEquals(url, e0.url(), "the URL is normalised without its query");
        assertEquals("read", e0.action());
        assertEquals(url, e0.resource());
        assertEquals(1, e0.scope().size());
        assertEquals(API + "orders/history/", e0.scope().get(0).resource().toString());
        assertTrue(e0.decision().allow());
        assertEquals(SUB.did(), e0.decision().agentDid());
        assertEquals("read", e0.decision().matchedCapability().orElseThrow().action());
        assertEquals(2, e0.decision().chain().size(), "both links, for the audit entry's credential ids");

        DecisionEvent e1 = seen.get(1);
        assertEquals("pay", e1.action());
        assertEquals(payUrl, e1.effectiveResource());
        assertFalse(e1.decision().allow());
        assertEquals(dev.mandate.agent.Reason.Code.INTENT_MISMATCH, e1.decision().reasons().get(0).code());

        DecisionEvent e2 = seen.get(2);
        assertSame(noProof, e2.decision());
        assertEquals("", e2.action());
        assertEquals(API + "orders/", e2.effectiveResource(), "without an intent the raw URL stands in");
        assertEquals(dev.mandate.agent.Reason.Code.PROOF_MISSING, e2.decision().reasons().get(0).code());
        assertTrue(e2.scope().isEmpty(), "no verified chain, no scope");
    }

    @Test
    void aThrowingListenerIsCountedAndDoesNotChangeTheDecision() throws Exception {
        Authorizer a = Authorizer.builder(dev.mandate.agent.Fixtures.VERIFIER,
                TrustPolicy.trusting(ORG.did(), 2, API)).clock(CLOCK).onDecision(e -> { throw new IllegalStateException("audit down"); }).build();
        String url = API + "orders/";
        Decision d = a.authorize(signed(AGENT, List.of(ROOT), "GET", url, "", new Intent("read", url)));
        assertTrue(d.allow(), d.toJson().toString());
        assertFalse(d.unavailable());
        assertEquals(1, a.listenerFailures());
    }

    @Test
    void aRequiredListenerThatCannotRecordTheDecisionTurnsItIntoARefusalThatSaysSo() throws Exception {
        List<DecisionEvent> after = new ArrayList<>();
        DecisionListener durable = new DecisionListener() {
            @Override
            public void onDecision(DecisionEvent e) {
                throw new IllegalStateException("the audit log is on a database that refused the connection");
            }

            @Override
            public boolean required() {
                return true;
            }
        };
        Authorizer a = Authorizer.builder(dev.mandate.agent.Fixtures.VERIFIER, TrustPolicy.trusting(ORG.did(), 2, API)).clock(CLOCK)
                .onDecision(durable).onDecision(after::add).build();
        String url = API + "orders/";
        Decision d = a.authorize(signed(AGENT, List.of(ROOT), "GET", url, "", new Intent("read", url)));
        assertFalse(d.allow(), "an allow that could not be recorded is not answered as an allow");
        assertTrue(d.unavailable(), "an operational refusal: a gateway answers 503");
        assertEquals(dev.mandate.agent.Reason.Code.AUDIT_UNAVAILABLE, d.reasons().get(0).code());
        assertEquals("the decision could not be recorded, so the request is refused: the audit log is on a database that refused"
                + " the connection", d.reasons().get(0).message());
        assertTrue(d.matchedCapability().isEmpty(), "no capability is reported as granted");
        assertEquals(1, a.listenerFailures());
        assertEquals(1, after.size(), "the other listeners still saw the decision as it was made");
        assertTrue(after.get(0).decision().allow());
        assertEquals(after.get(0).decision().agentDid(), d.agentDid(), "the refusal still names the agent");
        // a denial that cannot be recorded stays a denial, now an operational one
        Decision denied = a.authorize(signed(AGENT, List.of(ROOT), "POST", url, "", new Intent("pay", url)));
        assertFalse(denied.allow());
        assertEquals(dev.mandate.agent.Reason.Code.AUDIT_UNAVAILABLE, denied.reasons().get(0).code());
    }
}
