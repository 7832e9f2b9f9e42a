package dev.mandate.vc.verifier.status;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.status.StatusListException;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The status lists a {@link StatusChecker} has fetched, verified and decoded, and the rules for when one may be read
 * again (its version unchanged, or its ttl not passed) or must be fetched and verified anew. Lists are verified first
 * and read only from their verified view. Thread-safe.
 */
final class StatusListCache {
    private final Duration maxStaleness;
    private final Duration defaultTtl;
    private final int cacheSize;
    private final int maxInflatedBytes;
    private final BoundedJson.Limits limits;
    private final LongSupplier nanoTime;
    private final Predicate<String> pushedList;
    private final long unpushedNanos;
    private final StatusChecker.StreamLinkListener streamLinked;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    /** Lists dropped by a push, so the next fetch of each is reported as {@code pushed}. */
    private final java.util.Set<String> pushed = ConcurrentHashMap.newKeySet();

    StatusListCache(Duration maxStaleness, Duration defaultTtl, int cacheSize, int maxInflatedBytes, BoundedJson.Limits limits,
                    LongSupplier nanoTime, Predicate<String> pushedList, Duration unpushedStaleness,
                    StatusChecker.StreamLinkListener streamLinked) {
        this.maxStaleness = maxStaleness;
        this.defaultTtl = defaultTtl;
        this.cacheSize = cacheSize;
        this.maxInflatedBytes = maxInflatedBytes;
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.pushedList = pushedList;
        this.unpushedNanos = unpushedStaleness.toNanos();
        this.streamLinked = streamLinked;
    }

    /** A verified and decoded list, and where it came from. */
    record Cached(StatusListCredential list, StatusBitstring oneBit, byte[] raw, long expiresAtNanos, String source, String version,
                          long fetchedAtNanos) {
        StatusBitstring bits(int statusSize) {
            return statusSize == 1 ? oneBit : StatusBitstring.ofBytes(raw, statusSize);
        }
    }

    /** {@return the list cached for {@code url}, or null} */
    Cached get(String url) {
        return cache.get(url);
    }

    /** {@return how many lists are cached} */
    int size() {
        return cache.size();
    }

    /** {@return the clock of ttls, in nanoseconds} */
    long now() {
        return nanoTime.getAsLong();
    }

    /** Drops a cached list; the next fetch of it is reported as {@code pushed}. */
    void invalidate(String statusListCredentialUrl) {
        if (cache.remove(statusListCredentialUrl) != null) {
            if (pushed.size() >= Math.max(cacheSize, 1)) {
                pushed.clear(); // only a label for the next fetch; never let it grow without bound
            }
            pushed.add(statusListCredentialUrl);
        }
    }

    /** Drops every cached list. */
    void invalidateAll() {
        cache.clear();
    }

    /**
     * {@return the list at {@code url}: the cached one while {@link #fresh} holds, else fetched through {@code lists},
     * verified by {@code verifier} and decoded (and cached when it may be)}
     */
    Cached load(String url, ListCredentialVerifier verifier, StatusListFetcher lists, String path) throws CheckFailure {
        long now = nanoTime.getAsLong();
        Cached hit = cache.get(url);
        if (hit != null && fresh(hit, url, lists, now, path)) {
            return hit;
        }
        FetchedList fetched;
        try {
            fetched = lists.fetch(url);
        } catch (StatusFetchException e) {
            throw new CheckFailure(ErrorType.STATUS_RETRIEVAL_ERROR, e.getMessage(), path);
        } catch (RuntimeException e) {
            throw new CheckFailure(ErrorType.STATUS_RETRIEVAL_ERROR, "could not fetch status list " + shorten(url) + ": " + e, path);
        }
        if (fetched.body().length > limits.maxBytes()) {
            throw new CheckFailure(ErrorType.LIMIT_EXCEEDED_ERROR, "status list " + shorten(url) + " is " + fetched.body().length
                    + " bytes, more than the limit of " + limits.maxBytes(), path);
        }
        String body = new String(fetched.body(), java.nio.charset.StandardCharsets.UTF_8);
        // Verify first, then read the list only from the verified view: never from unverified JSON.
        ListCredentialVerifier.Outcome outcome = verifier.verify(body);
        VerificationResult r = outcome.result();
        if (!r.verified()) {
            Problem first = r.problems().isEmpty() ? Problem.of(ErrorType.PROOF_VERIFICATION_ERROR, "see the list's verification")
                    : r.problems().get(0);
            throw new CheckFailure(r.operationalFailure() ? ErrorType.STATUS_RETRIEVAL_ERROR : ErrorType.STATUS_VERIFICATION_ERROR,
                    "status list " + shorten(url) + " did not verify: " + first.message()
                            + (first.path().isEmpty() ? "" : " (at " + first.path() + ")"), path);
        }
        JsonObject json = outcome.view().orElseThrow();
        StatusListCredential list;
        try {
            list = StatusListCredential.parse(json);
        } catch (StatusListException e) {
            throw new CheckFailure(ErrorType.STATUS_VERIFICATION_ERROR, "document at " + shorten(url) + " is not a usable status list: "
                    + e.getMessage() + (e.path().isEmpty() ? "" : " (at " + e.path() + ")"), path);
        }
        if (!list.issuer().equals(outcome.issuer())) {
            throw new CheckFailure(ErrorType.STATUS_VERIFICATION_ERROR, "status list " + shorten(url) + " names issuer "
                    + shorten(list.issuer()) + " but was signed by " + shorten(outcome.issuer()), path);
        }
        if (!list.id().isEmpty() && !list.id().equals(url)) {
            throw new CheckFailure(ErrorType.STATUS_VERIFICATION_ERROR, "status list served at " + shorten(url) + " has id "
                    + shorten(list.id()), path);
        }
        if (!fetched.streamLink().isEmpty()) {
            try {
                streamLinked.linked(url, list.issuer(), fetched.streamLink());
            } catch (RuntimeException e) {
                // a listener's failure never changes a status check
            }
        }
        StatusBitstring bits;
        try {
            bits = list.bitstring(1, maxInflatedBytes);
        } catch (StatusListException e) {
            throw new CheckFailure(e.type(), "status list " + shorten(url) + ": " + e.getMessage(), path);
        }
        long ttlNanos = ttlNanos(list, fetched);
        byte[] raw = bits.toByteArray();
        Cached c = new Cached(list, bits, raw, now + ttlNanos, pushed.remove(url) ? "pushed" : "fetched", "", now);
        boolean versioned = !fetched.version().isEmpty();
        if ((ttlNanos > 0 || versioned) && cacheSize > 0) {
            if (cache.size() >= cacheSize) {
                evictOne(now);
            }
            // a versioned list is revalidated on every use, so it is kept whatever its ttl
            cache.put(url, new Cached(list, bits, raw, versioned ? now + Math.max(ttlNanos, maxStaleness.toNanos()) : now + ttlNanos,
                    "cached", fetched.version(), now));
        }
        return c;
    }

    /**
     * Whether a cached list may answer a check now: a versioned list while the fetcher reports the same version, any
     * other while its ttl has not passed (and, for a list no push stream covers, its unpushed staleness).
     */
    boolean fresh(Cached hit, String url, StatusListFetcher lists, long now, String path) throws CheckFailure {
        if (!hit.version().isEmpty()) {
            java.util.Optional<String> current;
            try {
                current = lists.version(url);
            } catch (StatusFetchException e) {
                throw new CheckFailure(ErrorType.STATUS_RETRIEVAL_ERROR, e.getMessage(), path);
            } catch (RuntimeException e) {
                throw new CheckFailure(ErrorType.STATUS_RETRIEVAL_ERROR, "could not read the version of status list " + shorten(url) + ": " + e, path);
            }
            return current.isPresent() && current.get().equals(hit.version());
        }
        return now - hit.expiresAtNanos() < 0 && (now - hit.fetchedAtNanos() < unpushedNanos || pushedList.test(url));
    }

    private long ttlNanos(StatusListCredential list, FetchedList fetched) {
        if (fetched.noStore()) {
            return 0;
        }
        Duration ttl = list.ttl().orElse(null);
        if (fetched.maxAgeSeconds() >= 0) {
            Duration maxAge = Duration.ofSeconds(fetched.maxAgeSeconds());
            ttl = ttl == null || maxAge.compareTo(ttl) < 0 ? maxAge : ttl;
        }
        if (ttl == null) {
            ttl = defaultTtl;
        }
        if (ttl.compareTo(maxStaleness) > 0) {
            ttl = maxStaleness;
        }
        return ttl.toNanos();
    }

    private void evictOne(long now) {
        String victim = null;
        long earliest = Long.MAX_VALUE;
        for (Map.Entry<String, Cached> e : cache.entrySet()) {
            long left = e.getValue().expiresAtNanos() - now;
            if (left <= 0) {
                cache.remove(e.getKey());
                return;
            }
            if (left < earliest) {
                earliest = left;
                victim = e.getKey();
            }
        }
        if (victim != null) {
            cache.remove(victim);
        }
    }

    static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

}
