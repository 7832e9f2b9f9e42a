package dev.mandate.vc.verifier.status;

import dev.mandate.vc.status.StatusListEntry;

import java.util.Objects;
import java.util.Optional;

/**
 * The status one entry of a credential has.
 *
 * @param entry   the credential's {@code BitstringStatusListEntry}
 * @param value   the value read from the list
 * @param valid   false when the value makes the credential unacceptable (revoked or suspended)
 * @param message the entry's {@code statusMessage} for the value, or ""
 * @param source  where the list came from: {@code fetched}, {@code cached} or {@code pushed} (fetched again
 *                because a push from the issuer's change stream dropped the cached copy)
 */
public record EntryStatus(StatusListEntry entry, int value, boolean valid, String message, String source) {
    /**
     * Checks that no reference component is null.
     *
     * @param entry   the status entry
     * @param value   the value read
     * @param valid   whether the value is acceptable
     * @param message the status message, or ""
     * @param source  {@code fetched}, {@code cached} or {@code pushed}
     */
    public EntryStatus {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(source, "source");
    }

    /** {@return the status message, if the entry defines one for the value} */
    public Optional<String> statusMessage() {
        return message.isEmpty() ? Optional.empty() : Optional.of(message);
    }
}
