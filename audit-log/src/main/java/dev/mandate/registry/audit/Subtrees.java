package dev.mandate.registry.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 section 2.1 (MTH, PATH, SUBPROOF) computed from the hashes of complete subtrees instead of from
 * every leaf: in that recursion every range whose size is a power of two starts at a multiple of its size,
 * so it is one stored node, and a tree head, an inclusion proof or a consistency proof of a tree of n leaves
 * reads O(log n) nodes (at most about 2 log2 n). The results are those of {@link MerkleTree}'s functions over
 * the leaves, byte for byte.
 */
final class Subtrees {
    /** The hashes of complete subtrees. */
    @FunctionalInterface
    interface Source<E extends Exception> {
        /** The root of the complete subtree over leaves {@code [index * 2^level, (index + 1) * 2^level)}; level 0 is a leaf hash. */
        byte[] node(int level, long index) throws E;
    }

    private Subtrees() {}

    static <E extends Exception> byte[] root(Source<E> s, long size) throws E {
        return size == 0 ? MerkleTree.emptyRoot() : mth(s, 0, size);
    }

    static <E extends Exception> List<byte[]> inclusionProof(Source<E> s, long index, long size) throws E {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + size);
        }
        List<byte[]> out = new ArrayList<>();
        path(s, index, 0, size, out);
        return out;
    }

    static <E extends Exception> List<byte[]> consistencyProof(Source<E> s, long oldSize, long newSize) throws E {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("old size " + oldSize + " is outside 0.." + newSize);
        }
        List<byte[]> out = new ArrayList<>();
        if (oldSize > 0 && oldSize < newSize) {
            subproof(s, oldSize, 0, newSize, true, out);
        }
        return out;
    }

    /** MTH of leaves [lo, lo + n). */
    private static <E extends Exception> byte[] mth(Source<E> s, long lo, long n) throws E {
        if (Long.bitCount(n) == 1) {
            int level = Long.numberOfTrailingZeros(n);
            return s.node(level, lo >>> level);
        }
        long k = split(n);
        return MerkleTree.nodeHash(mth(s, lo, k), mth(s, lo + k, n - k));
    }

    private static <E extends Exception> void path(Source<E> s, long m, long lo, long n, List<byte[]> out) throws E {
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            path(s, m, lo, k, out);
            out.add(mth(s, lo + k, n - k));
        } else {
            path(s, m - k, lo + k, n - k, out);
            out.add(mth(s, lo, k));
        }
    }

    private static <E extends Exception> void subproof(Source<E> s, long m, long lo, long n, boolean complete, List<byte[]> out) throws E {
        if (m == n) {
            if (!complete) {
                out.add(mth(s, lo, n));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(s, m, lo, k, complete, out);
            out.add(mth(s, lo + k, n - k));
        } else {
            subproof(s, m - k, lo + k, n - k, false, out);
            out.add(mth(s, lo, k));
        }
    }

    /** The largest power of two smaller than n (n >= 2). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** The complete subtrees of a list of leaf hashes, computed naively (for tests and for rebuilding). */
    static Source<RuntimeException> of(List<byte[]> leaves) {
        return (level, index) -> {
            long lo = index << level;
            return MerkleTree.root(leaves.subList((int) lo, (int) (lo + (1L << level))));
        };
    }
}
