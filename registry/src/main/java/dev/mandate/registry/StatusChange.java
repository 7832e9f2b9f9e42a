package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;

import java.time.Instant;
import java.util.Objects;

/**
 * A committed status change, from the store's change log (audit trail and push feed).
 *
 * @param seq          the log sequence number (increasing)
 * @param listId       the list that changed
 * @param listVersion  the list version the change produced
 * @param credentialId the credential whose status changed
 * @param purpose      the purpose of the entry
 * @param index        the entry index
 * @param oldValue     the value before
 * @param newValue     the value after
 * @param at           when it was committed
 */
public record StatusChange(long seq, String listId, long listVersion, String credentialId, StatusPurpose purpose,
                           int index, int oldValue, int newValue, Instant at) {
    /**
     * Checks that no reference component is null.
     *
     * @param seq the log sequence number
     * @param listId the list; not null
     * @param listVersion the list version after
     * @param credentialId the credential; not null
     * @param purpose the purpose; not null
     * @param index the entry index
     * @param oldValue the value before
     * @param newValue the value after
     * @param at when it was committed; not null
     * @throws NullPointerException naming the null component
     */
    public StatusChange {
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(at, "at");
    }
}
