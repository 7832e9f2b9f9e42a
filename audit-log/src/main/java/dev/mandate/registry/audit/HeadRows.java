package dev.mandate.registry.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The SQL of {@link AuditLog}'s signed tree heads ({@code audit_tree_head}), on a connection in the caller's
 * transaction, and the lock that lets one signer at a time sign a size.
 */
final class HeadRows {
    /** The advisory lock key taken by {@link AuditLog#signTreeHeadIfNew} on PostgreSQL ("MNDT-STH"). */
    static final long SIGNER_LOCK = 0x4D4E44545354484CL;

    private HeadRows() {
    }

    /**
     * Waits for the signer lock until the transaction ends: a transaction-scoped advisory lock on PostgreSQL; nothing
     * elsewhere (SQLite's write transaction has a single writer already).
     */
    static void lockSigner(Connection c, String kind) throws SQLException {
        if (kind.equals("postgresql")) {
            try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                p.setLong(1, SIGNER_LOCK);
                p.executeQuery().close();
            }
        }
    }

    /** {@return true if a signed head of {@code size} entries is stored} */
    static boolean exists(Connection c, long size) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM audit_tree_head WHERE tree_size = ?")) {
            p.setLong(1, size);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    static void insert(Connection c, SignedTreeHead sth) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_tree_head (tree_size, root_hash, signed_at, key_id, key_type, signature)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, sth.treeSize());
            p.setString(2, Json.hex(sth.rootHash()));
            p.setLong(3, sth.timestamp().toEpochMilli());
            p.setString(4, sth.keyId());
            p.setString(5, sth.keyType().curve());
            p.setString(6, Base64.getUrlEncoder().withoutPadding().encodeToString(sth.signature()));
            p.executeUpdate();
        }
    }

    /** Every stored head, by tree size then time, signatures not checked; rows that cannot be read are skipped. */
    static List<SignedTreeHead> readAll(Connection c) throws SQLException {
        List<SignedTreeHead> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT tree_size, root_hash, signed_at, key_id, key_type, signature"
                + " FROM audit_tree_head ORDER BY tree_size, signed_at");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                try {
                    out.add(new SignedTreeHead(rs.getLong(1), Json.hash(rs.getString(2), "root_hash"), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4), SignedTreeHead.keyType(rs.getString(5)), Base64.getUrlDecoder().decode(rs.getString(6))));
                } catch (AuditFormatException | IllegalArgumentException e) {
                    // a damaged head row proves nothing; verification relies on the heads that remain
                }
            }
        }
        return out;
    }
}
