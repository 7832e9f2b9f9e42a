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
    /**
     * Hands out a new challenge.
     *
     * @return the challenge ({@link #newChallenge}), or empty if the most unused unexpired challenges allowed
     *         are outstanding
     * @throws SharedStateUnavailableException if a shared store cannot answer
     */
    Optional<String> issue();

    /**
     * Consumes {@code challenge}: true exactly once for a challenge this store issued and that has not expired.
     * Atomic: of concurrent calls with the same challenge (anywhere the store is shared), at most one returns true.
     *
     * @param challenge the challenge a presentation carries
     * @return true if it was issued here, not yet consumed and not expired; it is then consumed
     * @throws SharedStateUnavailableException if a shared store cannot answer
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
     *
     * @param challenge the challenge a presentation carries
     * @return whether this is the first use, a replay, or cannot be told because the store is full
     * @throws SharedStateUnavailableException if a shared store cannot answer
     */
    Use useOnce(String challenge);

    /**
     * {@return the number of unused challenges held (expired ones may be counted until purged), or -1 when a
     * shared store cannot tell now}
     */
    int outstanding();

    /** {@return how long a new challenge stays valid} */
    Duration ttl();

    /**
     * The in-process store, for a single instance.
     *
     * @param ttl            how long each challenge stays valid
     * @param maxOutstanding most unused unexpired challenges held; {@link #issue()} returns empty beyond
     * @param clock          times the lifetimes
     * @return a new, empty, thread-safe store
     */
    static ChallengeStore inMemory(Duration ttl, int maxOutstanding, Clock clock) {
        return new InMemoryChallengeStore(ttl, maxOutstanding, clock);
    }

    /**
     * A new challenge value, for implementations.
     *
     * @param random the source of the 128 random bits
     * @return base64url without padding (22 characters)
     */
    static String newChallenge(java.security.SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
