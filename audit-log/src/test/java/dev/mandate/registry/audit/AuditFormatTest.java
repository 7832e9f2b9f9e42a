package dev.mandate.registry.audit;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Untrusted proofs and tree heads: every malformation is a typed error or a failed check, never an unchecked exception. */
class AuditFormatTest {
    static final KeyMaterial ORG = KeyMaterial.generate(KeyType.ED25519);

    static JsonObject parse(String s) {
        return Jsonp.PROVIDER.createReader(new StringReader(s)).readObject();
    }

    static InclusionProof sampleProof() {
        List<byte[]> leaves = new java.util.ArrayList<>();
        AuditEntry target = null;
        for (int i = 0; i < 5; i++) {
            String details = "{\"i\":" + i + "}";
            byte[] leaf = MerkleTree.leafHash(AuditEntry.leafData(i, 1_700_000_000_000L + i, "status", "actor", "subject-" + i, details));
            leaves.add(leaf);
            if (i == 3) {
                target = new AuditEntry(i, Instant.ofEpochMilli(1_700_000_000_000L + i), "status", "actor", "subject-" + i, details, leaf);
            }
        }
        SignedTreeHead head = SignedTreeHead.sign(new TreeHead(5, MerkleTree.root(leaves)), Instant.now(), ORG.signer(), "k");
        return new InclusionProof(target, 3, 5, MerkleTree.inclusionProof(leaves, 3, 5), head);
    }

    @Test
    void aBuiltProofChecksAndSurvivesJson() throws Exception {
        InclusionProof p = sampleProof();
        assertTrue(p.check(ORG.publicKey()).isEmpty());
        assertTrue(InclusionProof.fromJson(parse(p.toJson().toString())).check(ORG.publicKey()).isEmpty());
    }

    @Test
    void malformedProofsAreTypedErrors() {
        String good = sampleProof().toJson().toString();
        List<String> bad = List.of(
                "{}",
                good.replace(InclusionProof.TYPE, "other/v1"),
                good.replace("\"leafIndex\":3", "\"leafIndex\":-3"),
                good.replace("\"leafIndex\":3", "\"leafIndex\":\"3\""),
                good.replace("\"treeSize\":5,", "\"treeSize\":99999999999999999999999,"),
                good.replaceFirst("\"path\":\\[\"[0-9a-f]{6}", "\"path\":[\"zzzzzz"),
                good.replaceFirst("\"path\":\\[\"[0-9a-f]{2}", "\"path\":[\""),
                good.replaceFirst("\"path\":\\[", "\"path\":[1,"),
                good.replace("\"keyType\":\"Ed25519\"", "\"keyType\":\"RSA\""),
                good.replaceFirst("\"signature\":\"[^\"]*\"", "\"signature\":\"***\""),
                good.replaceFirst("\"details\":\\{[^}]*\\}", "\"details\":42"));
        for (String s : bad) {
            JsonObject o = parse(s);
            assertThrows(AuditFormatException.class, () -> InclusionProof.fromJson(o), s);
        }
        StringBuilder longPath = new StringBuilder("[");
        for (int i = 0; i <= MerkleTree.MAX_PROOF_LENGTH; i++) {
            longPath.append(i == 0 ? "" : ",").append('"').append("00".repeat(32)).append('"');
        }
        String tooLong = good.replaceFirst("\"path\":\\[[^\\]]*\\]", "\"path\":" + longPath + "]");
        AuditFormatException e = assertThrows(AuditFormatException.class, () -> InclusionProof.fromJson(parse(tooLong)));
        assertTrue(e.getMessage().contains("path"), e.getMessage());
    }

    @Test
    void wellFormedButWrongProofsFailTheCheck() throws Exception {
        InclusionProof p = sampleProof();
        assertFalse(new InclusionProof(p.entry(), 3, 4, p.path(), p.head()).check(ORG.publicKey()).isEmpty(), "size differs from the head");
        assertFalse(new InclusionProof(p.entry(), 2, 5, p.path(), p.head()).check(ORG.publicKey()).isEmpty(), "index differs from seq");
        assertFalse(new InclusionProof(p.entry(), 3, 5, p.path().subList(1, p.path().size()), p.head()).check(ORG.publicKey()).isEmpty());
        AuditEntry e = p.entry();
        AuditEntry surrogate = new AuditEntry(e.seq(), e.time(), e.type(), "act\uD800or", e.subject(), e.details(), e.leafHash());
        assertFalse(new InclusionProof(surrogate, 3, 5, p.path(), p.head()).check(ORG.publicKey()).isEmpty());
        AuditEntry replaced = new AuditEntry(e.seq(), e.time(), e.type(), "act\uFFFDor", e.subject(), e.details(), e.leafHash());
        assertFalse(java.util.Arrays.equals(surrogate.computeLeafHash(), replaced.computeLeafHash()),
                "a lone surrogate hashes without failing and unlike U+FFFD");
        assertEquals(64, surrogate.leafHashHex().length());
    }
}
