package dev.mandate.registry.audit;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * Proof that one entry is in the log, checkable without the log: the entry itself, its leaf index, the tree
 * size, the RFC 9162 audit path and the signed tree head of that size.
 *
 * @param entry     the entry (its leaf hash is recomputed from the fields when checking)
 * @param leafIndex the entry's seq
 * @param treeSize  the size of the tree the path leads to
 * @param path      the audit path, leaf to root
 * @param head      the signed tree head of {@code treeSize}
 */
public record InclusionProof(AuditEntry entry, long leafIndex, long treeSize, List<byte[]> path, SignedTreeHead head) {
    /** The {@code type} member of the JSON form. */
    public static final String TYPE = "mandate-audit-inclusion-proof/v1";

    /**
     * Copies the path so the proof cannot change after construction.
     *
     * @param entry     the entry
     * @param leafIndex the entry's seq
     * @param treeSize  the size of the tree the path leads to
     * @param path      the audit path, leaf to root; not null, nodes not null
     * @param head      the signed tree head of {@code treeSize}
     */
    public InclusionProof {
        path = path.stream().map(byte[]::clone).toList();
    }

    /**
     * Checks the proof offline: the signature of the tree head by {@code key}, that the entry's fields hash to
     * its leaf hash, that the entry sits at {@code leafIndex}, and that the path leads from it to the signed root.
     *
     * @param key the log's public tree-head key
     * @return empty when it holds, else a one-line reason (never throws for a bad proof)
     */
    public Optional<String> check(PublicKeyValue key) {
        if (!head.verify(key)) {
            return Optional.of("the tree head signature does not verify with " + key.toMultikey());
        }
        if (head.treeSize() != treeSize) {
            return Optional.of("the proof is for tree size " + treeSize + " but the signed head covers " + head.treeSize());
        }
        if (entry.seq() != leafIndex) {
            return Optional.of("the entry has seq " + entry.seq() + " but the proof is for leaf " + leafIndex);
        }
        byte[] leaf;
        try {
            leaf = entry.computeLeafHash();
        } catch (RuntimeException e) {
            return Optional.of("the entry cannot be hashed: " + e.getMessage());
        }
        if (!java.security.MessageDigest.isEqual(leaf, entry.leafHash())) {
            return Optional.of("the entry's fields do not hash to its leaf hash (altered entry)");
        }
        if (!MerkleTree.verifyInclusion(leafIndex, treeSize, leaf, path, head.rootHash())) {
            return Optional.of("the audit path does not lead from leaf " + leafIndex + " to the signed root of size " + treeSize);
        }
        return Optional.empty();
    }

    /** {@return the JSON form printed by {@code mandate audit prove}} */
    public JsonObject toJson() {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("type", TYPE)
                .add("entry", entry.toJson())
                .add("leafIndex", leafIndex)
                .add("treeSize", treeSize)
                .add("path", Json.hexArray(path))
                .add("signedTreeHead", head.toJson())
                .build();
    }

    /**
     * Reads the JSON form (untrusted input).
     *
     * @param o the JSON object
     * @return the proof (not yet checked: call {@link #check})
     * @throws AuditFormatException naming the bad member
     */
    public static InclusionProof fromJson(JsonObject o) throws AuditFormatException {
        if (!TYPE.equals(Json.string(o, "type"))) {
            throw new AuditFormatException("member 'type' is not " + TYPE);
        }
        if (!(o.get("entry") instanceof JsonObject e)) {
            throw new AuditFormatException("member 'entry' is missing or not an object");
        }
        if (!(o.get("signedTreeHead") instanceof JsonObject h)) {
            throw new AuditFormatException("member 'signedTreeHead' is missing or not an object");
        }
        return new InclusionProof(AuditEntry.fromJson(e), Json.nonNegativeLong(o, "leafIndex"), Json.nonNegativeLong(o, "treeSize"),
                Json.hashes(o, "path"), SignedTreeHead.fromJson(h));
    }
}
