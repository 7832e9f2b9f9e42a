package dev.mandate.vc.verifier.status;

import java.util.Objects;

/**
 * A retrieved status list document and what HTTP said about caching it.
 *
 * @param body          the response body (JSON)
 * @param maxAgeSeconds Cache-Control max-age, or -1 when absent
 * @param noStore       true for Cache-Control no-store or no-cache: do not reuse it without asking
 * @param version       the version of the document, as {@link StatusListFetcher#version(String)} reports it, or ""
 *                      when the fetcher cannot tell. A {@code noStore} list with a version is kept verified and decoded
 *                      and reused for as long as the fetcher reports the same version (checked on every use)
 * @param streamLink    the status event stream the response linked to ({@link StatusStreamLink}), resolved against the
 *                      list's URL, or "" when it named none: unchecked, see {@link StatusStreamLink#refusal(String, String)}
 */
public record FetchedList(byte[] body, long maxAgeSeconds, boolean noStore, String version, String streamLink) {
    public FetchedList {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(streamLink, "streamLink");
    }

    /** A body with a version and no stream link. */
    public FetchedList(byte[] body, long maxAgeSeconds, boolean noStore, String version) {
        this(body, maxAgeSeconds, noStore, version, "");
    }

    /** A body without a version. */
    public FetchedList(byte[] body, long maxAgeSeconds, boolean noStore) {
        this(body, maxAgeSeconds, noStore, "");
    }

    /** A body with no caching headers. */
    public static FetchedList of(byte[] body) {
        return new FetchedList(body, -1, false);
    }
}
