package dev.mandate.mcp;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.authz.Amounts;
import dev.mandate.agent.authz.Operation;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs every request of the MCP SDK's HTTP client transport for an agent ({@code Authorization: Mandate <jws>},
 * {@code Mandate-Chain}, {@code Content-Digest}), like {@code MandateInterceptor} does for OkHttp:
 * <pre>{@code
 * HttpClientStreamableHttpTransport.builder("https://api.example").endpoint("/mcp")
 *         .addHttpRequestCustomizer(MandateMcp.signer(requestSigner))
 *         .build();
 * }</pre>
 * The intent of each request is the {@link McpOperations operation} the server derives from the same body
 * ({@code invoke} on {@code mcp+https://HOST/PATH/tools/NAME} for a tool call, ...). The body signed is the
 * exact UTF-8 bytes the transport sends: the request's body publisher is replaced by those bytes. A tool
 * configured with {@link #amountPointer} declares the amount its arguments carry there (signed as
 * {@code amt}/{@code cur}). A request that cannot be signed (a URL the canonical form refuses) fails with
 * an {@link IllegalStateException} naming the rule. Thread-safe once configured.
 */
public final class MandateMcpSigner implements McpSyncHttpClientRequestCustomizer {
    private final RequestSigner signer;
    private final Map<String, McpOperations.AmountPointer> amountPointers = new LinkedHashMap<>();

    MandateMcpSigner(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * Tool {@code tool}'s arguments carry the amount it moves at JSON pointer {@code amountPointer} and its
     * currency at {@code currencyPointer}: each call of it declares that amount in the proof (when the
     * arguments state exactly one amount and one currency there). Configure the same pointers on the server.
     */
    public MandateMcpSigner amountPointer(String tool, String amountPointer, String currencyPointer) {
        amountPointers.put(Objects.requireNonNull(tool, "tool"), new McpOperations.AmountPointer(amountPointer, currencyPointer));
        return this;
    }

    @Override
    public void customize(HttpRequest.Builder builder, String method, URI endpoint, String body, McpTransportContext context) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String url = endpoint.toString();
        McpOperations ops = new McpOperations(url, amountPointers, McpOperations.MAX_BODY);
        Operation op = ops.of(method, bytes);
        Intent intent = new Intent(op.action().isEmpty() ? McpOperations.SESSION : op.action(), op.resource().toString(), declared(ops, method, bytes));
        Map<String, String> headers;
        try {
            headers = signer.headers(method, url, bytes, intent);
        } catch (CapabilityException e) {
            throw new IllegalStateException("cannot sign the MCP request to " + url + ": " + e.getMessage(), e);
        }
        headers.forEach(builder::setHeader);
        if (body != null && method.equals("POST")) builder.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    /** The amount a tool call's arguments carry at the tool's configured pointers, if any. */
    private static Optional<Amount> declared(McpOperations ops, String method, byte[] body) {
        if (!method.equals("POST") || body.length == 0) return Optional.empty();
        try {
            JsonValue v = BoundedJson.parse(body, BoundedJson.Limits.DEFAULT.withMaxBytes(McpOperations.MAX_BODY).withMaxDepth(64));
            if (!(v instanceof JsonObject msg) || !(msg.get("method") instanceof JsonString m) || !m.getString().equals("tools/call")
                    || !(msg.get("params") instanceof JsonObject params) || !(params.get("name") instanceof JsonString name)) {
                return Optional.empty();
            }
            Optional<McpOperations.AmountPointer> ap = ops.amountPointer(name.getString());
            if (ap.isEmpty()) return Optional.empty();
            Amounts.Stated s = Amounts.inJsonAt(params.getOrDefault("arguments", JsonValue.EMPTY_JSON_OBJECT),
                    ap.get().amount(), ap.get().currency(), "the arguments of tool " + name.getString());
            return s.single();
        } catch (JsonInputException e) {
            return Optional.empty();
        }
    }
}
