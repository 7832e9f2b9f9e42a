package dev.mandate.registry;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * A signed {@code BitstringStatusListCredential} as served, with what an HTTP layer needs for caching.
 *
 * @param list       the list (its {@code version()} is the one signed)
 * @param url        where it is served
 * @param credential the signed list credential
 */
public record PublishedList(StatusListInfo list, String url, JsonObject credential) {
    /**
     * Checks that no reference component is null.
     *
     * @param list the list; not null
     * @param url where it is served; not null
     * @param credential the signed list credential; not null
     * @throws NullPointerException naming the null component
     */
    public PublishedList {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(credential, "credential");
    }

    /** {@return a strong HTTP entity tag for this version of the list, {@code "<id>-<version>"} with the quotes} */
    public String etag() {
        return "\"" + list.id() + "-" + list.version() + "\"";
    }

    /** {@return the {@code Cache-Control} value: public, max-age from the list's ttl (whole seconds, at least 0)} */
    public String cacheControl() {
        return "public, max-age=" + Math.max(0, list.ttl().toSeconds());
    }
}
