package dev.mandate.registry.audit;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.Signer;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import jakarta.json.JsonObject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tamper-evident audit log, kept in the same database as the status store ({@link Store}): an
 * append-only table of entries whose leaf hashes form an RFC 9162 Merkle tree, plus the signed tree heads
 * the organisation's key made of it.
 *
 * <p>Appends: one write transaction each; the seq is taken from a counter row inside that transaction (row
 * lock on PostgreSQL, {@code BEGIN IMMEDIATE} on SQLite), so concurrent appenders from any number of threads
 * and processes get gapless, distinct seqs in commit order, and a crash leaves either the whole entry or
 * nothing. Appending costs one SHA-256, one small transaction and, on average, one more row: the hash of
 * every complete subtree an entry completes ({@code audit_node}), so that tree heads and inclusion and
 * consistency proofs read O(log n) stored nodes, not every leaf ({@link Subtrees}).
 *
 * <p>Thread-safe. Database failures surface as {@link StoreException} (UNAVAILABLE); bad arguments as INVALID,
 * unknown entries or sizes as NOT_FOUND.
 */
public final class AuditLog {
    /** Longest type, actor or subject accepted. */
    public static final int MAX_FIELD_CHARS = 2048;
    /** Longest canonical details text accepted. */
    public static final int MAX_DETAILS_CHARS = 64 * 1024;
    /** Well-known entry types (any lower-case token is accepted). */
    public static final List<String> KNOWN_TYPES = List.of("issuance", "delegation", "status", "registry", "authorization", "guard", "operator");
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    private final Store store;
    private final Clock clock;

    /**
     * Opens the log in {@code store}, timestamps from the system UTC clock.
     *
     * @param store a JDBC store (SQLite or PostgreSQL) whose schema holds the audit tables; not null
     */
    public AuditLog(Store store) {
        this(store, Clock.systemUTC());
    }

    /**
     * Opens the log in {@code store} with timestamps from {@code clock}.
     *
     * @param store a JDBC store (SQLite or PostgreSQL) whose schema holds the audit tables; not null
     * @param clock the source of entry times (truncated to milliseconds); not null
     */
    public AuditLog(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Appends one entry durably.
     *
     * @param type    a lower-case token, e.g. {@code issuance}, {@code delegation}, {@code status}, {@code registry}, {@code authorization}
     * @param actor   who acted
     * @param subject what was acted upon
     * @param details any JSON object (stored in JCS canonical form, at most {@link #MAX_DETAILS_CHARS})
     * @return the stored entry with its seq and leaf hash
     * @throws StoreException INVALID for a bad argument, UNAVAILABLE when the database fails
     */
    public AuditEntry append(String type, String actor, String subject, JsonObject details) throws StoreException {
        String canonical = checked(type, actor, subject, details);
        return JdbcTransactions.write(store, c -> insert(c, clock.millis(), type, actor, subject, canonical));
    }

    /**
     * Appends several entries durably in one transaction, in list order (consecutive sequence numbers),
     * so a batch costs one commit. Every draft is checked first; one bad draft refuses the whole batch
     * and nothing is written.
     *
     * @param drafts the entries to append; empty appends nothing and returns an empty list
     * @return the stored entries, in order
     * @throws StoreException INVALID naming the first bad draft, UNAVAILABLE when the database fails
     */
    public List<AuditEntry> appendAll(List<AuditDraft> drafts) throws StoreException {
        List<String> canonical = checkedAll(drafts);
        if (drafts.isEmpty()) {
            return List.of();
        }
        return JdbcTransactions.write(store, c -> insertAll(c, drafts, canonical));
    }

    /**
     * Appends several entries in list order (consecutive sequence numbers) inside the caller's write
     * transaction on {@code c} (a connection handed out by {@link JdbcTransactions#write}), so they commit or
     * roll back together with the caller's own changes: a group commit of entries that go with other rows.
     * Same checks as {@link #appendAll}. Take the caller's other row locks first: this takes the log's
     * counter row, which every appender waits for, so holding it briefly keeps appenders moving.
     *
     * @param c      the caller's open write connection
     * @param drafts the entries to append; empty appends nothing and returns an empty list
     * @return the entries as they will be stored once the caller commits, in order
     * @throws StoreException INVALID naming the first bad draft (nothing is written)
     * @throws SQLException   when the database fails (the caller's transaction handles it)
     */
    public List<AuditEntry> appendAllIn(Connection c, List<AuditDraft> drafts) throws StoreException, SQLException {
        List<String> canonical = checkedAll(drafts);
        return drafts.isEmpty() ? List.of() : insertAll(c, drafts, canonical);
    }

    private static List<String> checkedAll(List<AuditDraft> drafts) throws StoreException {
        List<String> canonical = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            AuditDraft d = drafts.get(i);
            try {
                canonical.add(checked(d.type(), d.actor(), d.subject(), d.details()));
            } catch (StoreException e) {
                throw invalid("audit draft " + i + ": " + e.getMessage());
            }
        }
        return canonical;
    }

    private List<AuditEntry> insertAll(Connection c, List<AuditDraft> drafts, List<String> canonical) throws SQLException, StoreException {
        long millis = clock.millis();
        int n = drafts.size();
        // one seq range for the batch, then one batched insert: a batch costs a handful of statements
        long first = takeSeqs(c, n);
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
        try (StoredNodes nodes = new StoredNodes(c, store.kind(), true)) {
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
    private long takeSeqs(Connection c, int n) throws SQLException, StoreException {
        if (store.kind().equals("postgresql")) {
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

    /**
     * Appends one entry inside the caller's write transaction on {@code c} (a connection handed out by
     * {@link JdbcTransactions#write}), so the entry commits or rolls back together with the caller's own
     * changes. Same checks as {@link #append}.
     *
     * @param c       the caller's open write connection
     * @param type    a lower-case token
     * @param actor   who acted
     * @param subject what was acted upon
     * @param details any JSON object
     * @return the entry as it will be stored once the caller commits
     * @throws StoreException INVALID for a bad argument
     * @throws SQLException   when the database fails (the caller's transaction handles it)
     */
    public AuditEntry appendIn(Connection c, String type, String actor, String subject, JsonObject details)
            throws StoreException, SQLException {
        String canonical = checked(type, actor, subject, details);
        return insert(c, clock.millis(), type, actor, subject, canonical);
    }

    private static String checked(String type, String actor, String subject, JsonObject details) throws StoreException {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw invalid("audit entry type must be a lower-case token like 'issuance', got " + shorten(type));
        }
        checkField("actor", actor);
        checkField("subject", subject);
        Objects.requireNonNull(details, "details");
        String canonical;
        try {
            canonical = Jcs.canonicalize(details);
        } catch (JcsException e) {
            throw invalid("audit entry details cannot be canonicalized: " + e.getMessage());
        }
        if (canonical.length() > MAX_DETAILS_CHARS) {
            throw invalid("audit entry details exceed " + MAX_DETAILS_CHARS + " characters");
        }
        return canonical;
    }

    private AuditEntry insert(Connection c, long millis, String type, String actor, String subject, String canonical)
            throws SQLException, StoreException {
        long seq = takeSeqs(c, 1);
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
        try (StoredNodes nodes = new StoredNodes(c, store.kind(), true)) {
            nodes.appended(seq, leaf);
        }
        return new AuditEntry(seq, Instant.ofEpochMilli(millis), type, actor, subject, canonical, leaf);
    }

    /**
     * Counts the entries.
     *
     * @return the number of entries appended (the next seq)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public long size() throws StoreException {
        return JdbcTransactions.read(store, AuditLog::size);
    }

    /**
     * Reads one entry as stored (its leaf hash is not checked).
     *
     * @param seq the entry's sequence number
     * @return the entry, or empty if there is none at {@code seq}
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Optional<AuditEntry> entry(long seq) throws StoreException {
        List<AuditEntry> l = entries(seq, 1);
        return l.isEmpty() || l.get(0).seq() != seq ? Optional.empty() : Optional.of(l.get(0));
    }

    /**
     * Reads a page of entries as stored.
     *
     * @param fromSeq the first seq wanted
     * @param max     the most entries returned
     * @return entries with {@code seq >= fromSeq}, by seq, at most {@code max}; empty past the end
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<AuditEntry> entries(long fromSeq, int max) throws StoreException {
        return JdbcTransactions.read(store, c -> readEntries(c, fromSeq, max));
    }

    /**
     * Computes the tree head of the first {@code size} entries, from the stored subtree hashes (O(log size) reads).
     *
     * @param size the number of entries covered (0 gives the empty root)
     * @return the tree head
     * @throws StoreException INVALID for a negative size, NOT_FOUND if the log has fewer entries, UNAVAILABLE when
     *                        the database fails
     */
    public TreeHead treeHead(long size) throws StoreException {
        return JdbcTransactions.read(store, c -> {
            checkSize(c, size);
            try (StoredNodes nodes = new StoredNodes(c, store.kind(), false)) {
                return new TreeHead(size, Subtrees.root(nodes, size));
            }
        });
    }

    /**
     * Computes the tree head of every entry now in the log.
     *
     * @return the tree head, size and root read in one transaction
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public TreeHead treeHead() throws StoreException {
        return JdbcTransactions.read(store, c -> {
            long n = size(c);
            try (StoredNodes nodes = new StoredNodes(c, store.kind(), false)) {
                return new TreeHead(n, Subtrees.root(nodes, n));
            }
        });
    }

    /**
     * Signs the current tree head with the organisation's key and stores the signed head.
     *
     * @param signer the organisation's key
     * @param keyId  how verifiers find the public key (a DID URL such as {@code did:key:z6Mk...#z6Mk...}, or a key name)
     * @return the stored signed head
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public SignedTreeHead signTreeHead(Signer signer, String keyId) throws StoreException {
        checkField("keyId", keyId);
        TreeHead head = treeHead();
        SignedTreeHead sth = SignedTreeHead.sign(head, clock.instant(), signer, keyId);
        JdbcTransactions.write(store, c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_tree_head (tree_size, root_hash, signed_at, key_id, key_type, signature)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                p.setLong(1, sth.treeSize());
                p.setString(2, Json.hex(sth.rootHash()));
                p.setLong(3, sth.timestamp().toEpochMilli());
                p.setString(4, sth.keyId());
                p.setString(5, sth.keyType().curve());
                p.setString(6, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sth.signature()));
                p.executeUpdate();
            }
            return null;
        });
        return sth;
    }

    /** The advisory lock key taken by {@link #signTreeHeadIfNew} on PostgreSQL ("MNDT-STH"). */
    static final long SIGNER_LOCK = 0x4D4E44545354484CL;

    /**
     * Signs the current tree head unless a signed head of that size is stored already, so that any number of
     * servers on one store sign each size once. One signer at a time: a transaction-scoped advisory lock on
     * PostgreSQL, the single-writer transaction on SQLite; the size is read, checked and signed inside it.
     *
     * @param signer the organisation's key
     * @param keyId  how verifiers find the public key
     * @return the new signed head, or empty when the current size was signed already (by anyone, with any key)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Optional<SignedTreeHead> signTreeHeadIfNew(Signer signer, String keyId) throws StoreException {
        checkField("keyId", keyId);
        return JdbcTransactions.write(store, c -> {
            if (store.kind().equals("postgresql")) {
                try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    p.setLong(1, SIGNER_LOCK);
                    p.executeQuery().close();
                }
            }
            long n = size(c);
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM audit_tree_head WHERE tree_size = ?")) {
                p.setLong(1, n);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        return Optional.<SignedTreeHead>empty();
                    }
                }
            }
            TreeHead head;
            try (StoredNodes nodes = new StoredNodes(c, store.kind(), true)) {
                head = new TreeHead(n, Subtrees.root(nodes, n));
            }
            SignedTreeHead sth = SignedTreeHead.sign(head, clock.instant(), signer, keyId);
            insertHead(c, sth);
            return Optional.of(sth);
        });
    }

    private static void insertHead(Connection c, SignedTreeHead sth) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit_tree_head (tree_size, root_hash, signed_at, key_id, key_type, signature)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, sth.treeSize());
            p.setString(2, Json.hex(sth.rootHash()));
            p.setLong(3, sth.timestamp().toEpochMilli());
            p.setString(4, sth.keyId());
            p.setString(5, sth.keyType().curve());
            p.setString(6, java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sth.signature()));
            p.executeUpdate();
        }
    }

    /**
     * Reads every stored signed tree head. Rows that cannot be read are skipped.
     *
     * @return the heads, by tree size then time (signatures not checked)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<SignedTreeHead> signedTreeHeads() throws StoreException {
        return JdbcTransactions.read(store, c -> {
            List<SignedTreeHead> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT tree_size, root_hash, signed_at, key_id, key_type, signature"
                    + " FROM audit_tree_head ORDER BY tree_size, signed_at");
                 ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    try {
                        out.add(new SignedTreeHead(rs.getLong(1), Json.hash(rs.getString(2), "root_hash"), Instant.ofEpochMilli(rs.getLong(3)),
                                rs.getString(4), SignedTreeHead.keyType(rs.getString(5)), java.util.Base64.getUrlDecoder().decode(rs.getString(6))));
                    } catch (AuditFormatException | IllegalArgumentException e) {
                        // a damaged head row proves nothing; verification relies on the heads that remain
                    }
                }
            }
            return out;
        });
    }

    /**
     * Computes the audit path of entry {@code seq} in the tree of the first {@code size} entries.
     *
     * @param seq  the entry
     * @param size the tree size
     * @return the path, leaf to root
     * @throws StoreException INVALID for a negative size, NOT_FOUND if {@code seq} is outside the tree or the log
     *                        has fewer than {@code size} entries, UNAVAILABLE when the database fails
     */
    public List<byte[]> inclusionProof(long seq, long size) throws StoreException {
        return JdbcTransactions.read(store, c -> {
            checkSize(c, size);
            if (seq < 0 || seq >= size) {
                throw new StoreException(StoreException.Reason.NOT_FOUND, "entry " + seq + " is not in a tree of size " + size);
            }
            try (StoredNodes nodes = new StoredNodes(c, store.kind(), false)) {
                return Subtrees.inclusionProof(nodes, seq, size);
            }
        });
    }

    /**
     * Builds a self-contained inclusion proof of entry {@code seq} against the newest stored signed tree head
     * that covers it.
     *
     * @param seq the entry
     * @return the proof
     * @throws StoreException NOT_FOUND if the entry does not exist or no signed head covers it yet, UNAVAILABLE
     *                        when the database fails
     */
    public InclusionProof prove(long seq) throws StoreException {
        Optional<SignedTreeHead> head = signedTreeHeads().stream().filter(h -> h.treeSize() > seq)
                .max(Comparator.comparingLong(SignedTreeHead::treeSize).thenComparing(SignedTreeHead::timestamp));
        if (head.isEmpty()) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, "no signed tree head covers entry " + seq + "; run 'mandate audit sign' first");
        }
        return prove(seq, head.get());
    }

    /**
     * Builds a self-contained inclusion proof of entry {@code seq} against {@code head}.
     *
     * @param seq  the entry
     * @param head the signed tree head to prove against (its signature is not checked here)
     * @return the proof
     * @throws StoreException NOT_FOUND if the entry does not exist or the head is larger than the log,
     *                        UNAVAILABLE when the database fails
     */
    public InclusionProof prove(long seq, SignedTreeHead head) throws StoreException {
        AuditEntry e = entry(seq).orElseThrow(() -> new StoreException(StoreException.Reason.NOT_FOUND, "no audit entry " + seq));
        return new InclusionProof(e, seq, head.treeSize(), inclusionProof(seq, head.treeSize()), head);
    }

    /**
     * Computes the consistency proof between the trees of the first {@code oldSize} and {@code newSize} entries.
     *
     * @param oldSize the earlier size
     * @param newSize the later size
     * @return the proof with both roots
     * @throws StoreException INVALID unless {@code 0 <= oldSize <= newSize}, NOT_FOUND if the log has fewer than
     *                        {@code newSize} entries, UNAVAILABLE when the database fails
     */
    public ConsistencyProof consistencyProof(long oldSize, long newSize) throws StoreException {
        if (oldSize < 0 || oldSize > newSize) {
            throw invalid("consistency needs 0 <= old size <= new size, got " + oldSize + " and " + newSize);
        }
        return JdbcTransactions.read(store, c -> {
            checkSize(c, newSize);
            try (StoredNodes nodes = new StoredNodes(c, store.kind(), false)) {
                return new ConsistencyProof(oldSize, newSize, Subtrees.root(nodes, oldSize), Subtrees.root(nodes, newSize),
                        Subtrees.consistencyProof(nodes, oldSize, newSize));
            }
        });
    }

    /**
     * Runs {@link #verifyAll(List, PublicKeyValue)} against the signed tree heads stored in the log.
     *
     * @param key the organisation's public tree-head key
     * @return the outcome (the first finding, if any)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public AuditVerification verifyAll(PublicKeyValue key) throws StoreException {
        return verifyAll(signedTreeHeads(), key);
    }

    /**
     * Checks the whole log: seqs gapless from 0, every entry's fields hash to its stored leaf hash, and every
     * signed tree head (signature by {@code key}) equals the root recomputed from the entries' fields. Names the
     * first entry that was altered, removed or reordered.
     *
     * <p>Precision: an entry changed without fixing its leaf hash, a deleted row, and two swapped rows are
     * named exactly. An attacker who also rewrites the leaf hashes is caught by the signed roots; then the
     * finding names the first entry after the newest signed head that still matches (the change lies between
     * that and the first head that fails). Entries after the newest signed head are protected only by their
     * leaf hashes until the next head is signed.
     *
     * @param heads the signed tree heads to check the entries against
     * @param key   the organisation's public tree-head key
     * @return the outcome (the first finding, if any)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public AuditVerification verifyAll(List<SignedTreeHead> heads, PublicKeyValue key) throws StoreException {
        Objects.requireNonNull(key, "key");
        List<AuditEntry> entries = JdbcTransactions.read(store, c -> readEntries(c, 0, Integer.MAX_VALUE));
        return LogCheck.check(entries, heads, key);
    }

    // ------------------------------------------------------------------ SQL

    private static long size(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT next_seq FROM audit_state WHERE id = 1"); ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** Refuses a size the log does not have (yet). */
    private static void checkSize(Connection c, long size) throws SQLException, StoreException {
        if (size < 0) {
            throw invalid("tree size " + size + " is out of range");
        }
        long n = size(c);
        if (size > n) {
            throw new StoreException(StoreException.Reason.NOT_FOUND, "the log has " + n + " entries, fewer than " + size);
        }
    }

    private static List<AuditEntry> readEntries(Connection c, long fromSeq, int max) throws SQLException {
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

    private static void checkField(String name, String value) throws StoreException {
        if (value == null || value.length() > MAX_FIELD_CHARS) {
            throw invalid("audit entry " + name + " is missing or longer than " + MAX_FIELD_CHARS + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == 0) {
                throw invalid("audit entry " + name + " holds a NUL character");
            }
            if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw invalid("audit entry " + name + " holds a lone surrogate");
            }
        }
    }

    private static StoreException invalid(String message) {
        return new StoreException(StoreException.Reason.INVALID, message);
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 40 ? "'" + s.substring(0, 40) + "...'" : "'" + s + "'";
    }
}
