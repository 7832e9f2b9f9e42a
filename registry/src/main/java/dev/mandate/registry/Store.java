package dev.mandate.registry;

import dev.mandate.vc.status.StatusPurpose;

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
 * <p>Open one with {@link Stores#open(String)}.
 */
public interface Store extends AutoCloseable {

    /** Which database this store runs on: {@code sqlite} or {@code postgresql}. */
    String kind();

    /** The schema version the database is at after start-up migrations. */
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
     */
    List<StatusEntryRecord> allocate(String credentialId, String issuer, Set<StatusPurpose> purposes, String taskId)
            throws StoreException;

    /**
     * Sets the status value of a credential's entry for {@code purpose}, atomically with the list
     * version and the change log.
     *
     * @throws StoreException NOT_FOUND if the credential has no entry for the purpose, CONFLICT for clearing a
     *     revocation or a value wider than the list's statusSize, UNAVAILABLE
     */
    default StatusUpdate setStatus(String credentialId, StatusPurpose purpose, int value) throws StoreException {
        return setStatus(credentialId, purpose, value, UNNAMED_ACTOR);
    }

    /** Who made a status change when the caller does not say: {@value}. */
    String UNNAMED_ACTOR = "unnamed";

    /**
     * Like {@link #setStatus(String, StatusPurpose, int)}, naming who made the change. Every change that
     * happens also appends a {@code status} entry to the audit log in the same transaction (so the status
     * and the log never disagree); a call that changes nothing appends nothing.
     *
     * @param actor who made the change (a person, a token name, {@code guard}, ...)
     */
    StatusUpdate setStatus(String credentialId, StatusPurpose purpose, int value, String actor) throws StoreException;

    /** Revokes a credential (sets its revocation entry to 1). Irreversible. */
    default StatusUpdate revoke(String credentialId) throws StoreException {
        return setStatus(credentialId, StatusPurpose.REVOCATION, 1);
    }

    /** Suspends a credential (sets its suspension entry to 1). */
    default StatusUpdate suspend(String credentialId) throws StoreException {
        return setStatus(credentialId, StatusPurpose.SUSPENSION, 1);
    }

    /** Lifts a suspension (sets the suspension entry back to 0). */
    default StatusUpdate reinstate(String credentialId) throws StoreException {
        return setStatus(credentialId, StatusPurpose.SUSPENSION, 0);
    }

    /** Every status entry of a credential (one per purpose), ordered by purpose. */
    List<StatusEntryRecord> entries(String credentialId) throws StoreException;

    /** Every status entry of a task's credentials. */
    List<StatusEntryRecord> taskEntries(String taskId) throws StoreException;

    /** A list by id. */
    Optional<StatusListInfo> list(String listId) throws StoreException;

    /** Every list, oldest first. */
    List<StatusListInfo> lists() throws StoreException;

    /**
     * The version of every list of {@code issuer}, by list id, read in one statement (one read transaction): what a
     * verifier that keeps each version of its own lists decoded in memory asks before using them.
     *
     * @param issuer the DID that signs the lists
     * @return list id to {@link StatusListInfo#version()}; empty when the issuer has no list
     */
    Map<String, Long> listVersions(String issuer) throws StoreException;

    /** The list and its bitstring, read consistently. */
    Optional<ListSnapshot> snapshot(String listId) throws StoreException;

    /** Committed changes with {@code seq > afterSeq}, oldest first, at most {@code max}. */
    List<StatusChange> changes(long afterSeq, int max) throws StoreException;

    /**
     * Completes a task: marks it completed (so it accepts no new grant) and revokes every credential of
     * the task that has a revocation entry, in one transaction. Completing a completed task changes nothing.
     *
     * @return the revocations this call made (empty when already completed)
     */
    default List<StatusUpdate> completeTask(String taskId) throws StoreException {
        return completeTask(taskId, UNNAMED_ACTOR);
    }

    /** Like {@link #completeTask(String)}, naming who completed it (each revocation is audited under that actor). */
    List<StatusUpdate> completeTask(String taskId, String actor) throws StoreException;

    /** A task by id. */
    Optional<TaskInfo> task(String taskId) throws StoreException;

    /** Records an issued grant (its task is created if new; refused with CONFLICT if the task is completed). */
    void recordGrant(GrantRecord grant) throws StoreException;

    /** A grant by credential id. */
    Optional<GrantRecord> grant(String credentialId) throws StoreException;

    /** The grants of a task. */
    List<GrantRecord> grants(String taskId) throws StoreException;

    /**
     * Records one use of a credential and returns how many uses there have been including this one; a
     * single-use grant is accepted only when this returns 1. Atomic across threads and processes.
     */
    int recordUse(String credentialId, Instant at) throws StoreException;

    /** Closes connections. The store is unusable afterwards. */
    @Override
    void close() throws StoreException;
}
