package dev.mandate.vc.issuer;

import dev.mandate.did.crypto.Signer;

import java.util.Objects;

/**
 * Who signs and how: the issuer DID, the verification method (listed under the DID's
 * {@code assertionMethod}), the cryptosuite and the signer. Never prints the signer.
 *
 * @param did                the issuer DID
 * @param verificationMethod the DID URL of the signing key
 * @param cryptosuite        e.g. {@code eddsa-rdfc-2022}
 * @param signer             the key (or a KMS handle)
 */
public record IssuerKey(String did, String verificationMethod, String cryptosuite, Signer signer) {
    public IssuerKey {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(verificationMethod, "verificationMethod");
        Objects.requireNonNull(cryptosuite, "cryptosuite");
        Objects.requireNonNull(signer, "signer");
    }

    @Override
    public String toString() {
        return "IssuerKey[" + verificationMethod + ", " + cryptosuite + "]";
    }
}
