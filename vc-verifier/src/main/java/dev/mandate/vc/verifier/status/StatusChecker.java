package dev.mandate.vc.verifier.status;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusListException;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Checks a credential's {@code BitstringStatusListEntry} entries (Bitstring Status List 1.0, section
 * "Validate Algorithm"): fetches each status list credential, verifies it with the caller's verifier,
 * requires its issuer to be the credential's issuer and its purpose to match the entry, checks the
 * minimum length and the index range, and reads the entry's value. A set revocation or suspension
 * value makes the credential unacceptable; {@code message} and {@code refresh} values are reported.
 *
 * <p>Problems: {@link ErrorType#STATUS_RETRIEVAL_ERROR} (the list could not be fetched: operational),
 * {@link ErrorType#STATUS_VERIFICATION_ERROR} (not a status list, proof invalid, wrong issuer or
 * purpose, unsupported status type), {@link ErrorType#STATUS_LIST_LENGTH_ERROR},
 * {@link ErrorType#RANGE_ERROR} (index outside the list), {@link ErrorType#MALFORMED_VALUE_ERROR} (bad
 * entry, bad GZIP), {@link ErrorType#LIMIT_EXCEEDED_ERROR} (the list inflates beyond the limit),
 * {@link ErrorType#CREDENTIAL_REVOKED}, {@link ErrorType#CREDENTIAL_SUSPENDED}.
 *
 * <p>Cache: a verified, decoded list is reused until the earliest of its {@code ttl}, the response's
 * Cache-Control max-age and {@link Builder#maxStaleness(Duration)} after it was fetched (a list with
 * neither ttl nor max-age gets {@link Builder#defaultTtl(Duration)}); {@code no-store}/{@code no-cache}
 * responses are not reused, except that a list whose fetcher reports versions
 * ({@link StatusListFetcher#version(String)}) is kept and reused while its version is unchanged: the version is
 * asked on every check (through {@link StatusListFetcher#forCheck()}, once per check if the fetcher can), so a change
 * applies to the very next check, and each version is verified once.
 * Failures are never cached. {@link #invalidate(String)} drops a list at once
 * (for push notifications). Thread-safe; share one.
 */
public final class StatusChecker {
    private final StatusListFetcher fetcher;
    private final Duration maxStaleness;
    private final Duration defaultTtl;
    private final int cacheSize;
    private final int maxInflatedBytes;
    private final BoundedJson.Limits limits;
    private final LongSupplier nanoTime;
    private final java.util.function.Predicate<String> pushedList;
    private final long unpushedNanos;
    private final StreamLinkListener streamLinked;
    private final Map<String, Cached> cache;
    /** Lists dropped by a push, so the next fetch of each is reported as {@code pushed}. */
    private final java.util.Set<String> pushed = ConcurrentHashMap.newKeySet();

    private StatusChecker(Builder b) {
        this.fetcher = b.fetcher;
        this.maxStaleness = b.maxStaleness;
        this.defaultTtl = b.defaultTtl;
        this.cacheSize = b.cacheSize;
        this.maxInflatedBytes = b.maxInflatedBytes;
        this.limits = b.limits;
        this.nanoTime = b.nanoTime;
        this.pushedList = b.pushed;
        this.unpushedNanos = b.unpushedStaleness.toNanos();
        this.streamLinked = b.streamLinked;
        this.cache = new ConcurrentHashMap<>();
    }

    /** {@return a builder with the HTTP fetcher and safe defaults} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Told of each fetched status list that verified and whose response linked to a status event stream
     * ({@link StatusStreamLink}), so the caller can decide to subscribe.
     */
    @FunctionalInterface
    public interface StreamLinkListener {
        /**
         * A verified list linked to a stream.
         *
         * @param statusListUrl the list's URL
         * @param issuer        the list's authenticated issuer
         * @param streamUrl     the linked stream, resolved but not checked: see {@link StatusStreamLink#refusal(String, String)}
         */
        void linked(String statusListUrl, String issuer, String streamUrl);
    }

    /** A verified and decoded list, and where it came from. */
    private record Cached(StatusListCredential list, StatusBitstring oneBit, byte[] raw, long expiresAtNanos, String source, String version,
                          long fetchedAtNanos) {
        StatusBitstring bits(int statusSize) {
            return statusSize == 1 ? oneBit : StatusBitstring.ofBytes(raw, statusSize);
        }
    }

    /**
     * Drops a cached list, so the next check fetches it again (call on a push notification). Unknown URLs are
     * ignored.
     *
     * @param statusListCredentialUrl the list's URL, as credentials name it
     */
    public void invalidate(String statusListCredentialUrl) {
        if (cache.remove(statusListCredentialUrl) != null) {
            if (pushed.size() >= Math.max(cacheSize, 1)) {
                pushed.clear(); // only a label for the next fetch; never let it grow without bound
            }
            pushed.add(statusListCredentialUrl);
        }
    }

    /** Drops every cached list. */
    public void invalidateAll() {
        cache.clear();
    }

    /** {@return how many lists are cached} */
    public int cachedLists() {
        return cache.size();
    }

    /**
     * Checks every {@code credentialStatus} entry of a verified credential.
     *
     * @param credential the verified view of the credential (the pipeline calls this after its proof verified)
     * @param issuer     the credential's authenticated issuer: each list must be issued by it
     * @param verifier   verifies fetched list credentials through the pipeline and returns their verified view
     * @return the entries read and the problems; {@link StatusCheckResult#ok()} when the credential is neither
     *     revoked nor suspended and every list could be read
     */
    public StatusCheckResult check(JsonObject credential, String issuer, ListCredentialVerifier verifier) {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(verifier, "verifier");
        JsonValue status = credential.get("credentialStatus");
        List<JsonValue> items = status instanceof JsonArray a ? a : status == null ? List.of() : List.of(status);
        List<EntryStatus> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        StatusListFetcher lists = items.isEmpty() ? fetcher : fetcher.forCheck();
        for (int i = 0; i < items.size(); i++) {
            String path = status instanceof JsonArray ? "/credentialStatus/" + i : "/credentialStatus";
            try {
                entries.add(checkEntry(items.get(i), path, issuer, verifier, lists, problems));
            } catch (Failure f) {
                problems.add(f.problem);
            }
        }
        return new StatusCheckResult(entries, problems);
    }

    private EntryStatus checkEntry(JsonValue item, String path, String issuer, ListCredentialVerifier verifier, StatusListFetcher lists,
                                   List<Problem> problems) throws Failure {
        if (!(item instanceof JsonObject o)) {
            throw new Failure(ErrorType.MALFORMED_VALUE_ERROR, "credentialStatus item is not an object", path);
        }
        if (!StatusListEntry.isEntry(o)) {
            String type = o.get("type") instanceof JsonString t ? t.getString() : String.valueOf(o.get("type"));
            throw new Failure(ErrorType.STATUS_VERIFICATION_ERROR, "credentialStatus type " + shorten(type)
                    + " is not supported (only BitstringStatusListEntry); the status cannot be checked", path + "/type");
        }
        StatusListEntry entry;
        try {
            entry = StatusListEntry.parse(o, path);
        } catch (StatusListException e) {
            throw new Failure(e.type(), e.getMessage(), e.path());
        }
        String url = entry.statusListCredential();
        Cached list = load(url, verifier, lists, path + "/statusListCredential");
        if (!list.list().issuer().equals(issuer)) {
            throw new Failure(ErrorType.STATUS_VERIFICATION_ERROR, "status list " + shorten(url) + " is issued by "
                    + shorten(list.list().issuer()) + ", not by the credential's issuer " + shorten(issuer), path + "/statusListCredential");
        }
        if (!list.list().purposes().contains(entry.purpose())) {
            throw new Failure(ErrorType.STATUS_VERIFICATION_ERROR, "status list " + shorten(url) + " has purpose "
                    + list.list().purposes().stream().map(StatusPurpose::jsonName).toList() + ", not the entry's "
                    + entry.purpose().jsonName(), path + "/statusPurpose");
        }
        StatusBitstring bits = list.bits(entry.statusSize());
        if (bits.entries() < StatusBitstring.MIN_ENTRIES) {
            throw new Failure(ErrorType.STATUS_LIST_LENGTH_ERROR, "status list " + shorten(url) + " has " + bits.entries()
                    + " entries, fewer than the minimum of " + StatusBitstring.MIN_ENTRIES, path + "/statusListCredential");
        }
        if (entry.index() >= bits.entries()) {
            throw new Failure(ErrorType.RANGE_ERROR, "statusListIndex " + entry.index() + " is outside the status list "
                    + shorten(url) + " of " + bits.entries() + " entries", path + "/statusListIndex");
        }
        int value = bits.get(entry.index());
        boolean valid = value == 0 || entry.purpose() == StatusPurpose.MESSAGE || entry.purpose() == StatusPurpose.REFRESH;
        if (!valid) {
            problems.add(entry.purpose() == StatusPurpose.REVOCATION
                    ? new Problem(ErrorType.CREDENTIAL_REVOKED, "the credential is revoked (status list " + shorten(url) + ", index "
                            + entry.index() + ")", path)
                    : new Problem(ErrorType.CREDENTIAL_SUSPENDED, "the credential is suspended (status list " + shorten(url) + ", index "
                            + entry.index() + ")", path));
        }
        return new EntryStatus(entry, value, valid, entry.messageFor(value).orElse(""), list.source());
    }

    private Cached load(String url, ListCredentialVerifier verifier, StatusListFetcher lists, String path) throws Failure {
        long now = nanoTime.getAsLong();
        Cached hit = cache.get(url);
        if (hit != null && !hit.version().isEmpty()) {
            java.util.Optional<String> current;
            try {
                current = lists.version(url);
            } catch (StatusFetchException e) {
                throw new Failure(ErrorType.STATUS_RETRIEVAL_ERROR, e.getMessage(), path);
            } catch (RuntimeException e) {
                throw new Failure(ErrorType.STATUS_RETRIEVAL_ERROR, "could not read the version of status list " + shorten(url) + ": " + e, path);
            }
            if (current.isPresent() && current.get().equals(hit.version())) {
                return hit;
            }
        } else if (hit != null && now - hit.expiresAtNanos() < 0
                && (now - hit.fetchedAtNanos() < unpushedNanos || pushedList.test(url))) {
            return hit;
        }
        FetchedList fetched;
        try {
            fetched = lists.fetch(url);
        } catch (StatusFetchException e) {
            throw new Failure(ErrorType.STATUS_RETRIEVAL_ERROR, e.getMessage(), path);
        } catch (RuntimeException e) {
            throw new Failure(ErrorType.STATUS_RETRIEVAL_ERROR, "could not fetch status list " + shorten(url) + ": " + e, path);
        }
        if (fetched.body().length > limits.maxBytes()) {
            throw new Failure(ErrorType.LIMIT_EXCEEDED_ERROR, "status list " + shorten(url) + " is " + fetched.body().length
                    + " bytes, more than the limit of " + limits.maxBytes(), path);
        }
        String body = new String(fetched.body(), java.nio.charset.StandardCharsets.UTF_8);
        // Verify first, then read the list only from the verified view: never from unverified JSON.
        ListCredentialVerifier.Outcome outcome = verifier.verify(body);
        VerificationResult r = outcome.result();
        if (!r.verified()) {
            Problem first = r.problems().isEmpty() ? Problem.of(ErrorType.PROOF_VERIFICATION_ERROR, "see the list's verification")
                    : r.problems().get(0);
            throw new Failure(r.operationalFailure() ? ErrorType.STATUS_RETRIEVAL_ERROR : ErrorType.STATUS_VERIFICATION_ERROR,
                    "status list " + shorten(url) + " did not verify: " + first.message()
                            + (first.path().isEmpty() ? "" : " (at " + first.path() + ")"), path);
        }
        JsonObject json = outcome.view().orElseThrow();
        StatusListCredential list;
        try {
            list = StatusListCredential.parse(json);
        } catch (StatusListException e) {
            throw new Failure(ErrorType.STATUS_VERIFICATION_ERROR, "document at " + shorten(url) + " is not a usable status list: "
                    + e.getMessage() + (e.path().isEmpty() ? "" : " (at " + e.path() + ")"), path);
        }
        if (!list.issuer().equals(outcome.issuer())) {
            throw new Failure(ErrorType.STATUS_VERIFICATION_ERROR, "status list " + shorten(url) + " names issuer "
                    + shorten(list.issuer()) + " but was signed by " + shorten(outcome.issuer()), path);
        }
        if (!list.id().isEmpty() && !list.id().equals(url)) {
            throw new Failure(ErrorType.STATUS_VERIFICATION_ERROR, "status list served at " + shorten(url) + " has id "
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
            throw new Failure(e.type(), "status list " + shorten(url) + ": " + e.getMessage(), path);
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

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /** A check that ended with one problem. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Problem problem;

        Failure(ErrorType type, String message, String path) {
            super(message, null, false, false);
            this.problem = new Problem(type, message, path);
        }
    }

    /** Configuration of a {@link StatusChecker}. */
    public static final class Builder {
        private StatusListFetcher fetcher;
        private Duration maxStaleness = Duration.ofMinutes(5);
        private Duration defaultTtl = Duration.ofMinutes(5);
        private int cacheSize = 1000;
        private int maxInflatedBytes = StatusBitstring.DEFAULT_MAX_INFLATED_BYTES;
        private BoundedJson.Limits limits = BoundedJson.Limits.DEFAULT.withMaxBytes(4 << 20);
        private LongSupplier nanoTime = System::nanoTime;
        private java.util.function.Predicate<String> pushed = url -> true;
        private Duration unpushedStaleness = Duration.ofDays(365);
        private StreamLinkListener streamLinked = (list, issuer, stream) -> { };

        private Builder() {}

        /**
         * Tells {@code listener} of every fetched list that verified and linked to a status event stream (default:
         * nobody). The listener runs on the verifying thread and must be quick; it decides whether to follow the
         * link (the list's issuer trusted, {@link StatusStreamLink#refusal(String, String)} empty, a bounded number).
         *
         * @param listener called with the list URL, its issuer and the stream URL; not null
         * @return this builder
         */
        public Builder onStreamLinked(StreamLinkListener listener) {
            this.streamLinked = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * Bounds how stale a list may be while no push stream covers it: {@code pushed} says whether a connected
         * stream delivers changes of the list at a URL (see {@link StatusPushSubscriber#covers(String)}); a cached
         * list it does not cover is fetched again once it is older than {@code maxStaleness}, whatever its ttl. So
         * a dropped stream costs at most {@code maxStaleness} of staleness, not the list's ttl (default: no bound
         * beyond the ttl).
         *
         * @param pushed       whether a connected push stream covers the list at a URL
         * @param maxStaleness the oldest an uncovered list may be, zero or more
         * @return this builder
         * @throws IllegalArgumentException if {@code maxStaleness} is negative
         */
        public Builder unpushedStaleness(java.util.function.Predicate<String> pushed, Duration maxStaleness) {
            this.pushed = Objects.requireNonNull(pushed, "pushed");
            this.unpushedStaleness = nonNegative(maxStaleness);
            return this;
        }

        /**
         * Where lists come from (default: {@link HttpStatusListFetcher} with {@link StatusFetchOptions#defaults()}).
         *
         * @param f the fetcher; not null
         * @return this builder
         */
        public Builder fetcher(StatusListFetcher f) { this.fetcher = Objects.requireNonNull(f); return this; }

        /**
         * The longest a cached list is used after it was fetched, whatever its ttl says (default 5 minutes).
         *
         * @param d the longest use, zero or more; zero disables caching
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder maxStaleness(Duration d) { this.maxStaleness = nonNegative(d); return this; }

        /**
         * How long a list with neither ttl nor Cache-Control max-age is cached (default 5 minutes).
         *
         * @param d the cache time, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder defaultTtl(Duration d) { this.defaultTtl = nonNegative(d); return this; }

        /**
         * How many lists are cached (default 1000).
         *
         * @param n the number of lists, 0 (no caching) or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder cacheSize(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("cacheSize must not be negative");
            }
            this.cacheSize = n;
            return this;
        }

        /**
         * The largest inflated bitstring accepted (default 16 MiB): a bigger one is refused mid-inflation.
         *
         * @param n the limit in bytes, at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder maxInflatedBytes(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInflatedBytes must be positive");
            }
            this.maxInflatedBytes = n;
            return this;
        }

        /**
         * JSON limits for fetched lists (default 4 MiB, depth 64).
         *
         * @param l the limits; not null
         * @return this builder
         */
        public Builder limits(BoundedJson.Limits l) { this.limits = Objects.requireNonNull(l); return this; }

        /**
         * The monotonic time source for cache expiry (tests).
         *
         * @param s nanoseconds, as {@link System#nanoTime()}; not null
         * @return this builder
         */
        public Builder nanoTime(LongSupplier s) { this.nanoTime = Objects.requireNonNull(s); return this; }

        /** {@return the status checker; without a fetcher, an {@link HttpStatusListFetcher} with the safe defaults} */
        public StatusChecker build() {
            if (fetcher == null) {
                fetcher = new HttpStatusListFetcher();
            }
            return new StatusChecker(this);
        }

        private static Duration nonNegative(Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative");
            }
            return d;
        }
    }
}
