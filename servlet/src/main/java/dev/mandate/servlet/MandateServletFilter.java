package dev.mandate.servlet;

import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * A Jakarta Servlet (6.0+) filter that authorizes each request from an agent with an {@link Authorizer}, with the
 * same semantics as the JDK server's {@code dev.mandate.agent.http.MandateHttpFilter}: a request without a valid
 * proof gets 401 with {@code WWW-Authenticate: Mandate}, a valid proof that is not allowed gets 403 (503 with
 * {@code Retry-After} when the shared replay cache or rate limiter did not answer, {@code STATE_UNAVAILABLE}, or the
 * decision could not be recorded, {@code AUDIT_UNAVAILABLE}), all with the
 * {@link Decision} as JSON (its reasons say which rule denied); a body above {@code maxBody} bytes gets 413 before
 * anything is authorized. An allowed request continues down the chain with the {@link Decision} in the request
 * attribute {@link #ATTRIBUTE} and its body readable again (the filter read it once, to check its digest).
 *
 * <p>The request URL the proof must have been made for is {@code origin} + the request's raw path and query, as
 * the client addressed it: behind a proxy the container cannot know the public origin, so it is configured.
 * Register it programmatically, e.g. {@code context.addFilter(new FilterHolder(filter), "/api/*", ...)} in Jetty or
 * {@code servletContext.addFilter("mandate", filter)} in a {@code ServletContainerInitializer}.
 * Thread-safe.
 */
public final class MandateServletFilter implements Filter {
    /** Request attribute holding the {@link Decision} of an allowed request (same name as the JDK filter's). */
    public static final String ATTRIBUTE = "dev.mandate.decision";

    private final Authorizer authorizer;
    private final String origin;
    private final int maxBody;

    /**
     * A filter.
     *
     * @param authorizer decides on each request
     * @param origin     the public origin clients address, e.g. {@code https://api.supplier.example}
     * @param maxBody    largest request body read, in bytes; larger ones get 413
     */
    public MandateServletFilter(Authorizer authorizer, String origin, int maxBody) {
        this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
        Objects.requireNonNull(origin, "origin");
        if (!origin.startsWith("https://") && !origin.startsWith("http://")) {
            throw new IllegalArgumentException("origin must be an http(s) origin such as https://api.example, got " + origin);
        }
        this.origin = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        if (maxBody < 0) {
            throw new IllegalArgumentException("maxBody must not be negative");
        }
        this.maxBody = maxBody;
    }

    /**
     * The decision of an allowed request, as the filter left it for the application.
     *
     * @param request a request that passed this filter
     * @return the decision, or empty if the request did not pass a {@code MandateServletFilter}
     */
    public static Optional<Decision> decision(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Decision d ? Optional.of(d) : Optional.empty();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse out)) {
            throw new ServletException("MandateServletFilter handles HTTP requests only");
        }
        Optional<byte[]> body = ServletRequests.readBody(http, out, maxBody, "request body");
        if (body.isEmpty()) {
            return;
        }
        Decision d = authorizer.authorize(ServletRequests.view(http, origin, body.get()));
        if (!d.allow()) {
            byte[] json = d.toJson().toString().getBytes(StandardCharsets.UTF_8);
            boolean unauthenticated = d.agentDid().isEmpty() || d.checks().isEmpty();
            boolean unavailable = d.unavailable();
            out.setStatus(unavailable ? 503 : unauthenticated ? 401 : 403);
            if (unavailable) {
                out.setHeader("Retry-After", "1"); // the shared state did not answer: nothing was decided, retry (elsewhere)
            }
            if (unauthenticated) {
                out.setHeader("WWW-Authenticate", "Mandate");
            }
            out.setContentType("application/json");
            out.setContentLength(json.length);
            out.getOutputStream().write(json);
            return;
        }
        http.setAttribute(ATTRIBUTE, d);
        chain.doFilter(BufferedRequest.of(http, body.get()), res);
    }
}
