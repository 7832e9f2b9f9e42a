package dev.mandate.agent.state;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Single-use challenges that a verifier hands out for holders to sign into presentations, bounded in count
 * and lifetime. A challenge is valid until it is consumed once or its lifetime ends. The in-process store
 * ({@link #inMemory}) serves one instance; a shared store (module {@code mandate-state-redis}) lets a
 * challenge issued by one instance be consumed, once, at any other.
 *
 * <p>Implementations are thread-safe. A shared store throws {@link SharedStateUnavailableException} when it
 * cannot answer; callers fail closed.
 */
public interface ChallengeStore {
    /** A new challenge, or empty if the most unused unexpired challenges allowed are outstanding. */
    Optional<String> issue();

    /**
     * Consumes {@code challenge}: true exactly once for a challenge this store issued and that has not expired.
     * Atomic: of concurrent calls with the same challenge (anywhere the store is shared), at most one returns true.
     */
    boolean consume(String challenge);

    /** What {@link #useOnce} found. */
    enum Use {
        /** First use of this challenge within its lifetime. */
        FIRST,
        /** Already used within the lifetime: a replay. */
        REPLAYED,
        /** Too many challenges are remembered and none has expired: cannot tell, so refused. */
        FULL
    }

    /**
     * Uses a challenge the relying party chose itself (server setting {@code challenges.requireIssued = false}):
     * the first use within {@link #ttl()} succeeds, every later one (anywhere the store is shared) is a replay.
     * A challenge this store issued is consumed as well, so it too can be used once only.
     */
    Use useOnce(String challenge);

    /** The number of unused challenges held (expired ones may be counted until purged), or -1 when a shared store cannot tell now. */
    int outstanding();

    /** How long a new challenge stays valid. */
    Duration ttl();

    /** The in-process store: {@code maxOutstanding} unused challenges at most, each valid for {@code ttl}. */
    static ChallengeStore inMemory(Duration ttl, int maxOutstanding, Clock clock) {
        return new InMemoryChallengeStore(ttl, maxOutstanding, clock);
    }

    /** A new challenge: 128 random bits, base64url without padding (22 characters). */
    static String newChallenge(java.security.SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
