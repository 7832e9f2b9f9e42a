package dev.mandate.cli.demo;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.a2a.AgentCardSigner;
import dev.mandate.a2a.AgentCardVerification;
import dev.mandate.a2a.AgentCardVerifier;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.service.DecisionAuditor;
import dev.mandate.guard.service.GuardService;
import dev.mandate.mcp.MandateMcp;
import dev.mandate.mcp.MandateMcpFilter;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
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

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * Where agents talk: a partner runs an MCP server (the official MCP Java SDK on Jetty) behind
 * {@link MandateMcpFilter}; the procurement agent calls two of its tools through the SDK's client signed by
 * {@code MandateMcpSigner} (one allowed by its capability, one refused with the reason), delegates one tool
 * to a sub-agent who calls it too, and publishes an A2A Agent Card signed with its DID key, which the partner
 * verifies. Every decision went to the partner's audit log, where its behaviour guard reads it.
 */
final class McpA2aStep implements DemoStep {
    private static final String SEARCH = "search_catalog";
    private static final String DELETE = "delete_catalog";

    @Override
    public String title() {
        return "MCP and A2A: the agent calls a partner's MCP tools under its capability, delegates one, and its signed Agent Card verifies";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        KeyMaterial org = ctx.get(DemoValues.ORG_KEY);
        KeyMaterial agent = ctx.get(DemoValues.AGENT_KEY);
        KeyMaterial sub = KeyMaterial.generate(KeyType.ED25519);
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        String subDid = DidKey.didFor(sub.publicKey());

        // the partner: an audit log its guard reads, and an MCP server with three tools behind the Mandate filter
        Store store = ctx.onClose(Stores.open("jdbc:sqlite:" + ctx.workDir().resolve("partner.db"), StoreOptions.defaults()));
        AuditWriter writer = ctx.onClose(new AuditWriter(new AuditLog(store)));
        GuardService guard = ctx.onClose(GuardService.builder(store, new Guard(GuardConfig.defaults()))
                .pollInterval(Duration.ofMillis(100)).build().start());
        writer.onCommitted(e -> guard.poke());
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        String endpoint = base + "/mcp";
        String tools = "mcp+" + endpoint + "/tools/";
        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Authorizer authorizer = Authorizer.builder(Verifier.builder(resolver).build(), TrustPolicy.trusting(orgDid, 2, "mcp+" + endpoint + "/"))
                .onDecision(new DecisionAuditor(writer, "partner-mcp")).build();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp")
                .contextExtractor(MandateMcpFilter.contextExtractor()).build();
        McpSyncServer mcp = McpServer.sync(transport).serverInfo("partner-catalog", "1.0")
                .capabilities(ServerCapabilities.builder().tools(true).build())
                .tools(tool(SEARCH), tool("place_order"), tool(DELETE)).build();
        ctx.onClose((AutoCloseable) mcp::closeGracefully);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        FilterHolder filter = new FilterHolder(MandateMcp.filter(authorizer, endpoint).build());
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/mcp", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        ctx.onClose((AutoCloseable) jetty::stop);
        ctx.say("partner MCP server (official MCP Java SDK, Streamable HTTP) at %s with tools %s, place_order, %s; MandateMcpFilter in front",
                endpoint, SEARCH, DELETE);

        // the organisation grants the agent two tools, delegable; the agent delegates one to a sub-agent
        CapabilityIssuer issuer = new CapabilityIssuer();
        JsonObject root = issuer.grant(new CapabilityIssuer.Grant(agentDid, List.of(
                        Capability.of("invoke", tools + SEARCH, Constraints.builder().build()),
                        Capability.of("invoke", tools + "place_order", Constraints.builder().build())), 1,
                        Workload.NONE, Duration.ofMinutes(15)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        ctx.say("the organisation grants the agent: invoke on %s%s and %splace_order, delegable 1 level", tools, SEARCH, tools);
        RequestSigner agentSigner = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(root),
                Clock.systemUTC(), Duration.ofSeconds(30));
        try (McpSyncClient c = client(base, agentSigner)) {
            ctx.say("agent calls %s -> ALLOW: %s", SEARCH, text(c.callTool(CallToolRequest.builder(SEARCH).arguments(Map.of("q", "paper")).build())));
            try {
                c.callTool(CallToolRequest.builder(DELETE).arguments(Map.of()).build());
                throw new IllegalStateException("the partner should refuse " + DELETE);
            } catch (McpError e) {
                ctx.say("agent calls %s -> DENY (JSON-RPC error %d) %s", DELETE, e.getJsonRpcError().code(), e.getMessage());
            }
        }
        JsonObject link = issuer.delegate(root, new CapabilityIssuer.Grant(subDid, List.of(Capability.of("invoke", tools + SEARCH,
                        Constraints.builder().build())), 0, Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(agent, agent.keyType() == KeyType.ED25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019"));
        RequestSigner subSigner = new RequestSigner(subDid, DidKey.verificationMethodId(sub.publicKey()), sub.signer(), List.of(root, link),
                Clock.systemUTC(), Duration.ofSeconds(30));
        try (McpSyncClient c = client(base, subSigner)) {
            ctx.say("the agent delegates %s to sub-agent %s...; the sub-agent calls it -> ALLOW: %s", SEARCH, subDid.substring(0, 24),
                    text(c.callTool(CallToolRequest.builder(SEARCH).arguments(Map.of("q", "toner")).build())));
        }

        // the agent's A2A Agent Card, signed with its DID key, verified by the partner
        JsonObject card = Jsonp.PROVIDER.createObjectBuilder().add("name", "Procurement agent").add("description", "Buys office supplies.")
                .add("version", "1.0.0")
                .add("supportedInterfaces", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder()
                        .add("url", "https://agents.example.com/procurement/a2a").add("protocolBinding", "JSONRPC").add("protocolVersion", "1.0")))
                .add("skills", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder().add("id", "quote")
                        .add("name", "Quote").add("description", "Quotes a price for a list of items.")))
                .build();
        JsonObject signed = new AgentCardSigner(agent.signer(), DidKey.verificationMethodId(agent.publicKey())).sign(card);
        AgentCardVerification v = AgentCardVerifier.builder(resolver).build().verify(signed);
        if (!v.verified() || !v.signers().equals(List.of(agentDid))) {
            throw new IllegalStateException("the agent's signed card should verify: " + v.result().toJson());
        }
        ctx.say("the agent's A2A Agent Card, signed with its DID key (detached JWS over the JCS form), verifies: signer %s...", agentDid.substring(0, 24));

        // the partner's audit log holds every MCP decision, and its guard has read them
        writer.flush(Duration.ofSeconds(10));
        AuditLog log = new AuditLog(store);
        long size = log.size();
        int allowed = 0, denied = 0;
        for (AuditEntry e : log.entries(1, (int) Math.min(size, 1000))) {
            Observation o = GuardService.observation(e).orElse(null);
            if (o == null || !o.resource().startsWith("mcp+")) continue;
            if (o.allowed()) allowed++;
            else denied++;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (guard.position() < size && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (allowed < 2 || denied < 1 || guard.position() < size) {
            throw new IllegalStateException("the audit log should hold the MCP decisions and the guard should have read them: allowed "
                    + allowed + ", denied " + denied + ", guard at " + guard.position() + " of " + size);
        }
        ctx.say("partner audit log: %d MCP decisions (session setup and tool calls: %d allowed, %d denied), all read by its behaviour guard (at entry %d of %d)",
                allowed + denied, allowed, denied, guard.position(), size);
    }

    private static McpSyncClient client(String base, RequestSigner signer) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp")
                .addHttpRequestCustomizer(MandateMcp.signer(signer)).build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(10)).build();
        c.initialize();
        return c;
    }

    private static SyncToolSpecification tool(String name) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(name, Map.of("type", "object")).description(name).build())
                .callHandler((exchange, call) -> {
                    String caller = MandateMcpFilter.decision(exchange.transportContext()).map(d -> d.agentDid()).orElse("nobody");
                    return CallToolResult.builder().addTextContent(name + " ran for " + caller.substring(0, Math.min(24, caller.length())) + "...").build();
                })
                .build();
    }

    private static String text(CallToolResult r) {
        return ((TextContent) r.content().get(0)).text();
    }
}
