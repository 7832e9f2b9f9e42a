package dev.mandate.registry;

import static dev.mandate.registry.JdbcTransactions.exec;
import static dev.mandate.registry.JdbcTransactions.one;

import dev.mandate.registry.JdbcStore.ListRow;
import dev.mandate.vc.status.StatusPurpose;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Status-list index allocation for {@link JdbcStore}, inside its write transaction: finds (or creates) an open list
 * of the issuer and purpose and locks it, then picks an index at random (SecureRandom) among its free ones and
 * inserts the entry, whose primary key (list, index) makes reuse impossible; allocating again for a credential
 * returns its existing entry.
 */
final class ListAllocator {
    /** Random probes before falling back to choosing uniformly among the remaining free indices. */
    private static final int PROBES = 16;
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcStore store;
    private final SecureRandom random = new SecureRandom();

    ListAllocator(JdbcStore store) {
        this.store = store;
    }

    /** Allocates one entry per purpose (in {@code ordered}'s order) for the credential, within transaction {@code c}. */
    List<StatusEntryRecord> allocate(Connection c, String credentialId, String issuer, Set<StatusPurpose> ordered, String taskId)
            throws SQLException, StoreException {
        long now = store.now();
        if (!taskId.isEmpty()) {
            store.openTask(c, taskId, now);
        }
        List<StatusEntryRecord> out = new ArrayList<>();
        for (StatusPurpose p : ordered) {
            ListRow list = openList(c, issuer, p, now);
            Optional<StatusEntryRecord> existing = Optional.empty();
            int index = -1;
            // Sparse list: insert at a random index (uniform over the free ones, ~1 try); a conflict is a used index
            // or an entry this credential already has (allocation is idempotent), told apart only then.
            for (int i = 0; i < PROBES && index < 0 && existing.isEmpty() && list.allocated() <= list.size() / 2; i++) {
                int candidate = random.nextInt(list.size());
                if (insertEntry(c, list, candidate, credentialId, p, taskId, now)) {
                    index = candidate;
                } else {
                    existing = JdbcStore.entry(c, credentialId, p);
                }
            }
            if (index < 0 && existing.isEmpty()) {
                existing = JdbcStore.entry(c, credentialId, p);
                if (existing.isEmpty()) {
                    index = pickFree(c, list);
                    if (!insertEntry(c, list, index, credentialId, p, taskId, now)) {
                        throw new IllegalStateException("free index " + index + " of locked list " + list.id() + " is taken");
                    }
                }
            }
            if (existing.isPresent()) {
                out.add(existing.get());
                continue;
            }
            int allocated = list.allocated() + 1;
            exec(c, "UPDATE status_list SET allocated = ?, is_full = ?, updated_at = ? WHERE id = ?",
                    allocated, allocated >= list.size() ? 1 : 0, now, list.id());
            out.add(new StatusEntryRecord(credentialId, list.id(), index, p, taskId, 0));
        }
        return out;
    }

    /**
     * A locked list of (issuer, purpose) with a free index: the oldest open list no other allocation holds; when
     * every open list is held and there are {@link JdbcStore#openListsPerPurpose()} of them, one of them picked at random,
     * waiting for its lock (so waiters spread over the lists, and wait holding no other lock); a new list while
     * there are fewer (under the per-(issuer, purpose) creation lock, so concurrent allocations create one).
     */
    private ListRow openList(Connection c, String issuer, StatusPurpose p, long now) throws SQLException {
        Optional<ListRow> open = findOpenList(c, issuer, p, store.forUpdateSkipLocked(), false);
        if (open.isPresent()) {
            return open.get();
        }
        if (openLists(c, issuer, p) >= store.openListsPerPurpose()) {
            open = findOpenList(c, issuer, p, store.forUpdate(), true);
            if (open.isPresent()) {
                return open.get();
            }
        }
        store.lockListCreation(c, issuer, p);
        open = findOpenList(c, issuer, p, store.forUpdateSkipLocked(), false); // another transaction may have created or freed one
        if (open.isPresent()) {
            return open.get();
        }
        if (openLists(c, issuer, p) >= store.openListsPerPurpose()) {
            open = findOpenList(c, issuer, p, store.forUpdate(), true); // enough lists: wait for one
            if (open.isPresent()) {
                return open.get();
            }
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        int statusSize = p == StatusPurpose.MESSAGE ? store.options.messageStatusSize() : 1;
        ListRow row = new ListRow(HEX.formatHex(id), issuer, p, store.options.listSize(), statusSize,
                store.options.listTtl().toMillis(), 0, false, 0, now);
        exec(c, "INSERT INTO status_list (id, issuer, purpose, size, status_size, ttl_ms, allocated, is_full, version, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?)", row.id(), issuer, p.jsonName(), row.size(), statusSize, row.ttlMs(), now, now);
        return row;
    }

    private long openLists(Connection c, String issuer, StatusPurpose p) throws SQLException {
        return one(c, "SELECT COUNT(*) FROM status_list WHERE issuer = ? AND purpose = ? AND is_full = 0",
                rs -> rs.getLong(1), issuer, p.jsonName()).orElse(0L);
    }

    /** The oldest open list (or, with {@code anyOne}, one at random) of (issuer, purpose), locked by {@code lock}. */
    private Optional<ListRow> findOpenList(Connection c, String issuer, StatusPurpose p, String lock, boolean anyOne) throws SQLException {
        Optional<ListRow> open = one(c, "SELECT " + JdbcStore.LIST_COLUMNS + " FROM status_list WHERE issuer = ? AND purpose = ? AND is_full = 0"
                + (anyOne ? " ORDER BY random() LIMIT 1" : " ORDER BY created_at, id LIMIT 1") + lock, JdbcStore::listRow, issuer, p.jsonName());
        return open.filter(l -> l.allocated() < l.size());
    }

    /** Inserts the entry unless its index is taken or the credential has an entry for the purpose; true if inserted. */
    private static boolean insertEntry(Connection c, ListRow list, int index, String credentialId, StatusPurpose p, String taskId, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO status_entry (list_id, idx, credential_id, purpose, task_id, value,"
                + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, list.id());
            ps.setInt(2, index);
            ps.setString(3, credentialId);
            ps.setString(4, p.jsonName());
            ps.setString(5, taskId.isEmpty() ? null : taskId);
            ps.setLong(6, now);
            ps.setLong(7, now);
            return ps.executeUpdate() == 1;
        }
    }

    /** A uniformly random free index of a locked list that has at least one, by walking its used indices. */
    private int pickFree(Connection c, ListRow list) throws SQLException {
        int free = list.size() - list.allocated();
        if (free <= 0) {
            throw new IllegalStateException("list " + list.id() + " has no free index");
        }
        // Dense list: pick the k-th free index, k uniform, by walking the used ones in order.
        int k = random.nextInt(free);
        int candidate = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT idx FROM status_entry WHERE list_id = ? ORDER BY idx")) {
            ps.setString(1, list.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int used = rs.getInt(1);
                    int gap = used - candidate;
                    if (k < gap) {
                        return candidate + k;
                    }
                    k -= gap;
                    candidate = used + 1;
                }
            }
        }
        return candidate + k;
    }
}
