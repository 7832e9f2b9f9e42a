package dev.mandate.vc.proof;

import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import dev.mandate.vc.verify.ErrorType;

import java.util.List;
import java.util.Set;

/**
 * The JCS cryptosuites: {@code eddsa-jcs-2022} and {@code ecdsa-jcs-2019} (P-256 with SHA-256, P-384
 * with SHA-384). Their transformation is RFC 8785 JSON canonicalization, so they need no JSON-LD
 * processor.
 */
public final class JcsCryptosuites implements CryptosuiteProvider {
    /** RFC 8785 canonical UTF-8 bytes. */
    public static final Transformation JCS = document -> {
        try {
            return Jcs.canonicalizeToUtf8(document);
        } catch (JcsException e) {
            throw new ProofException(ErrorType.PROOF_TRANSFORMATION_ERROR, "JCS canonicalization failed: " + e.getMessage());
        }
    };

    @Override
    public List<Cryptosuite> cryptosuites() {
        return List.of(
                new Cryptosuite("eddsa-jcs-2022", Cryptosuite.DATA_INTEGRITY_PROOF, Set.of(KeyType.ED25519), JCS, true),
                new Cryptosuite("ecdsa-jcs-2019", Cryptosuite.DATA_INTEGRITY_PROOF, Set.of(KeyType.P256, KeyType.P384), JCS, true));
    }
}
