package dev.mandate.agent.authz;

/**
 * Sliding one-minute windows, one per key (agent, credential and capability): a request is counted when fewer
 * than {@code perMinute} requests were counted for its key in the minute before it (a request at time t leaves
 * the window at t + 60 000 ms). The in-process limiter ({@link #inMemory}) serves one instance; behind a load
 * balancer every instance must share one limiter (module {@code mandate-state-redis}), or the limit multiplies
 * by the number of instances.
 *
 * <p>Implementations are thread-safe and atomic. A shared limiter throws
 * {@link dev.mandate.agent.state.SharedStateUnavailableException} when it cannot answer; callers fail closed.
 */
public interface RateLimiter {
    /** The window length in milliseconds. */
    long WINDOW_MILLIS = 60_000;

    /**
     * Counts one request if its key's window has room.
     *
     * @param key       the window's key (agent, credential and capability)
     * @param perMinute the limit, at least 1
     * @param nowMillis the request's time in milliseconds since the epoch
     * @return true if fewer than {@code perMinute} requests were counted in the minute before {@code nowMillis}
     *         (this one is then counted); false if the limit is reached or a bounded limiter has no room for the key
     * @throws dev.mandate.agent.state.SharedStateUnavailableException if a shared limiter cannot answer
     */
    boolean tryAcquire(String key, int perMinute, long nowMillis);

    /**
     * The in-process limiter, for a single instance.
     *
     * @param maxKeys most distinct keys tracked at a time
     * @return a new {@link InMemoryRateLimiter}
     */
    static RateLimiter inMemory(int maxKeys) {
        return new InMemoryRateLimiter(maxKeys);
    }
}
