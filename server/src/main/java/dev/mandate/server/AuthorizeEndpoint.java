package dev.mandate.server;

import jakarta.json.JsonObject;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

/**
 * {@link ApiHandler}'s {@code POST /authorize}: decides an agent's signed request with the configured
 * {@link dev.mandate.agent.authz.Authorizer}, and with an {@link AuditGate} answers only once the decision is in the
 * audit log (503 when it cannot be recorded in time).
 */
final class AuthorizeEndpoint {
    private final RequestChecks checks;
    private volatile Optional<dev.mandate.agent.authz.Authorizer> authorizer = Optional.empty();
    private volatile Optional<AuditGate> auditGate = Optional.empty();

    AuthorizeEndpoint(RequestChecks checks) {
        this.checks = checks;
    }

    /** Serves {@code /authorize} with {@code a} (404 until set). */
    void authorizer(dev.mandate.agent.authz.Authorizer a) {
        this.authorizer = Optional.of(a);
    }

    /** Holds answers until their decision is in the audit log (see {@link AuditGate}). */
    void auditGate(AuditGate gate) {
        this.auditGate = Optional.of(gate);
    }

    /**
     * {@code POST /authorize}: the agent's HTTP request as the partner's gateway received it,
     * {@code {"method", "uri", "headers": {...}, "body" | "bodyBase64"}}; 200 with the decision when allowed,
     * 403 with the same shape when denied. Uses the verify scope (open by default).
     */
    void authorizeRequest(Exchange ex) {
        if (!checks.authorize(ex, "verify", "")) {
            return;
        }
        if (authorizer.isEmpty()) {
            ex.problem(404, Exchange.ERRORS + "NOT_FOUND", "Not Found",
                    "this server has no authorization policy; start it with mandate serve --authorize-policy FILE");
            return;
        }
        Optional<byte[]> bytes = checks.readBody(ex);
        if (bytes.isEmpty()) {
            return;
        }
        Optional<JsonObject> body = checks.parseObject(ex, bytes.get(), "{\"method\", \"uri\", \"headers\": {...}, \"body\"}");
        if (body.isEmpty()) {
            return;
        }
        dev.mandate.agent.request.SimpleRequest request;
        try {
            request = dev.mandate.agent.request.SimpleRequest.fromJson(body.get());
        } catch (dev.mandate.agent.CapabilityException e) {
            ex.problem(400, Exchange.ERRORS + "MALFORMED_REQUEST", "Bad Request", e.getMessage());
            return;
        }
        Optional<AuditGate> gate = auditGate;
        Optional<String> refuse = gate.flatMap(AuditGate::refuseBeforeDeciding);
        if (refuse.isEmpty()) {
            dev.mandate.agent.authz.Decision d = authorizer.get().authorize(request);
            refuse = gate.flatMap(AuditGate::awaitRecorded);
            if (refuse.isEmpty()) {
                boolean unavailable = d.unavailable(); // shared state down, or (--audit-sync) the decision not recorded
                if (unavailable) {
                    // fail closed, and say so: the gateway may retry at another instance, unlike after a 403
                    ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                }
                ex.send(d.allow() ? 200 : unavailable ? 503 : 403, Exchange.JSON, Exchange.serialize(d.toJson()));
                return;
            }
        }
        ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        ex.problem(503, Exchange.ERRORS + "AUDIT_UNAVAILABLE", "Service Unavailable", refuse.get());
    }
}
