package dev.mandate.a2a;

import dev.mandate.agent.authz.AmountPointer;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.authz.Operation;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The caller side of the capabilities extension for A2A ({@value A2aOperations#EXTENSION}, docs/a2a.md): signs
 * an A2A JSON-RPC request with the agent's key and chain ({@code Authorization: Mandate <jws>},
 * {@code Mandate-Chain}, {@code Content-Digest}) for the operation the callee will derive from the same body,
 * and activates the extension ({@code A2A-Extensions}). With the JDK client:
 * <pre>{@code
 * MandateA2aSigner a2a = new MandateA2aSigner(requestSigner);
 * byte[] body = MandateA2aSigner.sendMessage("req-1", "forecast", message);   // or any JSON-RPC request
 * HttpResponse<String> r = http.send(a2a.request("https://weather.example/a2a", body), BodyHandlers.ofString());
 * }</pre>
 * A message must name its skill at {@code params.metadata["}{@value A2aOperations#EXTENSION}{@code "].skill}
 * ({@link #withSkill} puts it there). A request that cannot be signed (no skill, a URL the canonical form refuses)
 * fails with an {@link IllegalArgumentException} naming the rule. Thread-safe once configured.
 */
public final class MandateA2aSigner {
    private final RequestSigner signer;
    private final Map<String, AmountPointer> amountPointers = new LinkedHashMap<>();

    /**
     * A signer for one agent.
     *
     * @param signer the agent's request signer (key and chain); not null
     */
    public MandateA2aSigner(RequestSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * Messages to skill {@code skill} carry the amount they move at JSON pointer {@code amountPointer} of the
     * request's {@code params} and its currency at {@code currencyPointer}: each such message declares that amount
     * in the proof. Configure the same pointers on the callee.
     *
     * @param skill           the skill id
     * @param amountPointer   JSON pointer (RFC 6901) into {@code params} to the amount
     * @param currencyPointer JSON pointer into {@code params} to the currency
     * @return this signer
     * @throws IllegalArgumentException if a pointer is not a JSON pointer
     */
    public MandateA2aSigner amountPointer(String skill, String amountPointer, String currencyPointer) {
        amountPointers.put(Objects.requireNonNull(skill, "skill"), new AmountPointer(amountPointer, currencyPointer));
        return this;
    }

    /**
     * The headers for POSTing {@code body} (the exact bytes to send) to the A2A JSON-RPC endpoint {@code endpoint}.
     *
     * @param endpoint the callee's A2A JSON-RPC URL
     * @param body     the exact JSON-RPC request bytes to send
     * @return {@code Authorization}, {@code Mandate-Chain}, {@code Content-Digest}, {@code A2A-Extensions} and
     *         {@code Content-Type}, in that order
     * @throws IllegalArgumentException if the body does not map to an operation (the reason is the callee's), or the
     *                                  URL is not in canonical form
     */
    public Map<String, String> headers(String endpoint, byte[] body) {
        A2aOperations ops = new A2aOperations(endpoint, Set.of(), amountPointers, A2aOperations.MAX_BODY);
        A2aOperations.Mapped mapped = ops.of("POST", body);
        Operation op = mapped.operation();
        if (op.refusal().isPresent()) {
            throw new IllegalArgumentException("cannot sign the A2A request to " + endpoint + ": " + op.refusal().get().message());
        }
        Intent intent = new Intent(op.action(), op.resource().toString(), declared(op));
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            headers.putAll(signer.headers("POST", endpoint, body, intent));
        } catch (CapabilityException e) {
            throw new IllegalArgumentException("cannot sign the A2A request to " + endpoint + ": " + e.getMessage(), e);
        }
        headers.put(A2aOperations.EXTENSIONS_HEADER, A2aOperations.EXTENSION);
        headers.put("Content-Type", "application/json");
        return headers;
    }

    /**
     * A signed JDK {@code HttpRequest} POSTing {@code body} to {@code endpoint}.
     *
     * @param endpoint the callee's A2A JSON-RPC URL
     * @param body     the exact JSON-RPC request bytes to send
     * @return the request, with the {@link #headers} set
     * @throws IllegalArgumentException as {@link #headers} does
     */
    public HttpRequest request(String endpoint, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers(endpoint, body).forEach(b::header);
        return b.build();
    }

    /**
     * {@code request} (a JSON-RPC {@code SendMessage} or {@code SendStreamingMessage} request) with
     * {@code params.metadata["}{@value A2aOperations#EXTENSION}{@code "].skill} set to {@code skill}, other members kept.
     *
     * @param request the JSON-RPC request
     * @param skill   the skill id; not null
     * @return a new request object
     */
    public static JsonObject withSkill(JsonObject request, String skill) {
        Objects.requireNonNull(skill, "skill");
        JsonObject params = request.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject metadata = params.get("metadata") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject ext = metadata.get(A2aOperations.EXTENSION) instanceof JsonObject e ? e : JsonValue.EMPTY_JSON_OBJECT;
        return Jsonp.PROVIDER.createObjectBuilder(request)
                .add("params", Jsonp.PROVIDER.createObjectBuilder(params)
                        .add("metadata", Jsonp.PROVIDER.createObjectBuilder(metadata)
                                .add(A2aOperations.EXTENSION, Jsonp.PROVIDER.createObjectBuilder(ext).add("skill", skill))))
                .build();
    }

    /**
     * The body of an A2A v1.0 {@code SendMessage} JSON-RPC request to a skill.
     *
     * @param id      the JSON-RPC id
     * @param skill   the skill id
     * @param message the A2A {@code Message} object
     * @return the UTF-8 JSON bytes
     */
    public static byte[] sendMessage(String id, String skill, JsonObject message) {
        JsonObject rpc = Jsonp.PROVIDER.createObjectBuilder().add("jsonrpc", "2.0").add("id", id).add("method", "SendMessage")
                .add("params", Jsonp.PROVIDER.createObjectBuilder().add("message", message)).build();
        return withSkill(rpc, skill).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The amount to declare in the proof: what the operation's body states at the configured pointers (the
     * mapping already read it), when it states exactly one amount and one currency.
     */
    private static Optional<Amount> declared(Operation op) {
        return op.stated().isEmpty() ? Optional.empty() : op.stated().get(0).single();
    }
}
