package dev.mandate.registry.audit;

import java.util.List;

/**
 * Proof that the tree of {@code oldSize} entries is a prefix of the tree of {@code newSize} entries
 * (RFC 9162 section 2.1.4).
 *
 * @param oldSize the earlier size
 * @param newSize the later size
 * @param oldRoot the earlier root
 * @param newRoot the later root
 * @param path    the consistency path
 */
public record ConsistencyProof(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> path) {
    /**
     * Copies the roots and every path node so the proof cannot change after construction.
     *
     * @param oldSize the earlier size
     * @param newSize the later size
     * @param oldRoot the earlier root (32 bytes); not null
     * @param newRoot the later root (32 bytes); not null
     * @param path    the consistency path; not null, nodes not null
     */
    public ConsistencyProof {
        oldRoot = oldRoot.clone();
        newRoot = newRoot.clone();
        path = path.stream().map(byte[]::clone).toList();
    }

    /** {@return a copy of the earlier root} */
    @Override
    public byte[] oldRoot() {
        return oldRoot.clone();
    }

    /** {@return a copy of the later root} */
    @Override
    public byte[] newRoot() {
        return newRoot.clone();
    }

    /** {@return true if the path proves the old root is a prefix of the new one (false for any mismatch, never throws)} */
    public boolean verify() {
        return MerkleTree.verifyConsistency(oldSize, newSize, oldRoot, newRoot, path);
    }
}
