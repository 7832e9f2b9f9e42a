package dev.mandate.agent.authz;

import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.Fixtures;
import dev.mandate.agent.Fixtures.Party;
import dev.mandate.agent.Reason;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.mandate.agent.Fixtures.CLOCK;
import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authorizing a server-derived operation (an MCP tool call) instead of the intent's action on the request URL. */
class OperationTest {
    static final String URL = "https://api.supplier.example/mcp";
    static final String TOOLS = "mcp+https://api.supplier.example/mcp/tools/";
    static final Party ORG = Party.ed(), AGENT = Party.ed();
    static final JsonObject ROOT;

    static {
        try {
            ROOT = Fixtures.root(ORG, AGENT, 0, cap("invoke", TOOLS + "pay_invoice", cons().maxAmount(new BigDecimal("500"), "EUR").build()),
                    cap("invoke", TOOLS + "search", cons().build()));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final List<DecisionEvent> events = new ArrayList<>();
    final Authorizer az;

    OperationTest() throws Exception {
        az = Authorizer.builder(Fixtures.VERIFIER, TrustPolicy.trusting(ORG.did(), 1, "mcp+https://api.supplier.example/mcp/"))
                .clock(CLOCK).onDecision(events::add).build();
    }

    static SimpleRequest signed(Intent intent, String body) throws Exception {
        RequestSigner s = new RequestSigner(AGENT.did(), AGENT.vm(), AGENT.key().signer(), List.of(ROOT), CLOCK, Duration.ofSeconds(30));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new SimpleRequest("POST", URL, s.headers("POST", URL, b, intent), b);
    }

    static Operation tool(String name, Amounts.Stated... stated) throws Exception {
        return Operation.of("invoke", CanonicalUrl.target(TOOLS + name), List.of(stated));
    }

    static void denied(Decision d, Reason.Code code) {
        assertFalse(d.allow(), d.toJson().toString());
        assertEquals(code, d.reasons().get(0).code(), d.toJson().toString());
    }

    @Test
    void theCapabilityMustCoverTheOperationAndTheIntentMustNameIt() throws Exception {
        Decision ok = az.authorize(signed(new Intent("invoke", TOOLS + "search"), "{}"), tool("search"));
        assertTrue(ok.allow(), ok.toJson().toString());
        assertEquals(TOOLS + "search", ok.matchedCapability().orElseThrow().resource().toString());
        assertEquals("invoke", events.get(0).action());
        assertEquals(URL, events.get(0).url());
        // an intent for another tool than the body's
        denied(az.authorize(signed(new Intent("invoke", TOOLS + "search"), "{}"), tool("delete_all")), Reason.Code.INTENT_MISMATCH);
        // a tool outside the capability
        denied(az.authorize(signed(new Intent("invoke", TOOLS + "delete_all"), "{}"), tool("delete_all")), Reason.Code.INTENT_MISMATCH);
        // another action
        denied(az.authorize(signed(new Intent("read", TOOLS + "search"), "{}"), tool("search")), Reason.Code.INTENT_MISMATCH);
        // the plain HTTP path still needs the intent to cover the request URL: an mcp+https intent never does
        denied(az.authorize(signed(new Intent("invoke", TOOLS + "search"), "{}")), Reason.Code.INTENT_MISMATCH);
        assertEquals(5, events.size());
    }

    @Test
    void sessionOperationsNeedNoCapabilityButAValidProof() throws Exception {
        CanonicalUrl init = CanonicalUrl.target("mcp+https://api.supplier.example/mcp/methods/initialize");
        Decision ok = az.authorize(signed(new Intent("session", init.toString()), "{}"), Operation.authenticated("session", init));
        assertTrue(ok.allow(), ok.toJson().toString());
        assertTrue(ok.matchedCapability().isEmpty());
        SimpleRequest altered = signed(new Intent("session", init.toString()), "{}");
        altered = new SimpleRequest("POST", URL, java.util.Map.of("Authorization", altered.header("Authorization").orElseThrow(),
                "Mandate-Chain", altered.header("Mandate-Chain").orElseThrow()), "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
        denied(az.authorize(altered, Operation.authenticated("session", init)), Reason.Code.REQUEST_MISMATCH);
        denied(az.authorize(signed(new Intent("session", init.toString()), "{}"),
                Operation.refused(init, Reason.of(Reason.Code.MALFORMED_REQUEST, "batch"))), Reason.Code.MALFORMED_REQUEST);
    }

    @Test
    void statedAmountsMustAgreeWithTheSignedOneAndTheLimitApplies() throws Exception {
        JsonObject args = Jsonp.PROVIDER.createObjectBuilder().add("invoice", "I-1")
                .add("payment", Jsonp.PROVIDER.createObjectBuilder().add("total", "120.00").add("cur", "EUR")).build();
        Amounts.Stated stated = Amounts.inJsonAt(args, "/payment/total", "/payment/cur", "the arguments of tool pay_invoice");
        assertTrue(Amount.of("120", "EUR").sameAs(stated.single().orElseThrow()));
        Intent pay = new Intent("invoke", TOOLS + "pay_invoice", Amount.of("120.00", "EUR"));
        assertTrue(az.authorize(signed(pay, "{}"), tool("pay_invoice", stated)).allow());
        Intent less = new Intent("invoke", TOOLS + "pay_invoice", Amount.of("1", "EUR"));
        denied(az.authorize(signed(less, "{}"), tool("pay_invoice", stated)), Reason.Code.AMOUNT_MISMATCH);
        denied(az.authorize(signed(new Intent("invoke", TOOLS + "pay_invoice"), "{}"), tool("pay_invoice", stated)), Reason.Code.AMOUNT_MISSING);
        Amounts.Stated big = Amounts.inJsonAt(Jsonp.PROVIDER.createObjectBuilder().add("amount", 900).add("currency", "EUR").build(),
                "/amount", "/currency", "args");
        denied(az.authorize(signed(new Intent("invoke", TOOLS + "pay_invoice", Amount.of("900", "EUR")), "{}"), tool("pay_invoice", big)),
                Reason.Code.AMOUNT_NOT_ALLOWED);
        // unreadable or absent values
        assertTrue(Amounts.inJsonAt(args, "/nothing", "/none", "a").contradiction(Amount.of("1", "EUR")).isEmpty());
        assertTrue(Amounts.inJsonAt(args, "/invoice", "/none", "a").contradiction(Amount.of("1", "EUR")).isPresent());
        assertTrue(Amounts.inJsonAt(args, "/payment", "/none", "a").unreadable().isPresent());
        assertTrue(Amounts.inJsonAt(args, "/payment/total", "/payment", "a").unreadable().isPresent());
        assertTrue(Amounts.inJsonAt(args, "no-slash", "/x", "a").unreadable().isPresent());
    }
}
