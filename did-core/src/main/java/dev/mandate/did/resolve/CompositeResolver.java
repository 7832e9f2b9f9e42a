package dev.mandate.did.resolve;

import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.internal.BoundedCache;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Dispatches resolution to a resolver per DID method, with an in-memory bounded LRU cache for the
 * methods registered as cacheable (deterministic methods such as did:key and did:jwk; did:web keeps its
 * own cache that honours HTTP Cache-Control). Only successful results are cached. Thread-safe.
 */
public final class CompositeResolver implements DidResolver {
    /** How long a cacheable result is kept (did:key and did:jwk documents never change). */
    private static final long CACHE_TTL_NANOS = Long.MAX_VALUE / 4;

    private final Map<String, DidResolver> resolvers;
    private final Set<String> cacheable;
    private final BoundedCache<String, ResolutionResult> cache;

    private CompositeResolver(Builder b) {
        this.resolvers = Map.copyOf(b.resolvers);
        this.cacheable = Set.copyOf(b.cacheable);
        this.cache = new BoundedCache<>(b.cacheSize, System::nanoTime);
    }

    /** {@return a new builder (default cache size 10,000 entries)} */
    public static Builder builder() { return new Builder(); }

    /** {@return the methods this resolver dispatches, e.g. {@code key}} */
    public Set<String> methods() { return resolvers.keySet(); }

    @Override public ResolutionResult resolve(String did) {
        Did parsed;
        try {
            parsed = Did.parse(did);
        } catch (DidSyntaxException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, e.getMessage());
        }
        DidResolver r = resolvers.get(parsed.method());
        if (r == null) {
            return ResolutionResult.error(ErrorCode.METHOD_NOT_SUPPORTED, "DID method '" + parsed.method() + "' is not supported (supported: "
                    + String.join(", ", new java.util.TreeSet<>(resolvers.keySet())) + ")");
        }
        boolean cached = cacheable.contains(parsed.method());
        if (cached) {
            var hit = cache.get(did);
            if (hit.isPresent()) return hit.get();
        }
        ResolutionResult result;
        try {
            result = r.resolve(did);
        } catch (RuntimeException e) {
            result = ResolutionResult.error(ErrorCode.INTERNAL_ERROR, "resolver for did:" + parsed.method() + " failed: " + e);
        }
        if (cached && result.isSuccess()) cache.put(did, result, CACHE_TTL_NANOS);
        return result;
    }

    /** Builds a {@link CompositeResolver}. */
    public static final class Builder {
        private final Map<String, DidResolver> resolvers = new LinkedHashMap<>();
        private final Set<String> cacheable = new HashSet<>();
        private int cacheSize = 10_000;

        private Builder() {}

        /**
         * Routes DIDs of {@code method} (e.g. {@code key}) to {@code resolver}; {@code cacheable} if its results never change.
         *
         * @param method    the DID method name, without {@code did:}
         * @param resolver  resolves that method's DIDs
         * @param cacheable true to keep its results in the result cache (did:key, did:jwk)
         * @return this builder
         */
        public Builder method(String method, DidResolver resolver, boolean cacheable) {
            resolvers.put(Objects.requireNonNull(method, "method"), Objects.requireNonNull(resolver, "resolver"));
            if (cacheable) this.cacheable.add(method);
            else this.cacheable.remove(method);
            return this;
        }

        /**
         * Sets the maximum number of cached results (default 10,000).
         *
         * @param entries the number of results, 0 or more; 0 disables the cache
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheSize(int entries) {
            if (entries < 0) throw new IllegalArgumentException("cache size must not be negative");
            this.cacheSize = entries;
            return this;
        }

        /** {@return the resolver} */
        public CompositeResolver build() { return new CompositeResolver(this); }
    }
}
