package dev.mandate.agent.authz;

import dev.mandate.agent.chain.ChainLink;
import dev.mandate.agent.chain.ChainResult;
import dev.mandate.agent.chain.ChainVerifier;
import dev.mandate.agent.chain.TrustPolicy;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies capability chains for {@link Authorizer}, remembering a valid chain by its digest for
 * {@code chainCacheTtl} (never past a link's {@code validUntil}; at most 10,000 chains, then it starts over). A TTL of
 * zero verifies every time.
 */
final class ChainCache {
    private final ChainVerifier chains;
    private final TrustPolicy policy;
    private final Duration ttl;
    private final ConcurrentHashMap<String, CachedChain> cache = new ConcurrentHashMap<>();

    ChainCache(ChainVerifier chains, TrustPolicy policy, Duration ttl) {
        this.chains = chains;
        this.policy = policy;
        this.ttl = ttl;
    }

    private record CachedChain(ChainResult result, Instant until) {}

    /** Verifies {@code chain} (whose digest is {@code digest}) at {@code now}, or returns the remembered result. */
    ChainResult verify(List<JsonObject> chain, String digest, Instant now) {
        if (ttl.isZero()) return chains.verify(chain, policy, now);
        CachedChain c = cache.get(digest);
        if (c != null && now.isBefore(c.until())) return c.result();
        ChainResult r = chains.verify(chain, policy, now);
        if (r.valid()) {
            Instant until = now.plus(ttl);
            for (ChainLink l : r.links()) {
                Optional<Instant> vu = l.credential().validUntil();
                if (vu.isPresent() && vu.get().isBefore(until)) until = vu.get();
            }
            if (cache.size() >= 10_000) cache.clear();
            cache.put(digest, new CachedChain(r, until));
        }
        return r;
    }
}
