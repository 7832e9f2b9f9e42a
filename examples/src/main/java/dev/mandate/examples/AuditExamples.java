package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditVerification;
import dev.mandate.registry.audit.ConsistencyProof;
import dev.mandate.registry.audit.InclusionProof;
import dev.mandate.registry.audit.SignedTreeHead;
import jakarta.json.JsonObject;
import java.util.Optional;

/** The append-only audit log from code: append, sign, prove, check (docs/audit.md). */
public final class AuditExamples {
    private AuditExamples() {
    }

    /**
     * Appends one decision to the log of {@code storeUrl}, signs the tree head with {@code orgKey}, proves the entry
     * and checks the proof, the consistency with the tree of {@code oldSize} entries and the whole log against
     * {@code orgPublicKey}.
     *
     * @param storeUrl the store's JDBC URL
     * @param verifierDid the entry's actor
     * @param agentDid the entry's subject
     * @param details the entry's details
     * @param orgKey the organisation's key, which signs the tree head
     * @param orgKeyId the tree head's key id
     * @param orgPublicKey the key the checks trust
     * @param oldSize an earlier size of the log
     * @return whether everything checked
     * @throws MandateException if the store fails
     */
    public static boolean appendSignProveCheck(String storeUrl, String verifierDid, String agentDid, JsonObject details,
            KeyMaterial orgKey, String orgKeyId, PublicKeyValue orgPublicKey, long oldSize) throws MandateException {
        // tag::audit[]
        try (Store store = Stores.open(storeUrl)) {   // e.g. "jdbc:sqlite:/var/lib/mandate/mandate.db"
            AuditLog log = new AuditLog(store);
            AuditEntry e = log.append("authorization", verifierDid, agentDid, details);     // seq, leaf hash
            SignedTreeHead sth = log.signTreeHead(orgKey.signer(), orgKeyId);
            InclusionProof proof = log.prove(e.seq());                                     // proof.toJson()
            Optional<String> problem = proof.check(orgPublicKey);                           // offline
            ConsistencyProof c = log.consistencyProof(oldSize, sth.treeSize());             // c.verify()
            AuditVerification v = log.verifyAll(orgPublicKey);                             // v.finding()
            return problem.isEmpty() && c.verify() && v.intact();
        }
        // end::audit[]
    }
}
