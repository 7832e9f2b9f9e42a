package dev.mandate.vc.verifier.status;

import java.util.Objects;

/**
 * A retrieved status list document and what HTTP said about caching it.
 *
 * @param body          the response body (JSON)
 * @param maxAgeSeconds Cache-Control max-age, or -1 when absent
 * @param noStore       true for Cache-Control no-store or no-cache: do not reuse it
 */
public record FetchedList(byte[] body, long maxAgeSeconds, boolean noStore) {
    public FetchedList {
        Objects.requireNonNull(body, "body");
    }

    /** A body with no caching headers. */
    public static FetchedList of(byte[] body) {
        return new FetchedList(body, -1, false);
    }
}
