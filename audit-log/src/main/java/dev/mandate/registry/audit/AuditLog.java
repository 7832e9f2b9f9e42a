package dev.mandate.registry.audit;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.Signer;
import dev.mandate.registry.JdbcTransactions;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import jakarta.json.JsonObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
    // This class is the log's API and its transactions; what it accepts is checked by EntryChecks, the SQL of
    // entries and of signed heads is in EntryRows and HeadRows, the tree's stored nodes in StoredNodes.

    /** Longest type, actor or subject accepted. */
    public static final int MAX_FIELD_CHARS = 2048;
    /** Longest canonical details text accepted. */
    public static final int MAX_DETAILS_CHARS = 64 * 1024;
    /** Well-known entry types (any lower-case token is accepted). */
    public static final List<String> KNOWN_TYPES = List.of("issuance", "delegation", "status", "registry", "authorization", "guard", "operator");

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
        String canonical = EntryChecks.canonical(type, actor, subject, details);
        return JdbcTransactions.write(store, c -> EntryRows.insert(c, store.kind(), clock.millis(), type, actor, subject, canonical));
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
        List<String> canonical = EntryChecks.canonicalAll(drafts);
        if (drafts.isEmpty()) {
            return List.of();
        }
        return JdbcTransactions.write(store, c -> EntryRows.insertAll(c, store.kind(), clock.millis(), drafts, canonical));
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
        List<String> canonical = EntryChecks.canonicalAll(drafts);
        return drafts.isEmpty() ? List.of() : EntryRows.insertAll(c, store.kind(), clock.millis(), drafts, canonical);
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
        String canonical = EntryChecks.canonical(type, actor, subject, details);
        return EntryRows.insert(c, store.kind(), clock.millis(), type, actor, subject, canonical);
    }

    /**
     * Counts the entries.
     *
     * @return the number of entries appended (the next seq)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public long size() throws StoreException {
        return JdbcTransactions.read(store, EntryRows::size);
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
        return JdbcTransactions.read(store, c -> EntryRows.read(c, fromSeq, max));
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
            EntryRows.checkSize(c, size);
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
            long n = EntryRows.size(c);
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
        EntryChecks.field("keyId", keyId);
        TreeHead head = treeHead();
        SignedTreeHead sth = SignedTreeHead.sign(head, clock.instant(), signer, keyId);
        JdbcTransactions.write(store, c -> {
            HeadRows.insert(c, sth);
            return null;
        });
        return sth;
    }

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
        EntryChecks.field("keyId", keyId);
        return JdbcTransactions.write(store, c -> {
            HeadRows.lockSigner(c, store.kind());
            long n = EntryRows.size(c);
            if (HeadRows.exists(c, n)) {
                return Optional.<SignedTreeHead>empty();
            }
            TreeHead head;
            try (StoredNodes nodes = new StoredNodes(c, store.kind(), true)) {
                head = new TreeHead(n, Subtrees.root(nodes, n));
            }
            SignedTreeHead sth = SignedTreeHead.sign(head, clock.instant(), signer, keyId);
            HeadRows.insert(c, sth);
            return Optional.of(sth);
        });
    }

    /**
     * Reads every stored signed tree head. Rows that cannot be read are skipped.
     *
     * @return the heads, by tree size then time (signatures not checked)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<SignedTreeHead> signedTreeHeads() throws StoreException {
        return JdbcTransactions.read(store, HeadRows::readAll);
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
            EntryRows.checkSize(c, size);
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
            throw EntryChecks.invalid("consistency needs 0 <= old size <= new size, got " + oldSize + " and " + newSize);
        }
        return JdbcTransactions.read(store, c -> {
            EntryRows.checkSize(c, newSize);
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
        List<AuditEntry> entries = JdbcTransactions.read(store, c -> EntryRows.read(c, 0, Integer.MAX_VALUE));
        return LogCheck.check(entries, heads, key);
    }
}
