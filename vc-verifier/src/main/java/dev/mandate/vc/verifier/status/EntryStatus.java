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
 */
public record EntryStatus(StatusListEntry entry, int value, boolean valid, String message) {
    public EntryStatus {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(message, "message");
    }

    /** The status message, if the entry defines one for the value. */
    public Optional<String> statusMessage() {
        return message.isEmpty() ? Optional.empty() : Optional.of(message);
    }
}
