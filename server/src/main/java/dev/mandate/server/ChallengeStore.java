package dev.mandate.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Single-use challenges, bounded in count and lifetime. A challenge is 128 random bits (base64url); it is
 * valid until it is consumed once or its lifetime ends. When {@code maxOutstanding} unused challenges
 * exist, expired ones are purged and, if none expired, no new challenge is issued.
 */
final class ChallengeStore {
    private static final int BYTES = 16;

    private final Map<String, Instant> live = new ConcurrentHashMap<>();
    /** Challenges used through {@link #useOnce}, until their lifetime ends. */
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int max;
    private final boolean requireIssued;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ChallengeStore(Duration ttl, int maxOutstanding, Clock clock) {
        this(ttl, maxOutstanding, true, clock);
    }

    ChallengeStore(Duration ttl, int maxOutstanding, boolean requireIssued, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl);
        this.max = maxOutstanding;
        this.requireIssued = requireIssued;
        this.clock = Objects.requireNonNull(clock);
    }

    /** Whether a presentation must answer a challenge this store issued ({@code challenges.requireIssued}). */
    boolean requireIssued() {
        return requireIssued;
    }

    /** A new challenge, or empty if {@code maxOutstanding} unexpired challenges are outstanding. */
    Optional<String> issue() {
        Instant now = clock.instant();
        if (live.size() >= max) {
            purge(now);
            if (live.size() >= max) {
                return Optional.empty();
            }
        }
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        String c = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        live.put(c, now.plus(ttl));
        return Optional.of(c);
    }

    /**
     * Consumes {@code challenge}: true exactly once for a challenge this store issued and that has not expired.
     * Atomic: of two concurrent calls with the same challenge, at most one returns true.
     */
    boolean consume(String challenge) {
        Instant expiry = live.remove(challenge);
        return expiry != null && !clock.instant().isAfter(expiry);
    }

    /** What {@link #useOnce} found. */
    enum Use {
        /** First use of this challenge within its lifetime. */
        FIRST,
        /** Already used within the lifetime: a replay. */
        REPLAYED,
        /** {@code maxOutstanding} challenges are remembered and none has expired: cannot tell, so refused. */
        FULL
    }

    /**
     * Uses a challenge the relying party chose itself ({@code challenges.requireIssued = false}): the
     * first use within {@link #ttl()} succeeds, every later one is a replay. A challenge this store issued
     * is consumed as well, so it too can be used once only. At most {@code maxOutstanding} used
     * challenges are remembered; when that many are unexpired, new ones are refused rather than forgotten.
     */
    Use useOnce(String challenge) {
        Instant now = clock.instant();
        live.remove(challenge);
        Instant until = now.plus(ttl);
        Instant previous = used.putIfAbsent(challenge, until);
        if (previous != null) {
            if (!now.isAfter(previous)) {
                return Use.REPLAYED;
            }
            // expired: this use starts a new lifetime, unless another thread got there first
            return used.replace(challenge, previous, until) ? Use.FIRST : Use.REPLAYED;
        }
        if (used.size() > max) {
            purgeUsed(now);
            if (used.size() > max) {
                used.remove(challenge, until);
                return Use.FULL;
            }
        }
        return Use.FIRST;
    }

    private void purgeUsed(Instant now) {
        used.entrySet().removeIf(e -> now.isAfter(e.getValue()));
    }

    /** The number of unused challenges held (expired ones may be counted until purged). */
    int outstanding() {
        return live.size();
    }

    /** How long a new challenge stays valid. */
    Duration ttl() {
        return ttl;
    }

    private void purge(Instant now) {
        for (Iterator<Map.Entry<String, Instant>> it = live.entrySet().iterator(); it.hasNext(); ) {
            if (now.isAfter(it.next().getValue())) {
                it.remove();
            }
        }
    }
}
