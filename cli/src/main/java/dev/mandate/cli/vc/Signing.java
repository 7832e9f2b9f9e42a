package dev.mandate.cli.vc;

import dev.mandate.cli.CliException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.proof.Cryptosuite;
import dev.mandate.vc.proof.Cryptosuites;

import java.util.Optional;

/**
 * Who signs and how: the key's DID and verification method, and the default cryptosuite for its type.
 *
 * @param key                the signing key
 * @param did                the signer's DID (the key's did:key unless --issuer/--holder says otherwise)
 * @param verificationMethod the DID URL of the key
 * @param suite              the cryptosuite (or the JOSE algorithm, for JOSE formats)
 */
public record Signing(KeyMaterial key, String did, String verificationMethod, String suite) {

    /** The did:key of a public key. */
    public static String didKey(KeyMaterial key) {
        return "did:key:" + key.publicKey().toMultikey();
    }

    /**
     * Works out the signing identity. With no {@code did}, the key's did:key. With a did:key or did:jwk, it must be
     * the key's own. With a did:web (or another method), the verification method is {@code did#fragment} where
     * the fragment defaults to the key's Multikey (as {@code mandate did create --method web} writes it).
     */
    public static Signing of(KeyMaterial key, Optional<String> did, Optional<String> verificationMethod, Optional<String> suite,
                             String didOption) {
        Signing id = identity(key, did, verificationMethod, didOption);
        String s = suite.orElseGet(() -> defaultSuite(key.keyType()));
        Optional<Cryptosuite> cs = Cryptosuites.byName(s);
        if (cs.isEmpty() || !cs.get().issuable()) {
            throw CliException.usage("--suite " + CliException.shorten(s), "unknown cryptosuite",
                    "choose one of eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019");
        }
        if (!cs.get().keyTypes().contains(key.keyType())) {
            throw CliException.usage("--suite " + s, "cannot sign with a " + key.keyType().curve() + " key",
                    key.keyType() == KeyType.SECP256K1 ? "secp256k1 keys sign JOSE formats only; use --format jwt"
                            : "use " + defaultSuite(key.keyType()) + " for this key");
        }
        return new Signing(key, id.did(), id.verificationMethod(), s);
    }

    /**
     * The signing identity alone (for JOSE formats, which take any key type): DID and verification method,
     * with {@code suite} set to the key's JOSE algorithm.
     */
    public static Signing identity(KeyMaterial key, Optional<String> did, Optional<String> verificationMethod, String didOption) {
        String mk = key.publicKey().toMultikey();
        String own = "did:key:" + mk;
        String d = did.orElse(own);
        dev.mandate.cli.DidArguments.require(didOption, d, "pass the full DID, e.g. did:web:example.com, or omit " + didOption
                + " to use the key's did:key");
        if (d.startsWith("did:key:") && !d.equals(own)) {
            throw CliException.usage(didOption + " " + CliException.shorten(d), "this did:key is not the signing key's",
                    "omit " + didOption + " to use the key's own did:key (" + own + ")");
        }
        String vm = verificationMethod.orElseGet(() -> d.startsWith("did:jwk:") ? d + "#0" : d + "#" + mk);
        return new Signing(key, d, vm, key.keyType().jwsAlgorithm());
    }

    /** This identity as an issuer key. */
    public dev.mandate.vc.issuer.IssuerKey issuerKey() {
        return new dev.mandate.vc.issuer.IssuerKey(did, verificationMethod, suite, key.signer());
    }

    /** eddsa-rdfc-2022 for Ed25519, ecdsa-rdfc-2019 for P-256/P-384. */
    public static String defaultSuite(KeyType type) {
        return type == KeyType.ED25519 ? "eddsa-rdfc-2022" : "ecdsa-rdfc-2019";
    }
}
