package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link StatusService#issue(jakarta.json.JsonObject, IssueOptions)} issues a credential: which status entries
 * it carries, the just-in-time task it belongs to, how long it is valid, and whether the issuance is recorded for
 * the subject agent. Start from {@link #purposes(StatusPurpose, StatusPurpose...)} (or {@link #noStatus()}) and add
 * with {@link #withTask(String)}, {@link #withValidFor(Duration)} and {@link #withoutAgentRecord()}, e.g.
 * {@code IssueOptions.purposes(REVOCATION, SUSPENSION).withValidFor(Duration.ofHours(8))}. Immutable; a part not
 * set is absent (an empty task or a zero validity is refused, never read as "none").
 */
public final class IssueOptions {
    private static final IssueOptions NO_STATUS = new IssueOptions(Collections.emptySet(), null, null, true);

    private final Set<StatusPurpose> purposes;
    private final String taskId;
    private final Duration validFor;
    private final boolean recordForAgent;

    private IssueOptions(Set<StatusPurpose> purposes, String taskId, Duration validFor, boolean recordForAgent) {
        this.purposes = purposes;
        this.taskId = taskId;
        this.validFor = validFor;
        this.recordForAgent = recordForAgent;
    }

    /** {@return options for a credential without status entries, open-ended, outside any task} */
    public static IssueOptions noStatus() {
        return NO_STATUS;
    }

    /**
     * Options for a credential with one status entry per purpose, open-ended, outside any task.
     *
     * @param first the first purpose
     * @param more  further purposes (a repeated one counts once)
     * @return the options
     * @throws NullPointerException if a purpose is null
     */
    public static IssueOptions purposes(StatusPurpose first, StatusPurpose... more) {
        EnumSet<StatusPurpose> set = EnumSet.of(Objects.requireNonNull(first, "purpose"));
        for (StatusPurpose p : more) {
            set.add(Objects.requireNonNull(p, "purpose"));
        }
        return new IssueOptions(Collections.unmodifiableSet(set), null, null, true);
    }

    /**
     * Options for a credential with one status entry per purpose in {@code purposes}, open-ended, outside any task.
     * For a set computed at run time (from a request or a command line); an empty set issues without status, as
     * {@link #noStatus()} does.
     *
     * @param purposes the purposes; copied
     * @return the options
     * @throws NullPointerException if {@code purposes} or one of them is null
     */
    public static IssueOptions purposes(Set<StatusPurpose> purposes) {
        Objects.requireNonNull(purposes, "purposes");
        EnumSet<StatusPurpose> set = EnumSet.noneOf(StatusPurpose.class);
        for (StatusPurpose p : purposes) {
            set.add(Objects.requireNonNull(p, "purpose"));
        }
        return new IssueOptions(Collections.unmodifiableSet(set), null, null, true);
    }

    /**
     * The options of the deprecated positional forms of {@code StatusService.issue}: an empty task meant none and any
     * validity was taken as given.
     */
    static IssueOptions positional(Set<StatusPurpose> purposes, String taskId, Optional<Duration> validFor,
                                   boolean recordForAgent) {
        Objects.requireNonNull(taskId, "taskId");
        IssueOptions o = purposes(purposes);
        return new IssueOptions(o.purposes, taskId.isEmpty() ? null : taskId, validFor.orElse(null), recordForAgent);
    }

    /**
     * These options with a just-in-time task: the store refuses the entries once the task is completed, in the
     * transaction that checks it.
     *
     * @param taskId the task id; not null or blank
     * @return new options; these are unchanged
     * @throws NullPointerException     if {@code taskId} is null
     * @throws IllegalArgumentException if {@code taskId} is blank
     */
    public IssueOptions withTask(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        if (taskId.isBlank()) {
            throw new IllegalArgumentException("taskId must not be blank; leave it unset for none");
        }
        return new IssueOptions(purposes, taskId, validFor, recordForAgent);
    }

    /**
     * These options with a validity period: the credential's {@code validUntil} is issuance time + {@code validFor}.
     *
     * @param validFor how long the credential is valid; positive
     * @return new options; these are unchanged
     * @throws NullPointerException     if {@code validFor} is null
     * @throws IllegalArgumentException if {@code validFor} is zero or negative
     */
    public IssueOptions withValidFor(Duration validFor) {
        Objects.requireNonNull(validFor, "validFor");
        if (validFor.isZero() || validFor.isNegative()) {
            throw new IllegalArgumentException("validFor must be positive, not " + validFor);
        }
        return new IssueOptions(purposes, taskId, validFor, recordForAgent);
    }

    /**
     * These options for a caller that records the issuance for the subject agent itself, in its own transaction (a
     * {@code KeyRotation} of {@code mandate-agent-registry} replacing a credential): the issuance is still audited.
     *
     * @return new options; these are unchanged
     */
    public IssueOptions withoutAgentRecord() {
        return new IssueOptions(purposes, taskId, validFor, false);
    }

    /** {@return the status purposes, one entry each; empty for a credential without status} */
    public Set<StatusPurpose> purposes() {
        return purposes;
    }

    /** {@return the just-in-time task, or empty for none} */
    public Optional<String> taskId() {
        return Optional.ofNullable(taskId);
    }

    /** {@return how long the credential is valid, or empty for open-ended} */
    public Optional<Duration> validFor() {
        return Optional.ofNullable(validFor);
    }

    /** {@return false when the caller records the issuance for the subject agent itself} */
    public boolean recordForAgent() {
        return recordForAgent;
    }

    /** Equal when all parts are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof IssueOptions i && purposes.equals(i.purposes) && Objects.equals(taskId, i.taskId)
                && Objects.equals(validFor, i.validFor) && recordForAgent == i.recordForAgent;
    }

    /** A hash of all parts. */
    @Override
    public int hashCode() {
        return Objects.hash(purposes, taskId, validFor, recordForAgent);
    }

    /** Names all parts. */
    @Override
    public String toString() {
        return "IssueOptions[purposes=" + purposes + ", taskId=" + taskId + ", validFor=" + validFor
                + ", recordForAgent=" + recordForAgent + "]";
    }
}
