package dev.mandate.vc.issuer;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Signer;
import dev.mandate.did.key.DidKey;

import java.util.Objects;

/**
 * Who signs and how: the issuer DID, the verification method (listed under the DID's
 * {@code assertionMethod}, or {@code authentication} for presentations), the cryptosuite and the signer.
 * The one value every signing call takes ({@link Issuer}, {@code StatusListIssuer}, {@code CapabilityIssuer},
 * {@code JoseIssuer}; a holder's key for presentations too), instead of three strings in a row. Never prints the signer.
 *
 * @param did                the issuer DID
 * @param verificationMethod the DID URL of the signing key
 * @param cryptosuite        e.g. {@code eddsa-rdfc-2022}
 * @param signer             the key (or a KMS handle)
 */
public record IssuerKey(String did, String verificationMethod, String cryptosuite, Signer signer) {
    /**
     * Checks that no component is null.
     *
     * @param did                the issuer DID
     * @param verificationMethod the DID URL of the signing key
     * @param cryptosuite        e.g. {@code eddsa-rdfc-2022}
     * @param signer             the key (or a KMS handle)
     * @throws NullPointerException naming the null component
     */
    public IssuerKey {
        Objects.requireNonNull(did, "did");
        Objects.requireNonNull(verificationMethod, "verificationMethod");
        Objects.requireNonNull(cryptosuite, "cryptosuite");
        Objects.requireNonNull(signer, "signer");
    }

    /**
     * The did:key of {@code key} signing with {@code cryptosuite}: the DID and verification method are derived
     * from the public key.
     *
     * @param key         the private key (from {@code KeyStoreSession.keyMaterial(name)} or generated)
     * @param cryptosuite e.g. {@code eddsa-jcs-2022}
     * @return the issuer key
     */
    public static IssuerKey didKey(KeyMaterial key, String cryptosuite) {
        return new IssuerKey(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()), cryptosuite, key.signer());
    }

    /**
     * A key for {@code JoseIssuer}, where the key type decides the JWS {@code alg} and no cryptosuite is read. The
     * cryptosuite component is still set, to the JCS suite of the signer's key type ({@code eddsa-jcs-2022} for
     * Ed25519, {@code ecdsa-jcs-2019} otherwise), so the same value also signs Data Integrity proofs.
     *
     * @param did    the issuer DID
     * @param kid    the DID URL of the signing verification method of {@code did}; becomes the JWS {@code kid}
     * @param signer the key (or a KMS handle)
     * @return the issuer key
     * @throws NullPointerException if any argument is null
     */
    public static IssuerKey jose(String did, String kid, Signer signer) {
        Objects.requireNonNull(signer, "signer");
        return new IssuerKey(did, kid, signer.keyType() == KeyType.ED25519 ? "eddsa-jcs-2022" : "ecdsa-jcs-2019", signer);
    }

    /** Names the verification method and suite only. */
    @Override
    public String toString() {
        return "IssuerKey[" + verificationMethod + ", " + cryptosuite + "]";
    }
}
