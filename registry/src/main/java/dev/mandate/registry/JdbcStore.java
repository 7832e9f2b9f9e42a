package dev.mandate.registry;

import static dev.mandate.registry.JdbcTransactions.exec;
import static dev.mandate.registry.JdbcTransactions.many;
import static dev.mandate.registry.JdbcTransactions.one;

import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The store logic shared by SQLite and PostgreSQL; subclasses supply connections and transactions.
 *
 * <p>Concurrency: every writer of a list's entries first locks the list row ({@code SELECT ... FOR
 * UPDATE} on PostgreSQL; on SQLite every write transaction is {@code BEGIN IMMEDIATE}, which serializes
 * writers across threads and processes). Lock order is always task row, then list rows sorted by id,
 * so writers cannot deadlock; PostgreSQL deadlock and serialization errors are retried anyway.
 *
 * <p>Allocation: an index is picked at random (SecureRandom) among the free ones of the list and
 * inserted into {@code status_entry}, whose primary key (list, index) makes reuse impossible even if
 * a bug tried; entries are never deleted.
 */
abstract class JdbcStore implements Store {

    /** The options the store was opened with (list size, timeouts, pool size, clock). */
    protected final StoreOptions options;
    private final ListAllocator allocator = new ListAllocator(this);

    private final StoreAudit audit;

    JdbcStore(StoreOptions options, StoreAudit.Provider audit) {
        this.options = Objects.requireNonNull(options, "options");
        this.audit = Objects.requireNonNull(audit.open(this, options.clock()), "audit");
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    interface Tx<T> {
        T run(Connection c) throws SQLException, StoreException;
    }

    /** Runs {@code body} in a write transaction (serialized per list), committing on return. */
    abstract <T> T write(Tx<T> body) throws StoreException;

    /** Runs {@code body} in a read transaction. */
    abstract <T> T read(Tx<T> body) throws StoreException;

    /**
     * Runs {@code body}, which must issue exactly one SELECT, as cheaply as the database allows: on PostgreSQL one
     * autocommitted statement (one round trip instead of BEGIN/SELECT and COMMIT); elsewhere {@link #read}.
     */
    <T> T readOneStatement(Tx<T> body) throws StoreException {
        return read(body);
    }

    /** {@code " FOR UPDATE"} where row locks exist, else "". */
    abstract String forUpdate();

    /** {@code " FOR UPDATE SKIP LOCKED"} where rows are locked one by one, else {@link #forUpdate()}. */
    String forUpdateSkipLocked() {
        return forUpdate();
    }

    /**
     * How many lists per (issuer, purpose) are open for allocation at once, so that concurrent allocations do
     * not all wait for one list's row lock (1 where one writer runs at a time anyway).
     */
    int openListsPerPurpose() {
        return 1;
    }

    /**
     * Serializes the creation of a new list for (issuer, purpose) within the current write transaction,
     * so concurrent allocations that all find no open list create one list, not several.
     */
    abstract void lockListCreation(Connection c, String issuer, StatusPurpose purpose) throws SQLException;

    /** Makes the current (just begun) read transaction see one snapshot for all its statements. */
    abstract void snapshotIsolation(Connection c) throws SQLException;

    long now() {
        return options.clock().millis();
    }

    @Override
    public int schemaVersion() throws StoreException {
        return read(Migrations::current);
    }

    // ------------------------------------------------------------------ allocation

    @Override
    public List<StatusEntryRecord> allocate(String credentialId, String issuer, Set<StatusPurpose> purposes, String taskId)
            throws StoreException {
        requireId(credentialId, "credential id");
        requireId(issuer, "issuer");
        Objects.requireNonNull(taskId, "taskId");
        if (purposes.isEmpty()) {
            throw new StoreException(StoreException.Reason.INVALID, "at least one status purpose is needed");
        }
        if (purposes.contains(StatusPurpose.REFRESH)) {
            throw new StoreException(StoreException.Reason.INVALID, "refresh lists are not supported by the store");
        }
        Set<StatusPurpose> ordered = EnumSet.copyOf(purposes);
        return write(c -> allocator.allocate(c, credentialId, issuer, ordered, taskId));
    }

    /** Creates the task if it is new; refuses a completed one. */
    void openTask(Connection c, String taskId, long now) throws SQLException, StoreException {
        if (kind().equals("postgresql")
                && one(c, "INSERT INTO grant_task (id, state, created_at) VALUES (?, 'open', ?) ON CONFLICT (id) DO NOTHING"
                        + " RETURNING state", rs -> rs.getString(1), taskId, now).isPresent()) {
            return; // a new task, open and ours until commit: one statement instead of two
        }
        if (!kind().equals("postgresql")) {
            exec(c, "INSERT INTO grant_task (id, state, created_at) VALUES (?, 'open', ?) ON CONFLICT (id) DO NOTHING", taskId, now);
        }
        // an existing task (or, on PostgreSQL, one a concurrent transaction inserted: the insert waited for it)
        String state = one(c, "SELECT state FROM grant_task WHERE id = ?" + forUpdate(), rs -> rs.getString(1), taskId).orElse("open");
        if (!"open".equals(state)) {
            throw new StoreException(StoreException.Reason.CONFLICT, "task " + taskId + " is completed; it accepts no new grant");
        }
    }

    // ------------------------------------------------------------------ status changes

    @Override
    public StatusUpdate setStatus(String credentialId, StatusPurpose purpose, int value, String actor) throws StoreException {
        requireId(credentialId, "credential id");
        requireId(actor, "actor");
        Objects.requireNonNull(purpose, "purpose");
        if (value < 0) {
            throw new StoreException(StoreException.Reason.INVALID, "status value must not be negative");
        }
        StatusUpdate u = write(c -> {
            StatusEntryRecord e = entry(c, credentialId, purpose).orElseThrow(() -> new StoreException(StoreException.Reason.NOT_FOUND,
                    "credential " + credentialId + " has no " + purpose.jsonName() + " status entry"));
            ListRow list = lockLists(c, List.of(e.listId())).get(e.listId());
            if (value >= (1 << list.statusSize)) {
                throw new StoreException(StoreException.Reason.CONFLICT, "value " + value + " does not fit the list's "
                        + list.statusSize + "-bit entries");
            }
            // Re-read under the list lock: every writer of this list's entries holds it.
            StatusEntryRecord current = entry(c, credentialId, purpose).orElseThrow();
            if (current.value() == value) {
                return new StatusUpdate(current, value, list.version, false);
            }
            if (purpose == StatusPurpose.REVOCATION && current.value() != 0) {
                throw new StoreException(StoreException.Reason.CONFLICT, "credential " + credentialId + " is revoked; revocation cannot be undone");
            }
            long now = now();
            long version = list.version + 1;
            change(c, current, value, version, now, actor, "");
            exec(c, "UPDATE status_list SET version = ?, updated_at = ? WHERE id = ?", version, now, list.id);
            return new StatusUpdate(current.withValue(value), current.value(), version, true);
        });
        if (u.changed()) {
            changed(System.nanoTime());
        }
        return u;
    }

    private final java.util.concurrent.atomic.AtomicLong visibilityWaits = new java.util.concurrent.atomic.AtomicLong();

    /** {@return how many times a call has waited for its changes to be visible (tests)} */
    long visibilityWaits() {
        return visibilityWaits.get();
    }

    /** In a {@link #batch}: {1, the last commit of a change on this thread} or {0, 0} for none yet; outside one: null. */
    private final ThreadLocal<long[]> batchCommit = new ThreadLocal<>();

    private void changed(long committedNanos) {
        long[] batch = batchCommit.get();
        if (batch != null) {
            batch[0] = 1;
            batch[1] = committedNanos;
        } else {
            awaitVisibility(committedNanos);
        }
    }

    @Override
    public <T> T batch(Batch<T> body) throws StoreException {
        Objects.requireNonNull(body, "body");
        if (batchCommit.get() != null) {
            return body.run(); // nested: the outermost waits
        }
        long[] last = {0, 0};
        batchCommit.set(last);
        try {
            return body.run();
        } finally {
            batchCommit.remove();
            if (last[0] != 0) {
                awaitVisibility(last[1]);
            }
        }
    }

    /**
     * Returns {@link Store#STATUS_CHANGE_WAIT} after {@code committedNanos} (uninterruptibly: returning early would
     * let the caller report a change that a check at another instance may not see yet; an interrupt is kept).
     */
    void awaitVisibility(long committedNanos) {
        visibilityWaits.incrementAndGet();
        long end = committedNanos + STATUS_CHANGE_WAIT.toNanos();
        boolean interrupted = false;
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void change(Connection c, StatusEntryRecord e, int value, long version, long now, String actor, String taskId)
            throws SQLException, StoreException {
        exec(c, "UPDATE status_entry SET value = ?, updated_at = ? WHERE list_id = ? AND idx = ?", value, now, e.listId(), e.index());
        exec(c, "INSERT INTO status_change (list_id, list_version, credential_id, purpose, idx, old_value, new_value, at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e.listId(), version, e.credentialId(), e.purpose().jsonName(), e.index(),
                e.value(), value, now);
        var details = Jsonp.PROVIDER.createObjectBuilder().add("action", "set-status").add("purpose", e.purpose().jsonName())
                .add("oldValue", e.value()).add("newValue", value).add("list", e.listId()).add("index", e.index())
                .add("listVersion", version);
        if (!taskId.isEmpty()) {
            details.add("task", taskId);
        }
        audit.appendIn(c, "status", actor, e.credentialId(), details.build());
    }

    /** Locks the given lists in id order and returns their rows. */
    private Map<String, ListRow> lockLists(Connection c, List<String> ids) throws SQLException {
        Map<String, ListRow> out = new LinkedHashMap<>();
        for (String id : new TreeSet<>(ids)) {
            out.put(id, one(c, "SELECT " + LIST_COLUMNS + " FROM status_list WHERE id = ?" + forUpdate(), JdbcStore::listRow, id)
                    .orElseThrow(() -> new SQLException("status list " + id + " vanished")));
        }
        return out;
    }

    @Override
    public List<StatusUpdate> completeTask(String taskId, String actor) throws StoreException {
        requireId(taskId, "task id");
        requireId(actor, "actor");
        List<StatusUpdate> done = write(c -> {
            long now = now();
            exec(c, "INSERT INTO grant_task (id, state, created_at) VALUES (?, 'open', ?) ON CONFLICT (id) DO NOTHING", taskId, now);
            String state = one(c, "SELECT state FROM grant_task WHERE id = ?" + forUpdate(), rs -> rs.getString(1), taskId).orElse("open");
            if (!"open".equals(state)) {
                return List.of();
            }
            exec(c, "UPDATE grant_task SET state = 'completed', completed_at = ? WHERE id = ?", now, taskId);
            List<StatusEntryRecord> entries = many(c, "SELECT " + ENTRY_COLUMNS + " FROM status_entry WHERE task_id = ? AND purpose = ?"
                    + " ORDER BY list_id, idx", JdbcStore::entryRow, taskId, StatusPurpose.REVOCATION.jsonName());
            Map<String, ListRow> lists = lockLists(c, entries.stream().map(StatusEntryRecord::listId).distinct().toList());
            List<StatusUpdate> out = new ArrayList<>();
            for (Map.Entry<String, ListRow> l : lists.entrySet()) {
                long version = l.getValue().version + 1;
                boolean changed = false;
                for (StatusEntryRecord e : many(c, "SELECT " + ENTRY_COLUMNS + " FROM status_entry WHERE task_id = ? AND purpose = ?"
                        + " AND list_id = ? AND value = 0 ORDER BY idx", JdbcStore::entryRow, taskId, StatusPurpose.REVOCATION.jsonName(), l.getKey())) {
                    change(c, e, 1, version, now, actor, taskId);
                    out.add(new StatusUpdate(e.withValue(1), 0, version, true));
                    changed = true;
                }
                if (changed) {
                    exec(c, "UPDATE status_list SET version = ?, updated_at = ? WHERE id = ?", version, now, l.getKey());
                }
            }
            return out;
        });
        if (!done.isEmpty()) {
            changed(System.nanoTime());
        }
        return done;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public List<StatusEntryRecord> entries(String credentialId) throws StoreException {
        List<StatusEntryRecord> all = read(c -> many(c, "SELECT " + ENTRY_COLUMNS + " FROM status_entry WHERE credential_id = ?",
                JdbcStore::entryRow, credentialId));
        return all.stream().sorted((a, b) -> a.purpose().compareTo(b.purpose())).toList();
    }

    @Override
    public List<StatusEntryRecord> taskEntries(String taskId) throws StoreException {
        return read(c -> many(c, "SELECT " + ENTRY_COLUMNS + " FROM status_entry WHERE task_id = ? ORDER BY credential_id, purpose",
                JdbcStore::entryRow, taskId));
    }

    @Override
    public Optional<StatusListInfo> list(String listId) throws StoreException {
        return read(c -> one(c, "SELECT " + LIST_COLUMNS + " FROM status_list WHERE id = ?", JdbcStore::listRow, listId))
                .map(ListRow::info);
    }

    @Override
    public List<StatusListInfo> lists() throws StoreException {
        return read(c -> many(c, "SELECT " + LIST_COLUMNS + " FROM status_list ORDER BY created_at, id", JdbcStore::listRow))
                .stream().map(ListRow::info).toList();
    }

    @Override
    public Map<String, Long> listVersions(String issuer) throws StoreException {
        // read before every status check of the server's own lists (OwnLists): one round trip matters
        return readOneStatement(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, version FROM status_list WHERE issuer = ?")) {
                ps.setString(1, issuer);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return Map.copyOf(out);
        });
    }

    @Override
    public Optional<ListSnapshot> snapshot(String listId) throws StoreException {
        return read(c -> {
            snapshotIsolation(c);
            Optional<ListRow> row = one(c, "SELECT " + LIST_COLUMNS + " FROM status_list WHERE id = ?", JdbcStore::listRow, listId);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            StatusBitstring bits = StatusBitstring.zeros(row.get().size, row.get().statusSize);
            try (PreparedStatement ps = c.prepareStatement("SELECT idx, value FROM status_entry WHERE list_id = ? AND value <> 0")) {
                ps.setString(1, listId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        bits.set(rs.getInt(1), rs.getInt(2));
                    }
                }
            }
            return Optional.of(new ListSnapshot(row.get().info(), bits));
        });
    }

    @Override
    public List<StatusChange> changes(long afterSeq, int max) throws StoreException {
        int limit = Math.max(1, Math.min(max, 10_000));
        return read(c -> many(c, "SELECT seq, list_id, list_version, credential_id, purpose, idx, old_value, new_value, at"
                + " FROM status_change WHERE seq > ? ORDER BY seq LIMIT " + limit, rs -> new StatusChange(rs.getLong(1), rs.getString(2),
                rs.getLong(3), rs.getString(4), purpose(rs.getString(5)), rs.getInt(6), rs.getInt(7), rs.getInt(8),
                Instant.ofEpochMilli(rs.getLong(9))), afterSeq));
    }

    @Override
    public Optional<TaskInfo> task(String taskId) throws StoreException {
        return read(c -> one(c, "SELECT id, state, created_at, completed_at FROM grant_task WHERE id = ?", rs -> {
            long done = rs.getLong(4);
            boolean hasDone = !rs.wasNull();
            return new TaskInfo(rs.getString(1), "completed".equals(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3)), hasDone ? done : -1);
        }, taskId));
    }

    // ------------------------------------------------------------------ grants and uses

    @Override
    public void recordGrant(GrantRecord g) throws StoreException {
        Objects.requireNonNull(g, "grant");
        requireId(g.taskId(), "task id");
        write(c -> {
            openTask(c, g.taskId(), now());
            exec(c, "INSERT INTO grant_credential (credential_id, task_id, agent, action, resource, single_use, valid_until, created_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (credential_id) DO NOTHING", g.credentialId(), g.taskId(), g.agent(),
                    g.action(), g.resource(), g.singleUse() ? 1 : 0, g.validUntil().toEpochMilli(), g.createdAt().toEpochMilli());
            return null;
        });
    }

    private static final String GRANT_COLUMNS = "credential_id, task_id, agent, action, resource, single_use, valid_until, created_at";

    private static GrantRecord grantRow(ResultSet rs) throws SQLException {
        return new GrantRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6) != 0, Instant.ofEpochMilli(rs.getLong(7)), Instant.ofEpochMilli(rs.getLong(8)));
    }

    @Override
    public Optional<GrantRecord> grant(String credentialId) throws StoreException {
        return read(c -> one(c, "SELECT " + GRANT_COLUMNS + " FROM grant_credential WHERE credential_id = ?", JdbcStore::grantRow, credentialId));
    }

    @Override
    public List<GrantRecord> grants(String taskId) throws StoreException {
        return read(c -> many(c, "SELECT " + GRANT_COLUMNS + " FROM grant_credential WHERE task_id = ? ORDER BY created_at, credential_id",
                JdbcStore::grantRow, taskId));
    }

    @Override
    public int recordUse(String credentialId, Instant at) throws StoreException {
        requireId(credentialId, "credential id");
        long t = at.toEpochMilli();
        return write(c -> one(c, "INSERT INTO credential_use (credential_id, uses, first_used_at, last_used_at) VALUES (?, 1, ?, ?)"
                + " ON CONFLICT (credential_id) DO UPDATE SET uses = credential_use.uses + 1, last_used_at = excluded.last_used_at"
                + " RETURNING uses", rs -> rs.getInt(1), credentialId, t, t).orElseThrow());
    }

    // ------------------------------------------------------------------ rows and helpers

    static final String LIST_COLUMNS = "id, issuer, purpose, size, status_size, ttl_ms, allocated, is_full, version, created_at";
    private static final String ENTRY_COLUMNS = "credential_id, list_id, idx, purpose, task_id, value";

    /** A status_list row. */
    record ListRow(String id, String issuer, StatusPurpose purpose, int size, int statusSize, long ttlMs, int allocated, boolean full,
                   long version, long createdAt) {
        StatusListInfo info() {
            return new StatusListInfo(id, issuer, purpose, size, statusSize, Duration.ofMillis(ttlMs), allocated, full, version,
                    Instant.ofEpochMilli(createdAt));
        }
    }

    static ListRow listRow(ResultSet rs) throws SQLException {
        return new ListRow(rs.getString(1), rs.getString(2), purpose(rs.getString(3)), rs.getInt(4), rs.getInt(5), rs.getLong(6),
                rs.getInt(7), rs.getInt(8) != 0, rs.getLong(9), rs.getLong(10));
    }

    static StatusEntryRecord entryRow(ResultSet rs) throws SQLException {
        String task = rs.getString(5);
        return new StatusEntryRecord(rs.getString(1), rs.getString(2), rs.getInt(3), purpose(rs.getString(4)), task == null ? "" : task,
                rs.getInt(6));
    }

    static StatusPurpose purpose(String s) throws SQLException {
        return StatusPurpose.of(s).orElseThrow(() -> new SQLException("unknown purpose in the database: " + s));
    }

    static Optional<StatusEntryRecord> entry(Connection c, String credentialId, StatusPurpose p) throws SQLException {
        return one(c, "SELECT " + ENTRY_COLUMNS + " FROM status_entry WHERE credential_id = ? AND purpose = ?", JdbcStore::entryRow,
                credentialId, p.jsonName());
    }

    private static void requireId(String s, String what) throws StoreException {
        if (s == null || s.isBlank()) {
            throw new StoreException(StoreException.Reason.INVALID, what + " is empty");
        }
        if (s.length() > 2048) {
            throw new StoreException(StoreException.Reason.INVALID, what + " is longer than 2048 characters");
        }
    }

    static StoreException unavailable(String what, SQLException e) {
        return new StoreException(StoreException.Reason.UNAVAILABLE, what + " failed: " + e.getMessage()
                + (e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")"), e);
    }
}
