package dev.mandate.agent.request;

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
    /** Copies; header names become case-insensitive. */
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

    /** The same request with one header set. */
    public SimpleRequest withHeader(String name, String value) {
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        h.put(name, value);
        return new SimpleRequest(method, uri, h, body);
    }

    /** The same request with another body. */
    public SimpleRequest withBody(byte[] b) { return new SimpleRequest(method, uri, headers, b); }
}
