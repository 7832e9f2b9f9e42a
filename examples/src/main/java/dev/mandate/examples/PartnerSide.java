package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.servlet.MandateServletFilter;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
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
import java.util.EnumSet;

/** The partner's API authorizes each agent request in a servlet filter (docs/capabilities.md, "Using it"). */
public final class PartnerSide {
    private PartnerSide() {
    }

    /** A running partner API. @param server the Jetty server @param origin its origin on loopback */
    public record Partner(Server server, String origin) implements AutoCloseable {
        /** Stops the server. */
        @Override
        public void close() throws Exception {
            server.stop();
        }
    }

    /** The application: it sees only authorized requests, with their decision. */
    static final class OrdersServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            // tag::servlet[]
            Decision decision = MandateServletFilter.decision(req).orElseThrow();
            resp.getWriter().write("orders for " + decision.agentDid() + " under " + decision.matchedCapability().orElseThrow().action());
            // end::servlet[]
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Decision decision = MandateServletFilter.decision(req).orElseThrow();
            resp.getWriter().write("order of " + new String(req.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    + " accepted from " + decision.agentDid());
        }
    }

    /**
     * Starts the partner API on a free loopback port, trusting grants from {@code orgDid}.
     *
     * @param orgDid the organisation whose grants are trusted
     * @return the running partner
     * @throws Exception if Jetty does not start
     */
    public static Partner start(String orgDid) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        connector.open();
        String origin = "http://127.0.0.1:" + connector.getLocalPort(); // behind a proxy: the public https origin
        server.setHandler(api(orgDid, origin));
        server.start();
        return new Partner(server, origin);
    }

    static ServletContextHandler api(String orgDid, String origin) throws MandateException {
        // tag::partner[]
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.standard())).build();
        Authorizer authorizer = Authorizer.builder(verifier, TrustPolicy.trusting(orgDid, 1, origin + "/")).build();
        ServletContextHandler api = new ServletContextHandler();
        api.addFilter(new FilterHolder(new MandateServletFilter(authorizer, origin, 1 << 20)), "/*",
                EnumSet.of(DispatcherType.REQUEST));
        api.addServlet(new ServletHolder(new OrdersServlet()), "/*");
        // end::partner[]
        return api;
    }
}
