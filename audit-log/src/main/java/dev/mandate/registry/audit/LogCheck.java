package dev.mandate.registry.audit;

import dev.mandate.did.crypto.PublicKeyValue;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the entries read from the log against its signed tree heads, for {@link AuditLog#verifyAll(List, PublicKeyValue)}
 * (which documents what is found and how precisely): no database, only the entries' fields, their stored leaf hashes
 * and the heads.
 */
final class LogCheck {
    /** Candidates examined when telling a reordered entry from an altered one. */
    private static final int REORDER_PROBES = 10_000;

    private LogCheck() {
    }

    /** The outcome for {@code entries} (all of them, in seq order) against {@code heads} signed by {@code key}. */
    static AuditVerification check(List<AuditEntry> entries, List<SignedTreeHead> heads, PublicKeyValue key) {
        List<AuditVerification.Finding> findings = new ArrayList<>();
        // 1. seqs gapless from 0
        int contiguous = entries.size();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).seq() != i) {
                contiguous = i;
                findings.add(new AuditVerification.Finding(AuditVerification.Kind.REMOVED, i,
                        "entry " + i + " is missing (the next stored entry is " + entries.get(i).seq() + ")"));
                break;
            }
        }
        // 2. recompute every leaf hash from the fields
        List<byte[]> recomputed = new ArrayList<>(contiguous);
        Set<Integer> bad = new HashSet<>();
        int firstBad = -1;
        for (int i = 0; i < contiguous; i++) {
            AuditEntry e = entries.get(i);
            byte[] h = e.computeLeafHash();
            recomputed.add(h);
            if (!MessageDigest.isEqual(h, e.leafHash())) {
                bad.add(i);
                if (firstBad < 0) {
                    firstBad = i;
                }
            }
        }
        if (firstBad >= 0) {
            findings.add(classify(entries, firstBad, bad));
        }
        // 3. signed tree heads
        List<SignedTreeHead> sorted = new ArrayList<>(heads);
        sorted.sort(Comparator.comparingLong(SignedTreeHead::treeSize));
        long lastGood = 0;
        boolean rootFound = false;
        for (SignedTreeHead h : sorted) {
            if (!h.verify(key)) {
                findings.add(new AuditVerification.Finding(AuditVerification.Kind.BAD_SIGNATURE, h.treeSize(),
                        "the signed tree head of size " + h.treeSize() + " (" + h.timestamp() + ") does not verify with " + key.toMultikey()));
                continue;
            }
            if (h.treeSize() > contiguous) {
                findings.add(new AuditVerification.Finding(AuditVerification.Kind.REMOVED, contiguous,
                        "entry " + contiguous + " is missing: a signed tree head covers " + h.treeSize() + " entries but only "
                                + contiguous + " are in sequence"));
                continue;
            }
            if (rootFound) {
                continue;
            }
            if (MessageDigest.isEqual(MerkleTree.root(recomputed, h.treeSize()), h.rootHash())) {
                lastGood = h.treeSize();
            } else {
                rootFound = true;
                if (firstBad >= 0 && firstBad < h.treeSize()) {
                    continue; // explained by the entry whose leaf hash no longer matches, named exactly above
                }
                findings.add(new AuditVerification.Finding(AuditVerification.Kind.ALTERED, lastGood,
                        "the entries no longer give the signed root of size " + h.treeSize() + "; the first changed entry is between "
                                + lastGood + " and " + (h.treeSize() - 1)));
            }
        }
        Optional<AuditVerification.Finding> first = findings.stream()
                .min(Comparator.comparing((AuditVerification.Finding f) -> f.kind() != AuditVerification.Kind.BAD_SIGNATURE)
                        .thenComparingLong(AuditVerification.Finding::seq));
        return new AuditVerification(entries.size(), heads.size(), first);
    }

    /** Tells an entry moved from another position from one whose content changed. */
    private static AuditVerification.Finding classify(List<AuditEntry> entries, int k, Set<Integer> bad) {
        AuditEntry e = entries.get(k);
        int probes = 0;
        for (int s : bad) {
            if (s == k) {
                continue;
            }
            if (++probes > REORDER_PROBES) {
                break;
            }
            byte[] moved = MerkleTree.leafHash(AuditEntry.leafData(s, e.time().toEpochMilli(), e.type(), e.actor(), e.subject(), e.details()));
            if (MessageDigest.isEqual(moved, entries.get(s).leafHash()) || MessageDigest.isEqual(moved, e.leafHash())) {
                return new AuditVerification.Finding(AuditVerification.Kind.REORDERED, k,
                        "entry " + k + " holds the entry appended as " + s + " (entries reordered)");
            }
        }
        return new AuditVerification.Finding(AuditVerification.Kind.ALTERED, k,
                "entry " + k + " was altered: its fields no longer hash to its leaf hash");
    }
}
