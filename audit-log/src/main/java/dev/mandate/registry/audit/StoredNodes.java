package dev.mandate.registry.audit;

import dev.mandate.registry.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The audit log's complete subtrees as stored: level 0 from {@code audit_entry.leaf_hash}, higher levels from
 * {@code audit_node}, both by primary key, memoized for one transaction. A node that is not stored (a log
 * written before the nodes were kept) is rebuilt from its leaves with one range read and, in a write
 * transaction, stored, so the first append after an upgrade fills the table in once.
 *
 * <p>Not thread-safe: one per transaction.
 */
final class StoredNodes implements Subtrees.Source<StoreException>, AutoCloseable {
    private record Key(int level, long index) {}

    private final Connection c;
    private final boolean write;
    private final String insertSql;
    private final Map<Key, byte[]> cache = new HashMap<>();
    private PreparedStatement leaf;
    private PreparedStatement node;
    private PreparedStatement insert;
    /** Whether new nodes are batched until {@link #flush()} instead of inserted one statement each. */
    private boolean deferred;
    private int batched;

    /**
     * @param kind  the store's kind ({@code sqlite} or {@code postgresql}), for the insert statement
     * @param write whether {@code c} is in a write transaction (then rebuilt and new nodes are stored)
     */
    StoredNodes(Connection c, String kind, boolean write) {
        this.c = c;
        this.write = write;
        this.insertSql = kind.equals("postgresql")
                ? "INSERT INTO audit_node (level, idx, hash) VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                : "INSERT OR IGNORE INTO audit_node (level, idx, hash) VALUES (?, ?, ?)";
    }

    @Override
    public byte[] node(int level, long index) throws StoreException {
        byte[] h = cache.get(new Key(level, index));
        if (h != null) {
            return h;
        }
        try {
            h = level == 0 ? readLeaf(index) : readNode(level, index);
            if (h == null) {
                h = rebuild(level, index);
            }
        } catch (SQLException e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "reading the audit tree failed: " + e.getMessage(), e);
        }
        cache.put(new Key(level, index), h);
        return h;
    }

    /** Records a leaf appended in this transaction and stores every subtree it completes. */
    void appended(long seq, byte[] leafHash) throws StoreException {
        cache.put(new Key(0, seq), leafHash);
        long count = seq + 1;
        for (int level = 1; level < 63 && (count & ((1L << level) - 1)) == 0; level++) {
            long index = (count >>> level) - 1;
            byte[] h = MerkleTree.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
            cache.put(new Key(level, index), h);
            try {
                store(level, index, h);
            } catch (SQLException e) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "storing the audit tree failed: " + e.getMessage(), e);
            }
        }
    }

    private byte[] readLeaf(long seq) throws SQLException, StoreException {
        if (leaf == null) {
            leaf = c.prepareStatement("SELECT leaf_hash FROM audit_entry WHERE seq = ?");
        }
        leaf.setLong(1, seq);
        try (ResultSet rs = leaf.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException(StoreException.Reason.CONFLICT, "audit entry " + seq + " is missing; run 'mandate audit verify'");
            }
            return hash(rs.getString(1), "audit entry " + seq + " has a damaged leaf hash");
        }
    }

    private byte[] readNode(int level, long index) throws SQLException, StoreException {
        if (node == null) {
            node = c.prepareStatement("SELECT hash FROM audit_node WHERE level = ? AND idx = ?");
        }
        node.setInt(1, level);
        node.setLong(2, index);
        try (ResultSet rs = node.executeQuery()) {
            return rs.next() ? hash(rs.getString(1), "audit tree node " + level + "/" + index + " is damaged") : null;
        }
    }

    /** Rebuilds a missing subtree from its leaves (one range read), caching and, when writing, storing every node of it. */
    private byte[] rebuild(int level, long index) throws SQLException, StoreException {
        long lo = index << level;
        long n = 1L << level;
        if (level > 30) {
            throw new StoreException(StoreException.Reason.INVALID, "audit subtree of 2^" + level + " leaves is too large to rebuild");
        }
        byte[][] layer = new byte[(int) n][];
        try (PreparedStatement p = c.prepareStatement("SELECT seq, leaf_hash FROM audit_entry WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            p.setLong(1, lo);
            p.setLong(2, lo + n);
            p.setFetchSize(10_000);
            try (ResultSet rs = p.executeQuery()) {
                int i = 0;
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq != lo + i) {
                        throw new StoreException(StoreException.Reason.CONFLICT, "audit entry " + (lo + i) + " is missing; run 'mandate audit verify'");
                    }
                    layer[i++] = hash(rs.getString(2), "audit entry " + seq + " has a damaged leaf hash");
                }
                if (i < n) {
                    throw new StoreException(StoreException.Reason.NOT_FOUND, "the log has no entry " + (lo + i) + " yet");
                }
            }
        }
        for (int l = 1; l <= level; l++) {
            byte[][] up = new byte[layer.length / 2][];
            long first = lo >>> l;
            for (int i = 0; i < up.length; i++) {
                up[i] = MerkleTree.nodeHash(layer[2 * i], layer[2 * i + 1]);
                cache.put(new Key(l, first + i), up[i]);
                if (write) {
                    store(l, first + i, up[i]);
                }
            }
            layer = up;
        }
        return layer[0];
    }

    private void store(int level, long index, byte[] h) throws SQLException {
        if (insert == null) {
            insert = c.prepareStatement(insertSql);
        }
        insert.setInt(1, level);
        insert.setLong(2, index);
        insert.setString(3, Json.hex(h));
        if (deferred) {
            insert.addBatch();
            batched++;
        } else {
            insert.executeUpdate();
        }
    }

    /**
     * Batches the nodes stored from now on until {@link #flush()} (one round trip for a batch of appends instead of
     * one per node); they are read back from the memo meanwhile. The caller must flush before it commits.
     */
    void deferInserts() {
        deferred = true;
    }

    /** Inserts the nodes batched since {@link #deferInserts()}. */
    void flush() throws StoreException {
        if (batched == 0) {
            return;
        }
        try {
            insert.executeBatch();
            batched = 0;
        } catch (SQLException e) {
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "storing the audit tree failed: " + e.getMessage(), e);
        }
    }

    private static byte[] hash(String hex, String damaged) throws StoreException {
        try {
            return Json.hash(hex, "hash");
        } catch (AuditFormatException | NullPointerException e) {
            throw new StoreException(StoreException.Reason.CONFLICT, damaged);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement p : new PreparedStatement[] {leaf, node, insert}) {
            if (p != null) {
                try {
                    p.close();
                } catch (SQLException ignored) {
                    // closing with the transaction
                }
            }
        }
    }
}
