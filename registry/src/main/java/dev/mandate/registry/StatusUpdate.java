package dev.mandate.registry;

import java.util.Objects;

/**
 * The outcome of one status change.
 *
 * @param entry       the entry after the change
 * @param oldValue    its value before
 * @param listVersion the list version after the change (unchanged when nothing changed)
 * @param changed     false when the entry already had the requested value (the call was idempotent)
 */
public record StatusUpdate(StatusEntryRecord entry, int oldValue, long listVersion, boolean changed) {
    /**
     * Checks that no reference component is null.
     *
     * @param entry the entry after the change; not null
     * @param oldValue its value before
     * @param listVersion the list version after the change
     * @param changed false when nothing changed
     * @throws NullPointerException naming the null component
     */
    public StatusUpdate {
        Objects.requireNonNull(entry, "entry");
    }
}
