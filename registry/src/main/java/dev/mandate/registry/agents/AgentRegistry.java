package dev.mandate.registry.agents;

import dev.mandate.vc.model.Workload;

import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.did.Did;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;


import static dev.mandate.registry.JdbcTransactions.many;
import static dev.mandate.registry.JdbcTransactions.one;
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
 * <p>Thread-safe. Refusals are {@link AgentException}; database failures {@link StoreException}.
 */
public final class AgentRegistry {
    /** Longest DID, name, owner, actor or workload id accepted. */
    public static final int MAX_FIELD_CHARS = 2048;
    /** Longest purpose or reason accepted. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** The audit entry type of registry changes. */
    public static final String AUDIT_TYPE = "registry";
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]{2,16}:[0-9a-fA-F]{32,128}");
    private static final Pattern DID = Pattern.compile("did:[a-z0-9]+:\\S+");

    private final Store store;
    private final AuditLog audit;
    private final Clock clock;
    private final String lockSuffix;

    /** The registry in {@code store}, timestamps from the system clock. */
    public AgentRegistry(Store store) {
        this(store, Clock.systemUTC());
    }

    /** The registry in {@code store} with timestamps from {@code clock}. */
    public AgentRegistry(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(store, clock);
        this.lockSuffix = "postgresql".equals(store.kind()) ? " FOR UPDATE" : "";
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
     * @throws AgentException DUPLICATE if the DID is registered, INVALID for bad input
     */
    public Agent register(String did, String name, String owner, String purpose, Workload workload, String actor)
            throws AgentException, StoreException {
        checkNewDid(did);
        text("name", name, MAX_FIELD_CHARS, true);
        text("owner", owner, MAX_FIELD_CHARS, true);
        text("purpose", purpose, MAX_TEXT_CHARS, false);
        text("actor", actor, MAX_FIELD_CHARS, true);
        Objects.requireNonNull(workload, "workload");
        digest("codeDigest", workload.codeDigest().orElse(""));
        digest("imageDigest", workload.imageDigest().orElse(""));
        workloadId(workload.workloadId().orElse(""));
        if (workload.buildProvenance().isPresent()) {
            throw new AgentException(AgentException.Reason.INVALID, "the registry does not record buildProvenance; state it in the agent's capability credential instead");
        }
        Optional<PublicKeyValue> ownKey = didKeyOf(did);
        Object out = JdbcTransactions.write(store, c -> {
            long now = clock.millis();
            if (ownKey.isPresent()) {
                try (PreparedStatement p = c.prepareStatement("SELECT agent FROM agent_key WHERE public_key_multibase = ?")) {
                    p.setString(1, ownKey.get().toMultikey());
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next()) {
                            return new AgentException(AgentException.Reason.DUPLICATE, "the key of " + did + " already belongs to agent " + rs.getString(1));
                        }
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_did (did, agent, added_at, added_by, reason)"
                    + " VALUES (?, ?, ?, ?, 'registered') ON CONFLICT (did) DO NOTHING")) {
                p.setString(1, did);
                p.setString(2, did);
                p.setLong(3, now);
                p.setString(4, actor);
                if (p.executeUpdate() == 0) {
                    return new AgentException(AgentException.Reason.DUPLICATE, "DID " + did + " is already registered (as an agent or one of its DIDs)");
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO agent (did, name, owner, purpose, code_digest, image_digest,"
                    + " workload_id, state, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
                + " ON CONFLICT (did) DO NOTHING")) {
                p.setString(1, did);
                p.setString(2, name);
                p.setString(3, owner);
                p.setString(4, purpose);
                p.setString(5, workload.codeDigest().orElse(""));
                p.setString(6, workload.imageDigest().orElse(""));
                p.setString(7, workload.workloadId().orElse(""));
                p.setString(8, AgentState.REGISTERED.token());
                p.setLong(9, now);
                p.setLong(10, now);
                if (p.executeUpdate() == 0) {
                    return new AgentException(AgentException.Reason.DUPLICATE, "agent " + did + " is already registered");
                }
            }
            insertHistory(c, did, 1, AgentState.REGISTERED, AgentState.REGISTERED, actor, "registered", now);
            Agent agent = load(c, did, "").orElseThrow();
            var details = Jsonp.PROVIDER.createObjectBuilder().add("action", "register").add("agent", agent.toJson());
            if (ownKey.isPresent()) {
                // a did:key names its key: record it as the agent's first key
                String id = DidKey.verificationMethodId(ownKey.get());
                insertKey(c, id, did, did, ownKey.get().toMultikey(), now, actor, "the key of its did:key");
                details.add("key", id);
            }
            audit.appendIn(c, AUDIT_TYPE, actor, did, details.build());
            return agent;
        });
        return unwrap(out, Agent.class);
    }

    /** Activates a newly registered agent (registered to active); a suspended one is resumed with {@link #resume}. */
    public Agent activate(String did, String actor, String reason) throws AgentException, StoreException {
        return transition(did, AgentState.ACTIVE, actor, reason, AgentState.REGISTERED);
    }

    /**
     * Suspends an active agent, then sets the suspension status of every credential recorded for it that is
     * not revoked and has a suspension entry in this store, so verifiers that check status refuse the agent
     * too (each change is audited as {@code status} under {@code actor}). The status changes follow the
     * state change's commit; should the process die in between, {@code mandate status suspend} the ids
     * that {@code agent show} lists as active.
     */
    public Agent suspend(String did, String actor, String reason) throws AgentException, StoreException {
        Agent a = transition(did, AgentState.SUSPENDED, actor, reason);
        setSuspension(a.did(), 1, actor);
        return a;
    }

    /**
     * Resumes a suspended agent (back to active) and lifts the suspension of its recorded credentials (the
     * reverse of {@link #suspend}).
     */
    public Agent resume(String did, String actor, String reason) throws AgentException, StoreException {
        Agent a = transition(did, AgentState.ACTIVE, actor, reason, AgentState.SUSPENDED);
        setSuspension(a.did(), 0, actor);
        return a;
    }

    /** Sets the suspension bit of the agent's recorded, unrevoked credentials that have one; returns the ids changed. */
    private List<String> setSuspension(String agent, int value, String actor) throws StoreException {
        List<String> changed = new ArrayList<>();
        for (AgentCredential cred : credentialRecords(agent)) {
            if (cred.revoked().isPresent()) {
                continue;
            }
            boolean suspendable = store.entries(cred.id()).stream().anyMatch(e -> e.purpose() == StatusPurpose.SUSPENSION);
            if (suspendable && store.setStatus(cred.id(), StatusPurpose.SUSPENSION, value, actor).changed()) {
                changed.add(cred.id());
            }
        }
        return changed;
    }

    /**
     * Retires an agent (final) and then revokes every credential recorded for it.
     *
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if already retired, INVALID
     */
    public Retirement retire(String did, String actor, String reason) throws AgentException, StoreException {
        transition(did, AgentState.RETIRED, actor, reason);
        return revokeCredentials(did, actor);
    }

    /**
     * Moves an agent to state {@code to}, recording the change in its history and the audit log, atomically.
     * Retiring through this method does not revoke credentials; use {@link #retire}.
     *
     * @param actor  who makes the change
     * @param reason why (required)
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION (state unchanged), INVALID
     */
    public Agent transition(String did, AgentState to, String actor, String reason) throws AgentException, StoreException {
        return transition(did, to, actor, reason, null);
    }

    private Agent transition(String did, AgentState to, String actor, String reason, AgentState requiredFrom)
            throws AgentException, StoreException {
        Objects.requireNonNull(to, "to");
        checkDid(did);
        text("actor", actor, MAX_FIELD_CHARS, true);
        text("reason", reason, MAX_TEXT_CHARS, true);
        Object out = JdbcTransactions.write(store, c -> {
            Optional<Agent> found = load(c, did, lockSuffix);
            if (found.isEmpty()) {
                return notFound(did);
            }
            AgentState from = found.get().state();
            if (!from.canMoveTo(to) || requiredFrom != null && from != requiredFrom) {
                return AgentException.illegal(did, from, to);
            }
            long now = clock.millis();
            long version = one(c, "SELECT version FROM agent WHERE did = ?", rs -> rs.getLong(1), did).orElseThrow() + 1;
            try (PreparedStatement p = c.prepareStatement("UPDATE agent SET state = ?, version = ?, updated_at = ? WHERE did = ? AND state = ?")) {
                p.setString(1, to.token());
                p.setLong(2, version);
                p.setLong(3, now);
                p.setString(4, did);
                p.setString(5, from.token());
                if (p.executeUpdate() != 1) {
                    throw new SQLException("agent " + did + " changed under its lock", "40001");
                }
            }
            insertHistory(c, did, version, from, to, actor, reason, now);
            var details = Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "transition").add("from", from.token()).add("to", to.token()).add("reason", reason);
            if (to == AgentState.RETIRED) {
                // a retired agent publishes no key: its keys are retired with it, by the same actor for the same reason
                try (PreparedStatement p = c.prepareStatement("UPDATE agent_key SET state = 'retired', retired_at = ?, retired_by = ?,"
                        + " retired_reason = ? WHERE agent = ? AND state = 'active'")) {
                    p.setLong(1, now);
                    p.setString(2, actor);
                    p.setString(3, reason);
                    p.setString(4, did);
                    details.add("keysRetired", p.executeUpdate());
                }
            }
            audit.appendIn(c, AUDIT_TYPE, actor, did, details.build());
            return load(c, did, "").orElseThrow();
        });
        return unwrap(out, Agent.class);
    }

    /**
     * Records that credential {@code credentialId} was issued to the agent, so retiring it revokes the
     * credential. Idempotent.
     *
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if the agent is retired, INVALID for a blank id
     */
    public void recordCredential(String did, String credentialId) throws AgentException, StoreException {
        checkDid(did);
        text("credentialId", credentialId, MAX_FIELD_CHARS, true);
        Object out = JdbcTransactions.write(store, c -> {
            AgentException refused = refusedCredentials(c, did);
            if (refused != null) {
                return refused;
            }
            if (one(c, "SELECT 1 FROM agent_credential WHERE did = ? AND credential_id = ?", rs -> 1, did, credentialId).isPresent()) {
                return Boolean.TRUE;
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_credential (did, credential_id, recorded_at, revoked_at) VALUES (?, ?, ?, 0)")) {
                p.setString(1, did);
                p.setString(2, credentialId);
                p.setLong(3, clock.millis());
                p.executeUpdate();
            }
            return Boolean.TRUE;
        });
        unwrap(out, Boolean.class);
    }

    /**
     * Records that a credential was issued (or, with type {@code delegation}, that a delegation was signed):
     * appends an audit entry of {@code type} naming the credential, its issuer, subject, types, validity,
     * status entries and SHA-256 digest, and, when the subject is a registered agent that is not retired,
     * records the credential for it (so retiring the agent revokes it); both in one transaction. A
     * credential without an {@code id} is audited (its digest identifies it) but cannot be recorded for an
     * agent, since status changes need the id.
     *
     * @param credential the signed credential (a JSON object with an {@code id})
     * @param actor      who issued it
     * @param type       {@code issuance} or {@code delegation}
     * @return the agent the credential was recorded for, if any
     * @throws StoreException INVALID when the type is neither or the id is too long, UNAVAILABLE
     */
    public Optional<String> recordIssuance(JsonObject credential, String actor, String type) throws StoreException {
        return recordIssuance(credential, actor, type, true);
    }

    /** Like {@link #recordIssuance(JsonObject, String, String)}; with {@code recordForAgent} false it only audits. */
    public Optional<String> recordIssuance(JsonObject credential, String actor, String type, boolean recordForAgent)
            throws StoreException {
        Objects.requireNonNull(credential, "credential");
        if (!"issuance".equals(type) && !"delegation".equals(type)) {
            throw new StoreException(StoreException.Reason.INVALID, "issuance type must be issuance or delegation, got " + type);
        }
        String id = credential.get("id") instanceof JsonString s ? s.getString() : "";
        if (id.length() > MAX_FIELD_CHARS) {
            throw new StoreException(StoreException.Reason.INVALID, "the issued credential's id is longer than " + MAX_FIELD_CHARS + " characters");
        }
        String subject = subjectOf(credential);
        var details = Jsonp.PROVIDER.createObjectBuilder().add("action", type).add("credentialId", id)
                .add("issuer", issuerId(credential)).add("subject", subject);
        if (credential.get("type") instanceof JsonArray types) {
            details.add("types", types);
        }
        for (String k : List.of("validFrom", "validUntil")) {
            if (credential.get(k) instanceof JsonString v) {
                details.add(k, v.getString());
            }
        }
        if (credential.get("credentialStatus") != null) {
            details.add("credentialStatus", credential.get("credentialStatus"));
        }
        String digest;
        try {
            digest = "sha-256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(dev.mandate.vc.jcs.Jcs.canonicalize(credential).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            details.add("digest", digest);
        } catch (java.security.NoSuchAlgorithmException | dev.mandate.vc.jcs.JcsException e) {
            throw new StoreException(StoreException.Reason.INVALID, "the issued credential cannot be canonicalized: " + e.getMessage());
        }
        String auditSubject = !subject.isEmpty() && subject.length() <= MAX_FIELD_CHARS ? subject : id.isEmpty() ? digest : id;
        Object out = JdbcTransactions.write(store, c -> {
            String recordedFor = "";
            if (recordForAgent && !id.isEmpty() && DID.matcher(subject).matches() && subject.length() <= MAX_FIELD_CHARS) {
                Optional<String> owner = agentOf(c, subject);
                Optional<Agent> a = owner.isEmpty() ? Optional.empty() : load(c, owner.get(), lockSuffix);
                if (a.isPresent() && a.get().state() != AgentState.RETIRED) {
                    String content = credential.toString();
                    upsertCredential(c, a.get().did(), id, subject, content.length() <= MAX_CREDENTIAL_CHARS ? content : "", "");
                    recordedFor = a.get().did();
                }
            }
            audit.appendIn(c, type, actor, auditSubject, details.add("recordedForAgent", !recordedFor.isEmpty()).build());
            return recordedFor;
        });
        String agent = (String) out;
        return agent.isEmpty() ? Optional.empty() : Optional.of(agent);
    }

    private static String issuerId(JsonObject vc) {
        JsonValue i = vc.get("issuer");
        if (i instanceof JsonString s) {
            return s.getString();
        }
        return i instanceof JsonObject o && o.get("id") instanceof JsonString s ? s.getString() : "";
    }

    /** The credential ids recorded for an agent, oldest first. */
    public List<String> credentials(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, "SELECT credential_id FROM agent_credential WHERE did = ? ORDER BY recorded_at, credential_id",
                rs -> rs.getString(1), did));
    }

    /**
     * Revokes, in the status store, every credential recorded for a retired agent that this registry has not
     * revoked yet, and appends a {@code status} audit entry listing them. Safe to run again (after a crash).
     *
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if the agent is not retired
     */
    public Retirement revokeCredentials(String did, String actor) throws AgentException, StoreException {
        Agent agent = agent(did).orElseThrow(() -> notFound(did));
        if (agent.state() != AgentState.RETIRED) {
            throw new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + did + " is " + agent.state().token()
                    + ", not retired; retire it to revoke its credentials");
        }
        List<String> pending = JdbcTransactions.read(store, c -> many(c, "SELECT credential_id FROM agent_credential WHERE did = ?"
                + " AND revoked_at = 0 ORDER BY recorded_at, credential_id", rs -> rs.getString(1), did));
        List<String> revoked = new ArrayList<>();
        Map<String, String> notRevoked = new LinkedHashMap<>();
        for (String id : pending) {
            try {
                store.setStatus(id, StatusPurpose.REVOCATION, 1, actor);
            } catch (StoreException e) {
                if (e.reason() == StoreException.Reason.UNAVAILABLE) {
                    throw e;
                }
                notRevoked.put(id, e.getMessage());
                continue;
            }
            JdbcTransactions.write(store, c -> {
                try (PreparedStatement p = c.prepareStatement("UPDATE agent_credential SET revoked_at = ? WHERE did = ? AND credential_id = ?")) {
                    p.setLong(1, clock.millis());
                    p.setString(2, did);
                    p.setString(3, id);
                    return p.executeUpdate();
                }
            });
            revoked.add(id);
        }
        if (!pending.isEmpty()) {
            var r = Jsonp.PROVIDER.createArrayBuilder();
            revoked.forEach(r::add);
            var n = Jsonp.PROVIDER.createObjectBuilder();
            notRevoked.forEach(n::add);
            audit.append("status", actor, did, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "revoke-agent-credentials").add("revoked", r).add("notRevoked", n).build());
        }
        return new Retirement(agent, revoked, notRevoked);
    }

    /** The agent with {@code did}, if registered. */
    public Optional<Agent> agent(String did) throws StoreException {
        if (did == null) {
            return Optional.empty();
        }
        return JdbcTransactions.read(store, c -> load(c, did, ""));
    }

    /** Every agent, ordered by DID. */
    public List<Agent> agents() throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, SELECT + " ORDER BY did", AgentRegistry::row));
    }

    /** The agent's history, oldest first (empty for an unknown agent). */
    public List<StateChange> history(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, "SELECT seq, from_state, to_state, actor, reason, at FROM agent_history"
                + " WHERE did = ? ORDER BY seq", rs -> new StateChange(rs.getLong(1), state(rs.getString(2)), state(rs.getString(3)),
                rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))), did));
    }

    // ---------------------------------------------------------------------------------------------
    // DIDs and keys

    /**
     * The agent that has {@code did} as its registry DID or as one of its additional DIDs.
     *
     * @return empty for a DID no agent has
     */
    public Optional<Agent> findByDid(String did) throws StoreException {
        if (did == null) {
            return Optional.empty();
        }
        return JdbcTransactions.read(store, c -> {
            Optional<String> agent = agentOf(c, did);
            return agent.isEmpty() ? Optional.<Agent>empty() : load(c, agent.get(), "");
        });
    }

    /**
     * Adds another DID to an agent (for example a did:web next to its did:key), so that lookups by it find the
     * agent and keys can be added to it. Appends an {@code add-did} audit entry in the same transaction.
     *
     * @param agent the agent's registry DID
     * @param did   the new DID (a did:web must be a valid did:web DID)
     * @throws AgentException NOT_FOUND, DUPLICATE if any agent already has the DID, ILLEGAL_TRANSITION for a retired
     *                        agent, INVALID
     */
    public AgentDid addDid(String agent, String did, String actor, String reason) throws AgentException, StoreException {
        checkDid(agent);
        checkNewDid(did);
        text("actor", actor, MAX_FIELD_CHARS, true);
        text("reason", reason, MAX_TEXT_CHARS, true);
        Object out = JdbcTransactions.write(store, c -> {
            Optional<Agent> a = load(c, agent, lockSuffix);
            if (a.isEmpty()) {
                return notFound(agent);
            }
            if (a.get().state() == AgentState.RETIRED) {
                return new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + agent + " is retired; it gets no new DIDs");
            }
            Optional<String> owner = agentOf(c, did);
            if (owner.isPresent()) {
                return new AgentException(AgentException.Reason.DUPLICATE, owner.get().equals(agent)
                        ? "agent " + agent + " already has DID " + did : "DID " + did + " already belongs to agent " + owner.get());
            }
            long now = clock.millis();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_did (did, agent, added_at, added_by, reason) VALUES (?, ?, ?, ?, ?)")) {
                p.setString(1, did);
                p.setString(2, agent);
                p.setLong(3, now);
                p.setString(4, actor);
                p.setString(5, reason);
                p.executeUpdate();
            }
            audit.appendIn(c, AUDIT_TYPE, actor, agent, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "add-did").add("did", did).add("reason", reason).build());
            return new AgentDid(did, agent, Instant.ofEpochMilli(now), actor, reason);
        });
        return unwrap(out, AgentDid.class);
    }

    /** The agent's DIDs (its registry DID first, then in the order added); empty for an unknown agent. */
    public List<AgentDid> dids(String agent) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, "SELECT did, agent, added_at, added_by, reason FROM agent_did WHERE agent = ?"
                + " ORDER BY CASE WHEN did = agent THEN 0 ELSE 1 END, added_at, did",
                rs -> new AgentDid(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5)), agent));
    }

    /**
     * The verification method id a key gets under {@code did}: for did:key the DID must be the key's own did:key
     * ({@code did:key:z...#z...}), for did:jwk its did:jwk ({@code #0}); for any other method {@code did#<multikey>}.
     *
     * @throws AgentException INVALID if a did:key or did:jwk DID is not the key's own
     */
    public static String verificationMethodId(String did, PublicKeyValue key) throws AgentException {
        if (did.startsWith("did:key:")) {
            if (!did.equals(DidKey.didFor(key))) {
                throw new AgentException(AgentException.Reason.INVALID, "the key " + key.toMultikey() + " is not the key of " + shorten(did)
                        + " (a did:key names its key; use " + DidKey.didFor(key) + ")");
            }
            return DidKey.verificationMethodId(key);
        }
        if (did.startsWith("did:jwk:")) {
            if (!did.equals(dev.mandate.did.jwk.DidJwk.didFor(key))) {
                throw new AgentException(AgentException.Reason.INVALID, "the key is not the key of " + shorten(did));
            }
            return did + "#0";
        }
        return did + "#" + key.toMultikey();
    }

    /**
     * Adds an active key to one of the agent's DIDs. Appends an {@code add-key} audit entry in the same
     * transaction.
     *
     * @param agent the agent's registry DID
     * @param did   the DID the key belongs to: the registry DID or one added with {@link #addDid}
     * @param key   the public key
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION for a retired agent, DUPLICATE if the DID already lists the
     *                        key (active or retired: a retired key is never re-added) or another agent has it, INVALID if
     *                        {@code did} is not the agent's or a did:key / did:jwk DID is not the key's own
     */
    public AgentKey addKey(String agent, String did, PublicKeyValue key, String actor, String reason) throws AgentException, StoreException {
        checkDid(agent);
        checkDid(did);
        Objects.requireNonNull(key, "key");
        text("actor", actor, MAX_FIELD_CHARS, true);
        text("reason", reason, MAX_TEXT_CHARS, true);
        String id = verificationMethodId(did, key);
        String multibase = key.toMultikey();
        Object out = JdbcTransactions.write(store, c -> {
            Optional<Agent> a = load(c, agent, lockSuffix);
            if (a.isEmpty()) {
                return notFound(agent);
            }
            if (a.get().state() == AgentState.RETIRED) {
                return new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + agent + " is retired; it gets no new keys");
            }
            if (!agentOf(c, did).equals(Optional.of(agent))) {
                return new AgentException(AgentException.Reason.INVALID, did + " is not a DID of agent " + agent
                        + "; add it first ('mandate agent add-did')");
            }
            try (PreparedStatement p = c.prepareStatement("SELECT agent, did, state FROM agent_key WHERE id = ? OR public_key_multibase = ?")) {
                p.setString(1, id);
                p.setString(2, multibase);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        if (!rs.getString(1).equals(agent)) {
                            return new AgentException(AgentException.Reason.DUPLICATE, "key " + multibase + " already belongs to agent " + rs.getString(1));
                        }
                        if (rs.getString(2).equals(did)) {
                            return new AgentException(AgentException.Reason.DUPLICATE, "DID " + did + " already has key " + multibase + " ("
                                    + rs.getString(3) + (rs.getString(3).equals("retired") ? "; a retired key is never re-added" : "") + ")");
                        }
                    }
                }
            }
            long now = clock.millis();
            insertKey(c, id, agent, did, multibase, now, actor, reason);
            audit.appendIn(c, AUDIT_TYPE, actor, agent, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "add-key").add("key", id).add("did", did).add("publicKeyMultibase", multibase).add("reason", reason).build());
            return keyRow(c, id).orElseThrow();
        });
        return unwrap(out, AgentKey.class);
    }

    /**
     * Retires one of the agent's keys (final): it is no longer published. Appends a {@code retire-key} audit
     * entry in the same transaction. Retiring the last active key of an active agent is refused (add its
     * successor first, or use {@link KeyRotation}); a suspended or registered agent may be left without keys.
     *
     * @param agent the agent's registry DID
     * @param keyId the key's verification method id (DID URL)
     * @throws AgentException NOT_FOUND (agent or key), ILLEGAL_TRANSITION if already retired or the last active key of
     *                        an active agent, INVALID
     */
    public AgentKey retireKey(String agent, String keyId, String actor, String reason) throws AgentException, StoreException {
        checkDid(agent);
        text("key", keyId, MAX_FIELD_CHARS, true);
        text("actor", actor, MAX_FIELD_CHARS, true);
        text("reason", reason, MAX_TEXT_CHARS, true);
        Object out = JdbcTransactions.write(store, c -> {
            Optional<Agent> a = load(c, agent, lockSuffix);
            if (a.isEmpty()) {
                return notFound(agent);
            }
            Optional<AgentKey> k = keyRow(c, keyId);
            if (k.isEmpty() || !k.get().agent().equals(agent)) {
                return new AgentException(AgentException.Reason.NOT_FOUND, "agent " + agent + " has no key " + shorten(keyId));
            }
            if (k.get().state() == AgentKey.State.RETIRED) {
                return new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "key " + keyId + " is already retired");
            }
            if (a.get().state() == AgentState.ACTIVE && activeKeyCount(c, agent) <= 1) {
                return new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "key " + keyId + " is the last active key of active agent "
                        + agent + "; add its successor first ('mandate agent rotate-key')");
            }
            long now = clock.millis();
            try (PreparedStatement p = c.prepareStatement("UPDATE agent_key SET state = 'retired', retired_at = ?, retired_by = ?, retired_reason = ?"
                    + " WHERE id = ? AND state = 'active'")) {
                p.setLong(1, now);
                p.setString(2, actor);
                p.setString(3, reason);
                p.setString(4, keyId);
                if (p.executeUpdate() != 1) {
                    throw new SQLException("key " + keyId + " changed under its agent's lock", "40001");
                }
            }
            audit.appendIn(c, AUDIT_TYPE, actor, agent, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "retire-key").add("key", keyId).add("reason", reason).build());
            return keyRow(c, keyId).orElseThrow();
        });
        return unwrap(out, AgentKey.class);
    }

    /** Every key of the agent, active and retired, oldest first; empty for an unknown agent. */
    public List<AgentKey> keys(String agent) throws StoreException {
        return JdbcTransactions.read(store, c -> keyRows(c, "agent = ?", agent));
    }

    /** The active keys listed under {@code did} (one of an agent's DIDs), oldest first. */
    public List<AgentKey> activeKeys(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> keyRows(c, "did = ? AND state = 'active'", did));
    }

    /**
     * The DID document of one of the agents' DIDs built from the registry: every active key of that DID as a
     * Multikey method usable for authentication, assertionMethod, capabilityInvocation and capabilityDelegation.
     * This is what {@code mandate serve} publishes for did:web DIDs.
     *
     * @return empty if no agent has the DID, the agent is retired, or the DID has no active key
     */
    public Optional<DidDocument> didDocument(String did) throws StoreException {
        Optional<Did> parsed = Did.tryParse(did);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Optional<Agent> agent = findByDid(did);
        if (agent.isEmpty() || agent.get().state() == AgentState.RETIRED) {
            return Optional.empty();
        }
        List<AgentKey> keys = activeKeys(did);
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        DidDocument.Builder b = DidDocument.builder(parsed.get());
        for (AgentKey k : keys) {
            b.verificationMethod(k.id().substring(k.id().indexOf('#') + 1), k.publicKeyMultibase(), Relationship.AUTHENTICATION,
                    Relationship.ASSERTION_METHOD, Relationship.CAPABILITY_INVOCATION, Relationship.CAPABILITY_DELEGATION);
        }
        return Optional.of(b.build());
    }

    /**
     * The agents' did:web DIDs whose document is hosted at {@code hostingPath} (e.g. {@code /agents/x/did.json}) on
     * any host, at most {@code max}. For a server that cannot trust the Host header (behind a proxy that rewrites it).
     * The bare-domain path {@code /.well-known/did.json} is never matched (it would match every host).
     */
    public List<String> webDidsAt(String hostingPath, int max) throws StoreException {
        if (hostingPath == null || !hostingPath.startsWith("/") || !hostingPath.endsWith("/did.json")
                || hostingPath.equals("/.well-known/did.json") || hostingPath.length() > MAX_FIELD_CHARS) {
            return List.of();
        }
        String placeholder = "did:web:placeholder.invalid";
        String suffix;
        try {
            suffix = dev.mandate.did.web.DidWeb.didFor("https://placeholder.invalid" + hostingPath).substring(placeholder.length());
        } catch (dev.mandate.did.DidSyntaxException | RuntimeException e) {
            return List.of();
        }
        if (suffix.isEmpty()) {
            return List.of();
        }
        String pattern = "did:web:%" + suffix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return JdbcTransactions.read(store, c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT did FROM agent_did WHERE did LIKE ? ESCAPE '\\' ORDER BY did")) {
                p.setString(1, pattern);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next() && out.size() < max) {
                        String did = rs.getString(1);
                        try {
                            if (dev.mandate.did.web.DidWeb.hostingPath(did).equals(hostingPath)) {
                                out.add(did);
                            }
                        } catch (dev.mandate.did.DidSyntaxException e) {
                            // not a valid did:web: never hosted
                        }
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // credentials with content

    /** Longest credential JSON stored with {@link #recordCredential(String, JsonObject)}. */
    public static final int MAX_CREDENTIAL_CHARS = 256 * 1024;

    /**
     * Records a signed credential issued to an agent with its content, so that retiring the agent revokes it and
     * a {@link KeyRotation} can re-issue it to the agent's new DID or key. Its {@code id} is required; its
     * {@code credentialSubject.id} is kept as the subject. Re-recording a credential known by id only adds the
     * content. Idempotent.
     *
     * @throws AgentException NOT_FOUND, ILLEGAL_TRANSITION if the agent is retired, INVALID without an id or too large
     */
    public AgentCredential recordCredential(String agent, JsonObject credential) throws AgentException, StoreException {
        checkDid(agent);
        Objects.requireNonNull(credential, "credential");
        String id = credential.get("id") instanceof JsonString s ? s.getString() : "";
        if (id.isBlank()) {
            throw new AgentException(AgentException.Reason.INVALID, "the credential has no id; issue it with an id to record it");
        }
        text("credential id", id, MAX_FIELD_CHARS, true);
        String subject = subjectOf(credential);
        String content = credential.toString();
        if (content.length() > MAX_CREDENTIAL_CHARS) {
            throw new AgentException(AgentException.Reason.INVALID, "the credential is longer than " + MAX_CREDENTIAL_CHARS + " characters");
        }
        if (content.indexOf('\u0000') >= 0) {
            throw new AgentException(AgentException.Reason.INVALID, "the credential contains a NUL character");
        }
        Object out = JdbcTransactions.write(store, c -> {
            AgentException refused = refusedCredentials(c, agent);
            if (refused != null) {
                return refused;
            }
            upsertCredential(c, agent, id, subject, content, "");
            return credentialRow(c, agent, id).orElseThrow();
        });
        return unwrap(out, AgentCredential.class);
    }

    /** The credentials recorded for an agent with their subject, content and revocation, oldest first. */
    public List<AgentCredential> credentialRecords(String agent) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, CREDENTIAL_SELECT + " WHERE did = ? ORDER BY recorded_at, credential_id",
                AgentRegistry::credentialRow, agent));
    }

    /**
     * A recorded credential as JSON ({@link AgentCredential#toJson()}) with its current status from the status
     * store: {@code "status": {"revocation": 0|1, "suspension": 0|1, ...}}, empty when it has no status entries.
     */
    public JsonObject credentialWithStatus(AgentCredential credential) throws StoreException {
        var status = Jsonp.PROVIDER.createObjectBuilder();
        for (dev.mandate.registry.StatusEntryRecord e : store.entries(credential.id())) {
            status.add(e.purpose().jsonName(), e.value());
        }
        return Jsonp.PROVIDER.createObjectBuilder(credential.toJson()).add("status", status).build();
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
        String id = replacement.get("id") instanceof JsonString s ? s.getString() : "";
        text("credential id", id, MAX_FIELD_CHARS, true);
        Object out = JdbcTransactions.write(store, c -> {
            AgentException refused = refusedCredentials(c, agent);
            if (refused != null) {
                return refused;
            }
            Optional<AgentCredential> old = credentialRow(c, agent, oldId);
            if (old.isEmpty()) {
                return new AgentException(AgentException.Reason.NOT_FOUND, "agent " + agent + " has no credential " + shorten(oldId));
            }
            if (!old.get().replacedBy().isEmpty()) {
                return old.get().replacedBy();
            }
            upsertCredential(c, agent, id, subjectOf(replacement), replacement.toString(), "");
            try (PreparedStatement p = c.prepareStatement("UPDATE agent_credential SET replaced_by = ? WHERE did = ? AND credential_id = ?")) {
                p.setString(1, id);
                p.setString(2, agent);
                p.setString(3, oldId);
                p.executeUpdate();
            }
            audit.appendIn(c, AUDIT_TYPE, actor, agent, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "reissue-credential").add("old", oldId).add("new", id).add("subject", subjectOf(replacement)).build());
            return id;
        });
        return unwrap(out, String.class);
    }

    /** Marks a recorded credential as revoked by the registry (after the status store revoked it). */
    void markRevoked(String agent, String credentialId) throws StoreException {
        JdbcTransactions.write(store, c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE agent_credential SET revoked_at = ? WHERE did = ? AND credential_id = ? AND revoked_at = 0")) {
                p.setLong(1, clock.millis());
                p.setString(2, agent);
                p.setString(3, credentialId);
                return p.executeUpdate();
            }
        });
    }

    /** Appends an audit entry of type {@code registry} about the agent (its own transaction). */
    void auditNote(String agent, String actor, JsonObject details) throws StoreException {
        audit.append(AUDIT_TYPE, actor, agent, details);
    }

    /** The credentialSubject.id of a credential (the first subject's), or "". */
    static String subjectOf(JsonObject credential) {
        JsonValue s = credential.get("credentialSubject");
        if (s instanceof JsonArray arr && !arr.isEmpty()) {
            s = arr.get(0);
        }
        return s instanceof JsonObject o && o.get("id") instanceof JsonString id ? id.getString() : "";
    }

    private void upsertCredential(Connection c, String agent, String id, String subject, String content, String replacedBy)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE agent_credential SET subject = ?, content = ? WHERE did = ? AND credential_id = ?"
                + " AND content = ''")) {
            p.setString(1, subject);
            p.setString(2, content);
            p.setString(3, agent);
            p.setString(4, id);
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_credential (did, credential_id, recorded_at, revoked_at, subject, content,"
                + " replaced_by) VALUES (?, ?, ?, 0, ?, ?, ?) ON CONFLICT (did, credential_id) DO NOTHING")) {
            p.setString(1, agent);
            p.setString(2, id);
            p.setLong(3, clock.millis());
            p.setString(4, subject);
            p.setString(5, content);
            p.setString(6, replacedBy);
            p.executeUpdate();
        }
    }

    private static final String CREDENTIAL_SELECT = "SELECT credential_id, subject, content, recorded_at, revoked_at, replaced_by FROM agent_credential";

    private static Optional<AgentCredential> credentialRow(Connection c, String agent, String id) throws SQLException {
        return one(c, CREDENTIAL_SELECT + " WHERE did = ? AND credential_id = ?", AgentRegistry::credentialRow, agent, id);
    }

    private static AgentCredential credentialRow(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(5);
        return new AgentCredential(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                revoked == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked)), rs.getString(6));
    }

    private static Optional<String> agentOf(Connection c, String did) throws SQLException {
        return one(c, "SELECT agent FROM agent_did WHERE did = ?", rs -> rs.getString(1), did);
    }

    private static void insertKey(Connection c, String id, String agent, String did, String multibase, long now, String actor, String reason)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_key (id, agent, did, public_key_multibase, state, added_at,"
                + " added_by, added_reason, retired_at, retired_by, retired_reason) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, 0, '', '')")) {
            p.setString(1, id);
            p.setString(2, agent);
            p.setString(3, did);
            p.setString(4, multibase);
            p.setLong(5, now);
            p.setString(6, actor);
            p.setString(7, reason);
            p.executeUpdate();
        }
    }

    /** The public key a did:key DID names, if {@code did} is a valid did:key. */
    static Optional<PublicKeyValue> didKeyOf(String did) {
        if (!did.startsWith("did:key:") || did.indexOf('#') >= 0) {
            return Optional.empty();
        }
        try {
            PublicKeyValue k = PublicKeyValue.fromMultikey(did.substring("did:key:".length()));
            return DidKey.didFor(k).equals(did) ? Optional.of(k) : Optional.empty();
        } catch (dev.mandate.did.crypto.DecodingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static int activeKeyCount(Connection c, String agent) throws SQLException {
        return one(c, "SELECT COUNT(*) FROM agent_key WHERE agent = ? AND state = 'active'", rs -> rs.getInt(1), agent).orElse(0);
    }

    private static final String KEY_SELECT = "SELECT id, agent, did, public_key_multibase, state, added_at, added_by, added_reason,"
            + " retired_at, retired_by, retired_reason FROM agent_key";

    private static Optional<AgentKey> keyRow(Connection c, String id) throws SQLException {
        List<AgentKey> rows = keyRows(c, "id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static List<AgentKey> keyRows(Connection c, String where, String value) throws SQLException {
        return many(c, KEY_SELECT + " WHERE " + where + " ORDER BY added_at, id", rs -> {
            long retired = rs.getLong(9);
            return new AgentKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    "retired".equals(rs.getString(5)) ? AgentKey.State.RETIRED : AgentKey.State.ACTIVE,
                    Instant.ofEpochMilli(rs.getLong(6)), rs.getString(7), rs.getString(8),
                    retired == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(retired)), rs.getString(10), rs.getString(11));
        }, value);
    }

    private static final String SELECT = "SELECT did, name, owner, purpose, code_digest, image_digest, workload_id, state, created_at,"
            + " updated_at FROM agent";

    private static Optional<Agent> load(Connection c, String did, String lock) throws SQLException {
        return one(c, SELECT + " WHERE did = ?" + lock, AgentRegistry::row, did);
    }

    private static Agent row(ResultSet rs) throws SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Workload.builder().codeDigest(rs.getString(5)).imageDigest(rs.getString(6)).workloadId(rs.getString(7)).build(), state(rs.getString(8)),
                Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)));
    }

    private static AgentState state(String token) throws SQLException {
        return AgentState.of(token).orElseThrow(() -> new SQLException("unknown agent state in the database: " + token));
    }

    private static void insertHistory(Connection c, String did, long seq, AgentState from, AgentState to, String actor, String reason,
                                      long at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_history (did, seq, from_state, to_state, actor, reason, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, did);
            p.setLong(2, seq);
            p.setString(3, from.token());
            p.setString(4, to.token());
            p.setString(5, actor);
            p.setString(6, reason);
            p.setLong(7, at);
            p.executeUpdate();
        }
    }

    private static <T> T unwrap(Object out, Class<T> type) throws AgentException {
        if (out instanceof AgentException e) {
            throw e;
        }
        return type.cast(out);
    }

    /** Locks the agent's row; the refusal when it may not get credentials (unknown or retired), else null. */
    private AgentException refusedCredentials(Connection c, String agent) throws SQLException {
        Optional<Agent> a = load(c, agent, lockSuffix);
        if (a.isEmpty()) {
            return notFound(agent);
        }
        if (a.get().state() == AgentState.RETIRED) {
            return new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + agent + " is retired; it gets no new credentials");
        }
        return null;
    }

    private static AgentException notFound(String did) {
        return new AgentException(AgentException.Reason.NOT_FOUND, "no agent " + did + " in the registry");
    }

    /**
     * A DID that is about to be registered or added: besides {@link #checkDid}, it must be a DID by the DID Core ABNF and,
     * for did:key / did:jwk, decode to a supported signature key, for did:web have a usable host
     * ({@link dev.mandate.did.resolve.DidValidation}).
     * Lookups keep the looser {@link #checkDid}, so that an agent registered before this check can still be managed.
     */
    private static void checkNewDid(String did) throws AgentException {
        checkDid(did);
        java.util.Optional<String> problem = dev.mandate.did.resolve.DidValidation.problem(did);
        if (problem.isPresent()) {
            throw new AgentException(AgentException.Reason.INVALID, shorten(did) + ": " + problem.get());
        }
    }

    private static void checkDid(String did) throws AgentException {
        text("did", did, MAX_FIELD_CHARS, true);
        if (!DID.matcher(did).matches()) {
            throw new AgentException(AgentException.Reason.INVALID, "not a DID: " + shorten(did));
        }
    }

    private static void digest(String field, String value) throws AgentException {
        if (!value.isEmpty() && !DIGEST.matcher(value).matches()) {
            throw new AgentException(AgentException.Reason.INVALID, field + " must look like sha256:<hex>, got " + shorten(value));
        }
    }

    private static void workloadId(String value) throws AgentException {
        if (value.isEmpty()) {
            return;
        }
        text("workloadId", value, MAX_FIELD_CHARS, true);
        try {
            URI u = new URI(value);
            if (u.getScheme() == null) {
                throw new URISyntaxException(value, "no scheme");
            }
        } catch (URISyntaxException e) {
            throw new AgentException(AgentException.Reason.INVALID, "workloadId must be an absolute URI (e.g. spiffe://org/agent), got "
                    + shorten(value));
        }
    }

    private static void text(String field, String value, int max, boolean required) throws AgentException {
        if (value == null || required && value.isBlank()) {
            throw new AgentException(AgentException.Reason.INVALID, field + " is empty");
        }
        if (value.length() > max) {
            throw new AgentException(AgentException.Reason.INVALID, field + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == 0 || Character.isISOControl(ch) && ch != '\n' && ch != '\t') {
                throw new AgentException(AgentException.Reason.INVALID, field + " contains a control character");
            }
        }
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= 80 ? t : t.substring(0, 80) + "...";
    }
}
