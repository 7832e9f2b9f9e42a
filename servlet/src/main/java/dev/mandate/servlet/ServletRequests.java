package dev.mandate.servlet;

import dev.mandate.agent.request.SimpleRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What every Mandate servlet filter (this module's, MCP's, A2A's) does first: read the body within a bound and
 * turn the servlet request into the request the {@code Authorizer} judges.
 */
public final class ServletRequests {
    private ServletRequests() {
    }

    /**
     * The request body, at most {@code maxBody} bytes; a larger one (by its {@code Content-Length}, or once read)
     * is answered 413 and yields empty.
     *
     * @param request the request
     * @param out     its response, for the 413
     * @param maxBody the largest body read, in bytes
     * @param what    names the body in the 413 message, e.g. {@code "MCP request body"}
     * @return the body, or empty after a 413
     * @throws IOException when the body cannot be read
     */
    public static Optional<byte[]> readBody(HttpServletRequest request, HttpServletResponse out, int maxBody, String what) throws IOException {
        if (request.getContentLengthLong() > maxBody) {
            out.sendError(413, what + " larger than " + maxBody + " bytes");
            return Optional.empty();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxBody + 1);
        }
        if (body.length > maxBody) {
            out.sendError(413, what + " larger than " + maxBody + " bytes");
            return Optional.empty();
        }
        return Optional.of(body);
    }

    /**
     * The request as the authorizer reads it: its method, {@code origin} + its raw path and query (the URL the
     * client addressed; behind a proxy the container cannot know the public origin), its headers (names compared
     * without case) and {@code body}.
     *
     * @param request the request
     * @param origin  the public origin, e.g. {@code https://api.example}, without a trailing slash
     * @param body    the body read by {@link #readBody}
     * @return the request to authorize
     */
    public static SimpleRequest view(HttpServletRequest request, String origin, byte[] body) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : Collections.list(request.getHeaderNames())) {
            String v = request.getHeader(name);
            if (v != null) headers.put(name, v);
        }
        String query = request.getQueryString();
        return new SimpleRequest(request.getMethod(), origin + request.getRequestURI() + (query == null ? "" : "?" + query), headers, body);
    }
}
