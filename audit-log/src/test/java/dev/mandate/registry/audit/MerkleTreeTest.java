package dev.mandate.registry.audit;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9162 section 2.1 against the Certificate Transparency reference vectors, and as properties. */
class MerkleTreeTest {
    private static final HexFormat HEX = HexFormat.of();

    static JsonObject vectors() throws Exception {
        try (InputStream in = MerkleTreeTest.class.getResourceAsStream("/vectors/rfc6962/ct-merkle-vectors.json");
             var r = Jsonp.PROVIDER.createReader(in)) {
            return r.readObject();
        }
    }

    static List<byte[]> ctLeaves(JsonObject v) {
        List<byte[]> out = new ArrayList<>();
        for (JsonValue l : v.getJsonArray("leaves")) {
            out.add(MerkleTree.leafHash(HEX.parseHex(((JsonString) l).getString())));
        }
        return out;
    }

    static List<byte[]> hashes(JsonArray a) {
        List<byte[]> out = new ArrayList<>();
        for (JsonValue h : a) {
            out.add(HEX.parseHex(((JsonString) h).getString()));
        }
        return out;
    }

    @Test
    void rootsOfEverySizeMatchTheReference() throws Exception {
        JsonObject v = vectors();
        List<byte[]> leaves = ctLeaves(v);
        JsonArray roots = v.getJsonArray("roots");
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(MerkleTree.emptyRoot()));
        for (int n = 0; n <= 8; n++) {
            assertEquals(roots.getString(n), HEX.formatHex(MerkleTree.root(leaves, n)), "size " + n);
        }
    }

    @Test
    void inclusionProofsMatchTheReferenceAndVerify() throws Exception {
        JsonObject v = vectors();
        List<byte[]> leaves = ctLeaves(v);
        for (JsonValue x : v.getJsonArray("inclusion")) {
            JsonObject c = x.asJsonObject();
            int leaf = c.getInt("leaf");
            int size = c.getInt("size");
            List<byte[]> expected = hashes(c.getJsonArray("path"));
            List<byte[]> got = MerkleTree.inclusionProof(leaves, leaf, size);
            assertEquals(expected.size(), got.size(), c.toString());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(expected.get(i), got.get(i), c + " element " + i);
            }
            byte[] root = HEX.parseHex(v.getJsonArray("roots").getString(size));
            assertTrue(MerkleTree.verifyInclusion(leaf, size, leaves.get(leaf), expected, root), c.toString());
            assertFalse(MerkleTree.verifyInclusion(leaf ^ 1, size, leaves.get(leaf), expected, root));
            assertFalse(MerkleTree.verifyInclusion(leaf, size * 2L, leaves.get(leaf), expected, root));
            assertFalse(MerkleTree.verifyInclusion(leaf, size, leaves.get(leaf), expected.subList(0, expected.size() - 1), root));
            List<byte[]> longer = new ArrayList<>(expected);
            longer.add(root);
            assertFalse(MerkleTree.verifyInclusion(leaf, size, leaves.get(leaf), longer, root), "trailing root");
        }
    }

    @Test
    void consistencyProofsMatchTheReferenceAndVerify() throws Exception {
        JsonObject v = vectors();
        List<byte[]> leaves = ctLeaves(v);
        JsonArray roots = v.getJsonArray("roots");
        for (JsonValue x : v.getJsonArray("consistency")) {
            JsonObject c = x.asJsonObject();
            int m = c.getInt("old");
            int n = c.getInt("new");
            List<byte[]> expected = hashes(c.getJsonArray("path"));
            List<byte[]> got = MerkleTree.consistencyProof(leaves, m, n);
            assertEquals(expected.size(), got.size(), c.toString());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(expected.get(i), got.get(i), c + " element " + i);
            }
            byte[] r1 = HEX.parseHex(roots.getString(m));
            byte[] r2 = HEX.parseHex(roots.getString(n));
            assertTrue(MerkleTree.verifyConsistency(m, n, r1, r2, expected), c.toString());
            if (!expected.isEmpty()) {
                assertFalse(MerkleTree.verifyConsistency(m, n, r2, r1, expected), "swapped roots");
                assertFalse(MerkleTree.verifyConsistency(m, n, r1, r2, List.of()), "empty proof");
                assertFalse(MerkleTree.verifyConsistency(m - 1, n, r1, r2, expected), "old size - 1");
                assertFalse(MerkleTree.verifyConsistency(m, n * 2L, r1, r2, expected), "new size * 2");
            }
        }
    }

    @Test
    void edgeCasesOfConsistency() {
        byte[] a = MerkleTree.leafHash(new byte[] {1});
        byte[] b = MerkleTree.leafHash(new byte[] {2});
        assertTrue(MerkleTree.verifyConsistency(0, 0, MerkleTree.emptyRoot(), MerkleTree.emptyRoot(), List.of()));
        assertTrue(MerkleTree.verifyConsistency(0, 1, MerkleTree.emptyRoot(), a, List.of()));
        assertTrue(MerkleTree.verifyConsistency(1, 1, a, a, List.of()));
        assertFalse(MerkleTree.verifyConsistency(1, 1, a, b, List.of()));
        assertFalse(MerkleTree.verifyConsistency(2, 1, a, b, List.of()), "time travel");
        assertFalse(MerkleTree.verifyConsistency(1, 1, a, a, List.of(a)), "non-empty proof for equal sizes");
        assertFalse(MerkleTree.verifyInclusion(0, 0, a, List.of(), a));
        assertTrue(MerkleTree.verifyInclusion(0, 1, a, List.of(), a));
        assertFalse(MerkleTree.verifyInclusion(0, 1, a, List.of(), new byte[31]), "short root");
    }

    // ------------------------------------------------------------------ properties

    static List<byte[]> leaves(int n, long seed) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MerkleTree.leafHash((seed + ":" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The root by the definition (recursive split), independent of the implementation's helpers. */
    static byte[] naiveRoot(List<byte[]> l) {
        if (l.isEmpty()) {
            return MerkleTree.emptyRoot();
        }
        if (l.size() == 1) {
            return l.get(0);
        }
        int k = 1;
        while (k * 2 < l.size()) {
            k *= 2;
        }
        return MerkleTree.nodeHash(naiveRoot(l.subList(0, k)), naiveRoot(l.subList(k, l.size())));
    }

    @Property(tries = 200)
    void everyInclusionProofVerifies(@ForAll @IntRange(min = 1, max = 300) int size, @ForAll long seed) {
        List<byte[]> l = leaves(size, seed);
        byte[] root = MerkleTree.root(l);
        assertArrayEquals(naiveRoot(l), root);
        for (int i = 0; i < size; i++) {
            assertTrue(MerkleTree.verifyInclusion(i, size, l.get(i), MerkleTree.inclusionProof(l, i, size), root), "leaf " + i);
        }
    }

    @Property(tries = 200)
    void everyConsistencyProofVerifies(@ForAll @IntRange(min = 1, max = 200) int size, @ForAll long seed) {
        List<byte[]> l = leaves(size, seed);
        byte[] newRoot = MerkleTree.root(l);
        for (int m = 0; m <= size; m++) {
            assertTrue(MerkleTree.verifyConsistency(m, size, MerkleTree.root(l, m), newRoot, MerkleTree.consistencyProof(l, m, size)),
                    m + " -> " + size);
        }
    }

    @Provide
    Arbitrary<int[]> sizeIndexBit() {
        return Arbitraries.integers().between(2, 500).flatMap(n -> Combinators.combine(
                Arbitraries.integers().between(0, n - 1), Arbitraries.integers().between(0, 255))
                .as((i, bit) -> new int[] {n, i, bit}));
    }

    @Property(tries = 300)
    void anySingleBitChangeBreaksAnInclusionProof(@ForAll("sizeIndexBit") int[] c, @ForAll long seed) {
        int n = c[0];
        int i = c[1];
        int bit = c[2];
        List<byte[]> l = leaves(n, seed);
        byte[] root = MerkleTree.root(l);
        List<byte[]> path = MerkleTree.inclusionProof(l, i, n);
        // flip a bit of the leaf
        byte[] leaf = l.get(i).clone();
        leaf[bit / 8] ^= (byte) (1 << (bit % 8));
        assertFalse(MerkleTree.verifyInclusion(i, n, leaf, path, root));
        // flip a bit of the root
        byte[] badRoot = root.clone();
        badRoot[bit / 8] ^= (byte) (1 << (bit % 8));
        assertFalse(MerkleTree.verifyInclusion(i, n, l.get(i), path, badRoot));
        // flip a bit of each path element in turn
        for (int p = 0; p < path.size(); p++) {
            List<byte[]> bad = new ArrayList<>(path);
            byte[] e = bad.get(p).clone();
            e[bit / 8] ^= (byte) (1 << (bit % 8));
            bad.set(p, e);
            assertFalse(MerkleTree.verifyInclusion(i, n, l.get(i), bad, root), "path element " + p);
        }
    }

    @Property(tries = 300)
    void anySingleBitChangeBreaksAConsistencyProof(@ForAll("sizeIndexBit") int[] c, @ForAll long seed) {
        int n = c[0];
        int m = Math.max(1, c[1]);
        int bit = c[2];
        List<byte[]> l = leaves(n, seed);
        byte[] r1 = MerkleTree.root(l, m);
        byte[] r2 = MerkleTree.root(l);
        List<byte[]> proof = MerkleTree.consistencyProof(l, m, n);
        byte[] bad1 = r1.clone();
        bad1[bit / 8] ^= (byte) (1 << (bit % 8));
        assertFalse(MerkleTree.verifyConsistency(m, n, bad1, r2, proof));
        byte[] bad2 = r2.clone();
        bad2[bit / 8] ^= (byte) (1 << (bit % 8));
        assertFalse(MerkleTree.verifyConsistency(m, n, r1, bad2, proof));
        for (int p = 0; p < proof.size(); p++) {
            List<byte[]> bad = new ArrayList<>(proof);
            byte[] e = bad.get(p).clone();
            e[bit / 8] ^= (byte) (1 << (bit % 8));
            bad.set(p, e);
            assertFalse(MerkleTree.verifyConsistency(m, n, r1, r2, bad), "proof element " + p);
        }
    }
}
