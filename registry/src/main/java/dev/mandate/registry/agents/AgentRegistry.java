package dev.mandate.registry.agents;

import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;

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
 * <p>Retiring an agent also revokes every credential recorded for it with {@link #recordCredential}. The
 * revocations run after the retirement commits (each is a store transaction of its own); if the process
 * dies in between, {@link #revokeCredentials} finishes the job and is safe to run again.
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
     * Registers an agent in state {@code registered}, with a first history entry and an audit entry.
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
        checkDid(did);
        text("name", name, MAX_FIELD_CHARS, true);
        text("owner", owner, MAX_FIELD_CHARS, true);
        text("purpose", purpose, MAX_TEXT_CHARS, false);
        text("actor", actor, MAX_FIELD_CHARS, true);
        Objects.requireNonNull(workload, "workload");
        digest("codeDigest", workload.codeDigest());
        digest("imageDigest", workload.imageDigest());
        workloadId(workload.workloadId());
        Object out = JdbcTransactions.write(store, c -> {
            long now = clock.millis();
            try (PreparedStatement p = c.prepareStatement("INSERT INTO agent (did, name, owner, purpose, code_digest, image_digest,"
                    + " workload_id, state, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)"
                + " ON CONFLICT (did) DO NOTHING")) {
                p.setString(1, did);
                p.setString(2, name);
                p.setString(3, owner);
                p.setString(4, purpose);
                p.setString(5, workload.codeDigest());
                p.setString(6, workload.imageDigest());
                p.setString(7, workload.workloadId());
                p.setString(8, AgentState.REGISTERED.token());
                p.setLong(9, now);
                p.setLong(10, now);
                if (p.executeUpdate() == 0) {
                    return new AgentException(AgentException.Reason.DUPLICATE, "agent " + did + " is already registered");
                }
            }
            insertHistory(c, did, 1, AgentState.REGISTERED, AgentState.REGISTERED, actor, "registered", now);
            Agent agent = load(c, did, "").orElseThrow();
            audit.appendIn(c, AUDIT_TYPE, actor, did, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "register").add("agent", agent.toJson()).build());
            return agent;
        });
        return unwrap(out, Agent.class);
    }

    /** Activates a newly registered agent (registered to active); a suspended one is resumed with {@link #resume}. */
    public Agent activate(String did, String actor, String reason) throws AgentException, StoreException {
        return transition(did, AgentState.ACTIVE, actor, reason, AgentState.REGISTERED);
    }

    /** Suspends an active agent. */
    public Agent suspend(String did, String actor, String reason) throws AgentException, StoreException {
        return transition(did, AgentState.SUSPENDED, actor, reason);
    }

    /** Resumes a suspended agent (back to active). */
    public Agent resume(String did, String actor, String reason) throws AgentException, StoreException {
        return transition(did, AgentState.ACTIVE, actor, reason, AgentState.SUSPENDED);
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
            long version;
            try (PreparedStatement p = c.prepareStatement("SELECT version FROM agent WHERE did = ?")) {
                p.setString(1, did);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    version = rs.getLong(1) + 1;
                }
            }
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
            audit.appendIn(c, AUDIT_TYPE, actor, did, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", "transition").add("from", from.token()).add("to", to.token()).add("reason", reason).build());
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
            Optional<Agent> a = load(c, did, lockSuffix);
            if (a.isEmpty()) {
                return notFound(did);
            }
            if (a.get().state() == AgentState.RETIRED) {
                return new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + did + " is retired; it gets no new credentials");
            }
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM agent_credential WHERE did = ? AND credential_id = ?")) {
                p.setString(1, did);
                p.setString(2, credentialId);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return Boolean.TRUE;
                    }
                }
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
    public Optional<String> recordIssuance(jakarta.json.JsonObject credential, String actor, String type) throws StoreException {
        Objects.requireNonNull(credential, "credential");
        if (!"issuance".equals(type) && !"delegation".equals(type)) {
            throw new StoreException(StoreException.Reason.INVALID, "issuance type must be issuance or delegation, got " + type);
        }
        String id = credential.get("id") instanceof jakarta.json.JsonString s ? s.getString() : "";
        if (id.length() > MAX_FIELD_CHARS) {
            throw new StoreException(StoreException.Reason.INVALID, "the issued credential's id is longer than " + MAX_FIELD_CHARS + " characters");
        }
        String subject = subjectId(credential);
        var details = Jsonp.PROVIDER.createObjectBuilder().add("action", type).add("credentialId", id)
                .add("issuer", issuerId(credential)).add("subject", subject);
        if (credential.get("type") instanceof jakarta.json.JsonArray types) {
            details.add("types", types);
        }
        for (String k : List.of("validFrom", "validUntil")) {
            if (credential.get(k) instanceof jakarta.json.JsonString v) {
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
            if (!id.isEmpty() && DID.matcher(subject).matches() && subject.length() <= MAX_FIELD_CHARS) {
                Optional<Agent> a = load(c, subject, lockSuffix);
                if (a.isPresent() && a.get().state() != AgentState.RETIRED) {
                    try (PreparedStatement p = c.prepareStatement("INSERT INTO agent_credential (did, credential_id, recorded_at, revoked_at)"
                            + " VALUES (?, ?, ?, 0) ON CONFLICT (did, credential_id) DO NOTHING")) {
                        p.setString(1, subject);
                        p.setString(2, id);
                        p.setLong(3, clock.millis());
                        p.executeUpdate();
                    }
                    recordedFor = subject;
                }
            }
            audit.appendIn(c, type, actor, auditSubject, details.add("recordedForAgent", !recordedFor.isEmpty()).build());
            return recordedFor;
        });
        String agent = (String) out;
        return agent.isEmpty() ? Optional.empty() : Optional.of(agent);
    }

    private static String subjectId(jakarta.json.JsonObject vc) {
        jakarta.json.JsonValue cs = vc.get("credentialSubject");
        if (cs instanceof jakarta.json.JsonArray a && !a.isEmpty()) {
            cs = a.get(0);
        }
        return cs instanceof jakarta.json.JsonObject o && o.get("id") instanceof jakarta.json.JsonString s ? s.getString() : "";
    }

    private static String issuerId(jakarta.json.JsonObject vc) {
        jakarta.json.JsonValue i = vc.get("issuer");
        if (i instanceof jakarta.json.JsonString s) {
            return s.getString();
        }
        return i instanceof jakarta.json.JsonObject o && o.get("id") instanceof jakarta.json.JsonString s ? s.getString() : "";
    }

    /** The credential ids recorded for an agent, oldest first. */
    public List<String> credentials(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT credential_id FROM agent_credential WHERE did = ? ORDER BY recorded_at, credential_id")) {
                p.setString(1, did);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
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
        List<String> pending = JdbcTransactions.read(store, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT credential_id FROM agent_credential WHERE did = ? AND revoked_at = 0"
                    + " ORDER BY recorded_at, credential_id")) {
                p.setString(1, did);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
        List<String> revoked = new ArrayList<>();
        Map<String, String> notRevoked = new LinkedHashMap<>();
        for (String id : pending) {
            try {
                store.setStatus(id, dev.mandate.vc.status.StatusPurpose.REVOCATION, 1, actor);
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
        return JdbcTransactions.read(store, c -> {
            List<Agent> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT + " ORDER BY did"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        });
    }

    /** The agent's history, oldest first (empty for an unknown agent). */
    public List<StateChange> history(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> {
            List<StateChange> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT seq, from_state, to_state, actor, reason, at FROM agent_history"
                    + " WHERE did = ? ORDER BY seq")) {
                p.setString(1, did);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StateChange(rs.getLong(1), state(rs.getString(2)), state(rs.getString(3)), rs.getString(4),
                                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
                    }
                }
            }
            return out;
        });
    }

    private static final String SELECT = "SELECT did, name, owner, purpose, code_digest, image_digest, workload_id, state, created_at,"
            + " updated_at FROM agent";

    private static Optional<Agent> load(Connection c, String did, String lock) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SELECT + " WHERE did = ?" + lock)) {
            p.setString(1, did);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    private static Agent row(ResultSet rs) throws SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                new Workload(rs.getString(5), rs.getString(6), rs.getString(7)), state(rs.getString(8)),
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

    private static AgentException notFound(String did) {
        return new AgentException(AgentException.Reason.NOT_FOUND, "no agent " + did + " in the registry");
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
