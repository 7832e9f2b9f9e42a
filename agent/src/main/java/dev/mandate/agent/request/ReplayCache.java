package dev.mandate.agent.request;

/**
 * Remembers proof nonces until they expire, so that a signed request is accepted once. The in-process cache
 * ({@link #inMemory}) serves one instance; behind a load balancer every instance must share one cache (module
 * {@code mandate-state-redis}), or a request replayed to another instance is accepted again.
 *
 * <p>Implementations are thread-safe and atomic: of concurrent calls with the same key, at most one gets
 * {@link Outcome#FRESH}. A shared cache throws {@link dev.mandate.agent.state.SharedStateUnavailableException}
 * when it cannot answer; callers fail closed.
 */
public interface ReplayCache {
    /** The result of {@link #checkAndRecord}. */
    enum Outcome {
        /** Not seen before; now recorded. */
        FRESH,
        /** Seen before and not yet expired. */
        REPLAY,
        /** No room left for live nonces. */
        FULL
    }

    /**
     * Records {@code key} until {@code expiresAtEpochSecond}, unless it is already there and not expired.
     *
     * @param key                  the nonce, qualified by whatever the caller needs to keep apart (e.g. the issuer)
     * @param expiresAtEpochSecond when the proof carrying it expires, in seconds since the epoch
     * @param nowEpochSecond       the current time in seconds since the epoch, used to drop expired entries
     * @return {@link Outcome#FRESH} if recorded now, {@link Outcome#REPLAY} if already live,
     *         {@link Outcome#FULL} if there is no room
     * @throws dev.mandate.agent.state.SharedStateUnavailableException if a shared cache cannot answer
     */
    Outcome checkAndRecord(String key, long expiresAtEpochSecond, long nowEpochSecond);

    /**
     * The in-process cache, for a single instance.
     *
     * @param maxEntries most nonces held
     * @return a new {@link InMemoryReplayCache}
     */
    static ReplayCache inMemory(int maxEntries) {
        return new InMemoryReplayCache(maxEntries);
    }
}
