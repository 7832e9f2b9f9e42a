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

    /**
     * Refuses, before anything is signed, an identity whose DID document does not list the signing key under
     * {@code assertionMethod}: a credential signed so could never verify. did:key and did:jwk resolve offline; a
     * did:web document is fetched with {@code resolver} (the command's resolver options).
     *
     * @param didOption the option that named the DID, e.g. {@code --issuer}
     * @throws CliException exit 3 if the document could not be fetched (network, refused host), exit 2 otherwise
     */
    public void requireListed(dev.mandate.did.resolve.DidResolver resolver, String didOption) {
        String input = didOption + " " + CliException.shorten(did);
        dev.mandate.did.resolve.ResolutionResult r = resolver.resolve(did);
        if (!r.isSuccess()) {
            String why = r.errorMessage().orElse("resolution failed");
            if (r.isDependencyFailure()) {
                throw CliException.dependency(input, "cannot check that its DID document lists the signing key: " + why,
                        "check the host (a local did:web needs --allow-private-networks or --allow-http-loopback, and --trust-cert),"
                                + " or omit " + didOption + " to sign as the key's did:key", null);
            }
            throw CliException.usage(input, "cannot check that its DID document lists the signing key: " + why,
                    "publish the DID document first (mandate did create --method web), or omit " + didOption + " to sign as the key's did:key");
        }
        String mk = key.publicKey().toMultikey();
        java.util.Optional<dev.mandate.did.document.MethodMatch> m = r.didDocument().orElseThrow()
                .verificationMethod(verificationMethod, dev.mandate.did.document.Relationship.ASSERTION_METHOD);
        String remedy = "publish the key in the DID document (mandate did create --method web prints one), pass the DID the key belongs to,"
                + " or omit " + didOption + " to sign as the key's did:key";
        if (m.isEmpty()) {
            throw CliException.usage(input, "its DID document has no verification method " + CliException.shorten(verificationMethod)
                    + " for the signing key (" + mk + ")", remedy);
        }
        boolean sameKey;
        try {
            sameKey = m.get().method().publicKey().equals(key.publicKey());
        } catch (dev.mandate.did.crypto.DecodingException e) {
            sameKey = false;
        }
        if (!sameKey) {
            throw CliException.usage(input, "its DID document's verification method " + CliException.shorten(verificationMethod)
                    + " is not the signing key (" + mk + ")", remedy);
        }
        if (!m.get().authorized()) {
            throw CliException.usage(input, "its DID document does not list the signing key (" + CliException.shorten(verificationMethod)
                    + ") under assertionMethod", "add the key to assertionMethod in the DID document, or omit " + didOption
                    + " to sign as the key's did:key");
        }
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
