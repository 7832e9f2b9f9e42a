package dev.mandate.registry.agents;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.model.Workload;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The registry of an organisation's agents, kept in a {@link Store} (SQLite or PostgreSQL) next to the
 * status lists and the {@link AuditLog}.
 *
 * <p>Every registration and state change is one write transaction that also appends a {@code registry}
 * entry to the audit log, so the registry, its history and the log never disagree. A state change locks
 * the agent's row (row lock on PostgreSQL, {@code BEGIN IMMEDIATE} on SQLite) and re-checks the transition
 * under the lock, so concurrent changes from any number of threads or processes produce only legal
 * histories.
 *
 * <p>Retiring an agent also retires its active keys (same transaction) and revokes every credential recorded for
 * it with {@link #recordCredential}. The
 * revocations run after the retirement commits (each is a store transaction of its own); if the process
 * dies in between, {@link #revokeCredentials} finishes the job and is safe to run again.
 *
 * <p>An agent has one or more DIDs ({@link #addDid}; {@link #findByDid} finds it by any of them) and keys on
 * those DIDs ({@link #addKey}, {@link #retireKey}); {@link #didDocument} builds the DID document of a DID from
 * its active keys (what {@code mandate serve} publishes for did:web). {@link KeyRotation} replaces a key.
 *
 * <p>A facade over three parts that share one {@link Store}, audit log and clock: the agents' lifecycle
 * ({@code AgentLifecycle}: registration, state changes, history), their DIDs and keys ({@code AgentKeys}) and the
 * credentials recorded for them ({@code AgentCredentials}).
 *
 * <p>Thread-safe. Refusals are {@link AgentException}; database failures {@link StoreException}.
 */
public final class AgentRegistry {
    /** Longest DID, name, owner, actor or workload id accepted. */
    public static final int MAX_FIELD_CHARS = 2048;
    /** Longest purpose or reason accepted. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** The audit entry type of registry changes. */
    public static final String AUDIT_TYPE = "registry";
    /** Longest credential JSON stored with {@link #recordCredential(String, JsonObject)}. */
    public static final int MAX_CREDENTIAL_CHARS = 256 * 1024;

    private final AgentTables tables;
    private final AgentLifecycle lifecycle;
    private final AgentKeys keys;
    private final AgentCredentials credentials;

    /**
     * Opens the registry in {@code store}, timestamps from the system UTC clock.
     *
     * @param store a JDBC store (SQLite or PostgreSQL); not null
     */
    public AgentRegistry(Store store) {
        this(store, Clock.systemUTC());
    }

    /**
     * Opens the registry in {@code store} with timestamps from {@code clock}.
     *
     * @param store a JDBC store (SQLite or PostgreSQL); not null
     * @param clock the source of timestamps; not null
     */
    public AgentRegistry(Store store, Clock clock) {
        this.tables = new AgentTables(store, clock);
        this.credentials = new AgentCredentials(tables);
        this.lifecycle = new AgentLifecycle(tables, credentials);
        this.keys = new AgentKeys(tables);
    }

    /**
     * Registers an agent in state {@code registered}, with a first history entry and an audit entry. For a valid
     * did:key DID the key it names is recorded as the agent's first (active) key in the same transaction.
     *
     * @param did      the agent's DID
     * @param name     a human-readable name
     * @param owner    the person or team responsible
     * @param purpose  what it is for ("" for none)
     * @param workload the attested workload ({@link Workload#NONE} for none); digests are {@code alg:hex}, the id a URI
     * @param actor    who registers it
     * @return the registered agent
     * @throws AgentException DUPLICATE if the DID is registered, INVALID for bad input
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Agent register(String did, String name, String owner, String purpose, Workload workload, String actor)
            throws AgentException, StoreException {
        return lifecycle.register(did, name, owner, purpose, workload, actor);
    }

    /**
     * Activates a newly registered agent (registered to active); a suspended one is resumed with {@link #resume}.
     *
     * @param did    the agent's registry DID
     * @param actor  who makes the change (1 to {@link #MAX_FIELD_CHARS} characters)
     * @param reason why (required, at most {@link #MAX_TEXT_CHARS} characters)
     * @return the agent after the change
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION unless the agent is registered, INVALID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Agent activate(String did, String actor, String reason) throws AgentException, StoreException {
        return lifecycle.activate(did, actor, reason);
    }

    /**
     * Suspends an active agent, then sets the suspension status of every credential recorded for it that is
     * not revoked and has a suspension entry in this store, so verifiers that check status refuse the agent
     * too (each change is audited as {@code status} under {@code actor}). The status changes follow the
     * state change's commit; should the process die in between, {@code mandate status suspend} the ids
     * that {@code agent show} lists as active.
     *
     * @param did    the agent's registry DID
     * @param actor  who makes the change (1 to {@link #MAX_FIELD_CHARS} characters)
     * @param reason why (required, at most {@link #MAX_TEXT_CHARS} characters)
     * @return the agent after the change
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION unless the agent is active, INVALID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Agent suspend(String did, String actor, String reason) throws AgentException, StoreException {
        return lifecycle.suspend(did, actor, reason);
    }

    /**
     * Resumes a suspended agent (back to active) and lifts the suspension of its recorded credentials (the
     * reverse of {@link #suspend}).
     *
     * @param did    the agent's registry DID
     * @param actor  who makes the change (1 to {@link #MAX_FIELD_CHARS} characters)
     * @param reason why (required, at most {@link #MAX_TEXT_CHARS} characters)
     * @return the agent after the change
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION unless the agent is suspended, INVALID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Agent resume(String did, String actor, String reason) throws AgentException, StoreException {
        return lifecycle.resume(did, actor, reason);
    }

    /**
     * Retires an agent (final) and then revokes every credential recorded for it.
     *
     * @param did    the agent's registry DID
     * @param actor  who makes the change (1 to {@link #MAX_FIELD_CHARS} characters)
     * @param reason why (required, at most {@link #MAX_TEXT_CHARS} characters)
     * @return the retired agent and the credentials revoked or not
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if already retired, INVALID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Retirement retire(String did, String actor, String reason) throws AgentException, StoreException {
        return lifecycle.retire(did, actor, reason);
    }

    /**
     * Moves an agent to state {@code to}, recording the change in its history and the audit log, atomically.
     * Retiring through this method does not revoke credentials; use {@link #retire}.
     *
     * @param did    the agent's registry DID
     * @param to     the state asked for
     * @param actor  who makes the change
     * @param reason why (required)
     * @return the agent after the change
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION (state unchanged), INVALID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Agent transition(String did, AgentState to, String actor, String reason) throws AgentException, StoreException {
        return lifecycle.transition(did, to, actor, reason);
    }

    /**
     * Reads an agent by its registry DID (see {@link #findByDid} for any of its DIDs).
     *
     * @param did the registry DID
     * @return the agent, or empty if none is registered under {@code did}
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Optional<Agent> agent(String did) throws StoreException {
        return tables.agent(did);
    }

    /**
     * Reads every agent.
     *
     * @return every agent, ordered by DID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<Agent> agents() throws StoreException {
        return lifecycle.agents();
    }

    /**
     * Reads an agent's history.
     *
     * @param did the agent's registry DID
     * @return its state changes, oldest first (empty for an unknown agent)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<StateChange> history(String did) throws StoreException {
        return lifecycle.history(did);
    }

    // ---------------------------------------------------------------------------------------------
    // DIDs and keys

    /**
     * The agent that has {@code did} as its registry DID or as one of its additional DIDs.
     *
     * @param did any DID
     * @return the agent, or empty for a DID no agent has
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Optional<Agent> findByDid(String did) throws StoreException {
        return keys.findByDid(did);
    }

    /**
     * Adds another DID to an agent (for example a did:web next to its did:key), so that lookups by it find the
     * agent and keys can be added to it. Appends an {@code add-did} audit entry in the same transaction.
     *
     * @param agent the agent's registry DID
     * @param did   the new DID (a did:web must be a valid did:web DID)
     * @param actor who adds it
     * @param reason why
     * @return the added DID entry
     * @throws AgentException NOT_FOUND, DUPLICATE if any agent already has the DID, ILLEGAL_TRANSITION for a retired
     *                        agent, INVALID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public AgentDid addDid(String agent, String did, String actor, String reason) throws AgentException, StoreException {
        return keys.addDid(agent, did, actor, reason);
    }

    /**
     * Reads an agent's DIDs.
     *
     * @param agent the agent's registry DID
     * @return its DIDs (its registry DID first, then in the order added); empty for an unknown agent
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<AgentDid> dids(String agent) throws StoreException {
        return keys.dids(agent);
    }

    /**
     * The verification method id a key gets under {@code did}: for did:key the DID must be the key's own did:key
     * ({@code did:key:z...#z...}), for did:jwk its did:jwk ({@code #0}); for any other method {@code did#<multikey>}.
     *
     * @param did the DID the key is listed under
     * @param key the public key
     * @return the verification method id (a DID URL)
     * @throws AgentException INVALID if a did:key or did:jwk DID is not the key's own
     */
    public static String verificationMethodId(String did, PublicKeyValue key) throws AgentException {
        return AgentKeys.verificationMethodId(did, key);
    }

    /**
     * Adds an active key to one of the agent's DIDs. Appends an {@code add-key} audit entry in the same
     * transaction.
     *
     * @param agent the agent's registry DID
     * @param did   the DID the key belongs to: the registry DID or one added with {@link #addDid}
     * @param key   the public key
     * @param actor  who adds it
     * @param reason why
     * @return the added key
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION for a retired agent, DUPLICATE if the DID already lists the
     *                        key (active or retired: a retired key is never re-added) or another agent has it, INVALID if
     *                        {@code did} is not the agent's or a did:key / did:jwk DID is not the key's own
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public AgentKey addKey(String agent, String did, PublicKeyValue key, String actor, String reason) throws AgentException, StoreException {
        return keys.addKey(agent, did, key, actor, reason);
    }

    /**
     * Retires one of the agent's keys (final): it is no longer published. Appends a {@code retire-key} audit
     * entry in the same transaction. Retiring the last active key of an active agent is refused (add its
     * successor first, or use {@link KeyRotation}); a suspended or registered agent may be left without keys.
     *
     * @param agent the agent's registry DID
     * @param keyId the key's verification method id (DID URL)
     * @param actor  who retires it
     * @param reason why
     * @return the retired key
     * @throws AgentException NOT_FOUND (agent or key), ILLEGAL_TRANSITION if already retired or the last active key of
     *                        an active agent, INVALID
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public AgentKey retireKey(String agent, String keyId, String actor, String reason) throws AgentException, StoreException {
        return keys.retireKey(agent, keyId, actor, reason);
    }

    /**
     * Reads an agent's keys.
     *
     * @param agent the agent's registry DID
     * @return every key of the agent, active and retired, oldest first; empty for an unknown agent
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<AgentKey> keys(String agent) throws StoreException {
        return keys.keys(agent);
    }

    /**
     * Reads the active keys listed under one DID.
     *
     * @param did one of an agent's DIDs
     * @return the active keys listed under {@code did}, oldest first; empty for a DID no agent has
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<AgentKey> activeKeys(String did) throws StoreException {
        return keys.activeKeys(did);
    }

    /**
     * The DID document of one of the agents' DIDs built from the registry: every active key of that DID as a
     * Multikey method usable for authentication, assertionMethod, capabilityInvocation and capabilityDelegation.
     * This is what {@code mandate serve} publishes for did:web DIDs.
     *
     * @param did one of an agent's DIDs
     * @return empty if no agent has the DID, the agent is retired, or the DID has no active key
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Optional<DidDocument> didDocument(String did) throws StoreException {
        return keys.didDocument(did);
    }

    /**
     * The agents' did:web DIDs whose document is hosted at {@code hostingPath} (e.g. {@code /agents/x/did.json}) on
     * any host, at most {@code max}. For a server that cannot trust the Host header (behind a proxy that rewrites it).
     * The bare-domain path {@code /.well-known/did.json} is never matched (it would match every host).
     *
     * @param hostingPath the request path
     * @param max         the most DIDs returned
     * @return the matching did:web DIDs (empty when none)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<String> webDidsAt(String hostingPath, int max) throws StoreException {
        return keys.webDidsAt(hostingPath, max);
    }

    // ---------------------------------------------------------------------------------------------
    // credentials

    /**
     * Records that credential {@code credentialId} was issued to the agent, so retiring it revokes the
     * credential. Idempotent.
     *
     * @param did          the agent's registry DID
     * @param credentialId the credential's id
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if the agent is retired, INVALID for a blank id
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public void recordCredential(String did, String credentialId) throws AgentException, StoreException {
        credentials.recordCredential(did, credentialId);
    }

    /**
     * Records that a credential was issued (or, with type {@code delegation}, that a delegation was signed):
     * appends an audit entry of {@code type} naming the credential, its issuer, subject, types, validity,
     * status entries and SHA-256 digest, and, when the subject is a registered agent that is not retired,
     * records the credential for it (so retiring the agent revokes it); both in one transaction. A
     * credential without an {@code id} is audited (its digest identifies it) but cannot be recorded for an
     * agent, since status changes need the id.
     *
     * <p>Group commit: a registry writes at most 4 such transactions at once; calls arriving meanwhile share the
     * next one (up to 256 issuances, audited in call order with consecutive sequence numbers), so under load they
     * take one turn on the audit log's counter row instead of one each. A call returns only once the transaction holding its records committed; when that
     * transaction fails, every call in it throws and none of their records is written. Do not call it while holding
     * a transaction of your own on the same store: the batch may be written by another thread that needs its rows.
     *
     * @param credential the signed credential (a JSON object with an {@code id})
     * @param actor      who issued it
     * @param type       {@code issuance} or {@code delegation}
     * @return the agent the credential was recorded for, if any
     * @throws StoreException INVALID when the type is neither or the id is too long, UNAVAILABLE when the database
     *                        fails
     */
    public Optional<String> recordIssuance(JsonObject credential, String actor, String type) throws StoreException {
        return credentials.recordIssuance(credential, actor, type);
    }

    /**
     * Like {@link #recordIssuance(JsonObject, String, String)}; with {@code recordForAgent} false it only audits.
     *
     * @param credential     the signed credential
     * @param actor          who issued it
     * @param type           {@code issuance} or {@code delegation}
     * @param recordForAgent false when the caller records it for the agent itself
     * @return the agent the credential was recorded for, if any (always empty when {@code recordForAgent} is false)
     * @throws StoreException INVALID when the type is neither or the id is too long, UNAVAILABLE when the database
     *                        fails
     */
    public Optional<String> recordIssuance(JsonObject credential, String actor, String type, boolean recordForAgent)
            throws StoreException {
        return credentials.recordIssuance(credential, actor, type, recordForAgent);
    }

    /** {@return the group commit {@link #recordIssuance} goes through, for tests observing its batches} */
    IssuanceCommits issuanceCommits() {
        return credentials.issuances();
    }

    /**
     * Reads the credential ids recorded for an agent.
     *
     * @param did the agent's registry DID
     * @return the ids, oldest first; empty for an unknown agent
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<String> credentials(String did) throws StoreException {
        return credentials.credentials(did);
    }

    /**
     * Revokes, in the status store, every credential recorded for a retired agent that this registry has not
     * revoked yet, and appends a {@code status} audit entry listing them. Safe to run again (after a crash).
     *
     * @param did   the agent's registry DID
     * @param actor who revokes (recorded in the audit log)
     * @return the agent and the credentials revoked now or not revocable
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if the agent is not retired
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Retirement revokeCredentials(String did, String actor) throws AgentException, StoreException {
        return credentials.revokeCredentials(did, actor);
    }

    /**
     * Records a signed credential issued to an agent with its content, so that retiring the agent revokes it and
     * a {@link KeyRotation} can re-issue it to the agent's new DID or key. Its {@code id} is required; its
     * {@code credentialSubject.id} is kept as the subject. Re-recording a credential known by id only adds the
     * content. Idempotent.
     *
     * @param agent      the agent's registry DID
     * @param credential the signed credential (at most {@link #MAX_CREDENTIAL_CHARS} characters as JSON)
     * @return the record as stored
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if the agent is retired, INVALID without an id or too large
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public AgentCredential recordCredential(String agent, JsonObject credential) throws AgentException, StoreException {
        return credentials.recordCredential(agent, credential);
    }

    /**
     * Reads the credentials recorded for an agent.
     *
     * @param agent the agent's registry DID
     * @return the records with their subject, content and revocation, oldest first; empty for an unknown agent
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<AgentCredential> credentialRecords(String agent) throws StoreException {
        return credentials.credentialRecords(agent);
    }

    /**
     * A recorded credential as JSON ({@link AgentCredential#toJson()}) with its current status from the status
     * store: {@code "status": {"revocation": 0|1, "suspension": 0|1, ...}}, empty when it has no status entries.
     *
     * @param credential a record from {@link #credentialRecords}
     * @return the JSON with its status
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public JsonObject credentialWithStatus(AgentCredential credential) throws StoreException {
        return credentials.credentialWithStatus(credential);
    }

    /**
     * Records {@code replacement} (a credential re-issued by a key rotation) and marks {@code oldId} as replaced
     * by it, in one transaction with a {@code reissue-credential} audit entry. If {@code oldId} was already
     * replaced, nothing changes and the earlier replacement's id is returned (so a re-run never issues twice
     * what it recorded once).
     *
     * @return the id of the credential that replaces {@code oldId}
     */
    String recordReplacement(String agent, String oldId, JsonObject replacement, String actor) throws AgentException, StoreException {
        return credentials.recordReplacement(agent, oldId, replacement, actor);
    }

    /** Marks a recorded credential as revoked by the registry (after the status store revoked it). */
    void markRevoked(String agent, String credentialId) throws StoreException {
        credentials.markRevoked(agent, credentialId);
    }

    /** Appends an audit entry of type {@code registry} about the agent (its own transaction). */
    void auditNote(String agent, String actor, JsonObject details) throws StoreException {
        tables.audit.append(AUDIT_TYPE, actor, agent, details);
    }

    /** The credentialSubject.id of a credential (the first subject's), or "". */
    static String subjectOf(JsonObject credential) {
        return AgentCredentials.subjectOf(credential);
    }
}
