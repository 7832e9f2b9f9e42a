package dev.mandate.examples;

import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.DecisionListener;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.mcp.MandateMcp;
import dev.mandate.mcp.MandateMcpFilter;
import dev.mandate.mcp.MandateMcpSigner;
import dev.mandate.vc.verifier.Verifier;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import jakarta.json.JsonObject;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An MCP server authorizing each tool call, and an MCP client signing its requests (docs/mcp.md). */
public final class McpExamples {
    private McpExamples() {
    }

    /**
     * A running MCP server on loopback.
     *
     * @param jetty the servlet container
     * @param mcp the MCP SDK server
     * @param origin the server's origin, which clients address
     */
    public record Shop(Server jetty, McpSyncServer mcp, String origin) implements AutoCloseable {
        /** Stops the MCP server and the container. */
        @Override
        public void close() throws Exception {
            mcp.closeGracefully();
            jetty.stop();
        }
    }

    /** A tool that answers with its name, the authorized agent and its arguments. */
    static SyncToolSpecification tool(String name) {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(name, Map.of("type", "object")).description(name).build())
                .callHandler((exchange, call) -> {
                    String agent = MandateMcpFilter.decision(exchange.transportContext()).map(d -> d.agentDid()).orElse("nobody");
                    return CallToolResult.builder().addTextContent(name + " done for " + agent + " " + call.arguments()).build();
                })
                .build();
    }

    /**
     * Starts the shop's MCP server (tools {@code search} and {@code pay_invoice}) behind the Mandate filter.
     *
     * @param verifier the verifier of capability chains
     * @param orgDid the organisation whose grants are trusted
     * @param auditLog receives every decision
     * @return the running server
     * @throws Exception if Jetty does not start
     */
    public static Shop start(Verifier verifier, String orgDid, DecisionListener auditLog) throws Exception {
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        connector.open();
        String origin = "http://127.0.0.1:" + connector.getLocalPort();
        String endpoint = origin + "/mcp";
        SyncToolSpecification search = tool("search");
        SyncToolSpecification payInvoice = tool("pay_invoice");
        // tag::server[]
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(MandateMcpFilter.contextExtractor())   // optional: tool handlers see the Decision
                .build();
        McpSyncServer mcp = McpServer.sync(transport).serverInfo("shop", "1.0")
                .capabilities(ServerCapabilities.builder().tools(true).build())
                .tools(search, payInvoice).build();

        Authorizer authorizer = Authorizer.builder(verifier,
                TrustPolicy.trusting(orgDid, 2, "mcp+" + endpoint + "/"))   // what the org may grant
                .onDecision(auditLog)                                     // every decision, allow and deny
                .build();
        MandateMcpFilter guard = MandateMcp.filter(authorizer, endpoint)  // the public endpoint URL: https://api.example/mcp
                .amountPointer("pay_invoice", "/amount", "/currency")
                .build();

        ServletContextHandler context = new ServletContextHandler();   // Jetty 12 ee10; any Servlet 6 container
        ServletHolder servlet = new ServletHolder(transport);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/mcp");
        FilterHolder filter = new FilterHolder(guard);
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/mcp", EnumSet.of(DispatcherType.REQUEST));
        // end::server[]
        jetty.setHandler(context);
        jetty.start();
        return new Shop(jetty, mcp, origin);
    }

    /**
     * The agent searches the shop's invoices.
     *
     * @param agentDid the agent's DID
     * @param agentVm its verification method
     * @param agentKey its key
     * @param chain its capability chain
     * @param origin the shop's origin
     * @return the tool's text
     * @throws Exception if the signer cannot be made or the call is refused
     */
    public static String search(String agentDid, String agentVm, KeyMaterial agentKey, List<JsonObject> chain, String origin) throws Exception {
        // tag::client[]
        RequestSigner requestSigner = new RequestSigner(agentDid, agentVm, agentKey.signer(), chain, Clock.systemUTC(), Duration.ofSeconds(30));
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(origin)   // "https://api.example"
                .endpoint("/mcp")
                .addHttpRequestCustomizer(MandateMcp.signer(requestSigner))
                .build();
        McpSyncClient client = McpClient.sync(transport).build();
        client.initialize();
        CallToolResult found = client.callTool(CallToolRequest.builder("search").arguments(Map.of("q", "invoices")).build());
        // end::client[]
        client.closeGracefully();
        return ((TextContent) found.content().get(0)).text();
    }

    /**
     * The agent pays an invoice, declaring the amount its arguments carry.
     *
     * @param requestSigner the agent's request signer
     * @param origin the shop's origin
     * @param arguments the arguments of {@code pay_invoice}
     * @return the tool's text
     * @throws io.modelcontextprotocol.spec.McpError if the shop refuses the call (the reason is in its message)
     */
    public static String pay(RequestSigner requestSigner, String origin, Map<String, Object> arguments) {
        // tag::paying[]
        MandateMcpSigner paying = MandateMcp.signer(requestSigner).amountPointer("pay_invoice", "/amount", "/currency");
        // end::paying[]
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(origin).endpoint("/mcp")
                .addHttpRequestCustomizer(paying).build();
        try (McpSyncClient client = McpClient.sync(transport).build()) {
            client.initialize();
            CallToolResult r = client.callTool(CallToolRequest.builder("pay_invoice").arguments(arguments).build());
            return ((TextContent) r.content().get(0)).text();
        }
    }
}
