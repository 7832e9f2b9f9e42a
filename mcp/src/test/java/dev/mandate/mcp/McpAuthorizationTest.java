package dev.mandate.mcp;

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
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import jakarta.json.JsonObject;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
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
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real MCP SDK server (servlet transport on Jetty, loopback) behind MandateMcpFilter, called by a real SDK client. */
class McpAuthorizationTest {
    static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String SUITE = "eddsa-jcs-2022";
    static final String LIST_URL = "https://status.example/lists/1"; // served from memory below, never fetched over the network

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
    static final AtomicReference<byte[]> STATUS_LIST = new AtomicReference<>();
    static final StatusListIssuer LISTS = new StatusListIssuer(new Issuer(CLOCK));
    static final IssuerKey ORG_KEY = ORG.signing();
    static Server jetty;
    static dev.mandate.state.redis.RedisSharedState downState;
    static McpSyncServer mcp;
    static StatusChecker status;
    static String base;
    static String endpoint;
    static String tools;
    static List<JsonObject> agentChain, subChain, revokedChain;

    @BeforeAll
    static void start() throws Exception {
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        base = "http://127.0.0.1:" + connector.getLocalPort();
        endpoint = base + "/mcp";
        tools = "mcp+" + endpoint + "/tools/";

        // credentials: the agent may search and pay (at most 500 EUR per call) and delegate search to SUB
        CapabilityIssuer caps = new CapabilityIssuer(CLOCK);
        Capability search = Capability.of("invoke", tools + "search", Constraints.builder().build());
        Capability pay = Capability.of("invoke", tools + "pay_invoice", Constraints.builder().maxAmount(new BigDecimal("500"), "EUR").build());
        JsonObject root = caps.grant(grant(AGENT, 1, search, pay), ORG.signing());
        agentChain = List.of(root);
        subChain = List.of(root, caps.delegate(root, grant(SUB, 0, search), AGENT.signing()));
        JsonObject withStatus = StatusListIssuer.withStatus(caps.unsignedGrant(grant(REVOKED, 0, search)),
                List.of(StatusListEntry.of(StatusPurpose.REVOCATION, LIST_URL, 7)));
        revokedChain = List.of(new Issuer(CLOCK).issue(withStatus, new IssuerKey(ORG.did(), ORG.vm(), SUITE, ORG.key().signer()), Duration.ofHours(1)));
        publishStatus(false);

        status = StatusChecker.builder().fetcher(url -> {
            if (!url.equals(LIST_URL)) throw new dev.mandate.vc.verifier.status.StatusFetchException("no list at " + url);
            return FetchedList.of(STATUS_LIST.get());
        }).build();
        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Verifier verifier = Verifier.builder(resolver).clock(CLOCK).statusChecker(status).build();
        Authorizer authorizer = Authorizer.builder(verifier, TrustPolicy.trusting(ORG.did(), 2, "mcp+" + endpoint + "/"))
                .clock(CLOCK).onDecision(EVENTS::add).build();

        // the MCP server (official SDK), its servlet transport, and the Mandate filter in front of it
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp")
                .contextExtractor(MandateMcpFilter.contextExtractor())
                .build();
        mcp = McpServer.sync(transport).serverInfo("shop", "1.0").capabilities(ServerCapabilities.builder().tools(true).build())
                .tools(tool("search"), tool("pay_invoice"), tool("delete_all")).build();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        MandateMcpFilter guard = MandateMcp.filter(authorizer, endpoint).amountPointer("pay_invoice", "/amount", "/currency").build();
        FilterHolder filter = new FilterHolder(guard);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/mcp", EnumSet.of(DispatcherType.REQUEST));
        // the same server behind a filter whose shared replay cache (Redis at a port where nothing listens) cannot answer
        downState = dev.mandate.state.redis.RedisSharedState.open(dev.mandate.state.redis.RedisSettings.of("redis://127.0.0.1:1/0")
                .withTimeout(Duration.ofMillis(300)));
        Authorizer down = Authorizer.builder(verifier, TrustPolicy.trusting(ORG.did(), 2, "mcp+" + base + "/mcp-down/"))
                .clock(CLOCK).replayCache(downState.replayCache()).onDecision(EVENTS::add).build();
        context.addFilter(new FilterHolder(MandateMcp.filter(down, base + "/mcp-down").build()), "/mcp-down", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mcp != null) mcp.closeGracefully();
        if (jetty != null) jetty.stop();
        if (downState != null) downState.close();
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

    static SyncToolSpecification tool(String name) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(name, Map.of("type", "object")).description(name).build())
                .callHandler((exchange, call) -> {
                    String agent = MandateMcpFilter.decision(exchange.transportContext()).map(d -> d.agentDid()).orElse("nobody");
                    return CallToolResult.builder().addTextContent(name + " done for " + agent + " " + call.arguments()).build();
                })
                .build();
    }

    static RequestSigner signer(Party who, List<JsonObject> chain) throws Exception {
        return new RequestSigner(who.did(), who.vm(), who.key().signer(), chain, CLOCK, Duration.ofSeconds(30));
    }

    static McpSyncClient client(McpSyncHttpClientRequestCustomizer customizer) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp")
                .addHttpRequestCustomizer(customizer)
                .build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();
        c.initialize();
        return c;
    }

    static CallToolRequest call(String tool, Map<String, Object> args) {
        return CallToolRequest.builder(tool).arguments(args).build();
    }

    static String text(CallToolResult r) {
        return ((TextContent) r.content().get(0)).text();
    }

    static McpError refused(McpSyncClient c, String tool, Map<String, Object> args) {
        return assertThrows(McpError.class, () -> c.callTool(call(tool, args)));
    }

    @Test
    void allowedToolRunsAndToolOutsideTheCapabilityIsAJsonRpcErrorWithTheReason() throws Exception {
        try (McpSyncClient c = client(MandateMcp.signer(signer(AGENT, agentChain)))) {
            assertEquals(List.of("search", "pay_invoice", "delete_all"), c.listTools().tools().stream().map(Tool::name).toList());
            CallToolResult r = c.callTool(call("search", Map.of("q", "invoices")));
            assertTrue(text(r).startsWith("search done for " + AGENT.did()), text(r));
            int before = EVENTS.size();
            McpError e = refused(c, "delete_all", Map.of());
            assertEquals(MandateMcpFilter.ERROR_CODE, e.getJsonRpcError().code());
            assertTrue(e.getMessage().contains("INTENT_MISMATCH"), e.getMessage());
            assertTrue(e.getMessage().contains(tools + "delete_all"), e.getMessage());
            DecisionEvent denied = EVENTS.get(before);
            assertFalse(denied.decision().allow());
            assertEquals("invoke", denied.action());
            assertEquals(tools + "delete_all", denied.resource());
            assertEquals(AGENT.did(), denied.decision().agentDid());
        }
    }

    @Test
    void amountsAreSignedFromTheToolArgumentsAndLimitedByMaxAmount() throws Exception {
        MandateMcpSigner paying = MandateMcp.signer(signer(AGENT, agentChain)).amountPointer("pay_invoice", "/amount", "/currency");
        try (McpSyncClient c = client(paying)) {
            assertTrue(text(c.callTool(call("pay_invoice", Map.of("amount", "120.50", "currency", "EUR")))).startsWith("pay_invoice done"));
            assertTrue(refused(c, "pay_invoice", Map.of("amount", 900, "currency", "EUR")).getMessage().contains("AMOUNT_NOT_ALLOWED"));
        }
        try (McpSyncClient c = client(MandateMcp.signer(signer(AGENT, agentChain)))) { // declares no amount
            assertTrue(refused(c, "pay_invoice", Map.of("amount", "120", "currency", "EUR")).getMessage().contains("AMOUNT_MISSING"));
        }
        // the agent signs 100 EUR (read at /declared) but the arguments the server books from say 900
        MandateMcpSigner lying = MandateMcp.signer(signer(AGENT, agentChain)).amountPointer("pay_invoice", "/declared", "/currency");
        try (McpSyncClient c = client(lying)) {
            McpError e = refused(c, "pay_invoice", Map.of("amount", 900, "declared", "100", "currency", "EUR"));
            assertTrue(e.getMessage().contains("AMOUNT_MISMATCH"), e.getMessage());
        }
    }

    @Test
    void alteredArgumentsAndReplaysAreRefused() throws Exception {
        List<HttpRequest> sent = Collections.synchronizedList(new ArrayList<>());
        List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        MandateMcpSigner signer = MandateMcp.signer(signer(AGENT, agentChain));
        McpSyncHttpClientRequestCustomizer recording = (builder, method, uri, body, ctx) -> {
            signer.customize(builder, method, uri, body, ctx);
            if (body != null && body.contains("tools/call")) {
                sent.add(builder.copy().build());
                bodies.add(body);
            }
        };
        try (McpSyncClient c = client(recording)) {
            c.callTool(call("search", Map.of("q", "a")));
        }
        assertEquals(1, sent.size());
        HttpClient raw = HttpClient.newHttpClient();
        String original = bodies.get(0);
        HttpResponse<String> replay = raw.send(copy(sent.get(0), original), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("REPLAY"), replay.body());
        assertTrue(replay.body().contains("\"code\":" + MandateMcpFilter.ERROR_CODE), replay.body());
        String altered = original.replace("\"search\"", "\"delete_all\"");
        assertFalse(altered.equals(original));
        HttpResponse<String> changed = raw.send(copy(sent.get(0), altered), HttpResponse.BodyHandlers.ofString());
        assertTrue(changed.body().contains("REQUEST_MISMATCH") && changed.body().contains("altered body"), changed.body());
        // no proof at all: 401 with a JSON-RPC error
        HttpResponse<String> anonymous = raw.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(original)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals("Mandate", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        JsonObject error = BoundedJson.parse(anonymous.body().getBytes(StandardCharsets.UTF_8), BoundedJson.Limits.DEFAULT).asJsonObject();
        assertEquals(MandateMcpFilter.UNAUTHENTICATED_CODE, error.getJsonObject("error").getInt("code"));
        assertEquals(Reason.Code.PROOF_MISSING.name(), error.getJsonObject("error").getJsonObject("data").getJsonArray("reasons").getJsonObject(0).getString("code"));
    }

    @Test
    void aRefusedNotificationIs403AndAnOversizedBodyIs413() throws Exception {
        HttpClient raw = HttpClient.newHttpClient();
        String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
        // SUB signs with AGENT's chain: authenticated, but not the chain's holder
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        MandateMcp.signer(signer(SUB, agentChain)).customize(b, "POST", URI.create(endpoint), notification, null);
        HttpResponse<String> r = raw.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains("HOLDER_MISMATCH") && r.body().contains("\"id\":null"), r.body());
        // a proper notification from the holder passes the filter (the SDK then answers for its session handling)
        HttpRequest.Builder ok = HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        MandateMcp.signer(signer(AGENT, agentChain)).customize(ok, "POST", URI.create(endpoint), notification, null);
        HttpResponse<String> passed = raw.send(ok.build(), HttpResponse.BodyHandlers.ofString());
        assertFalse(passed.statusCode() == 401 || passed.statusCode() == 403 || passed.body().contains("-32003"), passed.body());
        String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}}";
        HttpResponse<String> tooBig = raw.send(HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, tooBig.statusCode());
    }

    static HttpRequest copy(HttpRequest signed, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(signed.uri()).POST(HttpRequest.BodyPublishers.ofString(body));
        HttpHeaders h = signed.headers();
        for (String name : List.of("Authorization", "Mandate-Chain", "Content-Digest", "Content-Type", "Accept", "Mcp-Session-Id", "MCP-Protocol-Version")) {
            h.firstValue(name).ifPresent(v -> b.header(name, v));
        }
        return b.build();
    }

    @Test
    void aRevokedChainIsRefused() throws Exception {
        try (McpSyncClient c = client(MandateMcp.signer(signer(REVOKED, revokedChain)))) {
            assertTrue(text(c.callTool(call("search", Map.of()))).startsWith("search done"));
            publishStatus(true);
            status.invalidateAll();
            try {
                McpError e = refused(c, "search", Map.of());
                assertTrue(e.getMessage().contains("LINK_NOT_VERIFIED"), e.getMessage());
                assertTrue(e.getMessage().toLowerCase().contains("revoked"), e.getMessage());
            } finally {
                publishStatus(false);
                status.invalidateAll();
            }
        }
    }

    @Test
    void aDelegatedSubAgentMayCallTheDelegatedToolOnly() throws Exception {
        try (McpSyncClient c = client(MandateMcp.signer(signer(SUB, subChain)))) {
            assertTrue(text(c.callTool(call("search", Map.of("q", "x")))).startsWith("search done for " + SUB.did()));
            McpError e = refused(c, "pay_invoice", Map.of("amount", 1, "currency", "EUR"));
            assertTrue(e.getMessage().contains("INTENT_MISMATCH"), e.getMessage());
        }
        // and the sub-agent cannot use the parent's chain without the parent's key
        try (McpSyncClient c = clientOrError(MandateMcp.signer(signer(SUB, agentChain)))) {
            assertTrue(c == null);
        }
    }

    /** A client whose initialize is refused (returns null then). */
    static McpSyncClient clientOrError(McpSyncHttpClientRequestCustomizer customizer) {
        try {
            return client(customizer);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static HttpResponse<String> raw(Party who, List<JsonObject> chain, String method, String session, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        if (session != null) b.header(MandateMcpFilter.SESSION_HEADER, session);
        if (method.equals("POST")) b.POST(HttpRequest.BodyPublishers.ofString(body));
        else b.method(method, HttpRequest.BodyPublishers.noBody());
        MandateMcp.signer(signer(who, chain)).customize(b, method, URI.create(endpoint), method.equals("POST") ? body : null, null);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSessionIsBoundToTheAgentThatOpenedIt() throws Exception {
        String init = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";
        HttpResponse<String> opened = raw(AGENT, agentChain, "POST", null, init);
        assertEquals(200, opened.statusCode(), opened.body());
        String session = opened.headers().firstValue(MandateMcpFilter.SESSION_HEADER).orElseThrow();
        String list = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";
        // the owner may use it
        HttpResponse<String> own = raw(AGENT, agentChain, "POST", session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        assertFalse(own.body().contains("INTENT_MISMATCH"), own.body());
        HttpResponse<String> ownList = raw(AGENT, agentChain, "POST", session, list);
        assertTrue(ownList.body().contains("search"), ownList.body());
        // another agent with a valid chain of its own may not: not to post into it, read its stream, or end it
        HttpResponse<String> foreign = raw(SUB, subChain, "POST", session, list);
        assertTrue(foreign.body().contains("INTENT_MISMATCH") && foreign.body().contains("not a session of the calling agent"), foreign.body());
        assertFalse(foreign.body().contains("pay_invoice"), foreign.body());
        HttpResponse<String> stream = raw(SUB, subChain, "GET", session, null);
        assertEquals(403, stream.statusCode(), stream.body());
        HttpResponse<String> end = raw(SUB, subChain, "DELETE", session, null);
        assertEquals(403, end.statusCode(), end.body());
        // an id nobody opened is refused the same way
        HttpResponse<String> guessed = raw(AGENT, agentChain, "POST", "00000000-0000-0000-0000-000000000000", list);
        assertTrue(guessed.body().contains("not a session of the calling agent"), guessed.body());
        // the owner ends it; afterwards it is unknown
        assertFalse(raw(AGENT, agentChain, "DELETE", session, null).statusCode() == 403);
        assertTrue(raw(AGENT, agentChain, "POST", session, list).body().contains("not a session of the calling agent"));
    }

    @Test
    void whenTheSharedStateDoesNotAnswerTheCallIsRefusedWith503NotDecided() throws Exception {
        String down = base + "/mcp-down";
        String call = "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"tools/call\",\"params\":{\"name\":\"search\",\"arguments\":{}}}";
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(down)).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(call));
        MandateMcp.signer(signer(AGENT, agentChain)).customize(b, "POST", URI.create(down), call, null);
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("1", r.headers().firstValue("Retry-After").orElse(""));
        assertTrue(r.body().contains("STATE_UNAVAILABLE"), r.body());
    }
}
