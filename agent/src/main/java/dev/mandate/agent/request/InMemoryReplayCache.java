package dev.mandate.agent.request;

import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ReplayCache} in this process. Bounded: when full it first drops expired entries and, if still full,
 * refuses new nonces ({@link Outcome#FULL}) rather than forget live ones.
 */
public final class InMemoryReplayCache implements ReplayCache {
    private final int maxEntries;
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();

    /**
     * An empty cache.
     *
     * @param maxEntries most nonces held, live or expired, before new ones are refused
     * @throws IllegalArgumentException if {@code maxEntries} is not positive
     */
    public InMemoryReplayCache(int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be positive");
        this.maxEntries = maxEntries;
    }

    @Override
    public Outcome checkAndRecord(String key, long expiresAtEpochSecond, long nowEpochSecond) {
        if (seen.size() >= maxEntries) {
            seen.values().removeIf(exp -> exp < nowEpochSecond);
            if (seen.size() >= maxEntries) return Outcome.FULL;
        }
        Long prior = seen.putIfAbsent(key, expiresAtEpochSecond);
        if (prior == null) return Outcome.FRESH;
        if (prior < nowEpochSecond && seen.replace(key, prior, expiresAtEpochSecond)) {
            return Outcome.FRESH;
        }
        return Outcome.REPLAY;
    }

    /** {@return the live and expired entries currently held} */
    public int size() { return seen.size(); }
}
