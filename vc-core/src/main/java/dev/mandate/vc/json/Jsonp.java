package dev.mandate.vc.json;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once. {@code jakarta.json.Json.createObjectBuilder()} and its siblings
 * search the service loader on every call, which dominated verification time; hot paths use
 * {@link #PROVIDER} instead.
 */
public final class Jsonp {
    /** The provider of this class path (Parsson). */
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private Jsonp() {
    }
}
