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
    /**
     * Checks that the body and version are present.
     *
     * @param body          the response body; not null
     * @param maxAgeSeconds Cache-Control max-age, or -1
     * @param noStore       Cache-Control no-store or no-cache
     * @param version       the document's version, or ""; not null
     * @param streamLink    the linked status event stream, or ""; not null
     */
    public FetchedList {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(streamLink, "streamLink");
    }

    /**
     * A body with a version and no stream link.
     *
     * @param body          the response body
     * @param maxAgeSeconds Cache-Control max-age, or -1 when absent
     * @param noStore       true for Cache-Control no-store or no-cache
     * @param version       the document's version, or ""
     */
    public FetchedList(byte[] body, long maxAgeSeconds, boolean noStore, String version) {
        this(body, maxAgeSeconds, noStore, version, "");
    }

    /**
     * A body without a version.
     *
     * @param body          the response body
     * @param maxAgeSeconds Cache-Control max-age, or -1 when absent
     * @param noStore       true for Cache-Control no-store or no-cache
     */
    public FetchedList(byte[] body, long maxAgeSeconds, boolean noStore) {
        this(body, maxAgeSeconds, noStore, "");
    }

    /**
     * {@return a fetched list with no caching headers (no max-age, reusable) and no version}
     *
     * @param body the response body
     */
    public static FetchedList of(byte[] body) {
        return new FetchedList(body, -1, false);
    }
}
