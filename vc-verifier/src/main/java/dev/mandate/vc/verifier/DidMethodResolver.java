package dev.mandate.vc.verifier;

import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.did.resolve.DereferenceResult;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves verification methods through a {@link DidResolver} (did:key, did:jwk, did:web, ...):
 * dereferences the DID URL, decodes the key once, and collects the relationships the controller's
 * document lists the method under. A resolver failure caused by a dependency (network, timeout)
 * becomes an operational {@link ErrorType#RESOLUTION_ERROR}; an unknown or malformed method is
 * {@link ErrorType#INVALID_VERIFICATION_METHOD_URL} or {@link ErrorType#INVALID_VERIFICATION_METHOD}.
 */
public final class DidMethodResolver implements MethodResolver {
    private final DidResolver resolver;

    /**
     * A method resolver over DID resolution.
     *
     * @param resolver dereferences the DID URLs (did:key, did:jwk, did:web, a cache of them...); not null
     */
    public DidMethodResolver(DidResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public MethodResolution resolve(String url) {
        if (url == null || url.isEmpty()) {
            return fail(ErrorType.INVALID_VERIFICATION_METHOD_URL, "verification method is empty");
        }
        DereferenceResult r = resolver.dereference(url);
        if (r.isDependencyFailure()) {
            return fail(ErrorType.RESOLUTION_ERROR, "could not resolve " + url + ": " + r.errorMessage().orElse("resolver failed"));
        }
        if (r.verificationMethod().isEmpty() || r.didDocument().isEmpty()) {
            String why = r.error().map(e -> e + ": " + r.errorMessage().orElse("")).orElse("the DID URL does not name a verification method");
            return fail(ErrorType.INVALID_VERIFICATION_METHOD_URL, "verification method " + url + " did not resolve (" + why + ")");
        }
        VerificationMethod vm = r.verificationMethod().get();
        DidDocument doc = r.didDocument().get();
        PublicKeyValue key;
        try {
            key = vm.publicKey();
        } catch (DecodingException e) {
            return fail(ErrorType.INVALID_VERIFICATION_METHOD, "verification method " + url + " has an unusable key: " + e.getMessage());
        }
        Set<String> relationships = new HashSet<>();
        for (Relationship rel : EnumSet.allOf(Relationship.class)) {
            if (doc.relationship(rel).contains(vm.id())) {
                relationships.add(rel.jsonName());
            }
        }
        return new MethodResolution.Found(new ResolvedMethod(vm.id(), vm.controller(), vm.type(), key.verifier(), relationships));
    }

    private static MethodResolution fail(ErrorType type, String message) {
        return new MethodResolution.Failed(Problem.of(type, message));
    }
}
