package dev.mandate.vc.verifier.status;

import static dev.mandate.vc.verifier.status.StatusListCache.shorten;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusListException;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verifier.status.StatusListCache.Cached;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * (for push notifications). A caller that checks the same credential again (a cache of verified credentials) can
 * take a {@link #read} and ask {@link #current} before the next check: while it holds, the outcome would be the same.
 * Thread-safe; share one.
 */
public final class StatusChecker {
    private final StatusListFetcher fetcher;
    private final StatusListCache cache;

    private StatusChecker(Builder b) {
        this.fetcher = b.fetcher;
        this.cache = new StatusListCache(b.maxStaleness, b.defaultTtl, b.cacheSize, b.maxInflatedBytes, b.limits, b.nanoTime, b.pushed,
                b.unpushedStaleness, b.streamLinked);
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

    /**
     * Drops a cached list, so the next check fetches it again (call on a push notification). Unknown URLs are
     * ignored.
     *
     * @param statusListCredentialUrl the list's URL, as credentials name it
     */
    public void invalidate(String statusListCredentialUrl) {
        cache.invalidate(statusListCredentialUrl);
    }

    /** Drops every cached list. */
    public void invalidateAll() {
        cache.invalidateAll();
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
        return read(credential, issuer, verifier).result();
    }

    /**
     * Checks like {@link #check}, and also notes which cached lists the outcome was read from, so that a later check
     * of the same credential can be skipped while {@link #current(Reading)} holds.
     *
     * @param credential the verified view of the credential
     * @param issuer     the credential's authenticated issuer
     * @param verifier   verifies fetched list credentials through the pipeline
     * @return the outcome ({@link Reading#result()}) and what it rests on
     */
    public Reading read(JsonObject credential, String issuer, ListCredentialVerifier verifier) {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(verifier, "verifier");
        JsonValue status = credential.get("credentialStatus");
        List<JsonValue> items = status instanceof JsonArray a ? a : status == null ? List.of() : List.of(status);
        List<EntryStatus> entries = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        StatusListFetcher lists = items.isEmpty() ? fetcher : fetcher.forCheck();
        String[] urls = new String[items.size()];
        Cached[] read = new Cached[items.size()];
        boolean everyEntryRead = true;
        for (int i = 0; i < items.size(); i++) {
            String path = status instanceof JsonArray ? "/credentialStatus/" + i : "/credentialStatus";
            try {
                EntryStatus e = checkEntry(items.get(i), path, issuer, verifier, lists, problems, read, i);
                urls[i] = e.entry().statusListCredential();
                entries.add(e);
            } catch (CheckFailure f) {
                problems.add(f.problem());
                everyEntryRead = false;
            }
        }
        StatusCheckResult result = new StatusCheckResult(entries, problems);
        return everyEntryRead ? new Reading(result, urls, read) : new Reading(result, null, null);
    }

    /**
     * {@return whether a check of the credential that gave {@code earlier} would now give the same outcome, to the
     * last field: true when every entry was read from a cached list ({@code source} "cached" or not) that is still
     * the one cached for its URL and still fresh by the rule a check applies (its version unchanged, asked once for
     * all entries through {@link StatusListFetcher#forCheck()}; or its ttl not passed). A list dropped by a push, a
     * new version, an expired or evicted list, an entry that could not be read: false, and the caller checks again}
     * The outcome depends on nothing else: the entries are the credential's, and a cached list never changes.
     *
     * @param earlier a reading of this checker, for the credential being checked again
     */
    public boolean current(Reading earlier) {
        Objects.requireNonNull(earlier, "earlier");
        if (earlier.lists == null || earlier.checker != this) {
            return false;
        }
        if (earlier.lists.length == 0) {
            return true;
        }
        long now = cache.now();
        StatusListFetcher lists = fetcher.forCheck();
        for (int i = 0; i < earlier.lists.length; i++) {
            Cached c = earlier.lists[i];
            if (cache.get(earlier.urls[i]) != c) {
                return false;
            }
            try {
                if (!cache.fresh(c, earlier.urls[i], lists, now, "")) {
                    return false;
                }
            } catch (CheckFailure f) {
                return false; // the check it leads to reports the failure
            }
        }
        return true;
    }

    /**
     * A check's outcome and the cached lists it read (see {@link #read} and {@link #current}). Opaque: only its
     * checker can tell whether it still holds.
     */
    public final class Reading {
        private final StatusCheckResult result;
        private final String[] urls;   // null: some entry did not read a list, so the outcome is not reused
        private final Cached[] lists;  // the list each entry read, as returned by load
        private final StatusChecker checker = StatusChecker.this;

        private Reading(StatusCheckResult result, String[] urls, Cached[] lists) {
            this.result = result;
            this.urls = urls;
            this.lists = lists;
        }

        /** {@return the outcome of the check} */
        public StatusCheckResult result() {
            return result;
        }
    }

    private EntryStatus checkEntry(JsonValue item, String path, String issuer, ListCredentialVerifier verifier, StatusListFetcher lists,
                                   List<Problem> problems, Cached[] read, int at) throws CheckFailure {
        if (!(item instanceof JsonObject o)) {
            throw new CheckFailure(ErrorType.MALFORMED_VALUE_ERROR, "credentialStatus item is not an object", path);
        }
        if (!StatusListEntry.isEntry(o)) {
            String type = o.get("type") instanceof JsonString t ? t.getString() : String.valueOf(o.get("type"));
            throw new CheckFailure(ErrorType.STATUS_VERIFICATION_ERROR, "credentialStatus type " + shorten(type)
                    + " is not supported (only BitstringStatusListEntry); the status cannot be checked", path + "/type");
        }
        StatusListEntry entry;
        try {
            entry = StatusListEntry.parse(o, path);
        } catch (StatusListException e) {
            throw new CheckFailure(e.type(), e.getMessage(), e.path());
        }
        String url = entry.statusListCredential();
        Cached list = cache.load(url, verifier, lists, path + "/statusListCredential");
        read[at] = list;
        if (!list.list().issuer().equals(issuer)) {
            throw new CheckFailure(ErrorType.STATUS_VERIFICATION_ERROR, "status list " + shorten(url) + " is issued by "
                    + shorten(list.list().issuer()) + ", not by the credential's issuer " + shorten(issuer), path + "/statusListCredential");
        }
        if (!list.list().purposes().contains(entry.purpose())) {
            throw new CheckFailure(ErrorType.STATUS_VERIFICATION_ERROR, "status list " + shorten(url) + " has purpose "
                    + list.list().purposes().stream().map(StatusPurpose::jsonName).toList() + ", not the entry's "
                    + entry.purpose().jsonName(), path + "/statusPurpose");
        }
        StatusBitstring bits = list.bits(entry.statusSize());
        if (bits.entries() < StatusBitstring.MIN_ENTRIES) {
            throw new CheckFailure(ErrorType.STATUS_LIST_LENGTH_ERROR, "status list " + shorten(url) + " has " + bits.entries()
                    + " entries, fewer than the minimum of " + StatusBitstring.MIN_ENTRIES, path + "/statusListCredential");
        }
        if (entry.index() >= bits.entries()) {
            throw new CheckFailure(ErrorType.RANGE_ERROR, "statusListIndex " + entry.index() + " is outside the status list "
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
         * @param listener told of each verified list's stream link
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
