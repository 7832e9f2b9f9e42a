package dev.mandate.registry.agents;

import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.status.StatusPurpose;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.mandate.registry.JdbcTransactions.many;
import static dev.mandate.registry.JdbcTransactions.one;
import static dev.mandate.registry.agents.AgentRegistry.AUDIT_TYPE;
import static dev.mandate.registry.agents.AgentRegistry.MAX_FIELD_CHARS;
import static dev.mandate.registry.agents.AgentRegistry.MAX_TEXT_CHARS;
import static dev.mandate.registry.agents.AgentTables.SELECT;
import static dev.mandate.registry.agents.AgentTables.checkDid;
import static dev.mandate.registry.agents.AgentTables.checkNewDid;
import static dev.mandate.registry.agents.AgentTables.didKeyOf;
import static dev.mandate.registry.agents.AgentTables.digest;
import static dev.mandate.registry.agents.AgentTables.insertKey;
import static dev.mandate.registry.agents.AgentTables.load;
import static dev.mandate.registry.agents.AgentTables.notFound;
import static dev.mandate.registry.agents.AgentTables.state;
import static dev.mandate.registry.agents.AgentTables.text;
import static dev.mandate.registry.agents.AgentTables.unwrap;
import static dev.mandate.registry.agents.AgentTables.workloadId;

/**
 * An agent's life: registration, the state machine (activate, suspend, resume, retire) and its history. Each change
 * is one write transaction that locks the agent's row, re-checks the transition under the lock, writes the history
 * and appends the audit entry. Suspending, resuming and retiring then act on the agent's recorded credentials
 * through {@link AgentCredentials}. Documented on {@link AgentRegistry}, its only caller.
 */
final class AgentLifecycle {
    private final Store store;
    private final AuditLog audit;
    private final Clock clock;
    private final String lockSuffix;
    private final AgentCredentials credentials;

    AgentLifecycle(AgentTables tables, AgentCredentials credentials) {
        this.store = tables.store;
        this.audit = tables.audit;
        this.clock = tables.clock;
        this.lockSuffix = tables.lockSuffix;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
    }

    Agent register(String did, String name, String owner, String purpose, Workload workload, String actor)
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

    Agent activate(String did, String actor, String reason) throws AgentException, StoreException {
        return transition(did, AgentState.ACTIVE, actor, reason, AgentState.REGISTERED);
    }

    Agent suspend(String did, String actor, String reason) throws AgentException, StoreException {
        Agent a = transition(did, AgentState.SUSPENDED, actor, reason);
        setSuspension(a.did(), 1, actor);
        return a;
    }

    Agent resume(String did, String actor, String reason) throws AgentException, StoreException {
        Agent a = transition(did, AgentState.ACTIVE, actor, reason, AgentState.SUSPENDED);
        setSuspension(a.did(), 0, actor);
        return a;
    }

    /** Sets the suspension bit of the agent's recorded, unrevoked credentials that have one; returns the ids changed. */
    private List<String> setSuspension(String agent, int value, String actor) throws StoreException {
        List<String> changed = new ArrayList<>();
        return store.batch(() -> { // one commit wait for all of them
            for (AgentCredential cred : credentials.credentialRecords(agent)) {
                if (cred.revoked().isPresent()) {
                    continue;
                }
                boolean suspendable = store.entries(cred.id()).stream().anyMatch(e -> e.purpose() == StatusPurpose.SUSPENSION);
                if (suspendable && store.setStatus(cred.id(), StatusPurpose.SUSPENSION, value, actor).changed()) {
                    changed.add(cred.id());
                }
            }
            return changed;
        });
    }

    Retirement retire(String did, String actor, String reason) throws AgentException, StoreException {
        transition(did, AgentState.RETIRED, actor, reason);
        return credentials.revokeCredentials(did, actor);
    }

    Agent transition(String did, AgentState to, String actor, String reason) throws AgentException, StoreException {
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

    List<Agent> agents() throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, SELECT + " ORDER BY did", AgentTables::row));
    }

    List<StateChange> history(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, "SELECT seq, from_state, to_state, actor, reason, at FROM agent_history"
                + " WHERE did = ? ORDER BY seq", rs -> new StateChange(rs.getLong(1), state(rs.getString(2)), state(rs.getString(3)),
                rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))), did));
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
}
