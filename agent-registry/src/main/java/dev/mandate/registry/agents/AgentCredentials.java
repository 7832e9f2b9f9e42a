package dev.mandate.registry.agents;

import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

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

import static dev.mandate.registry.JdbcTransactions.many;
import static dev.mandate.registry.JdbcTransactions.one;
import static dev.mandate.registry.agents.AgentRegistry.AUDIT_TYPE;
import static dev.mandate.registry.agents.AgentRegistry.MAX_CREDENTIAL_CHARS;
import static dev.mandate.registry.agents.AgentRegistry.MAX_FIELD_CHARS;
import static dev.mandate.registry.agents.AgentTables.DID;
import static dev.mandate.registry.agents.AgentTables.checkDid;
import static dev.mandate.registry.agents.AgentTables.load;
import static dev.mandate.registry.agents.AgentTables.notFound;
import static dev.mandate.registry.agents.AgentTables.shorten;
import static dev.mandate.registry.agents.AgentTables.text;
import static dev.mandate.registry.agents.AgentTables.unwrap;

/**
 * The credentials recorded for agents: recording them (by id, with content, or from an issuance, which is audited
 * too), listing them with their status, revoking them when their agent retires, and the replacements a
 * {@link KeyRotation} records. Recording locks the agent's row so a retired agent gets nothing new.
 * Documented on {@link AgentRegistry}, its only caller (KeyRotation reaches it through the facade too).
 */
final class AgentCredentials {
    private final AgentTables tables;
    private final Store store;
    private final AuditLog audit;
    private final Clock clock;
    private final String lockSuffix;
    private final IssuanceCommits issuances = new IssuanceCommits(this::writeIssuances, MAX_ISSUANCE_BATCH,
            MAX_ISSUANCE_WRITERS);

    /** Most issuances recorded in one transaction. */
    static final int MAX_ISSUANCE_BATCH = 256;
    /** Most issuance transactions of one registry at once (the rest of the callers queue for the next batch). */
    static final int MAX_ISSUANCE_WRITERS = 4;

    AgentCredentials(AgentTables tables) {
        this.tables = Objects.requireNonNull(tables, "tables");
        this.store = tables.store;
        this.audit = tables.audit;
        this.clock = tables.clock;
        this.lockSuffix = tables.lockSuffix;
    }

    void recordCredential(String did, String credentialId) throws AgentException, StoreException {
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

    Optional<String> recordIssuance(JsonObject credential, String actor, String type) throws StoreException {
        return recordIssuance(credential, actor, type, true);
    }

    Optional<String> recordIssuance(JsonObject credential, String actor, String type, boolean recordForAgent)
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
        boolean mayBeAgent = recordForAgent && !id.isEmpty() && DID.matcher(subject).matches() && subject.length() <= MAX_FIELD_CHARS;
        if (mayBeAgent && id.indexOf('\u0000') >= 0) {
            // PostgreSQL refuses it in a text column: refused here, it fails alone instead of failing its whole batch
            throw new StoreException(StoreException.Reason.INVALID, "the issued credential's id contains a NUL character");
        }
        // serialized by the writer, only if the subject turns out to be a registered agent's
        String agent = issuances.record(new IssuanceCommits.Job(id, subject, credential, mayBeAgent,
                new AuditDraft(type, actor, auditSubject, details.build())));
        return agent.isEmpty() ? Optional.empty() : Optional.of(agent);
    }

    /**
     * Writes a batch of issuances in one transaction: locks the agents they go to (in DID order, so batches on
     * several servers cannot deadlock on one another), records each credential for its agent, then appends the
     * audit entries together, last, so the log's counter row is held only for the appends and the commit.
     */
    private List<String> writeIssuances(List<IssuanceCommits.Job> jobs) throws StoreException {
        return JdbcTransactions.write(store, c -> {
            Map<String, String> ownerOf = owners(c, jobs.stream().filter(IssuanceCommits.Job::recordForAgent)
                    .map(IssuanceCommits.Job::subject).distinct().toList());
            java.util.TreeSet<String> owners = new java.util.TreeSet<>(ownerOf.values());
            Map<String, Agent> open = new java.util.HashMap<>();
            for (String owner : owners) {
                load(c, owner, lockSuffix).filter(a -> a.state() != AgentState.RETIRED).ifPresent(a -> open.put(owner, a));
            }
            List<String> recordedFor = new ArrayList<>(jobs.size());
            List<AuditDraft> drafts = new ArrayList<>(jobs.size());
            for (IssuanceCommits.Job j : jobs) {
                String owner = j.recordForAgent() ? ownerOf.get(j.subject()) : null;
                Agent a = owner == null ? null : open.get(owner);
                if (a != null) {
                    String content = j.credential().toString();
                    upsertCredential(c, a.did(), j.credentialId(), j.subject(), content.length() <= MAX_CREDENTIAL_CHARS ? content : "", "");
                }
                recordedFor.add(a == null ? "" : a.did());
                AuditDraft d = j.draft();
                drafts.add(new AuditDraft(d.type(), d.actor(), d.subject(), Jsonp.PROVIDER.createObjectBuilder(d.details())
                        .add("recordedForAgent", a != null).build()));
            }
            audit.appendAllIn(c, drafts);
            return recordedFor;
        });
    }

    /** The agents owning {@code subjects} (DIDs) that are registered, by DID, in one query (no lock). */
    private static Map<String, String> owners(Connection c, List<String> subjects) throws SQLException {
        Map<String, String> out = new java.util.HashMap<>();
        if (subjects.isEmpty()) {
            return out;
        }
        String in = String.join(", ", java.util.Collections.nCopies(subjects.size(), "?"));
        for (String[] row : many(c, "SELECT did, agent FROM agent_did WHERE did IN (" + in + ")",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, subjects.toArray())) {
            out.put(row[0], row[1]);
        }
        return out;
    }

    /** {@return the group commit of issuances, for tests observing its batches} */
    IssuanceCommits issuances() {
        return issuances;
    }

    private static String issuerId(JsonObject vc) {
        JsonValue i = vc.get("issuer");
        if (i instanceof JsonString s) {
            return s.getString();
        }
        return i instanceof JsonObject o && o.get("id") instanceof JsonString s ? s.getString() : "";
    }

    List<String> credentials(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, "SELECT credential_id FROM agent_credential WHERE did = ? ORDER BY recorded_at, credential_id",
                rs -> rs.getString(1), did));
    }

    Retirement revokeCredentials(String did, String actor) throws AgentException, StoreException {
        Agent agent = tables.agent(did).orElseThrow(() -> notFound(did));
        if (agent.state() != AgentState.RETIRED) {
            throw new AgentException(AgentException.Reason.ILLEGAL_TRANSITION, "agent " + did + " is " + agent.state().token()
                    + ", not retired; retire it to revoke its credentials");
        }
        List<String> pending = JdbcTransactions.read(store, c -> many(c, "SELECT credential_id FROM agent_credential WHERE did = ?"
                + " AND revoked_at = 0 ORDER BY recorded_at, credential_id", rs -> rs.getString(1), did));
        List<String> revoked = new ArrayList<>();
        Map<String, String> notRevoked = new LinkedHashMap<>();
        store.batch(() -> { // one commit wait for all of them
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
            return null;
        });
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

    AgentCredential recordCredential(String agent, JsonObject credential) throws AgentException, StoreException {
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

    List<AgentCredential> credentialRecords(String agent) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, CREDENTIAL_SELECT + " WHERE did = ? ORDER BY recorded_at, credential_id",
                AgentCredentials::credentialRow, agent));
    }

    JsonObject credentialWithStatus(AgentCredential credential) throws StoreException {
        var status = Jsonp.PROVIDER.createObjectBuilder();
        for (dev.mandate.registry.StatusEntryRecord e : store.entries(credential.id())) {
            status.add(e.purpose().jsonName(), e.value());
        }
        return Jsonp.PROVIDER.createObjectBuilder(credential.toJson()).add("status", status).build();
    }

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
        return one(c, CREDENTIAL_SELECT + " WHERE did = ? AND credential_id = ?", AgentCredentials::credentialRow, agent, id);
    }

    private static AgentCredential credentialRow(ResultSet rs) throws SQLException {
        long revoked = rs.getLong(5);
        return new AgentCredential(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)),
                revoked == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(revoked)), rs.getString(6));
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
}
