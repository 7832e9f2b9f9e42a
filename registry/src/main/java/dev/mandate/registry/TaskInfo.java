package dev.mandate.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A just-in-time task: grants are issued for it until it completes; completing it revokes them all.
 *
 * @param id                the task id
 * @param completed         true once completed
 * @param createdAt         when the first grant for it was issued
 * @param completedAtMillis epoch milliseconds of completion, or -1
 */
public record TaskInfo(String id, boolean completed, Instant createdAt, long completedAtMillis) {
    /**
     * Checks that no reference component is null.
     *
     * @param id the task id; not null
     * @param completed true once completed
     * @param createdAt when the first grant was issued; not null
     * @param completedAtMillis epoch milliseconds of completion, or -1
     * @throws NullPointerException naming the null component
     */
    public TaskInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@return when the task completed, or empty while it is open} */
    public Optional<Instant> completedAt() {
        return completedAtMillis < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(completedAtMillis));
    }
}
