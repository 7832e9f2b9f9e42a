package dev.mandate.a2a;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.Reason;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.DecisionEvent;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import jakarta.json.JsonObject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small A2A agent (JSON-RPC binding, a servlet on Jetty, loopback) behind MandateA2aFilter, called with
 * MandateA2aSigner: the capabilities extension of docs/a2a.md end to end, attacks included.
 */
class A2aAuthorizationTest {
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SUITE = "eddsa-jcs-2022";
    static final String LIST_URL = "https://status.example/lists/1"; // served from memory, never fetched

    record Party(KeyMaterial key, String did, String vm) {
        static Party ed() {
            KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
            String mk = k.publicKey().toMultikey();
            return new Party(k, "did:key:" + mk, "did:key:" + mk + "#" + mk);
        }

        IssuerKey signing() {
            return new IssuerKey(did, vm, SUITE, key.signer());
        }
    }

    static final Party ORG = Party.ed(), AGENT = Party.ed(), SUB = Party.ed(), REVOKED = Party.ed();
    static final List<DecisionEvent> EVENTS = Collections.synchronizedList(new ArrayList<>());
    static final Map<String, String> TASK_OWNERS = new ConcurrentHashMap<>();
    static final AtomicReference<byte[]> STATUS_LIST = new AtomicReference<>();
    static final StatusListIssuer LISTS = new StatusListIssuer(new Issuer(CLOCK));
    static final IssuerKey ORG_KEY = ORG.signing();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Server jetty;
    static StatusChecker status;
    static String endpoint;
    static String base;
    static List<JsonObject> agentChain, subChain, revokedChain;

    @BeforeAll
    static void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        endpoint = "http://127.0.0.1:" + connector.getLocalPort() + "/a2a";
        base = "a2a+" + endpoint;

        // the agent may ask for forecasts, pay at most 500 EUR per message, read and cancel its tasks, and
        // delegate forecasts and task reads to SUB
        CapabilityIssuer caps = new CapabilityIssuer(CLOCK);
        Capability forecast = Capability.of("message", base + "/skills/forecast", Constraints.builder().build());
        Capability pay = Capability.of("message", base + "/skills/pay", Constraints.builder().maxAmount(new BigDecimal("500"), "EUR").build());
        Capability read = Capability.of("read", base + "/tasks/*", Constraints.builder().build());
        Capability cancel = Capability.of("cancel", base + "/tasks/*", Constraints.builder().build());
        JsonObject root = caps.grant(grant(AGENT, 1, forecast, pay, read, cancel), ORG.signing());
        agentChain = List.of(root);
        subChain = List.of(root, caps.delegate(root, grant(SUB, 0, forecast, read), AGENT.signing()));
        JsonObject withStatus = StatusListIssuer.withStatus(caps.unsignedGrant(grant(REVOKED, 0, forecast)),
                List.of(StatusListEntry.of(StatusPurpose.REVOCATION, LIST_URL, 7)));
        revokedChain = List.of(new Issuer(CLOCK).issue(withStatus, new IssuerKey(ORG.did(), ORG.vm(), SUITE, ORG.key().signer()), Duration.ofHours(1)));
        publishStatus(false);
        status = StatusChecker.builder().fetcher(url -> {
            if (!url.equals(LIST_URL)) throw new dev.mandate.vc.verifier.status.StatusFetchException("no list at " + url);
            return FetchedList.of(STATUS_LIST.get());
        }).build();

        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Verifier verifier = Verifier.builder(resolver).clock(CLOCK).statusChecker(status).build();
        Authorizer authorizer = Authorizer.builder(verifier, TrustPolicy.trusting(ORG.did(), 2, base + "/"))
                .clock(CLOCK).onDecision(EVENTS::add).build();
        MandateA2aFilter guard = MandateA2aFilter.builder(authorizer, endpoint)
                .skills(java.util.Set.of("forecast", "pay", "book"))
                .amountPointer("pay", "/message/parts/0/data/amount", "/message/parts/0/data/currency")
                .taskOwners(id -> Optional.ofNullable(TASK_OWNERS.get(id)))
                .build();

        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new TinyAgent()), "/a2a");
        context.addFilter(new FilterHolder(guard), "/a2a", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetty != null) jetty.stop();
    }

    /** An A2A agent reduced to what the test needs: SendMessage creates a task owned by the caller; GetTask and CancelTask read it. */
    static final class TinyAgent extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
            JsonObject rpc;
            try {
                rpc = BoundedJson.parse(req.getInputStream().readAllBytes(), BoundedJson.Limits.DEFAULT).asJsonObject();
            } catch (dev.mandate.vc.json.JsonInputException e) {
                res.sendError(400, "not JSON");
                return;
            }
            String caller = MandateA2aFilter.decision(req).orElseThrow().agentDid();
            JsonObject params = rpc.getJsonObject("params");
            JsonObject result = switch (rpc.getString("method")) {
                case "SendMessage" -> {
                    String id = UUID.randomUUID().toString();
                    TASK_OWNERS.put(id, caller);
                    yield Jsonp.PROVIDER.createObjectBuilder().add("task", Jsonp.PROVIDER.createObjectBuilder().add("id", id)
                            .add("status", Jsonp.PROVIDER.createObjectBuilder().add("state", "TASK_STATE_COMPLETED"))
                            .add("metadata", Jsonp.PROVIDER.createObjectBuilder().add("caller", caller))).build();
                }
                case "GetTask", "CancelTask" -> Jsonp.PROVIDER.createObjectBuilder().add("id", params.getString("id"))
                        .add("status", Jsonp.PROVIDER.createObjectBuilder().add("state", rpc.getString("method").equals("GetTask")
                                ? "TASK_STATE_COMPLETED" : "TASK_STATE_CANCELED")).build();
                default -> Jsonp.PROVIDER.createObjectBuilder().add("unexpected", rpc.getString("method")).build();
            };
            byte[] out = Jsonp.PROVIDER.createObjectBuilder().add("jsonrpc", "2.0").add("id", rpc.get("id")).add("result", result).build()
                    .toString().getBytes(StandardCharsets.UTF_8);
            res.setContentType("application/json");
            res.getOutputStream().write(out);
        }
    }

    static CapabilityIssuer.Grant grant(Party subject, int depth, Capability... caps) {
        return new CapabilityIssuer.Grant(subject.did(), List.of(caps), depth, Workload.NONE, Duration.ofHours(1));
    }

    static void publishStatus(boolean revoked) throws Exception {
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        if (revoked) bits.set(7, 1);
        STATUS_LIST.set(LISTS.sign(LIST_URL, StatusPurpose.REVOCATION, bits, ORG_KEY)
                .toString().getBytes(StandardCharsets.UTF_8));
    }

    static MandateA2aSigner signer(Party who, List<JsonObject> chain) throws Exception {
        return new MandateA2aSigner(new RequestSigner(who.did(), who.vm(), who.key().signer(), chain, CLOCK, Duration.ofSeconds(30)));
    }

    static JsonObject text(String s) {
        return Jsonp.PROVIDER.createObjectBuilder().add("messageId", UUID.randomUUID().toString()).add("role", "ROLE_USER")
                .add("parts", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder().add("text", s))).build();
    }

    static JsonObject payment(Object amount) {
        var data = Jsonp.PROVIDER.createObjectBuilder().add("currency", "EUR");
        if (amount instanceof Number n) data.add("amount", new BigDecimal(n.toString()));
        else data.add("amount", amount.toString());
        return Jsonp.PROVIDER.createObjectBuilder().add("messageId", UUID.randomUUID().toString()).add("role", "ROLE_USER")
                .add("parts", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder().add("data", data))).build();
    }

    static byte[] rpc(String method, JsonObject params) {
        return Jsonp.PROVIDER.createObjectBuilder().add("jsonrpc", "2.0").add("id", 7).add("method", method).add("params", params).build()
                .toString().getBytes(StandardCharsets.UTF_8);
    }

    static JsonObject send(HttpRequest r) throws Exception {
        HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        JsonObject o = BoundedJson.parse(res.body().getBytes(StandardCharsets.UTF_8), BoundedJson.Limits.DEFAULT).asJsonObject();
        return Jsonp.PROVIDER.createObjectBuilder(o).add("httpStatus", res.statusCode()).build();
    }

    static String reason(JsonObject response) {
        assertTrue(response.containsKey("error"), "expected a denial, got " + response);
        return response.getJsonObject("error").getJsonObject("data").getJsonArray("reasons").getJsonObject(0).getString("code");
    }

    @Test
    void anAllowedMessageCreatesATaskAndASkillOutsideTheCapabilityIsAJsonRpcErrorWithTheReason() throws Exception {
        MandateA2aSigner a2a = signer(AGENT, agentChain);
        HttpResponse<String> ok = HTTP.send(a2a.request(endpoint, MandateA2aSigner.sendMessage("1", "forecast", text("Paris?"))),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"caller\":\"" + AGENT.did() + "\""), ok.body());
        assertEquals(A2aOperations.EXTENSION, ok.headers().firstValue(A2aOperations.EXTENSIONS_HEADER).orElse(""));
        DecisionEvent allowed = EVENTS.get(EVENTS.size() - 1);
        assertTrue(allowed.decision().allow());
        assertEquals("message", allowed.action());
        assertEquals(base + "/skills/forecast", allowed.resource());

        int before = EVENTS.size();
        JsonObject denied = send(a2a.request(endpoint, MandateA2aSigner.sendMessage("2", "book", text("a table for two"))));
        assertEquals(200, denied.getInt("httpStatus"));
        assertEquals(MandateA2aFilter.ERROR_CODE, denied.getJsonObject("error").getInt("code"));
        assertEquals("INTENT_MISMATCH", reason(denied));
        assertEquals("2", denied.getString("id"));
        DecisionEvent audited = EVENTS.get(before);
        assertFalse(audited.decision().allow());
        assertEquals(base + "/skills/book", audited.resource());
        assertEquals(AGENT.did(), audited.decision().agentDid());
    }

    @Test
    void aSkillNotOnTheCardOrNoSkillAtAllIsRefused() throws Exception {
        MandateA2aSigner a2a = signer(AGENT, agentChain);
        JsonObject unknown = send(a2a.request(endpoint, MandateA2aSigner.sendMessage("3", "forecast2", text("x"))));
        assertEquals("MALFORMED_REQUEST", reason(unknown));
        assertTrue(unknown.getJsonObject("error").getString("message").contains("not a skill of this agent"), unknown.toString());
        // the caller's signer will not sign a message that names no skill
        byte[] bare = rpc("SendMessage", Jsonp.PROVIDER.createObjectBuilder().add("message", text("x")).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a2a.request(endpoint, bare));
        assertTrue(e.getMessage().contains("names no skill"), e.getMessage());
    }

    @Test
    void alteredBodyReplayAndAnonymousCallsAreRefused() throws Exception {
        MandateA2aSigner a2a = signer(AGENT, agentChain);
        byte[] body = MandateA2aSigner.sendMessage("4", "forecast", text("Rome?"));
        Map<String, String> headers = a2a.headers(endpoint, body);
        assertEquals(200, HTTP.send(with(headers, body), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals("REPLAY", reason(send(with(headers, body))));
        // the same proof on a body that asks another skill: the digest no longer matches
        byte[] fresh = MandateA2aSigner.sendMessage("5", "forecast", text("Oslo?"));
        Map<String, String> h2 = a2a.headers(endpoint, fresh);
        byte[] swapped = new String(fresh, StandardCharsets.UTF_8).replace("\"forecast\"", "\"pay\"").getBytes(StandardCharsets.UTF_8);
        JsonObject altered = send(with(h2, swapped));
        assertEquals("REQUEST_MISMATCH", reason(altered));
        JsonObject anonymous = send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(fresh)).build());
        assertEquals(401, anonymous.getInt("httpStatus"));
        assertEquals(MandateA2aFilter.UNAUTHENTICATED_CODE, anonymous.getJsonObject("error").getInt("code"));
        assertEquals(Reason.Code.PROOF_MISSING.name(), reason(anonymous));
    }

    @Test
    void amountsAreReadFromTheMessageAndLimitedByMaxAmount() throws Exception {
        MandateA2aSigner paying = signer(AGENT, agentChain).amountPointer("pay", "/message/parts/0/data/amount", "/message/parts/0/data/currency");
        assertFalse(send(paying.request(endpoint, MandateA2aSigner.sendMessage("6", "pay", payment("120.50")))).containsKey("error"));
        assertEquals("AMOUNT_NOT_ALLOWED", reason(send(paying.request(endpoint, MandateA2aSigner.sendMessage("7", "pay", payment(900))))));
        // a caller that declares no amount is refused where the capability limits amounts
        MandateA2aSigner silent = signer(AGENT, agentChain);
        assertEquals("AMOUNT_MISSING", reason(send(silent.request(endpoint, MandateA2aSigner.sendMessage("8", "pay", payment("120"))))));
    }

    @Test
    void aDelegatedSubAgentMayUseTheDelegatedSkillOnlyAndReadsOnlyItsOwnTasks() throws Exception {
        MandateA2aSigner sub = signer(SUB, subChain);
        JsonObject ok = send(sub.request(endpoint, MandateA2aSigner.sendMessage("9", "forecast", text("Lima?"))));
        assertEquals(SUB.did(), ok.getJsonObject("result").getJsonObject("task").getJsonObject("metadata").getString("caller"));
        String subTask = ok.getJsonObject("result").getJsonObject("task").getString("id");
        assertEquals("INTENT_MISMATCH", reason(send(sub.request(endpoint, MandateA2aSigner.sendMessage("10", "pay", payment(1))))));

        // a task the parent created: the sub-agent's read capability covers tasks/*, but the task is not its own
        MandateA2aSigner parent = signer(AGENT, agentChain);
        String parentTask = send(parent.request(endpoint, MandateA2aSigner.sendMessage("11", "forecast", text("Kyiv?"))))
                .getJsonObject("result").getJsonObject("task").getString("id");
        JsonObject stolen = send(sub.request(endpoint, rpc("GetTask", Jsonp.PROVIDER.createObjectBuilder().add("id", parentTask).build())));
        assertEquals("INTENT_MISMATCH", reason(stolen));
        assertTrue(stolen.getJsonObject("error").getString("message").contains("not a task of the calling agent"), stolen.toString());
        JsonObject unknownTask = send(sub.request(endpoint, rpc("GetTask", Jsonp.PROVIDER.createObjectBuilder().add("id", "no-such-task").build())));
        assertEquals(stolen.getJsonObject("error").getString("message").replace(parentTask, "T"),
                unknownTask.getJsonObject("error").getString("message").replace("no-such-task", "T"), "unknown and foreign tasks look alike");
        // its own task it may read, but not cancel (cancel was not delegated)
        JsonObject own = send(sub.request(endpoint, rpc("GetTask", Jsonp.PROVIDER.createObjectBuilder().add("id", subTask).build())));
        assertEquals(subTask, own.getJsonObject("result").getString("id"));
        assertEquals("INTENT_MISMATCH", reason(send(sub.request(endpoint, rpc("CancelTask", Jsonp.PROVIDER.createObjectBuilder().add("id", subTask).build())))));
        // the parent cancels its own task, not the sub-agent's
        assertFalse(send(parent.request(endpoint, rpc("CancelTask", Jsonp.PROVIDER.createObjectBuilder().add("id", parentTask).build()))).containsKey("error"));
        assertEquals("INTENT_MISMATCH", reason(send(parent.request(endpoint, rpc("CancelTask", Jsonp.PROVIDER.createObjectBuilder().add("id", subTask).build())))));
        // a task message forged with another agent's name in iss but signed by SUB's key: the proof does not verify
        MandateA2aSigner impostor = new MandateA2aSigner(new RequestSigner(AGENT.did(), SUB.vm(), SUB.key().signer(), subChain, CLOCK, Duration.ofSeconds(30)));
        JsonObject forged = send(impostor.request(endpoint, rpc("GetTask", Jsonp.PROVIDER.createObjectBuilder().add("id", parentTask).build())));
        assertTrue(forged.containsKey("error") && !forged.toString().contains("TASK_STATE"), forged.toString());
    }

    @Test
    void aRevokedChainIsRefused() throws Exception {
        MandateA2aSigner revoked = signer(REVOKED, revokedChain);
        assertFalse(send(revoked.request(endpoint, MandateA2aSigner.sendMessage("12", "forecast", text("Quito?")))).containsKey("error"));
        publishStatus(true);
        status.invalidateAll();
        try {
            JsonObject r = send(revoked.request(endpoint, MandateA2aSigner.sendMessage("13", "forecast", text("Quito?"))));
            assertEquals("LINK_NOT_VERIFIED", reason(r));
            assertTrue(r.toString().toLowerCase().contains("revoked"), r.toString());
        } finally {
            publishStatus(false);
            status.invalidateAll();
        }
    }

    @Test
    void anMcpCapabilityNeverGrantsAnA2aSkill() throws Exception {
        CapabilityIssuer caps = new CapabilityIssuer(CLOCK);
        Capability mcp = Capability.of("message", "mcp+" + endpoint + "/skills/forecast", Constraints.builder().build());
        List<JsonObject> chain = List.of(caps.grant(grant(AGENT, 0, mcp), ORG.signing()));
        JsonObject r = send(signer(AGENT, chain).request(endpoint, MandateA2aSigner.sendMessage("14", "forecast", text("x"))));
        assertTrue(r.containsKey("error"), r.toString());
    }

    static HttpRequest with(Map<String, String> headers, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return b.build();
    }
}
