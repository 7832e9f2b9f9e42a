package dev.mandate.servlet;

import dev.mandate.agent.Reason;
import dev.mandate.agent.authz.Decision;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * How the JSON-RPC filters (MCP, A2A) answer a denied request: one JSON-RPC error response, so the client sees an
 * ordinary error for that call. Without a valid proof: HTTP 401 with {@code WWW-Authenticate: Mandate}; when the
 * shared state did not answer ({@code STATE_UNAVAILABLE}) or the decision could not be recorded
 * ({@code AUDIT_UNAVAILABLE}): 503 with {@code Retry-After: 1}; otherwise HTTP 200 for
 * a request with an {@code id}, 403 for anything else. The error: {@code code}, {@code message}
 * {@code "<REASON_CODE>: <message>"}, {@code data} {@code {"allow": false, "agent", "reasons": [...]}}.
 */
public final class JsonRpcDenials {
    private JsonRpcDenials() {
    }

    /**
     * Sends the denial of {@code d}.
     *
     * @param out                 the response
     * @param d                   the denial
     * @param id                  the request's JSON-RPC id, or null (a notification, or a body that did not parse)
     * @param errorCode           the JSON-RPC error code of a denial
     * @param unauthenticatedCode the code when nobody was authenticated
     * @throws IOException when the response cannot be written
     */
    public static void send(HttpServletResponse out, Decision d, JsonValue id, int errorCode, int unauthenticatedCode) throws IOException {
        boolean unauthenticated = d.agentDid().isEmpty() || d.checks().isEmpty();
        Reason first = d.reasons().isEmpty() ? Reason.of(Reason.Code.MALFORMED_REQUEST, "denied") : d.reasons().get(0);
        JsonArrayBuilder reasons = Jsonp.PROVIDER.createArrayBuilder();
        d.reasons().forEach(r -> reasons.add(r.toJson()));
        JsonObject error = Jsonp.PROVIDER.createObjectBuilder()
                .add("code", unauthenticated ? unauthenticatedCode : errorCode)
                .add("message", first.code() + ": " + first.message())
                .add("data", Jsonp.PROVIDER.createObjectBuilder().add("allow", false).add("agent", d.agentDid()).add("reasons", reasons))
                .build();
        JsonObject rpc = Jsonp.PROVIDER.createObjectBuilder().add("jsonrpc", "2.0")
                .add("id", id == null ? JsonValue.NULL : id).add("error", error).build();
        byte[] json = rpc.toString().getBytes(StandardCharsets.UTF_8);
        boolean unavailable = d.unavailable();
        // the shared state (Redis) did not answer: nothing was decided; 503 so the client retries, possibly elsewhere
        out.setStatus(unavailable ? 503 : unauthenticated ? 401 : id == null ? 403 : 200);
        if (unavailable) out.setHeader("Retry-After", "1");
        if (unauthenticated) out.setHeader("WWW-Authenticate", "Mandate");
        out.setContentType("application/json");
        out.setContentLength(json.length);
        out.getOutputStream().write(json);
    }

    /**
     * The id of a JSON-RPC request.
     *
     * @param body    the request body
     * @param maxBody the most bytes parsed
     * @return the id (a string or number), or null for a notification, a response or a body that does not parse
     */
    public static JsonValue requestId(byte[] body, int maxBody) {
        try {
            JsonValue v = BoundedJson.parse(body, BoundedJson.Limits.DEFAULT.withMaxBytes(maxBody).withMaxDepth(64));
            if (v instanceof JsonObject o && o.containsKey("method") && o.get("id") != null
                    && (o.get("id").getValueType() == JsonValue.ValueType.STRING || o.get("id").getValueType() == JsonValue.ValueType.NUMBER)) {
                return o.get("id");
            }
        } catch (RuntimeException | JsonInputException e) {
            return null;
        }
        return null;
    }
}
