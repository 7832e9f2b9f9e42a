package dev.mandate.guard.service;

import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.GuardState;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
        /**
         * Checks that the text and byte members are present (the digests are checked by {@link #problem}).
         *
         * @param position      the log size covered
         * @param rootHex       the Merkle root, hex
         * @param entrySeq      the recording audit entry
         * @param format        the state format
         * @param configSha256  the configuration digest
         * @param stateSha256   the state digest
         * @param serviceSha256 the service-state digest
         * @param state         the guard state bytes
         * @param service       the service state JSON
         * @param createdAt     epoch millis
         * @throws NullPointerException if {@code rootHex}, {@code state} or {@code service} is null
         */
        public Checkpoint {
            Objects.requireNonNull(rootHex, "rootHex");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(service, "service");
        }
    }

    /**
     * The service's own state at a checkpoint: which agents are suspended (by the guard or a person), which the guard
     * suspended (what a dismissal may fold in), which observe mode flagged, and what decides observe mode.
     *
     * @param suspended          agents the service considers suspended
     * @param guardSuspended     agents the guard suspended (or would have) and no one dismissed since
     * @param flagged            observe mode: agents with a would-suspend episode still open
     * @param firstDecision      the first decision's time, or null
     * @param lastDecision       the latest decision's time, or null
     * @param enforcedByOperator true after an operator's {@code enforce} entry
     */
    public record ServiceState(Set<String> suspended, Set<String> guardSuspended, Set<String> flagged, Instant firstDecision,
                               Instant lastDecision, boolean enforcedByOperator) {
        /**
         * Copies the sets.
         *
         * @param suspended          suspended agents; copied
         * @param guardSuspended     agents the guard suspended; copied
         * @param flagged            agents observe mode flagged; copied
         * @param firstDecision      the first decision's time, or null
         * @param lastDecision       the latest decision's time, or null
         * @param enforcedByOperator whether an operator enforced
         * @throws NullPointerException if a set is null
         */
        public ServiceState {
            suspended = Set.copyOf(suspended);
            guardSuspended = Set.copyOf(guardSuspended);
            flagged = Set.copyOf(flagged);
        }

        /** {@return JSON text with sorted arrays, so that equal states give equal text (and digest)} */
        public String toJson() {
            var b = Jsonp.PROVIDER.createObjectBuilder()
                    .add("suspended", sorted(suspended)).add("guardSuspended", sorted(guardSuspended)).add("flagged", sorted(flagged))
                    .add("enforcedByOperator", enforcedByOperator);
            if (firstDecision != null) b.add("firstDecision", firstDecision.toString());
            if (lastDecision != null) b.add("lastDecision", lastDecision.toString());
            return b.build().toString();
        }

        /**
         * Reads what {@link #toJson} wrote.
         *
         * @param json the JSON text
         * @return the state
         * @throws IllegalArgumentException when it is not such a state
         */
        public static ServiceState parse(String json) {
            try {
                JsonObject o = Jsonp.PROVIDER.createReader(new StringReader(json)).readObject();
                return new ServiceState(strings(o, "suspended"), strings(o, "guardSuspended"), strings(o, "flagged"),
                        instant(o, "firstDecision"), instant(o, "lastDecision"), o.getBoolean("enforcedByOperator"));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("not a guard service state: " + e.getMessage(), e);
            }
        }

        private static JsonArrayBuilder sorted(Set<String> set) {
            JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
            set.stream().sorted().forEach(a::add);
            return a;
        }

        private static Set<String> strings(JsonObject o, String key) {
            Set<String> out = new HashSet<>();
            for (JsonValue v : o.getJsonArray(key)) out.add(((JsonString) v).getString());
            return out;
        }

        private static Instant instant(JsonObject o, String key) {
            return o.containsKey(key) ? Instant.parse(o.getString(key)) : null;
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

    /**
     * The stored checkpoint with the highest position (not yet checked: see {@link #problem}).
     *
     * @param store the registry store holding the checkpoints
     * @return the checkpoint, or empty if none is stored
     * @throws StoreException if the store cannot be read
     */
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
     *
     * @param log    the audit log the guard replays
     * @param cp     the checkpoint
     * @param config the configuration the guard would run with
     * @return why it cannot be used, in words for a log line, or empty
     * @throws StoreException if the log cannot be read
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
        JsonObject d = AuditEntries.parse(e.get().details());
        boolean same = ACTION.equals(AuditEntries.text(d, "action"))
                && d.get("position") instanceof JsonNumber pos && pos.isIntegral() && pos.longValue() == cp.position()
                && cp.rootHex().equals(AuditEntries.text(d, "root"))
                && cp.configSha256().equals(AuditEntries.text(d, "configSha256"))
                && cp.stateSha256().equals(AuditEntries.text(d, "stateSha256"))
                && cp.serviceSha256().equals(AuditEntries.text(d, "serviceSha256"));
        if (!same) {
            return Optional.of("audit entry " + cp.entrySeq() + " records another checkpoint (state, position or root differ)");
        }
        return Optional.empty();
    }
}
