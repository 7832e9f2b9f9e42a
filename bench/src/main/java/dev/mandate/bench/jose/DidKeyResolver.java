package dev.mandate.bench.jose;

import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.vc.verifier.MethodResolution;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.ResolvedMethod;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Benchmark did:key method resolver (the real one lives in did-core): {@code did:key:<multikey>#<multikey>}
 * resolves to the key, controller = the DID, listed under every verification relationship. Caches
 * resolved methods in a small LRU map, as the real resolver does.
 */
public final class DidKeyResolver implements MethodResolver {
    static final Set<String> ALL = Set.of("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation");

    private final Set<String> relationships;
    private final Map<String, MethodResolution> cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override protected boolean removeEldestEntry(Map.Entry<String, MethodResolution> e) {
            return size() > 256;
        }
    });

    public DidKeyResolver() {
        this(ALL);
    }

    DidKeyResolver(Set<String> relationships) {
        this.relationships = Set.copyOf(relationships);
    }

    public static String did(PublicKeyValue key) {
        return "did:key:" + key.toMultikey();
    }

    public static String kid(PublicKeyValue key) {
        return did(key) + "#" + key.toMultikey();
    }

    @Override
    public MethodResolution resolve(String url) {
        MethodResolution cached = cache.get(url);
        if (cached != null) {
            return cached;
        }
        MethodResolution r = resolveUncached(url);
        cache.put(url, r);
        return r;
    }

    private MethodResolution resolveUncached(String url) {
        if (url == null || !url.startsWith("did:key:") || url.indexOf('#') < 0) {
            return new MethodResolution.Failed(Problem.of(ErrorType.INVALID_VERIFICATION_METHOD_URL, "not a did:key verification method URL"));
        }
        int hash = url.indexOf('#');
        String did = url.substring(0, hash);
        String mb = did.substring("did:key:".length());
        if (!url.substring(hash + 1).equals(mb)) {
            return new MethodResolution.Failed(Problem.of(ErrorType.INVALID_VERIFICATION_METHOD, "no verification method " + url));
        }
        try {
            PublicKeyValue key = PublicKeyValue.fromMultikey(mb);
            return new MethodResolution.Found(new ResolvedMethod(url, did, "Multikey", key.verifier(), relationships));
        } catch (DecodingException e) {
            return new MethodResolution.Failed(Problem.of(ErrorType.INVALID_CONTROLLED_IDENTIFIER_DOCUMENT, e.getMessage()));
        }
    }
}
