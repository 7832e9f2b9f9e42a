package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;

import java.util.Objects;
import java.util.Optional;

/**
 * One allocated status entry: which credential holds which index of which list, for which purpose.
 *
 * @param credentialId the credential's id
 * @param listId       the status list id
 * @param index        the index in the list
 * @param purpose      the status purpose
 * @param taskId       the just-in-time task the credential belongs to, or "" for none
 * @param value        the current status value (0 = clear)
 */
public record StatusEntryRecord(String credentialId, String listId, int index, StatusPurpose purpose, String taskId, int value) {
    /**
     * Checks that no reference component is null.
     *
     * @param credentialId the credential's id; not null
     * @param listId the status list id; not null
     * @param index the index in the list
     * @param purpose the status purpose; not null
     * @param taskId the task id, or "" for none; not null
     * @param value the current status value
     * @throws NullPointerException naming the null component
     */
    public StatusEntryRecord {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(listId, "listId");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(taskId, "taskId");
    }

    /** {@return the task id, or empty if the credential belongs to no task} */
    public Optional<String> task() {
        return taskId.isEmpty() ? Optional.empty() : Optional.of(taskId);
    }

    /**
     * Copies this entry with another value (nothing is stored).
     *
     * @param v the new status value
     * @return the copy
     */
    public StatusEntryRecord withValue(int v) {
        return new StatusEntryRecord(credentialId, listId, index, purpose, taskId, v);
    }
}
