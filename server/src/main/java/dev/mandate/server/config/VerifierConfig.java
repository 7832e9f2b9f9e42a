package dev.mandate.server.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Verification policy.
 *
 * @param issuerMustControlProofKey whether a credential's proof key must belong to its issuer (turn off only to
 *                                  check third-party examples whose issuer is not a DID)
 * @param clockSkew                 tolerated clock difference for validity periods and proof times
 * @param cacheTtl                  how long a verified {@code /credentials/verify} request body is remembered
 *                                  (never past the credential's own expiry); zero disables the cache
 * @param cacheEntries              most remembered results
 * @param trustedIssuers            issuer DIDs whose credentials verify (empty trusts any issuer); the server
 *                                  follows the status event streams their lists link to
 * @param statusStreams             status-list push streams (SSE URLs) subscribed to at start
 * @param maxStatusStaleness        how old a cached status list may be while no connected push stream covers it
 * @param maxDiscoveredStatusStreams most streams followed from trusted issuers' lists (0: none)
 * @param cacheStatusKilobytes      most kilobytes of request bodies, in all, whose credentials (those with a
 *                                  {@code credentialStatus}) the result cache keeps with their verified view to
 *                                  recheck on every hit; a kept view takes about six times its request in heap. Past
 *                                  it, such a credential is verified in full on every request (0: always)
 */
public record VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                             List<String> trustedIssuers, List<String> statusStreams, Duration maxStatusStaleness,
                             int maxDiscoveredStatusStreams, int cacheStatusKilobytes) {
    /** Default {@link #maxStatusStaleness()}. */
    public static final Duration DEFAULT_MAX_STATUS_STALENESS = Duration.ofSeconds(10);
    /** Default {@link #maxDiscoveredStatusStreams()}. */
    public static final int DEFAULT_MAX_DISCOVERED_STATUS_STREAMS = 16;
    /** Default {@link #cacheStatusKilobytes()}: 4 MB of requests, about 24 MB of heap (2,000 credentials of 2 KB). */
    public static final int DEFAULT_CACHE_STATUS_KILOBYTES = 4096;
    /** Largest {@link #cacheStatusKilobytes()}: 1 GB of requests. */
    public static final int MAX_CACHE_STATUS_KILOBYTES = 1024 * 1024;

    /**
     * Checks ranges and copies the lists.
     *
     * @param issuerMustControlProofKey whether the proof key must belong to the issuer
     * @param clockSkew                 not negative
     * @param cacheTtl                  not negative; zero disables the cache
     * @param cacheEntries              0 to 10 000 000
     * @param trustedIssuers            trusted issuer DIDs; copied
     * @param statusStreams             push stream URLs; copied
     * @param maxStatusStaleness        positive
     * @param maxDiscoveredStatusStreams 0 to 1000
     * @param cacheStatusKilobytes      0 to {@link #MAX_CACHE_STATUS_KILOBYTES}
     * @throws NullPointerException     if an object argument is null
     * @throws IllegalArgumentException if a value is out of range
     */
    public VerifierConfig {
        trustedIssuers = List.copyOf(Objects.requireNonNull(trustedIssuers, "trustedIssuers"));
        statusStreams = List.copyOf(Objects.requireNonNull(statusStreams, "statusStreams"));
        Objects.requireNonNull(maxStatusStaleness, "maxStatusStaleness");
        if (maxStatusStaleness.isNegative() || maxStatusStaleness.isZero()) {
            throw new IllegalArgumentException("maxStatusStaleness must be positive");
        }
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        Objects.requireNonNull(cacheTtl, "cacheTtl");
        if (cacheTtl.isNegative()) {
            throw new IllegalArgumentException("cacheTtl must not be negative");
        }
        if (cacheEntries < 0 || cacheEntries > 10_000_000) {
            throw new IllegalArgumentException("cacheEntries must be 0 to 10000000: " + cacheEntries);
        }
        if (maxDiscoveredStatusStreams < 0 || maxDiscoveredStatusStreams > 1000) {
            throw new IllegalArgumentException("maxDiscoveredStatusStreams must be 0 to 1000: " + maxDiscoveredStatusStreams);
        }
        if (cacheStatusKilobytes < 0 || cacheStatusKilobytes > MAX_CACHE_STATUS_KILOBYTES) {
            throw new IllegalArgumentException("cacheStatusKilobytes must be 0 to " + MAX_CACHE_STATUS_KILOBYTES + ": " + cacheStatusKilobytes);
        }
    }

    /**
     * The given policy, cache, trusted issuers, streams and stream bound; {@link #DEFAULT_CACHE_STATUS_KILOBYTES}.
     *
     * @param issuerMustControlProofKey whether the proof key must belong to the issuer
     * @param clockSkew                 tolerated clock difference
     * @param cacheTtl                  result cache lifetime, zero for none
     * @param cacheEntries              most cached results
     * @param trustedIssuers            trusted issuer DIDs (empty: any)
     * @param statusStreams             push stream URLs subscribed to at start
     * @param maxStatusStaleness        how old a cached status list may be without a connected push stream
     * @param maxDiscoveredStatusStreams most streams followed from trusted issuers' lists
     */
    public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                          List<String> trustedIssuers, List<String> statusStreams, Duration maxStatusStaleness,
                          int maxDiscoveredStatusStreams) {
        this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, statusStreams, maxStatusStaleness,
                maxDiscoveredStatusStreams, DEFAULT_CACHE_STATUS_KILOBYTES);
    }

    /**
     * The given policy, cache, trusted issuers and streams; {@link #DEFAULT_MAX_DISCOVERED_STATUS_STREAMS}.
     *
     * @param issuerMustControlProofKey whether the proof key must belong to the issuer
     * @param clockSkew                 tolerated clock difference
     * @param cacheTtl                  result cache lifetime, zero for none
     * @param cacheEntries              most cached results
     * @param trustedIssuers            trusted issuer DIDs (empty: any)
     * @param statusStreams             push stream URLs subscribed to at start
     * @param maxStatusStaleness        how old a cached status list may be without a connected push stream
     */
    public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                          List<String> trustedIssuers, List<String> statusStreams, Duration maxStatusStaleness) {
        this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, statusStreams, maxStatusStaleness,
                DEFAULT_MAX_DISCOVERED_STATUS_STREAMS);
    }

    /**
     * The given policy, cache and trusted issuers; no push streams, {@link #DEFAULT_MAX_STATUS_STALENESS}.
     *
     * @param issuerMustControlProofKey whether the proof key must belong to the issuer
     * @param clockSkew                 tolerated clock difference
     * @param cacheTtl                  result cache lifetime, zero for none
     * @param cacheEntries              most cached results
     * @param trustedIssuers            trusted issuer DIDs, empty for any
     */
    public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries,
                          List<String> trustedIssuers) {
        this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, List.of(), DEFAULT_MAX_STATUS_STALENESS);
    }

    /**
     * The given policy and cache, trusting any issuer.
     *
     * @param issuerMustControlProofKey whether the proof key must belong to the issuer
     * @param clockSkew                 tolerated clock difference
     * @param cacheTtl                  result cache lifetime, zero for none
     * @param cacheEntries              most cached results
     */
    public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew, Duration cacheTtl, int cacheEntries) {
        this(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, List.of());
    }

    /**
     * The given policy with the default cache (60 s, 10,000 entries), trusting any issuer.
     *
     * @param issuerMustControlProofKey whether the proof key must belong to the issuer
     * @param clockSkew                 tolerated clock difference
     */
    public VerifierConfig(boolean issuerMustControlProofKey, Duration clockSkew) {
        this(issuerMustControlProofKey, clockSkew, Duration.ofSeconds(60), 10_000);
    }

    /**
     * {@return the defaults: the issuer must control the proof key; 5 s skew; verified credentials remembered
     * for 60 s (10,000 at most); any issuer trusted}
     */
    public static VerifierConfig defaults() {
        return new VerifierConfig(true, Duration.ofSeconds(5));
    }

    /**
     * This policy with another result cache.
     *
     * @param ttl     how long a verified request body is remembered; {@code Duration.ZERO} disables the cache
     * @param entries most remembered results
     * @return a new policy
     */
    public VerifierConfig withCache(Duration ttl, int entries) {
        return new VerifierConfig(issuerMustControlProofKey, clockSkew, ttl, entries, trustedIssuers, statusStreams, maxStatusStaleness,
                maxDiscoveredStatusStreams, cacheStatusKilobytes);
    }

    /**
     * This policy with another bound on the requests whose credentials with a status are kept with their views.
     *
     * @param kilobytes 0 to {@link #MAX_CACHE_STATUS_KILOBYTES}
     * @return a new policy
     */
    public VerifierConfig withCacheStatusKilobytes(int kilobytes) {
        return new VerifierConfig(issuerMustControlProofKey, clockSkew, cacheTtl, cacheEntries, trustedIssuers, statusStreams, maxStatusStaleness,
                maxDiscoveredStatusStreams, kilobytes);
    }
}
