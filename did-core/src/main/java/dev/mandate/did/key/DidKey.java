package dev.mandate.did.key;

import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.crypto.Multicodec;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.X25519;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;

/**
 * The did:key method (W3C CCG did:key v0.9): a DID that is a Multikey public key, expanded into a
 * document deterministically.
 *
 * <p>The document has one Multikey verification method {@code did:key:z...#z...} referenced from
 * authentication, assertionMethod, capabilityDelegation and capabilityInvocation. For Ed25519 the
 * X25519 key derived from it (Montgomery form, multicodec x25519-pub 0xec) is embedded under
 * keyAgreement, as in the spec's Multikey example. An X25519 did:key ({@code z6LS...}) resolves to a
 * document with only that keyAgreement method. Contexts: DID v1 and Multikey v1. Supported signature
 * keys: Ed25519, P-256, P-384, secp256k1; other multicodec types (BLS12-381, RSA, P-521...) give
 * {@code invalidPublicKeyType}.
 */
public final class DidKey implements DidResolver {
    private static final int MAX_MULTIBASE_LENGTH = 2048; // fits RSA-4096 keys, so that they get invalidPublicKeyType

    /** A did:key resolver (stateless; cheap to create). */
    public DidKey() {}

    /**
     * {@return the did:key DID of {@code key}: {@code did:key:} followed by its Multikey}
     *
     * @param key the public key
     */
    public static String didFor(PublicKeyValue key) {
        return "did:key:" + key.toMultikey();
    }

    /**
     * {@return the id of the key's verification method in its did:key document: {@code did:key:z...#z...}}
     *
     * @param key the public key
     */
    public static String verificationMethodId(PublicKeyValue key) {
        String mk = key.toMultikey();
        return "did:key:" + mk + "#" + mk;
    }

    /**
     * {@return the did:key document of {@code key} (as resolution would produce it)}
     *
     * @param key the public key
     */
    public static DidDocument documentFor(PublicKeyValue key) {
        ResolutionResult r = new DidKey().resolve(didFor(key));
        return r.didDocument().orElseThrow(() -> new IllegalStateException(r.errorMessage().orElse("did:key expansion failed")));
    }

    @Override public ResolutionResult resolve(String did) {
        Did parsed;
        try {
            parsed = Did.parse(did);
        } catch (DidSyntaxException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, e.getMessage());
        }
        if (!parsed.method().equals("key")) {
            return ResolutionResult.error(ErrorCode.METHOD_NOT_SUPPORTED, "not a did:key DID: " + did);
        }
        java.util.Optional<String> part = multibaseOf(parsed.methodSpecificId());
        if (part.isEmpty()) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:key must be did:key:<multibase> or did:key:<version>:<multibase>: " + shorten(did));
        }
        String multibase = part.get();
        if (!multibase.startsWith("z")) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:key value must be base58btc multibase starting with 'z': " + shorten(did));
        }
        Multicodec.Prefixed decoded;
        try {
            decoded = Multicodec.read(Multibase.decode(multibase, MAX_MULTIBASE_LENGTH));
        } catch (DecodingException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:key " + shorten(did) + ": " + e.getMessage());
        }
        DidDocument.Builder doc = DidDocument.builder(parsed);
        if (decoded.code() == Multicodec.X25519_PUB) {
            if (decoded.data().length != 32) {
                return ResolutionResult.error(ErrorCode.INVALID_PUBLIC_KEY_LENGTH,
                        "did:key X25519 public key must be 32 bytes but is " + decoded.data().length);
            }
            return ResolutionResult.success(doc.embeddedMethod(Relationship.KEY_AGREEMENT, multibase, multibase).build());
        }
        KeyType type = null;
        for (KeyType t : KeyType.values()) if (t.multicodecPublic() == decoded.code()) type = t;
        if (type == null) {
            return ResolutionResult.error(ErrorCode.INVALID_PUBLIC_KEY_TYPE, "did:key multicodec 0x" + Long.toHexString(decoded.code())
                    + " is not a supported public key type (Ed25519, X25519, P-256, P-384, secp256k1)");
        }
        PublicKeyValue key;
        try {
            key = PublicKeyValue.of(type, decoded.data());
        } catch (DecodingException e) {
            return ResolutionResult.error(ErrorCode.of(e.code()), "did:key " + shorten(did) + ": " + e.getMessage());
        }
        doc.verificationMethod(multibase, multibase, Relationship.AUTHENTICATION, Relationship.ASSERTION_METHOD,
                Relationship.CAPABILITY_DELEGATION, Relationship.CAPABILITY_INVOCATION);
        if (type == KeyType.ED25519) {
            String x = X25519.toMultikey(X25519.fromEd25519(key));
            doc.embeddedMethod(Relationship.KEY_AGREEMENT, x, x);
        }
        return ResolutionResult.success(doc.build());
    }

    static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    /**
     * {@return the multibase key of a did:key method-specific id, {@code <multibase>} or {@code
     * <version>:<multibase>}; empty for any other shape}
     *
     * @param methodSpecificId the part after {@code did:key:}
     */
    public static java.util.Optional<String> multibaseOf(String methodSpecificId) {
        String[] parts = methodSpecificId.split(":", -1);
        if (parts.length == 1) {
            return java.util.Optional.of(parts[0]);
        }
        if (parts.length == 2 && parts[0].matches("[1-9][0-9]{0,8}")) {
            return java.util.Optional.of(parts[1]);
        }
        return java.util.Optional.empty();
    }
}
