package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.a2a.MandateA2aFilter;
import dev.mandate.a2a.MandateA2aSigner;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
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

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Mandate capabilities on A2A calls (docs/a2a.md, "Capabilities for A2A calls"): the callee's filter and the caller's signer. */
public final class A2aCalls {
    private A2aCalls() {
    }

    /** A running A2A agent on loopback. @param server the Jetty server @param endpoint its JSON-RPC URL */
    public record Callee(Server server, String endpoint) implements AutoCloseable {
        /** Stops the server. */
        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /** Who created each task: the callee's own record. */
    static final Map<String, String> TASK_OWNERS = new ConcurrentHashMap<>();

    /** A weather agent reduced to SendMessage: it creates a task owned by the calling agent. */
    static final class WeatherAgent extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String caller = MandateA2aFilter.decision(req).orElseThrow().agentDid();
            String task = UUID.randomUUID().toString();
            TASK_OWNERS.put(task, caller);
            resp.setContentType("application/json");
            resp.getWriter().write("{\"jsonrpc\":\"2.0\",\"id\":\"req-1\",\"result\":{\"task\":{\"id\":\"" + task + "\"}}}");
        }
    }

    /**
     * Starts an A2A agent whose card offers the skill {@code forecast}, trusting grants from {@code orgDid}.
     *
     * @param orgDid the organisation whose grants are trusted
     * @return the running callee
     * @throws Exception if Jetty does not start
     */
    public static Callee start(String orgDid) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open();
        String endpoint = "http://127.0.0.1:" + connector.getLocalPort() + "/a2a"; // its card's JSONRPC interface URL
        JsonObject agentCard = Jsonp.PROVIDER.createObjectBuilder().add("name", "Weather")
                .add("skills", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder().add("id", "forecast"))).build();
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new WeatherAgent()), "/a2a");
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.standard())).build();
        // tag::a2a-callee[]
        Authorizer authorizer = Authorizer.builder(verifier, TrustPolicy.trusting(orgDid, 2, "a2a+" + endpoint + "/")).build();
        MandateA2aFilter guard = MandateA2aFilter.builder(authorizer, endpoint)
                .skillsOf(agentCard)                                                // the card's skills[].id
                .taskOwners(taskId -> Optional.ofNullable(TASK_OWNERS.get(taskId))) // who created each task
                .build();
        context.addFilter(new FilterHolder(guard), "/a2a", EnumSet.of(DispatcherType.REQUEST));
        // in the servlet: String caller = MandateA2aFilter.decision(request).orElseThrow().agentDid();
        // end::a2a-callee[]
        server.setHandler(context);
        server.start();
        return new Callee(server, endpoint);
    }

    /**
     * The agent asks the callee's skill {@code skill}.
     *
     * @param agent    the agent's key
     * @param chain    its capability chain
     * @param endpoint the callee's JSON-RPC URL
     * @param skill    the skill asked
     * @return the status code and the response body
     * @throws MandateException if the request signer cannot be made from the chain
     * @throws Exception        if the call fails
     */
    public static String ask(IssuerKey agent, List<JsonObject> chain, String endpoint, String skill) throws Exception {
        JsonObject message = Jsonp.PROVIDER.createObjectBuilder().add("messageId", "m-1").add("role", "ROLE_USER")
                .add("parts", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder().add("text", "Paris?"))).build();
        HttpClient http = HttpClient.newHttpClient();
        // tag::a2a-caller[]
        MandateA2aSigner a2a = new MandateA2aSigner(new RequestSigner(agent, chain, Clock.systemUTC(), Duration.ofSeconds(60)));
        byte[] body = MandateA2aSigner.sendMessage("req-1", skill, message);   // or withSkill(anyRequest, skill)
        HttpResponse<String> r = http.send(a2a.request(endpoint, body), HttpResponse.BodyHandlers.ofString());
        // end::a2a-caller[]
        return r.statusCode() + " " + r.body();
    }
}
