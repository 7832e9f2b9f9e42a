package dev.mandate.registry.audit;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tree heads and proofs from complete subtrees equal the naive RFC 9162 computation over every leaf. */
class SubtreesTest {
    static List<byte[]> leaves(int n, int seed) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash(new byte[] {(byte) seed, (byte) (i >> 16), (byte) (i >> 8), (byte) i}));
        }
        return out;
    }

    static void assertSame(List<byte[]> expected, List<byte[]> got, String what) {
        assertEquals(expected.size(), got.size(), what);
        for (int i = 0; i < got.size(); i++) {
            assertArrayEquals(expected.get(i), got.get(i), what + " element " + i);
        }
    }

    @Test
    void theCertificateTransparencyVectorsStillHold() throws Exception {
        JsonObject v = MerkleTreeTest.vectors();
        List<byte[]> leaves = MerkleTreeTest.ctLeaves(v);
        var s = Subtrees.of(leaves);
        JsonArray roots = v.getJsonArray("roots");
        for (int n = 0; n <= 8; n++) {
            assertEquals(roots.getString(n), HexFormat.of().formatHex(Subtrees.root(s, n)), "size " + n);
        }
        for (JsonValue x : v.getJsonArray("inclusion")) {
            JsonObject c = x.asJsonObject();
            assertSame(MerkleTreeTest.hashes(c.getJsonArray("path")), Subtrees.inclusionProof(s, c.getInt("leaf"), c.getInt("size")), c.toString());
        }
        for (JsonValue x : v.getJsonArray("consistency")) {
            JsonObject c = x.asJsonObject();
            assertSame(MerkleTreeTest.hashes(c.getJsonArray("path")), Subtrees.consistencyProof(s, c.getInt("old"), c.getInt("new")), c.toString());
        }
    }

    @Test
    void everySizeIndexAndOldSizeUpTo70EqualsTheNaiveComputation() {
        List<byte[]> leaves = leaves(70, 7);
        var s = Subtrees.of(leaves);
        for (int n = 0; n <= 70; n++) {
            assertArrayEquals(MerkleTree.root(leaves, n), Subtrees.root(s, n), "root of " + n);
            for (int m = 0; m < n; m++) {
                assertSame(MerkleTree.inclusionProof(leaves, m, n), Subtrees.inclusionProof(s, m, n), "inclusion " + m + " in " + n);
            }
            for (int m = 0; m <= n; m++) {
                assertSame(MerkleTree.consistencyProof(leaves, m, n), Subtrees.consistencyProof(s, m, n), "consistency " + m + " to " + n);
            }
        }
    }

    @Property(tries = 60)
    void randomTreesEqualTheNaiveComputationAndReadFewNodes(@ForAll @IntRange(min = 1, max = 5000) int size,
                                                            @ForAll @IntRange(min = 0, max = 1_000_000) int pick) {
        List<byte[]> leaves = leaves(size, pick & 0xff);
        AtomicInteger reads = new AtomicInteger();
        var naive = Subtrees.of(leaves);
        Subtrees.Source<RuntimeException> counting = (level, index) -> {
            reads.incrementAndGet();
            return naive.node(level, index);
        };
        int m = pick % size;
        int old = pick % (size + 1);
        assertArrayEquals(MerkleTree.root(leaves, size), Subtrees.root(counting, size));
        int log = 64 - Long.numberOfLeadingZeros(size);
        assertTrue(reads.get() <= log + 1, "a root reads at most one node per set bit: " + reads + " for " + size);
        reads.set(0);
        assertSame(MerkleTree.inclusionProof(leaves, m, size), Subtrees.inclusionProof(counting, m, size), "inclusion");
        assertTrue(reads.get() <= 2 * log + 2, "an inclusion proof reads O(log n) nodes: " + reads + " for " + size);
        reads.set(0);
        assertSame(MerkleTree.consistencyProof(leaves, old, size), Subtrees.consistencyProof(counting, old, size), "consistency");
        assertTrue(reads.get() <= 2 * log + 2, "a consistency proof reads O(log n) nodes: " + reads + " for " + size);
    }
}
