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

    /** Counts one request for {@code key} at {@code nowMillis} if fewer than {@code perMinute} happened in the last minute. */
    boolean tryAcquire(String key, int perMinute, long nowMillis);

    /** The in-process limiter for at most {@code maxKeys} distinct keys at a time. */
    static RateLimiter inMemory(int maxKeys) {
        return new InMemoryRateLimiter(maxKeys);
    }
}
