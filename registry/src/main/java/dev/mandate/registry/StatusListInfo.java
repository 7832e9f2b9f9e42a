package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A status list as the store keeps it.
 *
 * @param id         the list id (the last segment of its URL)
 * @param issuer     the DID that signs the list
 * @param purpose    its status purpose
 * @param size       number of entries (at least 131,072)
 * @param statusSize bits per entry
 * @param ttl        how long verifiers may cache the published list
 * @param allocated  entries handed out so far (never decreases)
 * @param full       true once every index is allocated; new entries then go to a new list
 * @param version    incremented by every committed status change (the list's ETag)
 * @param createdAt  when the list was created
 */
public record StatusListInfo(String id, String issuer, StatusPurpose purpose, int size, int statusSize, Duration ttl,
                             int allocated, boolean full, long version, Instant createdAt) {
    /**
     * Checks that no reference component is null.
     *
     * @param id the list id; not null
     * @param issuer the signing DID; not null
     * @param purpose its status purpose; not null
     * @param size number of entries
     * @param statusSize bits per entry
     * @param ttl the cache lifetime
     * @param allocated entries handed out so far
     * @param full true once every index is allocated
     * @param version the list version
     * @param createdAt when the list was created
     * @throws NullPointerException naming the null component
     */
    public StatusListInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
