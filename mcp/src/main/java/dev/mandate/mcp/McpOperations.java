package dev.mandate.mcp;

import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Reason;
import dev.mandate.agent.Reason.Code;
import dev.mandate.agent.authz.AmountPointer;
import dev.mandate.agent.authz.Amounts;
import dev.mandate.agent.authz.Operation;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mapping from one MCP Streamable HTTP request to the {@link Operation} Mandate authorizes
 * (docs/mcp.md, "Resource mapping"). The server ({@link MandateMcpFilter}) and the client
 * ({@link MandateMcpSigner}) use the same mapping, so the intent an agent signs is the operation the server
 * derives from the same body bytes. With {@code E} the MCP endpoint URL ({@code https://HOST/PATH}) and
 * {@code M} = {@code mcp+} E:
 * <ul>
 *   <li>{@code tools/call} with {@code params.name} N: action {@code invoke} on {@code M/tools/N};</li>
 *   <li>{@code prompts/get} with {@code params.name} N: action {@code read} on {@code M/prompts/N};</li>
 *   <li>{@code resources/read}, {@code resources/subscribe}, {@code resources/unsubscribe} with {@code params.uri} U:
 *       action {@code read} on U (an http, https or mcp+http(s) URL in canonical form);</li>
 *   <li>the session methods ({@link #SESSION_METHODS}: {@code initialize}, {@code ping}, the list methods,
 *       {@code logging/setLevel}, {@code completion/complete}, every {@code notifications/...}), a JSON-RPC
 *       response, and GET or DELETE on the endpoint: action {@code session} on {@code M/methods/<method>}
 *       ({@code M} itself for GET, DELETE and responses), allowed with a valid proof and chain, no capability needed;</li>
 *   <li>any other method X: action {@code call} on {@code M/methods/X}, which a capability must grant.</li>
 * </ul>
 * A body that is not one strict UTF-8 JSON object (JSON-RPC batches included), or a call whose name or
 * URI is missing or not a string, is refused. A name becomes one path segment: {@code A-Z a-z 0-9 - . _ ~}
 * stay as they are, every other byte of its UTF-8 is percent-encoded, and what {@link CanonicalUrl} then
 * refuses (e.g. {@code /} or non-ASCII characters, {@code .}, {@code ..}) is refused with {@code URL_NOT_CANONICAL}.
 */
public final class McpOperations {
    /** Methods any agent with a valid proof and chain may call (they read no tool, prompt or resource). */
    public static final Set<String> SESSION_METHODS = Set.of("initialize", "ping", "tools/list", "prompts/list", "resources/list",
            "resources/templates/list", "logging/setLevel", "completion/complete");
    /** Largest JSON-RPC body any mapping reads (16 MiB). */
    public static final int MAX_BODY = 16 * 1024 * 1024;
    /** The action of a tool call. */
    public static final String INVOKE = "invoke";
    /** The action of reading a resource or getting a prompt. */
    public static final String READ = "read";
    /** The action of a session method (no capability needed). */
    public static final String SESSION = "session";
    /** The action of any other method. */
    public static final String CALL = "call";

    private final String endpoint;
    private final CanonicalUrl endpointUrl;
    private final Map<String, AmountPointer> amountPointers;
    private final int maxBody;

    /**
     * @param endpoint       the MCP endpoint URL as clients address it ({@code https://api.example/mcp}; a query is ignored)
     * @param amountPointers per tool name, where its arguments carry the amount
     * @param maxBody        largest JSON-RPC body read, in bytes (at most {@link #MAX_BODY})
     * @throws IllegalArgumentException if the endpoint is not a canonical-form http(s) URL
     */
    public McpOperations(String endpoint, Map<String, AmountPointer> amountPointers, int maxBody) {
        try {
            this.endpointUrl = CanonicalUrl.request(endpoint);
        } catch (CapabilityException e) {
            throw new IllegalArgumentException("MCP endpoint " + e.getMessage(), e);
        }
        String e = endpointUrl.withoutQuery();
        this.endpoint = "mcp+" + (e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        this.amountPointers = Map.copyOf(new TreeMap<>(amountPointers));
        if (maxBody < 1 || maxBody > MAX_BODY) throw new IllegalArgumentException("maxBody must be between 1 and " + MAX_BODY);
        this.maxBody = maxBody;
    }

    /** {@return {@code mcp+} the endpoint URL, without a trailing slash: the base of every MCP resource} */
    public String base() { return endpoint; }

    /** {@return the endpoint as a canonical http(s) URL} */
    public CanonicalUrl endpoint() { return endpointUrl; }

    /**
     * The resource of a tool, as capabilities name it.
     *
     * @param name the tool name (percent-encoded as one segment)
     * @return {@code mcp+https://HOST/PATH/tools/NAME}
     */
    public String toolResource(String name) { return endpoint + "/tools/" + CanonicalUrl.segment(name); }

    /**
     * The amount pointers of a tool.
     *
     * @param name the tool name
     * @return where its arguments carry the amount, or empty when not configured
     */
    public java.util.Optional<AmountPointer> amountPointer(String name) { return java.util.Optional.ofNullable(amountPointers.get(name)); }

    /**
     * The operation of an HTTP request to the endpoint. Never throws for bad input: a POST body that cannot be
     * mapped becomes a {@linkplain Operation#refused refused} operation; any other method (GET for the session's
     * stream, DELETE to end it) needs no capability, only a valid proof and chain.
     *
     * @param method the HTTP method
     * @param body   the JSON-RPC request body (ignored unless POST)
     * @return the operation to authorize
     */
    public Operation of(String method, byte[] body) {
        CanonicalUrl self = target(endpoint);
        if (!method.equals("POST")) {
            return Operation.authenticated(SESSION, self);
        }
        if (body.length > maxBody) return Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, "the JSON-RPC body is larger than " + maxBody + " bytes"));
        JsonValue v;
        try {
            v = BoundedJson.parse(body, BoundedJson.Limits.DEFAULT.withMaxBytes(maxBody).withMaxDepth(64));
        } catch (JsonInputException e) {
            return Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, "the body is not strict UTF-8 JSON without duplicate keys: " + e.getMessage()));
        }
        if (!(v instanceof JsonObject msg)) {
            return Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, "the body is not one JSON-RPC message (batches are not accepted); send one JSON object"));
        }
        if (!msg.containsKey("method")) return Operation.authenticated(SESSION, self); // a response to a server request
        if (!(msg.get("method") instanceof JsonString ms)) return Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, "JSON-RPC method is not a string"));
        String m = ms.getString();
        if (m.isEmpty()) return Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, "JSON-RPC method is empty"));
        JsonObject params = msg.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        try {
            switch (m) {
                case "tools/call": {
                    String name = string(params, "name", m);
                    List<Amounts.Stated> stated = List.of();
                    AmountPointer ap = amountPointers.get(name);
                    if (ap != null) {
                        JsonValue args = params.getOrDefault("arguments", JsonValue.EMPTY_JSON_OBJECT);
                        stated = List.of(ap.statedIn(args, "the arguments of tool " + name));
                    }
                    return Operation.of(INVOKE, CanonicalUrl.target(toolResource(name)), stated);
                }
                case "prompts/get":
                    return Operation.of(READ, CanonicalUrl.target(endpoint + "/prompts/" + CanonicalUrl.segment(string(params, "name", m))), List.of());
                case "resources/read":
                case "resources/subscribe":
                case "resources/unsubscribe":
                    return Operation.of(READ, CanonicalUrl.target(string(params, "uri", m)), List.of());
                default:
                    CanonicalUrl r = CanonicalUrl.target(endpoint + "/methods/" + CanonicalUrl.segments(m));
                    return SESSION_METHODS.contains(m) || m.startsWith("notifications/") ? Operation.authenticated(SESSION, r) : Operation.of(CALL, r, List.of());
            }
        } catch (CapabilityException e) {
            return Operation.refused(self, Reason.of(Code.URL_NOT_CANONICAL, "MCP " + m + ": " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, e.getMessage()));
        }
    }

    private static String string(JsonObject params, String member, String method) {
        if (params.get(member) instanceof JsonString s && !s.getString().isEmpty()) return s.getString();
        throw new IllegalArgumentException("MCP " + method + " has no string params." + member);
    }

    private static CanonicalUrl target(String url) {
        try {
            return CanonicalUrl.target(url);
        } catch (CapabilityException e) {
            throw new IllegalStateException(e);
        }
    }
}
