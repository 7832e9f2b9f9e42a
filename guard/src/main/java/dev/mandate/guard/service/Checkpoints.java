package dev.mandate.guard.service;

import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.GuardState;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Checkpoints of the guard's baselines in the store (table {@code guard_checkpoint}), bound to the audit log.
 *
 * <p>A checkpoint at {@code position} holds the guard's state after reading the first {@code position} entries
 * ({@link GuardState}) and the service's own state (suspended agents, observe mode) as JSON. It is written in
 * one transaction with a {@code guard} audit entry (action {@code checkpoint}) that records the position, the
 * Merkle root of the log at that size, the configuration's SHA-256 and the SHA-256 of both states. A restarting
 * guard uses it only if all of these still match ({@link #problem}): the state cannot be changed without
 * rewriting the audit log (which its signed tree heads expose), nor be moved onto another log or configuration.
 */
public final class Checkpoints {
    /** The audit entry action. */
    public static final String ACTION = "checkpoint";
    /** Checkpoints kept: the newest ones; older ones are deleted when a new one is written. */
    static final int KEEP = 2;

    /**
     * One stored checkpoint.
     *
     * @param position      the number of log entries the state covers (the next seq to read)
     * @param rootHex       the log's Merkle root at that size, hex
     * @param entrySeq      the {@code guard} audit entry recording it
     * @param format        {@link GuardState#FORMAT} when written
     * @param configSha256  SHA-256 of the guard configuration's JSON
     * @param stateSha256   SHA-256 of {@code state}
     * @param serviceSha256 SHA-256 of {@code service} (UTF-8)
     * @param state         {@link GuardState} bytes
     * @param service       the service's state, JSON
     * @param createdAt     when it was written, epoch millis
     */
    public record Checkpoint(long position, String rootHex, long entrySeq, int format, String configSha256, String stateSha256,
                             String serviceSha256, byte[] state, String service, long createdAt) {
        /** Validates. */
        public Checkpoint {
            Objects.requireNonNull(rootHex, "rootHex");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(service, "service");
        }
    }

    private Checkpoints() {}

    /** SHA-256 of the configuration's JSON: a checkpoint is only valid for the configuration it was made with. */
    static String configSha256(GuardConfig config) {
        return sha256(config.toJson().toString().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a checkpoint at {@code position} with its audit entry, in one transaction, and deletes all but the
     * newest {@value #KEEP}.
     *
     * @return the audit entry recording it
     */
    static AuditEntry write(Store store, AuditLog log, long position, byte[] state, String service, GuardConfig config)
            throws StoreException {
        String root = log.treeHead(position).rootHex();
        String config256 = configSha256(config);
        String state256 = sha256(state);
        String service256 = sha256(service.getBytes(StandardCharsets.UTF_8));
        return JdbcTransactions.write(store, c -> {
            AuditEntry entry = log.appendIn(c, GuardService.ACTOR, GuardService.ACTOR, GuardService.ACTOR, Jsonp.PROVIDER.createObjectBuilder()
                    .add("action", ACTION).add("position", position).add("root", root).add("format", GuardState.FORMAT)
                    .add("configSha256", config256).add("stateSha256", state256).add("serviceSha256", service256)
                    .add("stateBytes", state.length).build());
            try (PreparedStatement p = c.prepareStatement("INSERT INTO guard_checkpoint (position, root_hash, entry_seq, format, config_sha256, "
                    + "state_sha256, service_sha256, state, service, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ")) {
                p.setLong(1, position);
                p.setString(2, root);
                p.setLong(3, entry.seq());
                p.setInt(4, GuardState.FORMAT);
                p.setString(5, config256);
                p.setString(6, state256);
                p.setString(7, service256);
                p.setBytes(8, state);
                p.setString(9, service);
                p.setLong(10, entry.time().toEpochMilli());
                p.executeUpdate();
            }
            // keep the newest few: a checkpoint found unusable falls back to a full rebuild, not to an older one
            JdbcTransactions.exec(c, "DELETE FROM guard_checkpoint WHERE position < (SELECT MIN(position) FROM "
                    + "(SELECT position FROM guard_checkpoint ORDER BY position DESC LIMIT " + KEEP + ") newest)");
            return entry;
        });
    }

    /** True if a checkpoint at exactly {@code position} is stored. */
    static boolean exists(Store store, long position) throws StoreException {
        return JdbcTransactions.read(store, c -> JdbcTransactions.one(c, "SELECT 1 FROM guard_checkpoint WHERE position = ?",
                rs -> true, position).isPresent());
    }

    /** The stored checkpoint with the highest position, if any (not yet checked: see {@link #problem}). */
    public static Optional<Checkpoint> latest(Store store) throws StoreException {
        return JdbcTransactions.read(store, c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT position, root_hash, entry_seq, format, config_sha256, state_sha256, "
                    + "service_sha256, state, service, created_at FROM guard_checkpoint ORDER BY position DESC LIMIT 1");
                 ResultSet rs = p.executeQuery()) {
                if (!rs.next()) return Optional.<Checkpoint>empty();
                return Optional.of(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getBytes(8), rs.getString(9), rs.getLong(10)));
            }
        });
    }

    /**
     * Why {@code cp} cannot be used by a guard with {@code config} on this log, or empty if it can: its format, its
     * configuration, its digests, its position and Merkle root against the log, and its audit entry must all match.
     */
    public static Optional<String> problem(AuditLog log, Checkpoint cp, GuardConfig config) throws StoreException {
        if (cp.format() != GuardState.FORMAT) {
            return Optional.of("it is in format " + cp.format() + " and this version reads " + GuardState.FORMAT);
        }
        if (!cp.configSha256().equals(configSha256(config))) {
            return Optional.of("it was made with another guard configuration");
        }
        if (!sha256(cp.state()).equals(cp.stateSha256()) || !sha256(cp.service().getBytes(StandardCharsets.UTF_8)).equals(cp.serviceSha256())) {
            return Optional.of("its stored state does not match its own SHA-256");
        }
        long size = log.size();
        if (cp.position() < 0 || cp.position() > size || cp.entrySeq() < cp.position() || cp.entrySeq() >= size) {
            return Optional.of("its position " + cp.position() + " and audit entry " + cp.entrySeq() + " (which must come at or after it) do not fit the log of "
                    + size + " entries");
        }
        if (!log.treeHead(cp.position()).rootHex().equals(cp.rootHex())) {
            return Optional.of("the log's Merkle root at " + cp.position() + " entries differs from the one it was made on");
        }
        Optional<AuditEntry> e = log.entry(cp.entrySeq());
        if (e.isEmpty() || !e.get().type().equals(GuardService.ACTOR) || !e.get().leafHashMatches()) {
            return Optional.of("audit entry " + cp.entrySeq() + " is not a guard entry");
        }
        JsonObject d = GuardService.parse(e.get().details());
        boolean same = ACTION.equals(GuardService.text(d, "action"))
                && d.get("position") instanceof JsonNumber pos && pos.isIntegral() && pos.longValue() == cp.position()
                && cp.rootHex().equals(GuardService.text(d, "root"))
                && cp.configSha256().equals(GuardService.text(d, "configSha256"))
                && cp.stateSha256().equals(GuardService.text(d, "stateSha256"))
                && cp.serviceSha256().equals(GuardService.text(d, "serviceSha256"));
        if (!same) {
            return Optional.of("audit entry " + cp.entrySeq() + " records another checkpoint (state, position or root differ)");
        }
        return Optional.empty();
    }
}
