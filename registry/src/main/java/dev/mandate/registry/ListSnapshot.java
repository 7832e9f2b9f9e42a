package dev.mandate.registry;

import dev.mandate.vc.status.StatusBitstring;

import java.util.Objects;

/**
 * A consistent picture of one list: its row and the bitstring of every entry's value, both read in
 * one transaction, so {@code list.version()} names exactly this bitstring.
 *
 * @param list the list
 * @param bits a fresh bitstring (the caller may keep or change it)
 */
public record ListSnapshot(StatusListInfo list, StatusBitstring bits) {
    /**
     * Checks that no reference component is null.
     *
     * @param list the list; not null
     * @param bits the bitstring; not null
     * @throws NullPointerException naming the null component
     */
    public ListSnapshot {
        Objects.requireNonNull(list, "list");
        Objects.requireNonNull(bits, "bits");
    }
}
