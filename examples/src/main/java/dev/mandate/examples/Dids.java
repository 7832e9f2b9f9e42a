package dev.mandate.examples;

import com.nimbusds.jose.jwk.JWK;
import dev.mandate.MandateException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.MethodMatch;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.did.resolve.DereferenceResult;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.did.web.DidWeb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Keys, Multikey and JWK, verification relationships, did:web hosting and resolution (docs/dids.md). */
public final class Dids {
    private Dids() {
    }

    /**
     * Signs {@code data} with a fresh Ed25519 key and checks the signature with its public key.
     *
     * @param data the bytes to sign
     * @return whether the signature verified
     */
    public static boolean signAndVerify(byte[] data) {
        // tag::keys[]
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);   // private key in memory; toString() never shows it
        byte[] sig = key.signer().sign(data);
        boolean ok = key.publicKey().verifier().verify(data, sig);   // never throws; false for anything wrong
        // end::keys[]
        return ok;
    }

    /**
     * Round-trips {@code key} through Multikey and JWK.
     *
     * @param key a key pair
     * @return the key read back from its private JWK
     * @throws MandateException if an encoding does not decode
     */
    public static KeyMaterial encodings(KeyMaterial key) throws MandateException {
        // tag::encodings[]
        String mk = key.publicKey().toMultikey();                 // "z6Mk…"
        PublicKeyValue pk = PublicKeyValue.fromMultikey(mk);      // throws DecodingException for bad input
        JWK jwk = pk.toJwk();                                     // public JWK
        JWK privateJwk = key.toJwk(true);                         // includes "d": handle with care
        KeyMaterial again = KeyMaterial.fromJwk(privateJwk);
        // end::encodings[]
        if (!PublicKeyValue.fromJwk(jwk).toMultikey().equals(pk.toMultikey())) throw new IllegalStateException("the public JWK is another key");
        return again;
    }

    /**
     * The key {@code #key-1} of {@code doc}, if the document lets it sign credentials.
     *
     * @param doc a DID document
     * @return the public key
     * @throws MandateException if the method's key does not decode
     * @throws IllegalStateException if #key-1 is not an assertion method
     */
    public static PublicKeyValue assertionKey(DidDocument doc) throws MandateException {
        // tag::relationship[]
        MethodMatch m = doc.verificationMethod("#key-1", Relationship.ASSERTION_METHOD).orElseThrow();
        if (!m.authorized()) throw new IllegalStateException("#key-1 may not sign credentials");  // exists, wrong purpose
        PublicKeyValue key = m.method().publicKey();             // Multikey, JsonWebKey, and legacy types
        // end::relationship[]
        return key;
    }

    /**
     * Writes the did:web document of {@code key} for https://example.com/agents/a1 into {@code dir}.
     *
     * @param key the agent's key
     * @param dir the folder for did.json
     * @return the DID
     * @throws MandateException if the URL is not a did:web location
     * @throws IOException if did.json cannot be written
     */
    public static String hostDidWeb(KeyMaterial key, Path dir) throws MandateException, IOException {
        // tag::did-web[]
        String did = DidWeb.didFor("https://example.com/agents/a1");   // "did:web:example.com:agents:a1"
        DidDocument doc = DidWeb.document(did, key.publicKey());        // Multikey method did#z6Mk…
        Files.writeString(dir.resolve("did.json"), doc.toPrettyJson());
        // serve it at DidWeb.toUrl(did) = https://example.com/agents/a1/did.json
        // end::did-web[]
        return did;
    }

    /**
     * Resolves a did:key and dereferences its verification method, as docs/dids.md shows.
     *
     * @return the dereferenced verification method
     */
    public static VerificationMethod resolve() {
        // tag::resolve[]
        DidResolver resolver = DidResolvers.standard();            // did:key, did:jwk, did:web (safe defaults)
        DidResolver offline = DidResolvers.offline();              // did:key and did:jwk only: never touches the network

        ResolutionResult r = resolver.resolve("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        if (r.isSuccess()) {
            DidDocument doc = r.didDocument().orElseThrow();
        } else {
            ErrorCode code = r.error().orElseThrow();   // invalidDid, notFound, methodNotSupported, invalidPublicKey…
            String why = r.errorMessage().orElseThrow(); // one line naming the input and the problem
            switch (code.category()) {
                case INVALID -> { /* the DID itself is malformed or unsupported */ }
                case NOT_FOUND -> { /* no valid document: a negative answer */ }
                case DEPENDENCY_FAILED -> { /* network, timeout, TLS, server error, refused host: try later */ }
            }
        }
        System.out.println(r.toJson());                 // the DID Resolution result JSON

        DereferenceResult d = offline.dereference("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
                + "#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
        VerificationMethod vm = d.verificationMethod().orElseThrow();
        // end::resolve[]
        return vm;
    }
}
