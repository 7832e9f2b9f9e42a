package dev.mandate.did.resolve;

import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.web.DidWeb;
import java.util.Optional;

/**
 * Checks a DID given as an identity (an agent, an issuer, a trusted issuer, a policy root) where it is accepted,
 * without touching the network, so that junk — a placeholder {@code did:key:z6Mk…} pasted from the docs, a
 * truncated key — is refused up front instead of ending up in a credential nobody can ever use:
 *
 * <ul>
 *   <li>every DID: the DID Core 1.0 ABNF ({@link Did#parse}: {@code did:<method-name>:<method-specific-id>}, method
 *       name {@code 1*(a-z / 0-9)}, method-specific id {@code *( *idchar ":" ) 1*idchar} with idchar
 *       {@code ALPHA / DIGIT / "." / "-" / "_" / pct-encoded});</li>
 *   <li>did:key: a base58btc Multikey ({@code z...}, optionally after a version {@code 1:}) of a supported signature
 *       key (Ed25519, P-256, P-384, secp256k1) that decodes and is a valid point;</li>
 *   <li>did:jwk: base64url of a JSON public JWK of a supported signature key, without private members, usable for
 *       signing (not {@code "use": "enc"});</li>
 *   <li>did:web: a host that is a DNS name or a canonical IP literal, a port from 1 to 65535 and usable path segments
 *       ({@link DidWeb#check}); the document is not fetched;</li>
 *   <li>other methods: the syntax only.</li>
 * </ul>
 */
public final class DidValidation {
    private DidValidation() {
    }

    /**
     * {@return what is wrong with {@code did} as one phrase for a one-line error — {@code not a DID (the
     * method-specific id has a character that is not allowed: '…' (U+2026) at position 13 ...)} or {@code not a valid
     * did:key (...)} — or empty if it is acceptable}
     *
     * @param did the DID text
     */
    public static Optional<String> problem(String did) {
        try {
            check(did);
            return Optional.empty();
        } catch (DidSyntaxException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Checks {@code did} (see the class comment).
     *
     * @param did the DID text
     * @return the parsed DID
     * @throws DidSyntaxException whose message is a phrase such as {@code not a DID (...)} or
     *                            {@code not a valid did:key (...)}
     */
    public static Did check(String did) throws DidSyntaxException {
        Did parsed;
        try {
            parsed = Did.parse(did);
        } catch (DidSyntaxException e) {
            throw new DidSyntaxException("not a DID (" + e.getMessage() + ")", false);
        }
        String why = switch (parsed.method()) {
            case "key" -> didKey(parsed.methodSpecificId());
            case "jwk" -> didJwk(did);
            case "web" -> didWeb(did);
            default -> null;
        };
        if (why != null) throw new DidSyntaxException("not a valid did:" + parsed.method() + " (" + why + ")", false);
        return parsed;
    }

    private static String didKey(String msid) {
        java.util.Optional<String> part = dev.mandate.did.key.DidKey.multibaseOf(msid);
        if (part.isEmpty()) {
            return "a did:key is 'did:key:' followed by the key's Multikey, e.g. did:key:z6Mk...";
        }
        String multibase = part.get();
        if (!multibase.startsWith("z")) return "the key must be base58btc Multikey starting with 'z'";
        try {
            PublicKeyValue.fromMultikey(multibase);
            return null;
        } catch (DecodingException e) {
            return e.getMessage();
        }
    }

    private static String didJwk(String did) {
        ResolutionResult r = new DidJwk().resolve(did);
        if (!r.isSuccess()) return r.errorMessage().orElse("it does not decode to a public JWK");
        DidDocument doc = r.didDocument().orElseThrow();
        VerificationMethod vm = doc.verificationMethods().get(0);
        try {
            vm.publicKey();
        } catch (DecodingException e) {
            return e.getMessage();
        }
        if (doc.relationship(Relationship.ASSERTION_METHOD).isEmpty()) return "its JWK is an encryption key (\"use\": \"enc\"), not a signature key";
        return null;
    }

    private static String didWeb(String did) {
        try {
            DidWeb.check(did);
            return null;
        } catch (DidSyntaxException e) {
            String m = e.getMessage();
            return m.startsWith("did:web ") ? m.substring("did:web ".length()) : m;
        }
    }
}
