package dev.mandate.agent.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.request.SimpleRequest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A filter for the JDK's HTTP server ({@code com.sun.net.httpserver}) that authorizes each request:
 * denied requests get 401 (no or invalid proof), 403 (valid proof, not allowed) or 503 with {@code Retry-After}
 * (the shared replay cache or rate limiter did not answer: {@code STATE_UNAVAILABLE}, nothing was decided; or a
 * required listener could not record the decision: {@code AUDIT_UNAVAILABLE}) with
 * the decision as JSON; allowed ones continue with the {@link Decision} in the exchange attribute {@link #ATTRIBUTE}.
 * Bodies above {@code maxBody} bytes are refused with 413.
 */
public final class MandateHttpFilter extends Filter {
    /** Exchange attribute holding the {@link Decision}. */
    public static final String ATTRIBUTE = "dev.mandate.decision";
    private final Authorizer authorizer;
    private final String origin;
    private final int maxBody;

    /**
     * @param authorizer the authorizer
     * @param origin     the public origin clients address, e.g. {@code https://api.supplier.example}
     *                   (the server cannot know it behind a proxy)
     * @param maxBody    largest body read, in bytes
     */
    public MandateHttpFilter(Authorizer authorizer, String origin, int maxBody) {
        this.authorizer = Objects.requireNonNull(authorizer);
        this.origin = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        this.maxBody = maxBody;
    }

    @Override
    public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            ex.sendResponseHeaders(413, -1);
            ex.close();
            return;
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> { if (!v.isEmpty()) headers.put(k, v.get(0)); });
        Decision d = authorizer.authorize(new SimpleRequest(ex.getRequestMethod(), origin + ex.getRequestURI().toString(), headers, body));
        if (!d.allow()) {
            byte[] json = d.toJson().toString().getBytes(StandardCharsets.UTF_8);
            boolean unauthenticated = d.agentDid().isEmpty() || d.checks().isEmpty();
            boolean unavailable = d.unavailable();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            if (unavailable) ex.getResponseHeaders().set("Retry-After", "1");
            else if (unauthenticated) ex.getResponseHeaders().set("WWW-Authenticate", "Mandate");
            ex.sendResponseHeaders(unavailable ? 503 : unauthenticated ? 401 : 403, json.length);
            ex.getResponseBody().write(json);
            ex.close();
            return;
        }
        ex.setAttribute(ATTRIBUTE, d);
        ex.setStreams(new ByteArrayInputStream(body), null);
        chain.doFilter(ex);
    }

    @Override
    public String description() { return "Mandate agent request authorization"; }
}
