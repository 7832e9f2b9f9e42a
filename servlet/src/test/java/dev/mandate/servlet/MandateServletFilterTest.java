package dev.mandate.servlet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.http.MandateHttpFilter;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The servlet filter in a real Jetty 12 (ee10) container on loopback, next to the JDK {@code HttpServer} filter:
 * every request, honest or an attack, gets the same status and reason from both. Both are configured with the
 * same public origin, as behind a proxy: the client signs for {@code https://api.supplier.example/...} and
 * connects to loopback.
 */
class MandateServletFilterTest {
    static final String PUBLIC = "https://api.supplier.example";
    static final int MAX_BODY = 4096;
    static final KeyMaterial ORG = KeyMaterial.generate(KeyType.ED25519);
    static final KeyMaterial AGENT = KeyMaterial.generate(KeyType.ED25519);
    static final IssuerKey AGENT_KEY = IssuerKey.didKey(AGENT, "eddsa-jcs-2022");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final AtomicInteger SERVLET_CALLS = new AtomicInteger();
    static final AtomicInteger JDK_CALLS = new AtomicInteger();

    static Server jetty;
    static HttpServer jdk;
    static String jettyBase;
    static String jdkBase;
    static RequestSigner signer;

    static Authorizer authorizer() throws Exception {
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();
        return Authorizer.builder(verifier, TrustPolicy.trusting(IssuerKey.didKey(ORG, "eddsa-jcs-2022").did(), 0, PUBLIC + "/")).build();
    }

    @BeforeAll
    static void start() throws Exception {
        JsonObject grant = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(AGENT_KEY.did(), List.of(
                        Capability.of("pay", PUBLIC + "/orders/", Constraints.builder().maxAmount(new BigDecimal("500"), "EUR").build()),
                        Capability.of("read", PUBLIC + "/orders/", Constraints.NONE)),
                0, Workload.NONE, Duration.ofMinutes(10)), IssuerKey.didKey(ORG, "eddsa-jcs-2022"));
        signer = new RequestSigner(AGENT_KEY.did(), AGENT_KEY.verificationMethod(), AGENT.signer(), List.of(grant),
                Clock.systemUTC(), Duration.ofSeconds(60));

        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                SERVLET_CALLS.incrementAndGet();
                Decision d = MandateServletFilter.decision(req).orElseThrow();
                String body = req.getReader().lines().collect(Collectors.joining("\n"));
                byte[] out = ("ok " + d.agentDid() + " " + body).getBytes(StandardCharsets.UTF_8);
                resp.setStatus(200);
                resp.getOutputStream().write(out);
            }
        }), "/*");
        context.addFilter(new FilterHolder(new MandateServletFilter(authorizer(), PUBLIC, MAX_BODY)), "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty.setHandler(context);
        jetty.start();
        jettyBase = "http://127.0.0.1:" + connector.getLocalPort();

        jdk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jdk.createContext("/", ex -> {
            JDK_CALLS.incrementAndGet();
            Decision d = (Decision) ex.getAttribute(MandateHttpFilter.ATTRIBUTE);
            byte[] out = ("ok " + d.agentDid() + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        }).getFilters().add(new MandateHttpFilter(authorizer(), PUBLIC, MAX_BODY));
        jdk.start();
        jdkBase = "http://127.0.0.1:" + jdk.getAddress().getPort();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        jdk.stop(0);
    }

    record Outcome(int status, String body, String wwwAuthenticate) {
        String firstReason() {
            if (status != 401 && status != 403) return "";
            try {
                JsonObject o = (JsonObject) BoundedJson.parse(body);
                return o.getJsonArray("reasons").getJsonObject(0).getString("code");
            } catch (Exception e) {
                throw new AssertionError("deny body is not the decision JSON: " + body, e);
            }
        }
    }

    /** Sends the same request to both servers (each with its own copy of the headers) and checks they agree. */
    static Outcome both(String method, String path, Map<String, String> headers, String body) throws Exception {
        Outcome servlet = send(jettyBase, method, path, headers, body);
        Outcome jdkOut = send(jdkBase, method, path, headers, body);
        assertEquals(jdkOut.status(), servlet.status(), "same status as the JDK filter; servlet said " + servlet.body());
        assertEquals(jdkOut.firstReason(), servlet.firstReason(), "same reason as the JDK filter");
        assertEquals(jdkOut.wwwAuthenticate(), servlet.wwwAuthenticate());
        if (servlet.status() == 200) assertEquals(jdkOut.body(), servlet.body());
        return servlet;
    }

    static Outcome send(String base, String method, String path, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        if (body != null) b.header("Content-Type", "application/json");
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Outcome(r.statusCode(), r.body(), r.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    /** Fresh headers for one server: a proof is single-use, so each server gets its own. */
    static Outcome signedBoth(String method, String path, String signedBody, String sentBody, Intent intent) throws Exception {
        byte[] sb = signedBody == null ? new byte[0] : signedBody.getBytes(StandardCharsets.UTF_8);
        Outcome servlet = send(jettyBase, method, path, signer.headers(method, PUBLIC + path, sb, intent), sentBody);
        Outcome jdkOut = send(jdkBase, method, path, signer.headers(method, PUBLIC + path, sb, intent), sentBody);
        assertEquals(jdkOut.status(), servlet.status(), "same status as the JDK filter; servlet said " + servlet.body());
        assertEquals(jdkOut.firstReason(), servlet.firstReason(), "same reason as the JDK filter");
        if (servlet.status() == 200) assertEquals(jdkOut.body(), servlet.body());
        return servlet;
    }

    static String order(String amount) {
        return "{\"amount\":\"" + amount + "\",\"currency\":\"EUR\"}";
    }

    @Test
    void anAllowedRequestReachesTheServletWithItsDecisionAndItsBodyReadableAgain() throws Exception {
        int before = SERVLET_CALLS.get();
        Outcome o = signedBoth("POST", "/orders/77", order("120.00"), order("120.00"),
                Intent.forRequest("pay", PUBLIC + "/orders/77", Amount.of("120.00", "EUR")));
        assertEquals(200, o.status(), o.body());
        assertEquals("ok " + AGENT_KEY.did() + " " + order("120.00"), o.body());
        assertEquals(before + 1, SERVLET_CALLS.get());
        Outcome q = signedBoth("GET", "/orders/?status=open&page=2", null, null, Intent.forRequest("read", PUBLIC + "/orders/?status=open&page=2"));
        assertEquals(200, q.status(), "a URL with a query, covered by the capability's path: " + q.body());
    }

    @Test
    void aDeniedRequestGets403WithTheReasonAndNeverReachesTheServlet() throws Exception {
        int before = SERVLET_CALLS.get();
        Outcome o = signedBoth("POST", "/orders/78", order("900"), order("900"), Intent.forRequest("pay", PUBLIC + "/orders/78", Amount.of("900", "EUR")));
        assertEquals(403, o.status());
        assertEquals("AMOUNT_NOT_ALLOWED", o.firstReason());
        Outcome other = signedBoth("GET", "/invoices/1", null, null, Intent.forRequest("read", PUBLIC + "/invoices/1"));
        assertEquals(403, other.status());
        assertEquals("INTENT_MISMATCH", other.firstReason());
        assertEquals(before, SERVLET_CALLS.get());
    }

    @Test
    void noProofGets401WithTheChallengeHeader() throws Exception {
        Outcome o = both("GET", "/orders/1", Map.of(), null);
        assertEquals(401, o.status());
        assertEquals("Mandate", o.wwwAuthenticate());
        assertEquals("PROOF_MISSING", o.firstReason());
    }

    @Test
    void anAlteredBodyOrAnotherUrlIsRefused() throws Exception {
        int before = SERVLET_CALLS.get();
        Outcome altered = signedBoth("POST", "/orders/79", order("120.00"), order("12000.00"),
                Intent.forRequest("pay", PUBLIC + "/orders/79", Amount.of("120.00", "EUR")));
        assertTrue(altered.status() == 401 || altered.status() == 403, altered.body());
        assertEquals("REQUEST_MISMATCH", altered.firstReason());
        assertTrue(altered.body().contains("altered body"), altered.body());
        // signed for /orders/80, sent to /admin/80
        Map<String, String> h = signer.headers("GET", PUBLIC + "/orders/80", new byte[0], Intent.forRequest("read", PUBLIC + "/orders/80"));
        Outcome moved = send(jettyBase, "GET", "/admin/80", h, null);
        assertEquals("REQUEST_MISMATCH", moved.firstReason());
        assertEquals(before, SERVLET_CALLS.get());
    }

    @Test
    void aReplayedProofIsRefusedTheSecondTime() throws Exception {
        Map<String, String> h = signer.headers("POST", PUBLIC + "/orders/81", order("10").getBytes(StandardCharsets.UTF_8),
                Intent.forRequest("pay", PUBLIC + "/orders/81", Amount.of("10", "EUR")));
        assertEquals(200, send(jettyBase, "POST", "/orders/81", h, order("10")).status());
        Outcome again = send(jettyBase, "POST", "/orders/81", h, order("10"));
        assertFalse(again.status() == 200, "replay must not pass");
        assertEquals("REPLAY", again.firstReason());
        // the JDK filter behaves the same with its own proof
        Map<String, String> j = signer.headers("POST", PUBLIC + "/orders/81", order("10").getBytes(StandardCharsets.UTF_8),
                Intent.forRequest("pay", PUBLIC + "/orders/81", Amount.of("10", "EUR")));
        assertEquals(200, send(jdkBase, "POST", "/orders/81", j, order("10")).status());
        Outcome jdkAgain = send(jdkBase, "POST", "/orders/81", j, order("10"));
        assertEquals(again.status(), jdkAgain.status());
        assertEquals("REPLAY", jdkAgain.firstReason());
    }

    @Test
    void anOversizedBodyGets413BeforeAuthorization() throws Exception {
        String big = "{\"x\":\"" + "a".repeat(MAX_BODY) + "\"}";
        Outcome o = signedBoth("POST", "/orders/82", big, big, Intent.forRequest("pay", PUBLIC + "/orders/82", Amount.of("1", "EUR")));
        assertEquals(413, o.status());
    }

    @Test
    void badConfigurationIsRefusedAtConstruction() throws Exception {
        Authorizer az = authorizer();
        assertThrows(IllegalArgumentException.class, () -> new MandateServletFilter(az, "api.supplier.example", 10));
        assertThrows(IllegalArgumentException.class, () -> new MandateServletFilter(az, PUBLIC, -1));
    }
}
