package dev.mandate.registry.audit;

import dev.mandate.registry.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of {@link AuditLog}'s entries, on a connection in the caller's transaction: sequence numbers taken from
 * the {@code audit_state} counter row, entries inserted into {@code audit_entry} with the Merkle nodes they complete
 * ({@link StoredNodes}), the log's size, and pages of entries read back as stored.
 */
final class EntryRows {
    private EntryRows() {
    }

    /**
     * Appends one entry: takes its seq, inserts the row and the subtree hashes it completes.
     *
     * @param kind the store's kind ({@code sqlite} or {@code postgresql})
     * @return the entry as it will be stored once the transaction commits
     */
    static AuditEntry insert(Connection c, String kind, long millis, String type, String actor, String subject, String canonical)
            throws SQLException, StoreException {
        long seq = takeSeqs(c, kind, 1);
        byte[] leaf = MerkleTree.leafHash(AuditEntry.leafData(seq, millis, type, actor, subject, canonical));
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_entry (seq, created_at, type, actor, subject, details, leaf_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, seq);
            p.setLong(2, millis);
            p.setString(3, type);
            p.setString(4, actor);
            p.setString(5, subject);
            p.setString(6, canonical);
            p.setString(7, Json.hex(leaf));
            p.executeUpdate();
        }
        try (StoredNodes nodes = new StoredNodes(c, kind, true)) {
            nodes.appended(seq, leaf);
        }
        return new AuditEntry(seq, Instant.ofEpochMilli(millis), type, actor, subject, canonical, leaf);
    }

    /**
     * Appends {@code drafts} (not empty, already checked, {@code canonical} their details) with consecutive seqs, all
     * timestamped {@code millis}.
     *
     * @return the entries as they will be stored once the transaction commits, in order
     */
    static List<AuditEntry> insertAll(Connection c, String kind, long millis, List<AuditDraft> drafts, List<String> canonical)
            throws SQLException, StoreException {
        int n = drafts.size();
        // one seq range for the batch, then one batched insert: a batch costs a handful of statements
        long first = takeSeqs(c, kind, n);
        List<AuditEntry> out = new ArrayList<>(n);
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_entry (seq, created_at, type, actor, subject, details, leaf_hash)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < n; i++) {
                AuditDraft d = drafts.get(i);
                long seq = first + i;
                byte[] leaf = MerkleTree.leafHash(AuditEntry.leafData(seq, millis, d.type(), d.actor(), d.subject(), canonical.get(i)));
                p.setLong(1, seq);
                p.setLong(2, millis);
                p.setString(3, d.type());
                p.setString(4, d.actor());
                p.setString(5, d.subject());
                p.setString(6, canonical.get(i));
                p.setString(7, Json.hex(leaf));
                p.addBatch();
                out.add(new AuditEntry(seq, Instant.ofEpochMilli(millis), d.type(), d.actor(), d.subject(), canonical.get(i), leaf));
            }
            p.executeBatch();
        }
        try (StoredNodes nodes = new StoredNodes(c, kind, true)) {
            nodes.deferInserts();
            for (AuditEntry e : out) {
                nodes.appended(e.seq(), e.leafHash());
            }
            nodes.flush();
        }
        return out;
    }

    /**
     * Takes {@code n} consecutive sequence numbers from the counter row (locking it until the caller's transaction
     * ends) and returns the first: on PostgreSQL in one statement ({@code UPDATE ... RETURNING}), elsewhere an update
     * and a read.
     */
    private static long takeSeqs(Connection c, String kind, int n) throws SQLException, StoreException {
        if (kind.equals("postgresql")) {
            try (PreparedStatement p = c.prepareStatement("UPDATE audit_state SET next_seq = next_seq + ? WHERE id = 1 RETURNING next_seq")) {
                p.setLong(1, n);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException(StoreException.Reason.SCHEMA, "audit_state row missing");
                    }
                    return rs.getLong(1) - n;
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE audit_state SET next_seq = next_seq + ? WHERE id = 1")) {
            p.setLong(1, n);
            if (p.executeUpdate() != 1) {
                throw new StoreException(StoreException.Reason.SCHEMA, "audit_state row missing");
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT next_seq FROM audit_state WHERE id = 1");
             ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1) - n;
        }
    }

    /** The number of entries appended (the next seq). */
    static long size(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT next_seq FROM audit_state WHERE id = 1"); ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Refuses a size the log does not have (yet). */
    static void checkSize(Connection c, long size) throws SQLException, StoreException {
        if (size < 0) {
            throw EntryChecks.invalid("tree size " + size + " is out of range");
        }
        long n = size(c);
        if (size > n) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, "the log has " + n + " entries, fewer than " + size);
        }
    }

    /** At most {@code max} entries from {@code fromSeq} on, by seq, as stored (a damaged leaf hash reads as zeros). */
    static List<AuditEntry> read(Connection c, long fromSeq, int max) throws SQLException {
        List<AuditEntry> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT seq, created_at, type, actor, subject, details, leaf_hash FROM audit_entry"
                + " WHERE seq >= ? ORDER BY seq")) {
            p.setLong(1, fromSeq);
            p.setFetchSize(1000);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next() && out.size() < max) {
                    byte[] leaf;
                    try {
                        leaf = Json.hash(rs.getString(7), "leaf_hash");
                    } catch (AuditFormatException | NullPointerException e) {
                        leaf = new byte[MerkleTree.HASH_LENGTH]; // damaged: will not match the recomputed hash
                    }
                    out.add(new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), nz(rs.getString(3)), nz(rs.getString(4)),
                            nz(rs.getString(5)), nz(rs.getString(6)), leaf));
                }
            }
        }
        return out;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
