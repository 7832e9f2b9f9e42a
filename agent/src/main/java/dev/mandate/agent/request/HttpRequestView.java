package dev.mandate.agent.request;

import java.util.Optional;

/**
 * The parts of an incoming HTTP request the authorizer reads. Adapt your server's request type to this
 * (see {@link SimpleRequest} and docs/capabilities.md, "Server integration").
 */
public interface HttpRequestView {
    /** {@return the method, upper case ({@code GET}, {@code POST}, ...)} */
    String method();

    /** {@return the absolute target URI as the client addressed it (scheme, host, port, path, query)} */
    String uri();

    /**
     * The first value of a header.
     *
     * @param name the header name, compared case-insensitively
     * @return the first value, or empty when the request has no such header
     */
    Optional<String> header(String name);

    /** {@return the body bytes, empty (not null) for none} */
    byte[] body();
}
