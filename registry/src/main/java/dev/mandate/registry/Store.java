package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The durable store of status lists, status entries, grants and credential uses. Every method is one
 * database transaction: it commits completely or not at all, so a crash loses no committed change and
 * never hands out an index twice. Implementations are thread-safe and may be shared by several
 * processes ({@link SqliteStore} through SQLite's file locking, {@link PostgresStore} through row locks).
 *
 * <p><b>When a status change is seen everywhere.</b> A call that changes a status value ({@link #setStatus} and
 * the methods built on it, {@link #completeTask}) returns {@link #STATUS_CHANGE_WAIT} after its transaction
 * committed. A reader that answers a status check with list versions ({@link #listVersions}) read no longer than
 * {@link #STATUS_VERSIONS_MAX_AGE} before the check began therefore sees every change whose call returned before
 * the check began, in every process on the database (the read started after the commit), without reading the
 * store for each check. This is how {@code mandate serve} checks its own lists: a revocation applies to the
 * very next check on every instance, and busy instances read the versions about once per half that age.
 *
 * <p>Open one with {@link Stores#open(String)}.
 */
public interface Store extends AutoCloseable {

    /**
     * How long after its commit a call that changed a status value returns (see the class comment). Longer
     * than {@link #STATUS_VERSIONS_MAX_AGE} by a margin for the clocks of the processes involved.
     */
    Duration STATUS_CHANGE_WAIT = Duration.ofMillis(30);

    /**
     * The oldest a read of {@link #listVersions} may be, counted from when the read started to when a status check
     * that uses it began, for the check to see every change whose call returned before it began.
     */
    Duration STATUS_VERSIONS_MAX_AGE = Duration.ofMillis(20);

    /** {@return which database this store runs on: {@code sqlite} or {@code postgresql}} */
    String kind();

    /**
     * Reads the schema version.
     *
     * @return the schema version the database is at after start-up migrations
     * @throws StoreException UNAVAILABLE when the database fails
     */
    int schemaVersion() throws StoreException;

    /**
     * Allocates one status entry per purpose for a credential, each at a random free index of the
     * issuer's current list for that purpose (a new list is created when there is none or it is full).
     * Idempotent per (credential, purpose): an existing entry is returned unchanged.
     *
     * @param credentialId the credential's id
     * @param issuer       the issuer DID that will sign the lists
     * @param purposes     one or more purposes (revocation, suspension, message)
     * @param taskId       a just-in-time task id, or "" for none; a completed task refuses new entries
     * @return the entries, in the order of {@link StatusPurpose}
     * @throws StoreException CONFLICT if the task is completed, INVALID for empty ids or purposes, UNAVAILABLE
     *     when the database fails
     */
    List<StatusEntryRecord> allocate(String credentialId, String issuer, Set<StatusPurpose> purposes, String taskId)
            throws StoreException;

    /**
     * Sets the status value of a credential's entry for {@code purpose}, atomically with the list
     * version and the change log. The change is audited under {@link #UNNAMED_ACTOR}.
     *
     * @param credentialId the credential's id
     * @param purpose      which of its entries
     * @param value        the new value (0 clears; at most 2^statusSize - 1)
     * @return the entry after the call; {@code changed()} is false when it already had the value
     * @throws StoreException INVALID for an empty id or a negative value, NOT_FOUND if the credential has no entry
     *     for the purpose, CONFLICT for clearing a revocation or a value wider than the list's statusSize,
     *     UNAVAILABLE when the database fails
     */
    default StatusUpdate setStatus(String credentialId, StatusPurpose purpose, int value) throws StoreException {
        return setStatus(credentialId, purpose, value, UNNAMED_ACTOR);
    }

    /** Who made a status change when the caller does not say: {@value}. */
    String UNNAMED_ACTOR = "unnamed";

    /**
     * Like {@link #setStatus(String, StatusPurpose, int)}, naming who made the change. Every change that
     * happens also appends a {@code status} entry to the audit log in the same transaction (so the status
     * and the log never disagree); a call that changes nothing appends nothing. A call that changed the value
     * returns {@link #STATUS_CHANGE_WAIT} after the commit; one that changed nothing returns at once.
     *
     * @param credentialId the credential's id
     * @param purpose      which of its entries
     * @param value        the new value (0 clears; at most 2^statusSize - 1)
     * @param actor        who made the change (a person, a token name, {@code guard}, ...); not empty
     * @return the entry after the call; {@code changed()} is false when it already had the value
     * @throws StoreException INVALID for an empty id or actor or a negative value, NOT_FOUND if the credential
     *     has no entry for the purpose, CONFLICT for clearing a revocation or a value wider than the list's
     *     statusSize, UNAVAILABLE when the database fails
     */
    StatusUpdate setStatus(String credentialId, StatusPurpose purpose, int value, String actor) throws StoreException;

    /**
     * Revokes a credential (sets its revocation entry to 1). Irreversible. Idempotent.
     *
     * @param credentialId the credential's id
     * @return the entry after the call
     * @throws StoreException NOT_FOUND if the credential has no such entry, UNAVAILABLE when the database fails
     */
    default StatusUpdate revoke(String credentialId) throws StoreException {
        return setStatus(credentialId, StatusPurpose.REVOCATION, 1);
    }

    /**
     * Suspends a credential (sets its suspension entry to 1). Idempotent.
     *
     * @param credentialId the credential's id
     * @return the entry after the call
     * @throws StoreException NOT_FOUND if the credential has no such entry, UNAVAILABLE when the database fails
     */
    default StatusUpdate suspend(String credentialId) throws StoreException {
        return setStatus(credentialId, StatusPurpose.SUSPENSION, 1);
    }

    /**
     * Lifts a suspension (sets the suspension entry back to 0). Idempotent.
     *
     * @param credentialId the credential's id
     * @return the entry after the call
     * @throws StoreException NOT_FOUND if the credential has no such entry, UNAVAILABLE when the database fails
     */
    default StatusUpdate reinstate(String credentialId) throws StoreException {
        return setStatus(credentialId, StatusPurpose.SUSPENSION, 0);
    }

    /**
     * Runs {@code body}, in which the status changes this thread makes return right after their commits, and
     * returns {@link #STATUS_CHANGE_WAIT} after the last of those commits: for loops over many credentials
     * (suspending an agent's credentials, revoking those a key rotation replaced), which would otherwise wait once
     * per change. When {@code body} fails the wait is kept all the same (changes it made before are committed).
     * Nested calls wait once, at the end of the outermost.
     *
     * @param body the changes
     * @param <T>  what {@code body} returns
     * @return what {@code body} returned
     * @throws StoreException what {@code body} threw
     */
    default <T> T batch(Batch<T> body) throws StoreException {
        return body.run();
    }

    /**
     * Status changes made as one {@link #batch(Batch)}.
     *
     * @param <T> what the changes return
     */
    @FunctionalInterface
    interface Batch<T> {
        /**
         * Makes the changes.
         *
         * @return anything
         * @throws StoreException when a change fails
         */
        T run() throws StoreException;
    }

    /**
     * Reads the status entries of a credential.
     *
     * @param credentialId the credential's id
     * @return its entries (one per purpose), ordered by purpose; empty for an unknown credential
     * @throws StoreException UNAVAILABLE when the database fails
     */
    List<StatusEntryRecord> entries(String credentialId) throws StoreException;

    /**
     * Reads the status entries of a task's credentials.
     *
     * @param taskId the task
     * @return every entry of its credentials; empty for an unknown task
     * @throws StoreException UNAVAILABLE when the database fails
     */
    List<StatusEntryRecord> taskEntries(String taskId) throws StoreException;

    /**
     * Reads one list.
     *
     * @param listId the list id
     * @return the list, or empty if there is none
     * @throws StoreException UNAVAILABLE when the database fails
     */
    Optional<StatusListInfo> list(String listId) throws StoreException;

    /**
     * Reads every list.
     *
     * @return every list, oldest first
     * @throws StoreException UNAVAILABLE when the database fails
     */
    List<StatusListInfo> lists() throws StoreException;

    /**
     * The version of every list of {@code issuer}, by list id, read in one statement (one read transaction): what a
     * verifier that keeps each version of its own lists decoded in memory asks before using them.
     *
     * @param issuer the DID that signs the lists
     * @return list id to {@link StatusListInfo#version()}; empty when the issuer has no list
     * @throws StoreException UNAVAILABLE when the database fails
     */
    Map<String, Long> listVersions(String issuer) throws StoreException;

    /**
     * Reads a list and its bitstring in one transaction.
     *
     * @param listId the list id
     * @return the snapshot, or empty if there is no such list
     * @throws StoreException UNAVAILABLE when the database fails
     */
    Optional<ListSnapshot> snapshot(String listId) throws StoreException;

    /**
     * Reads the change log.
     *
     * @param afterSeq the last sequence number already seen (0 for all)
     * @param max      the most changes returned
     * @return committed changes with {@code seq > afterSeq}, oldest first, at most {@code max}
     * @throws StoreException UNAVAILABLE when the database fails
     */
    List<StatusChange> changes(long afterSeq, int max) throws StoreException;

    /**
     * Completes a task: marks it completed (so it accepts no new grant) and revokes every credential of
     * the task that has a revocation entry, in one transaction. Completing a completed task changes nothing.
     *
     * An unknown task is recorded as completed, so it can never get a grant. Audited under {@link #UNNAMED_ACTOR}.
     * A call that revoked anything returns {@link #STATUS_CHANGE_WAIT} after the commit.
     *
     * @param taskId the task
     * @return the revocations this call made (empty when already completed)
     * @throws StoreException INVALID for an empty task id, UNAVAILABLE when the database fails
     */
    default List<StatusUpdate> completeTask(String taskId) throws StoreException {
        return completeTask(taskId, UNNAMED_ACTOR);
    }

    /**
     * Like {@link #completeTask(String)}, naming who completed it (each revocation is audited under that actor).
     *
     * @param taskId the task
     * @param actor  who completed it; not empty
     * @return the revocations this call made (empty when already completed)
     * @throws StoreException INVALID for an empty task id or actor, UNAVAILABLE when the database fails
     */
    List<StatusUpdate> completeTask(String taskId, String actor) throws StoreException;

    /**
     * Reads one task.
     *
     * @param taskId the task id
     * @return the task, or empty if no grant or completion ever named it
     * @throws StoreException UNAVAILABLE when the database fails
     */
    Optional<TaskInfo> task(String taskId) throws StoreException;

    /**
     * Records an issued grant (its task is created if new). Recording the same credential id again does nothing.
     *
     * @param grant the grant; not null
     * @throws StoreException INVALID for an empty task id, CONFLICT if the task is completed, UNAVAILABLE when the
     *     database fails
     */
    void recordGrant(GrantRecord grant) throws StoreException;

    /**
     * Reads one grant.
     *
     * @param credentialId the grant's credential id
     * @return the grant, or empty if this store recorded none with that id
     * @throws StoreException UNAVAILABLE when the database fails
     */
    Optional<GrantRecord> grant(String credentialId) throws StoreException;

    /**
     * Reads the grants of a task.
     *
     * @param taskId the task
     * @return its grants; empty for an unknown task
     * @throws StoreException UNAVAILABLE when the database fails
     */
    List<GrantRecord> grants(String taskId) throws StoreException;

    /**
     * Records one use of a credential and returns how many uses there have been including this one; a
     * single-use grant is accepted only when this returns 1. Atomic across threads and processes.
     *
     * @param credentialId the credential used
     * @param at           when it was used
     * @return the number of uses so far, this one included
     * @throws StoreException INVALID for an empty id, UNAVAILABLE when the database fails
     */
    int recordUse(String credentialId, Instant at) throws StoreException;

    /**
     * Closes connections. The store is unusable afterwards.
     *
     * @throws StoreException UNAVAILABLE if a connection cannot be closed cleanly
     */
    @Override
    void close() throws StoreException;
}
