package dev.mandate.agent.request;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers proof nonces until they expire. Bounded: when full it first drops expired entries and, if
 * still full, refuses new nonces ({@link Outcome#FULL}) rather than forget live ones. Thread-safe.
 */
public final class ReplayCache {
    /** The result of {@link #checkAndRecord}. */
    public enum Outcome {
        /** Not seen before; now recorded. */
        FRESH,
        /** Seen before and not yet expired. */
        REPLAY,
        /** No room left for live nonces. */
        FULL
    }

    private final int maxEntries;
    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();

    /** A cache for at most {@code maxEntries} live nonces. */
    public ReplayCache(int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be positive");
        this.maxEntries = maxEntries;
    }

    /**
     * Records {@code key} until {@code expiresAtEpochSecond}, unless it is already there.
     *
     * @param nowEpochSecond the current time, used to drop expired entries
     */
    public Outcome checkAndRecord(String key, long expiresAtEpochSecond, long nowEpochSecond) {
        if (seen.size() >= maxEntries) {
            seen.values().removeIf(exp -> exp < nowEpochSecond);
            if (seen.size() >= maxEntries) return Outcome.FULL;
        }
        Long prior = seen.putIfAbsent(key, expiresAtEpochSecond);
        if (prior == null) return Outcome.FRESH;
        if (prior < nowEpochSecond) {
            seen.put(key, expiresAtEpochSecond);
            return Outcome.FRESH;
        }
        return Outcome.REPLAY;
    }

    /** Live and expired entries currently held. */
    public int size() { return seen.size(); }
}
