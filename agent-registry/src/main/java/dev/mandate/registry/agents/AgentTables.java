package dev.mandate.registry.agents;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.model.Workload;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import static dev.mandate.registry.JdbcTransactions.one;
import static dev.mandate.registry.agents.AgentRegistry.MAX_FIELD_CHARS;

/**
 * What {@link AgentLifecycle}, {@link AgentKeys} and {@link AgentCredentials} share: the store, its audit log and
 * clock, the row-lock clause ({@code FOR UPDATE} on PostgreSQL; SQLite's write transactions are {@code BEGIN
 * IMMEDIATE}), reading agent rows, and the validation of every field before it reaches the database.
 */
final class AgentTables {
    static final Pattern DIGEST = Pattern.compile("[a-z0-9]{2,16}:[0-9a-fA-F]{32,128}");
    static final Pattern DID = Pattern.compile("did:[a-z0-9]+:\\S+");

    final Store store;
    final AuditLog audit;
    final Clock clock;
    /** Appended to a SELECT of the agent's row to lock it for the rest of the write transaction. */
    final String lockSuffix;

    AgentTables(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.audit = new AuditLog(store, clock);
        this.lockSuffix = "postgresql".equals(store.kind()) ? " FOR UPDATE" : "";
    }

    /** The agent with {@code did}, if registered (its own read transaction). */
    Optional<Agent> agent(String did) throws StoreException {
        if (did == null) {
            return Optional.empty();
        }
        return JdbcTransactions.read(store, c -> load(c, did, ""));
    }

    static final String SELECT = "SELECT did, name, owner, purpose, code_digest, image_digest, workload_id, state, created_at,"
            + " updated_at FROM agent";

    static Optional<Agent> load(Connection c, String did, String lock) throws SQLException {
        return one(c, SELECT + " WHERE did = ?" + lock, AgentTables::row, did);
    }

    static Agent row(ResultSet rs) throws SQLException {
        return new Agent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Workload.builder().codeDigest(rs.getString(5)).imageDigest(rs.getString(6)).workloadId(rs.getString(7)).build(), state(rs.getString(8)),
                Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)));
    }

    static AgentState state(String token) throws SQLException {
        return AgentState.of(token).orElseThrow(() -> new SQLException("unknown agent state in the database: " + token));
    }

    static Optional<String> agentOf(Connection c, String did) throws SQLException {
        return one(c, "SELECT agent FROM agent_did WHERE did = ?", rs -> rs.getString(1), did);
    }

    static void insertKey(Connection c, String id, String agent, String did, String multibase, long now, String actor, String reason)
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

    static <T> T unwrap(Object out, Class<T> type) throws AgentException {
        if (out instanceof AgentException e) {
            throw e;
        }
        return type.cast(out);
    }

    static AgentException notFound(String did) {
        return new AgentException(AgentException.Reason.NOT_FOUND, "no agent " + did + " in the registry");
    }

    /**
     * A DID that is about to be registered or added: besides {@link #checkDid}, it must be a DID by the DID Core ABNF and,
     * for did:key / did:jwk, decode to a supported signature key, for did:web have a usable host
     * ({@link dev.mandate.did.resolve.DidValidation}).
     * Lookups keep the looser {@link #checkDid}, so that an agent registered before this check can still be managed.
     */
    static void checkNewDid(String did) throws AgentException {
        checkDid(did);
        java.util.Optional<String> problem = dev.mandate.did.resolve.DidValidation.problem(did);
        if (problem.isPresent()) {
            throw new AgentException(AgentException.Reason.INVALID, shorten(did) + ": " + problem.get());
        }
    }

    static void checkDid(String did) throws AgentException {
        text("did", did, MAX_FIELD_CHARS, true);
        if (!DID.matcher(did).matches()) {
            throw new AgentException(AgentException.Reason.INVALID, "not a DID: " + shorten(did));
        }
    }

    static void digest(String field, String value) throws AgentException {
        if (!value.isEmpty() && !DIGEST.matcher(value).matches()) {
            throw new AgentException(AgentException.Reason.INVALID, field + " must look like sha256:<hex>, got " + shorten(value));
        }
    }

    static void workloadId(String value) throws AgentException {
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

    static void text(String field, String value, int max, boolean required) throws AgentException {
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

    static String shorten(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= 80 ? t : t.substring(0, 80) + "...";
    }
}
