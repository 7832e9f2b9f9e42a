package dev.mandate.agent.request;

import java.util.Optional;

/**
 * The parts of an incoming HTTP request the authorizer reads. Adapt your server's request type to this
 * (see {@link SimpleRequest} and docs/capabilities.md, "Server integration").
 */
public interface HttpRequestView {
    /** The method, upper case ({@code GET}, {@code POST}, ...). */
    String method();

    /** The absolute target URI as the client addressed it (scheme, host, port, path, query). */
    String uri();

    /** The first value of a header (name compared case-insensitively). */
    Optional<String> header(String name);

    /** The body bytes (empty for none). */
    byte[] body();
}
