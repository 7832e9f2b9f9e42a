package dev.mandate.registry.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Merkle tree of RFC 9162 (Certificate Transparency v2) section 2.1 with SHA-256: leaf hash
 * {@code SHA-256(0x00 || data)}, interior node {@code SHA-256(0x01 || left || right)}, the tree head of
 * {@code n} leaves split at the largest power of two smaller than {@code n}, inclusion proofs (2.1.3) and
 * consistency proofs (2.1.4), both generated and verified. Functions work on lists of leaf hashes.
 * Verification never throws for bad input: it returns false.
 */
public final class MerkleTree {
    /** Length of every hash. */
    public static final int HASH_LENGTH = 32;
    /** Longest proof accepted (a tree of 2^64 leaves needs at most 64 hashes, consistency at most 2*64). */
    public static final int MAX_PROOF_LENGTH = 130;

    private MerkleTree() {}

    /**
     * Hashes one leaf.
     *
     * @param data the leaf's bytes
     * @return {@code SHA-256(0x00 || data)} (32 bytes)
     */
    public static byte[] leafHash(byte[] data) {
        MessageDigest d = sha256();
        d.update((byte) 0x00);
        d.update(data);
        return d.digest();
    }

    /**
     * Hashes an interior node.
     *
     * @param left  the left child's hash
     * @param right the right child's hash
     * @return {@code SHA-256(0x01 || left || right)} (32 bytes)
     */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest d = sha256();
        d.update((byte) 0x01);
        d.update(left);
        d.update(right);
        return d.digest();
    }

    /** {@return the root of the empty tree, {@code SHA-256("")}} */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /**
     * Computes MTH(D[n]) over the first {@code size} leaf hashes.
     *
     * @param leaves the leaf hashes
     * @param size   how many of them the tree covers (0 gives {@link #emptyRoot()})
     * @return the root hash (32 bytes)
     * @throws IllegalArgumentException if {@code size} is negative or larger than {@code leaves}
     */
    public static byte[] root(List<byte[]> leaves, long size) {
        int n = checkSize(leaves, size);
        return n == 0 ? emptyRoot() : mth(leaves, 0, n);
    }

    /**
     * Computes the root over every leaf hash of {@code leaves}.
     *
     * @param leaves the leaf hashes (empty gives {@link #emptyRoot()})
     * @return the root hash (32 bytes)
     */
    public static byte[] root(List<byte[]> leaves) {
        return root(leaves, leaves.size());
    }

    /**
     * Computes PATH(m, D[n]): the inclusion proof of leaf {@code index} in the tree of the first {@code size} leaves.
     *
     * @param leaves the leaf hashes
     * @param index  the leaf, 0-based
     * @param size   the tree size
     * @return the audit path, leaf to root (empty for a tree of one leaf)
     * @throws IllegalArgumentException if {@code size} or {@code index} is out of range
     */
    public static List<byte[]> inclusionProof(List<byte[]> leaves, long index, long size) {
        int n = checkSize(leaves, size);
        if (index < 0 || index >= n) {
            throw new IllegalArgumentException("leaf index " + index + " is outside a tree of size " + n);
        }
        List<byte[]> out = new ArrayList<>();
        path((int) index, leaves, 0, n, out);
        return out;
    }

    /**
     * Computes PROOF(m, D[n]): the consistency proof between the trees of the first {@code oldSize} and
     * {@code newSize} leaves.
     *
     * @param leaves  the leaf hashes
     * @param oldSize the earlier tree size
     * @param newSize the later tree size
     * @return the proof (empty when {@code oldSize} is 0 or equals {@code newSize})
     * @throws IllegalArgumentException if a size is out of range
     */
    public static List<byte[]> consistencyProof(List<byte[]> leaves, long oldSize, long newSize) {
        int n = checkSize(leaves, newSize);
        if (oldSize < 0 || oldSize > n) {
            throw new IllegalArgumentException("old size " + oldSize + " is outside 0.." + n);
        }
        List<byte[]> out = new ArrayList<>();
        if (oldSize > 0 && oldSize < n) {
            subproof((int) oldSize, leaves, 0, n, true, out);
        }
        return out;
    }

    /**
     * Verifies an inclusion proof per RFC 9162 section 2.1.3.2.
     *
     * @param index    the leaf, 0-based
     * @param size     the tree size
     * @param leafHash the leaf's hash
     * @param proof    the audit path, leaf to root
     * @param root     the expected root
     * @return true only if {@code leafHash} at {@code index} is in the tree of {@code size} with root {@code root}
     */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        return rootFromInclusion(index, size, leafHash, proof).map(r -> MessageDigest.isEqual(r, root)).orElse(false);
    }

    /**
     * Computes the root an inclusion proof leads to. Never throws for bad input.
     *
     * @param index    the leaf, 0-based
     * @param size     the tree size
     * @param leafHash the leaf's hash
     * @param proof    the audit path, leaf to root
     * @return the root, or empty when the proof is malformed for the index and size
     */
    public static java.util.Optional<byte[]> rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof) {
        if (index < 0 || size <= 0 || index >= size || !wellFormed(leafHash) || proof == null || proof.size() > MAX_PROOF_LENGTH) {
            return java.util.Optional.empty();
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (!wellFormed(p) || sn == 0) {
                return java.util.Optional.empty();
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? java.util.Optional.of(r) : java.util.Optional.empty();
    }

    /**
     * Verifies a consistency proof per RFC 9162 section 2.1.4.2. Size 0 is consistent with everything (empty
     * proof); equal sizes need an empty proof and equal roots.
     *
     * @param oldSize the earlier tree size
     * @param newSize the later tree size
     * @param oldRoot the earlier root
     * @param newRoot the later root
     * @param proof   the consistency proof
     * @return true only if the proof shows the old tree is a prefix of the new one; false for any bad input
     */
    public static boolean verifyConsistency(long oldSize, long newSize, byte[] oldRoot, byte[] newRoot, List<byte[]> proof) {
        if (oldSize < 0 || newSize < oldSize || proof == null || proof.size() > MAX_PROOF_LENGTH || !wellFormed(newRoot)) {
            return false;
        }
        for (byte[] p : proof) {
            if (!wellFormed(p)) {
                return false;
            }
        }
        if (oldSize == 0) {
            return proof.isEmpty();
        }
        if (!wellFormed(oldRoot)) {
            return false;
        }
        if (oldSize == newSize) {
            return proof.isEmpty() && MessageDigest.isEqual(oldRoot, newRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(oldSize) == 1) {
            path.add(0, oldRoot);
        }
        long fn = oldSize - 1;
        long sn = newSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (int i = 1; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, oldRoot) && MessageDigest.isEqual(sr, newRoot);
    }

    // ------------------------------------------------------------------ recursion of section 2.1

    private static byte[] mth(List<byte[]> leaves, int lo, int hi) {
        int n = hi - lo;
        if (n == 1) {
            return leaves.get(lo);
        }
        int k = split(n);
        return nodeHash(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
    }

    private static void path(int m, List<byte[]> leaves, int lo, int hi, List<byte[]> out) {
        int n = hi - lo;
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, leaves, lo, lo + k, out);
            out.add(mth(leaves, lo + k, hi));
        } else {
            path(m - k, leaves, lo + k, hi, out);
            out.add(mth(leaves, lo, lo + k));
        }
    }

    private static void subproof(int m, List<byte[]> leaves, int lo, int hi, boolean complete, List<byte[]> out) {
        int n = hi - lo;
        if (m == n) {
            if (!complete) {
                out.add(mth(leaves, lo, hi));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, leaves, lo, lo + k, complete, out);
            out.add(mth(leaves, lo + k, hi));
        } else {
            subproof(m - k, leaves, lo + k, hi, false, out);
            out.add(mth(leaves, lo, lo + k));
        }
    }

    /** The largest power of two smaller than {@code n} (n >= 2). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    private static int checkSize(List<byte[]> leaves, long size) {
        if (size < 0 || size > leaves.size()) {
            throw new IllegalArgumentException("tree size " + size + " is outside 0.." + leaves.size());
        }
        return (int) size;
    }

    private static boolean wellFormed(byte[] h) {
        return h != null && h.length == HASH_LENGTH;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** Equality of two hashes in constant time. */
    static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && Arrays.equals(a, b);
    }
}
