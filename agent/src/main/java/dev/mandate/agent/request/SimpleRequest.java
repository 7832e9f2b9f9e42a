package dev.mandate.agent.request;

import dev.mandate.agent.CapabilityException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plain {@link HttpRequestView}: method, absolute URI, headers and body.
 *
 * @param method  HTTP method
 * @param uri     absolute target URI
 * @param headers header names (any case) to values
 * @param body    body bytes
 */
public record SimpleRequest(String method, String uri, Map<String, String> headers, byte[] body) implements HttpRequestView {
    /**
     * Copies; header names become case-insensitive and the method upper case.
     *
     * @param method  the HTTP method, any case
     * @param uri     the absolute target URI
     * @param headers header names to values (one value per name); copied
     * @param body    the body bytes, empty for none; copied
     * @throws NullPointerException if an argument is null
     */
    public SimpleRequest {
        Objects.requireNonNull(method);
        Objects.requireNonNull(uri);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(h);
        body = body.clone();
        method = method.toUpperCase(Locale.ROOT);
    }

    @Override public Optional<String> header(String name) { return Optional.ofNullable(headers.get(name)); }

    @Override public byte[] body() { return body.clone(); }

    /**
     * The same request with one header set.
     *
     * @param name  the header name, any case; an existing value under any case of it is replaced
     * @param value the value
     * @return a new request
     */
    public SimpleRequest withHeader(String name, String value) {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.put(name, value);
        return new SimpleRequest(method, uri, h, body);
    }

    /**
     * The same request with another body (headers such as {@code Content-Digest} are left as they were).
     *
     * @param b the new body; copied
     * @return a new request
     */
    public SimpleRequest withBody(byte[] b) { return new SimpleRequest(method, uri, headers, b); }

    /**
     * This request as JSON, the request-file format of {@code mandate authorize} and the body of the
     * server's {@code POST /authorize}: {@code {"method", "uri", "headers": {...}, "body"}}, with
     * {@code "bodyBase64"} instead of {@code "body"} when the body is not UTF-8 text.
     *
     * @return the JSON form
     */
    public JsonObject toJson() {
        JsonObjectBuilder h = Jsonp.PROVIDER.createObjectBuilder();
        headers.forEach(h::add);
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("method", method).add("uri", uri).add("headers", h);
        String text = new String(body, StandardCharsets.UTF_8);
        if (Arrays.equals(text.getBytes(StandardCharsets.UTF_8), body)) {
            b.add("body", text);
        } else {
            b.add("bodyBase64", Base64.getEncoder().encodeToString(body));
        }
        return b.build();
    }

    /**
     * Reads the JSON form of {@link #toJson()}; without {@code body} and {@code bodyBase64} the body is empty.
     *
     * @param o the request object
     * @return the request
     * @throws CapabilityException naming what is wrong: {@code method} or {@code uri} missing, a header value that
     *                             is not a string, or {@code bodyBase64} that is not base64
     */
    public static SimpleRequest fromJson(JsonObject o) throws CapabilityException {
        if (!(o.get("method") instanceof JsonString m) || !(o.get("uri") instanceof JsonString u)) {
            throw new CapabilityException("a request needs \"method\" and \"uri\" strings");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (o.get("headers") instanceof JsonObject h) {
            for (Map.Entry<String, JsonValue> e : h.entrySet()) {
                if (!(e.getValue() instanceof JsonString v)) {
                    throw new CapabilityException("header " + e.getKey() + " must be a string");
                }
                headers.put(e.getKey(), v.getString());
            }
        } else if (o.containsKey("headers")) {
            throw new CapabilityException("\"headers\" must be an object of strings");
        }
        byte[] body = new byte[0];
        if (o.get("body") instanceof JsonString s) {
            body = s.getString().getBytes(StandardCharsets.UTF_8);
        } else if (o.get("bodyBase64") instanceof JsonString s) {
            try {
                body = Base64.getDecoder().decode(s.getString());
            } catch (IllegalArgumentException e) {
                throw new CapabilityException("\"bodyBase64\" is not base64");
            }
        }
        return new SimpleRequest(m.getString(), u.getString(), headers, body);
    }
}
