package dev.mandate.a2a;

import dev.mandate.agent.authz.AmountPointer;
import dev.mandate.agent.Reason;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.authz.Operation;
import dev.mandate.agent.request.SimpleRequest;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A servlet filter in front of an A2A agent's JSON-RPC endpoint that authorizes every call with Mandate: the
 * callee side of the capabilities extension ({@value A2aOperations#EXTENSION}, docs/a2a.md). It reads the body
 * (at most {@code maxBody} bytes, else 413), derives the {@link Operation} from it ({@link A2aOperations}:
 * {@code SendMessage} is {@code message} on {@code a2a+https://HOST/PATH/skills/SKILL}, ...) and lets the
 * {@link Authorizer} check the request proof, the binding of method, URL and the exact body bytes, the nonce
 * and the chain, then the capability for that operation and its constraints. With {@link Builder#taskOwners} a
 * call that addresses a task (a message continuing it, get, cancel, subscribe, push configuration) is refused
 * unless the task was created by the calling agent. Every decision goes to the authorizer's {@code DecisionListener}s.
 *
 * <p>Denials: without a valid proof HTTP 401 with {@code WWW-Authenticate: Mandate}; otherwise, for a JSON-RPC
 * request with an {@code id}, HTTP 200 with a JSON-RPC error for that {@code id} (so the A2A client sees an
 * ordinary error for that call), else HTTP 403. The error: code {@link #ERROR_CODE} (unauthenticated:
 * {@link #UNAUTHENTICATED_CODE}), message {@code "<REASON_CODE>: <message>"}, data {@code {"allow": false,
 * "agent": ..., "reasons": [...]}}. An allowed request continues with the same bytes, read as UTF-8, and the
 * {@link Decision} in request attribute {@link #ATTRIBUTE}; the response carries {@code A2A-Extensions} naming
 * the extension.
 */
public final class MandateA2aFilter implements Filter {
    /** Request attribute holding the {@link Decision} of an allowed request. */
    public static final String ATTRIBUTE = "dev.mandate.decision";
    /** The JSON-RPC error code of a denial (implementation-defined server error range). */
    public static final int ERROR_CODE = -32053;
    /** The JSON-RPC error code of an unauthenticated request (no valid proof). */
    public static final int UNAUTHENTICATED_CODE = -32051;

    /** Who created a task: the callee's own record (its task store), consulted for calls that address a task. */
    @FunctionalInterface
    public interface TaskOwners {
        /**
         * Who created a task; called on the request thread, so it must be thread-safe.
         *
         * @param taskId the task id the request addresses, as the caller sent it
         * @return the DID of the agent that created it, or empty when the task is unknown
         */
        Optional<String> ownerOf(String taskId);
    }

    private final Authorizer authorizer;
    private final A2aOperations operations;
    private final TaskOwners owners;
    private final String origin;
    private final int maxBody;

    private MandateA2aFilter(Builder b) {
        this.authorizer = b.authorizer;
        this.operations = new A2aOperations(b.endpoint, b.skills, b.amountPointers, b.maxBody);
        this.owners = b.owners;
        this.origin = operations.endpoint().origin();
        this.maxBody = b.maxBody;
    }

    /**
     * Starts a filter.
     *
     * @param authorizer the authorizer (its trust policy grants {@code a2a+https://HOST/PATH/...} resources)
     * @param endpoint   the agent's A2A JSON-RPC URL as callers address it (its Agent Card's interface URL),
     *                   e.g. {@code https://agent.example/a2a}
     * @return a builder with the defaults documented on its setters
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(Authorizer authorizer, String endpoint) {
        return new Builder(authorizer, endpoint);
    }

    /**
     * The decision of an allowed request, for the application behind the filter.
     *
     * @param request the request this filter passed on
     * @return the decision the filter stored in the {@value #ATTRIBUTE} attribute, or empty
     */
    public static Optional<Decision> decision(ServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof Decision d ? Optional.of(d) : Optional.empty();
    }

    /** {@return the mapping this filter applies} */
    public A2aOperations operations() { return operations; }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest http) || !(res instanceof HttpServletResponse out)) {
            throw new ServletException("MandateA2aFilter handles HTTP requests only");
        }
        Optional<byte[]> read = ServletRequests.readBody(http, out, maxBody, "A2A request body");
        if (read.isEmpty()) {
            return;
        }
        byte[] body = read.get();
        SimpleRequest request = ServletRequests.view(http, origin, body);
        String method = request.method();
        A2aOperations.Mapped mapped = operations.of(method, body);
        Operation op = ownerCheck(mapped, http.getHeader("Authorization"));
        Decision d = authorizer.authorize(request, op);
        if (!d.allow()) {
            JsonRpcDenials.send(out, d, method.equals("POST") ? JsonRpcDenials.requestId(body, maxBody) : null, ERROR_CODE, UNAUTHENTICATED_CODE);
            return;
        }
        http.setAttribute(ATTRIBUTE, d);
        out.setHeader(A2aOperations.EXTENSIONS_HEADER, A2aOperations.EXTENSION);
        chain.doFilter(BufferedRequest.utf8(http, body), res);
    }

    /**
     * With task owners configured, a call addressing a task someone else created (or an unknown task) becomes a
     * refused operation. The caller named here is the proof's unverified {@code iss}: the authorizer refuses the
     * request anyway unless the proof verifies and {@code iss} is the authenticated agent, so comparing with the
     * claimed caller is comparing with the authenticated one whenever the request could pass.
     */
    private Operation ownerCheck(A2aOperations.Mapped mapped, String authorization) {
        Operation op = mapped.operation();
        if (owners == null || mapped.taskId().isEmpty() || op.refusal().isPresent()) return op;
        String task = mapped.taskId().get();
        Optional<String> owner = owners.ownerOf(task);
        String caller = Authorizer.claimedAgent(authorization).orElse("");
        if (owner.isPresent() && !caller.isEmpty() && owner.get().equals(caller)) return op;
        String shown = task.length() > 64 ? task.substring(0, 64) + "..." : task;
        return Operation.refused(op.resource(), Reason.of(Reason.Code.INTENT_MISMATCH,
                "task " + shown.replaceAll("\\p{Cntrl}", "?") + " is not a task of the calling agent (unknown, or created by another agent)"));
    }

    /** Configures a {@link MandateA2aFilter}. */
    public static final class Builder {
        private final Authorizer authorizer;
        private final String endpoint;
        private final Set<String> skills = new LinkedHashSet<>();
        private final Map<String, AmountPointer> amountPointers = new LinkedHashMap<>();
        private TaskOwners owners;
        private int maxBody = 1024 * 1024;

        private Builder(Authorizer authorizer, String endpoint) {
            this.authorizer = Objects.requireNonNull(authorizer, "authorizer");
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        }

        /**
         * The skill ids of the agent's card: a message naming any other skill is refused before any capability
         * is consulted. Without it any skill name is mapped (and only a capability can allow it).
         *
         * @param ids skill ids, added to those already set
         * @return this builder
         */
        public Builder skills(Set<String> ids) {
            ids.forEach(id -> skills.add(Objects.requireNonNull(id, "skill id")));
            return this;
        }

        /**
         * The skills of a card, as {@link #skills}.
         *
         * @param agentCard the agent's Agent Card; its {@code skills[].id} strings are added, other entries skipped
         * @return this builder
         */
        public Builder skillsOf(JsonObject agentCard) {
            if (agentCard.get("skills") instanceof jakarta.json.JsonArray a) {
                for (JsonValue s : a) {
                    if (s instanceof JsonObject o && o.get("id") instanceof JsonString id) skills.add(id.getString());
                }
            }
            return this;
        }

        /**
         * Calls addressing a task are allowed only for the agent that created it (strongly recommended: without
         * it, any agent whose capability covers {@code a2a+.../tasks/*} may read or cancel any task).
         *
         * @param owners the callee's task store; not null
         * @return this builder
         */
        public Builder taskOwners(TaskOwners owners) {
            this.owners = Objects.requireNonNull(owners, "owners");
            return this;
        }

        /**
         * Messages to skill {@code skill} move money: the request's {@code params} carry the amount at JSON
         * pointer {@code amountPointer} and its currency at {@code currencyPointer} (e.g.
         * {@code "/message/parts/0/data/amount"}). When the proof declares an amount, those must agree with it;
         * a capability's {@code maxAmount} then limits it.
         *
         * @param skill           the skill id
         * @param amountPointer   JSON pointer (RFC 6901) into {@code params} to the amount
         * @param currencyPointer JSON pointer into {@code params} to the currency
         * @return this builder
         * @throws IllegalArgumentException if a pointer is not a JSON pointer
         */
        public Builder amountPointer(String skill, String amountPointer, String currencyPointer) {
            amountPointers.put(Objects.requireNonNull(skill, "skill"), new AmountPointer(amountPointer, currencyPointer));
            return this;
        }

        /**
         * Largest JSON-RPC body read (default 1 MiB); a larger one is refused with 413.
         *
         * @param bytes 1 to 16 MiB
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxBody(int bytes) {
            if (bytes < 1 || bytes > A2aOperations.MAX_BODY) throw new IllegalArgumentException("maxBody must be between 1 and " + A2aOperations.MAX_BODY);
            this.maxBody = bytes;
            return this;
        }

        /**
         * {@return the filter}
         *
         * @throws IllegalArgumentException if the endpoint is not a canonical http(s) URL
         */
        public MandateA2aFilter build() { return new MandateA2aFilter(this); }
    }
}
