package dev.mandate.mcp;

import dev.mandate.agent.authz.AmountPointer;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.authz.Operation;
import dev.mandate.agent.request.SimpleRequest;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import dev.mandate.servlet.BufferedRequest;
import dev.mandate.servlet.JsonRpcDenials;
import dev.mandate.servlet.ServletRequests;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A servlet filter in front of the MCP SDK's Streamable HTTP servlet transport that authorizes every
 * request with Mandate (docs/mcp.md). It reads the body (at most {@code maxBody} bytes, else 413), derives
 * the {@link Operation} from it ({@link McpOperations}: {@code tools/call} is {@code invoke} on
 * {@code mcp+https://HOST/PATH/tools/NAME}, ...) and lets the {@link Authorizer} check the request proof,
 * the binding of method, URL and the exact body bytes, the nonce and the chain, then the capability for
 * that operation and its constraints (a tool's amount read at its {@linkplain Builder#amountPointer
 * configured JSON pointers} must agree with the signed amount). Every decision goes to the authorizer's
 * {@code DecisionListener}s.
 *
 * <p>Denials: without a valid proof (no or bad {@code Authorization}, {@code Mandate-Chain}, expired proof,
 * altered body, replay, ...: the decision authenticated nobody) HTTP 401 with {@code WWW-Authenticate: Mandate};
 * otherwise, for a JSON-RPC request (it has an {@code id}), HTTP 200 with a JSON-RPC error response with that
 * {@code id}, so the MCP client sees an ordinary error for that call; for anything else (notification, response,
 * GET, DELETE) HTTP 403. Every denial's body is a JSON-RPC error: code {@link #ERROR_CODE}, message
 * {@code "<REASON_CODE>: <message>"}, data {@code {"allow": false, "agent": ..., "reasons": [{"code", "message", "link"?}]}}.
 *
 * <p>Sessions are bound to agents: the {@code Mcp-Session-Id} the SDK assigns to an allowed request without one
 * (the {@code initialize}) is recorded as that agent's, and a request carrying a session id is refused
 * ({@code INTENT_MISMATCH}) unless the same agent signed it, so no agent can read another's event stream (GET),
 * end its session (DELETE) or post into it.
 *
 * <p>An allowed request continues with the same body bytes, read as UTF-8 whatever charset the request
 * declared (the bytes Mandate parsed are the bytes the SDK parses), and the {@link Decision} in request
 * attribute {@link #ATTRIBUTE}.
 */
public final class MandateMcpFilter implements Filter {
    /** Request attribute holding the {@link Decision} of an allowed request. */
    public static final String ATTRIBUTE = "dev.mandate.decision";
    /** The JSON-RPC error code of a denial (implementation-defined server error range). */
    public static final int ERROR_CODE = -32003;
    /** The JSON-RPC error code of an unauthenticated request (no valid proof). */
    public static final int UNAUTHENTICATED_CODE = -32001;

    /** The MCP Streamable HTTP session header. */
    public static final String SESSION_HEADER = "Mcp-Session-Id";

    private final Authorizer authorizer;
    private final McpOperations operations;
    private final String origin;
    private final int maxBody;
    private final SessionOwners sessions;

    private MandateMcpFilter(Builder b) {
        this.authorizer = b.authorizer;
        this.operations = new McpOperations(b.endpoint, b.amountPointers, b.maxBody);
        this.origin = operations.endpoint().origin();
        this.maxBody = b.maxBody;
        this.sessions = new SessionOwners(b.maxSessions);
    }

    /**
     * Starts a filter.
     *
     * @param authorizer the authorizer (its trust policy grants {@code mcp+https://HOST/PATH/...} resources)
     * @param endpoint   the MCP endpoint's public URL as clients address it, e.g. {@code https://api.example/mcp}
     *                   (the server cannot know its public origin behind a proxy)
     * @return a builder with the defaults documented on its setters
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(Authorizer authorizer, String endpoint) {
        return new Builder(authorizer, endpoint);
    }

    /**
     * For {@code HttpServletStreamableServerTransportProvider.builder().contextExtractor(...)}: puts the
     * {@link Decision} of the request into the MCP transport context under {@link #ATTRIBUTE}, so a tool
     * handler can read who calls, under which capability ({@link #decision(McpTransportContext)}).
     *
     * @return the extractor; a request without a decision gets the empty context
     */
    public static McpTransportContextExtractor<HttpServletRequest> contextExtractor() {
        return request -> request.getAttribute(ATTRIBUTE) instanceof Decision d
                ? McpTransportContext.create(Map.of(ATTRIBUTE, d)) : McpTransportContext.EMPTY;
    }

    /**
     * The decision a {@link #contextExtractor()} put into a tool call's transport context.
     *
     * @param context the tool handler's transport context, or null
     * @return the decision, or empty when there is none
     */
    public static java.util.Optional<Decision> decision(McpTransportContext context) {
        return context != null && context.get(ATTRIBUTE) instanceof Decision d ? java.util.Optional.of(d) : java.util.Optional.empty();
    }

    /** {@return the mapping this filter applies} */
    public McpOperations operations() { return operations; }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse out)) {
            throw new ServletException("MandateMcpFilter handles HTTP requests only");
        }
        Optional<byte[]> read = ServletRequests.readBody(http, out, maxBody, "MCP request body");
        if (read.isEmpty()) {
            return;
        }
        byte[] body = read.get();
        SimpleRequest request = ServletRequests.view(http, origin, body);
        String method = request.method();
        Operation op = operations.of(method, body);
        String session = http.getHeader(SESSION_HEADER);
        if (session != null && op.refusal().isEmpty()) op = sessions.check(session, Authorizer.claimedAgent(http.getHeader("Authorization")), op);
        Decision d = authorizer.authorize(request, op);
        if (!d.allow()) {
            JsonRpcDenials.send(out, d, method.equals("POST") ? JsonRpcDenials.requestId(body, McpOperations.MAX_BODY) : null, ERROR_CODE, UNAUTHENTICATED_CODE);
            return;
        }
        http.setAttribute(ATTRIBUTE, d);
        if (session == null) {
            chain.doFilter(BufferedRequest.utf8(http, body), sessions.recording(out, d.agentDid()));
        } else {
            chain.doFilter(BufferedRequest.utf8(http, body), res);
            if (method.equals("DELETE")) sessions.forget(session);
        }
    }

    /** Configures a {@link MandateMcpFilter}. */
    public static final class Builder {
        private final Authorizer authorizer;
        private final String endpoint;
        private final Map<String, AmountPointer> amountPointers = new LinkedHashMap<>();
        private int maxBody = 1024 * 1024;
        private int maxSessions = 100_000;

        private Builder(Authorizer authorizer, String endpoint) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        /**
         * Largest JSON-RPC body read (default 1 MiB); a larger one is refused with 413.
         *
         * @param bytes 1 to 16 MiB
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxBody(int bytes) {
            if (bytes < 1 || bytes > McpOperations.MAX_BODY) throw new IllegalArgumentException("maxBody must be between 1 and " + McpOperations.MAX_BODY);
            this.maxBody = bytes;
            return this;
        }

        /**
         * Tool {@code tool} moves money: its {@code arguments} carry the amount at JSON pointer
         * {@code amountPointer} (a JSON number or decimal string) and the currency at {@code currencyPointer}
         * (e.g. {@code amountPointer("pay_invoice", "/amount", "/currency")}). When the proof declares an
         * amount, what the arguments state there must agree with it (else {@code AMOUNT_MISMATCH}); a
         * capability with {@code maxAmount} then limits the declared amount.
         *
         * @param tool            the tool name
         * @param amountPointer   JSON pointer (RFC 6901) into {@code arguments} to the amount
         * @param currencyPointer JSON pointer into {@code arguments} to the currency
         * @return this builder
         * @throws IllegalArgumentException if a pointer is not a JSON pointer
         */
        public Builder amountPointer(String tool, String amountPointer, String currencyPointer) {
            amountPointers.put(Objects.requireNonNull(tool, "tool"), new AmountPointer(amountPointer, currencyPointer));
            return this;
        }

        /**
         * How many open sessions the filter remembers the agent of (default 100,000); past it the least recently
         * used is forgotten and its next request refused, so its client initializes a new session.
         *
         * @param max at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code max} is below 1
         */
        public Builder maxSessions(int max) {
            if (max < 1) throw new IllegalArgumentException("maxSessions must be at least 1");
            this.maxSessions = max;
            return this;
        }

        /**
         * {@return the filter}
         *
         * @throws IllegalArgumentException if the endpoint is not a canonical http(s) URL
         */
        public MandateMcpFilter build() { return new MandateMcpFilter(this); }
    }
}
