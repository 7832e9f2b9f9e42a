package dev.mandate.cli.demo;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.Reason;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Capabilities and delegation: the organisation grants the procurement agent {@code pay} up to 500 EUR
 * at the supplier's API; the agent delegates {@code read} of its order history to a sub-agent; the
 * supplier's authorizer allows the sub-agent's read, and denies its attempt to pay, a replayed request
 * and a request whose body was altered, explaining each decision.
 */
final class CapabilityStep implements DemoStep {
    static final String API = "https://api.supplier.example/";

    @Override
    public String title() {
        return "Capabilities: grant, delegate to a sub-agent, and intent-bound requests the supplier authorizes offline";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        KeyMaterial org = ctx.get(DemoValues.ORG_KEY);
        KeyMaterial agent = ctx.get(DemoValues.AGENT_KEY);
        KeyMaterial sub = KeyMaterial.generate(KeyType.ED25519);
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        String subDid = DidKey.didFor(sub.publicKey());
        CapabilityIssuer issuer = new CapabilityIssuer();

        Capability pay = Capability.of("pay", API + "orders/", Constraints.builder().methods("POST")
                .maxAmount(new BigDecimal("500.00"), "EUR").ratePerMinute(10).build());
        Capability read = Capability.of("read", API + "orders/", Constraints.builder().methods("GET").build());
        JsonObject root = issuer.grant(new CapabilityIssuer.Grant(agentDid, List.of(pay, read), 1,
                        Workload.builder().workloadId("spiffe://example.com/agents/procurement").build(), Duration.ofMinutes(15)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        ctx.say("the organisation grants the procurement agent: pay <= 500.00 EUR (POST) and read (GET) on %sorders/, delegable 1 level", API);

        Capability history = Capability.of("read", API + "orders/history/", Constraints.builder().methods("GET").build());
        JsonObject link = issuer.delegate(root, new CapabilityIssuer.Grant(subDid, List.of(history), 0,
                        Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(agent, agent.keyType() == KeyType.ED25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019"));
        ctx.say("the agent delegates read of %sorders/history/ to a sub-agent %s..., signed with its own key", API, subDid.substring(0, 24));
        List<JsonObject> chain = List.of(root, link);

        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Authorizer supplier = Authorizer.builder(Verifier.builder(resolver).build(),
                TrustPolicy.trusting(orgDid, 2, API)).build();
        RequestSigner subSigner = new RequestSigner(subDid, DidKey.verificationMethodId(sub.publicKey()), sub.signer(), chain,
                Clock.systemUTC(), Duration.ofSeconds(30));

        String url = API + "orders/history/2026";
        SimpleRequest get = new SimpleRequest("GET", url, subSigner.headers("GET", url, new byte[0], new Intent("read", url)), new byte[0]);
        ctx.say("request proof + chain add %d bytes of headers to the request",
                get.headers().entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length() + 4).sum());
        expect(ctx, supplier.authorize(get), true, "sub-agent GET " + url);

        byte[] payBody = "{\"amount\":\"120.00\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);
        String payUrl = API + "orders/17/payment";
        Intent payIntent = new Intent("pay", payUrl, Amount.of("120.00", "EUR")); // the amount is signed in the proof
        SimpleRequest payReq = new SimpleRequest("POST", payUrl, subSigner.headers("POST", payUrl, payBody, payIntent), payBody);
        expect(ctx, supplier.authorize(payReq), false, "sub-agent POST pay 120.00 EUR");

        expect(ctx, supplier.authorize(get), false, "the same GET replayed");

        RequestSigner agentSigner = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(root),
                Clock.systemUTC(), Duration.ofSeconds(30));
        SimpleRequest agentPay = new SimpleRequest("POST", payUrl, agentSigner.headers("POST", payUrl, payBody, payIntent), payBody);
        SimpleRequest altered = agentPay.withBody("{\"amount\":\"499.00\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8));
        expect(ctx, supplier.authorize(altered), false, "the agent's pay request with its body altered in transit (120 -> 499 EUR)");
        expect(ctx, supplier.authorize(agentPay), true, "the agent's own, unaltered pay request of 120.00 EUR");
    }

    private static void expect(DemoContext ctx, Decision d, boolean allow, String what) {
        if (d.allow() != allow) {
            throw new IllegalStateException(what + ": expected " + (allow ? "allow" : "deny") + " but got " + d.toJson());
        }
        if (d.allow()) {
            ctx.say("%s -> ALLOW (%s %s; chain of %d)", what, d.matchedCapability().get().action(), d.matchedCapability().get().resource(), d.chain().size());
        } else {
            Reason r = d.reasons().get(0);
            ctx.say("%s -> DENY %s: %s", what, r.code(), r.message());
        }
    }
}
