package dev.mandate.registry.audit;

/**
 * The Merkle tree head of the first {@code size} entries.
 *
 * @param size     the number of entries covered
 * @param rootHash MTH over their leaf hashes (32 bytes)
 */
public record TreeHead(long size, byte[] rootHash) {
    /**
     * Copies the hash so later changes to the caller's array do not show.
     *
     * @param size     the number of entries covered
     * @param rootHash MTH over their leaf hashes (32 bytes); not null
     */
    public TreeHead {
        rootHash = rootHash.clone();
    }

    /** {@return a copy of the root hash (32 bytes)} */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** {@return the root hash in lower-case hex (64 characters)} */
    public String rootHex() {
        return Json.hex(rootHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead t && t.size == size && java.util.Arrays.equals(t.rootHash, rootHash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(size) * 31 + java.util.Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "TreeHead[" + size + ", " + rootHex() + "]";
    }
}
