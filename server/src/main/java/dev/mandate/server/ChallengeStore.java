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
    private final Duration ttl;
    private final int max;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ChallengeStore(Duration ttl, int maxOutstanding, Clock clock) {
        this.ttl = Objects.requireNonNull(ttl);
        this.max = maxOutstanding;
        this.clock = Objects.requireNonNull(clock);
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
