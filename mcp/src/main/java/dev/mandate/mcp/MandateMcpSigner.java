package dev.mandate.mcp;

import dev.mandate.agent.authz.AmountPointer;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.authz.Operation;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import io.modelcontextprotocol.client.transport.customizer.McpSyncHttpClientRequestCustomizer;
import io.modelcontextprotocol.common.McpTransportContext;

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
    private final Map<String, AmountPointer> amountPointers = new LinkedHashMap<>();

    MandateMcpSigner(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * Tool {@code tool}'s arguments carry the amount it moves at JSON pointer {@code amountPointer} and its
     * currency at {@code currencyPointer}: each call of it declares that amount in the proof (when the
     * arguments state exactly one amount and one currency there). Configure the same pointers on the server.
     *
     * @param tool            the tool name
     * @param amountPointer   JSON pointer (RFC 6901) into {@code arguments} to the amount
     * @param currencyPointer JSON pointer into {@code arguments} to the currency
     * @return this signer
     * @throws IllegalArgumentException if a pointer is not a JSON pointer
     */
    public MandateMcpSigner amountPointer(String tool, String amountPointer, String currencyPointer) {
        amountPointers.put(Objects.requireNonNull(tool, "tool"), new AmountPointer(amountPointer, currencyPointer));
        return this;
    }

    @Override
    public void customize(HttpRequest.Builder builder, String method, URI endpoint, String body, McpTransportContext context) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String url = endpoint.toString();
        McpOperations ops = new McpOperations(url, amountPointers, McpOperations.MAX_BODY);
        Operation op = ops.of(method, bytes);
        Intent intent = new Intent(op.action().isEmpty() ? McpOperations.SESSION : op.action(), op.resource().toString(), declared(op));
        Map<String, String> headers;
        try {
            headers = signer.headers(method, url, bytes, intent);
        } catch (CapabilityException e) {
            throw new IllegalStateException("cannot sign the MCP request to " + url + ": " + e.getMessage(), e);
        }
        headers.forEach(builder::setHeader);
        if (body != null && method.equals("POST")) builder.POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    }

    /**
     * The amount to declare in the proof: what the operation's body states at the configured pointers (the
     * mapping already read it), when it states exactly one amount and one currency.
     */
    private static Optional<Amount> declared(Operation op) {
        return op.stated().isEmpty() ? Optional.empty() : op.stated().get(0).single();
    }
}
