package dev.mandate.vc.jsonld.suites;

import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.canon.Rdfc;
import dev.mandate.vc.canon.RdfcOptions;
import dev.mandate.vc.jsonld.JsonLdException;
import dev.mandate.vc.proof.Cryptosuite;
import dev.mandate.vc.proof.CryptosuiteProvider;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.proof.Transformation;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The RDFC-1.0 cryptosuites: {@code eddsa-rdfc-2022}, {@code ecdsa-rdfc-2019} (P-256 with SHA-256,
 * P-384 with SHA-384) and the legacy {@code Ed25519Signature2020} (verification only). Their
 * transformation expands the document with the offline loader in safe mode (undefined terms and
 * dropped data are errors) and canonicalizes the dataset with RDFC-1.0.
 */
public final class RdfcCryptosuites implements CryptosuiteProvider {
    /** RDFC-1.0 over the JSON-LD expansion, as UTF-8 N-Quads. */
    public static final Transformation RDFC = document -> {
        try {
            return Rdfc.canonicalUtf8(document, RdfcOptions.defaults());
        } catch (JsonLdException e) {
            throw new ProofException(e.type(), e.getMessage(), e.path());
        }
    };

    /**
     * ecdsa-rdfc-2019's transformation: RDFC-1.0 with the hash of the key's security level (vc-di-ecdsa,
     * Transformation: "a hash algorithm that has an appropriate security level for the curve"), so
     * SHA-384 for P-384, as Digital Bazaar's implementation does. Proofs Mandate made before, over
     * RDFC-1.0 with SHA-256, still verify through {@link Transformation#earlierFor}.
     */
    public static final Transformation RDFC_BY_CURVE = new Transformation() {
        @Override
        public byte[] canonicalize(JsonObject document) throws ProofException {
            return RDFC.canonicalize(document);
        }

        @Override
        public byte[] canonicalize(JsonObject document, KeyType keyType) throws ProofException {
            if (keyType != KeyType.P384) {
                return RDFC.canonicalize(document);
            }
            try {
                return Rdfc.canonicalUtf8(document, RdfcOptions.defaults().withHashAlgorithm("SHA-384"));
            } catch (JsonLdException e) {
                throw new ProofException(e.type(), e.getMessage(), e.path());
            }
        }

        @Override
        public Optional<Transformation> earlierFor(KeyType keyType) {
            return keyType == KeyType.P384 ? Optional.of(RDFC) : Optional.empty();
        }
    };

    @Override
    public List<Cryptosuite> cryptosuites() {
        return List.of(
                new Cryptosuite("eddsa-rdfc-2022", Cryptosuite.DATA_INTEGRITY_PROOF, Set.of(KeyType.ED25519), RDFC, true),
                new Cryptosuite("ecdsa-rdfc-2019", Cryptosuite.DATA_INTEGRITY_PROOF, Set.of(KeyType.P256, KeyType.P384), RDFC_BY_CURVE, true),
                new Cryptosuite("Ed25519Signature2020", "Ed25519Signature2020", Set.of(KeyType.ED25519), RDFC, false));
    }
}
