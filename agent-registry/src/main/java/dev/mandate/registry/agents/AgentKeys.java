package dev.mandate.registry.agents;

import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.did.Did;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.json.Jsonp;

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
import static dev.mandate.registry.agents.AgentTables.agentOf;
import static dev.mandate.registry.agents.AgentTables.checkDid;
import static dev.mandate.registry.agents.AgentTables.checkNewDid;
import static dev.mandate.registry.agents.AgentTables.insertKey;
import static dev.mandate.registry.agents.AgentTables.load;
import static dev.mandate.registry.agents.AgentTables.notFound;
import static dev.mandate.registry.agents.AgentTables.shorten;
import static dev.mandate.registry.agents.AgentTables.text;
import static dev.mandate.registry.agents.AgentTables.unwrap;

/**
 * An agent's DIDs and keys: adding DIDs, adding and retiring keys (each under the agent's row lock, with its audit
 * entry), and what is published from them (the DID document of a DID, the did:web DIDs hosted at a path).
 * Documented on {@link AgentRegistry}, its only caller.
 */
final class AgentKeys {
    private final Store store;
    private final AuditLog audit;
    private final Clock clock;
    private final String lockSuffix;

    AgentKeys(AgentTables tables) {
        this.store = tables.store;
        this.audit = tables.audit;
        this.clock = tables.clock;
        this.lockSuffix = tables.lockSuffix;
    }

    Optional<Agent> findByDid(String did) throws StoreException {
        if (did == null) {
            return Optional.empty();
        }
        return JdbcTransactions.read(store, c -> {
            Optional<String> agent = agentOf(c, did);
            return agent.isEmpty() ? Optional.<Agent>empty() : load(c, agent.get(), "");
        });
    }

    AgentDid addDid(String agent, String did, String actor, String reason) throws AgentException, StoreException {
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

    List<AgentDid> dids(String agent) throws StoreException {
        return JdbcTransactions.read(store, c -> many(c, "SELECT did, agent, added_at, added_by, reason FROM agent_did WHERE agent = ?"
                + " ORDER BY CASE WHEN did = agent THEN 0 ELSE 1 END, added_at, did",
                rs -> new AgentDid(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), rs.getString(5)), agent));
    }

    static String verificationMethodId(String did, PublicKeyValue key) throws AgentException {
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

    AgentKey addKey(String agent, String did, PublicKeyValue key, String actor, String reason) throws AgentException, StoreException {
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

    AgentKey retireKey(String agent, String keyId, String actor, String reason) throws AgentException, StoreException {
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

    List<AgentKey> keys(String agent) throws StoreException {
        return JdbcTransactions.read(store, c -> keyRows(c, "agent = ?", agent));
    }

    List<AgentKey> activeKeys(String did) throws StoreException {
        return JdbcTransactions.read(store, c -> keyRows(c, "did = ? AND state = 'active'", did));
    }

    Optional<DidDocument> didDocument(String did) throws StoreException {
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

    List<String> webDidsAt(String hostingPath, int max) throws StoreException {
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
}
