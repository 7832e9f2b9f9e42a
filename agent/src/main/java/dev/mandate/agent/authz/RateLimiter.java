package dev.mandate.agent.authz;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding one-minute windows, one per key (agent and capability). Bounded in keys: when full, windows
 * with no request in the last minute are dropped; if still full, new keys are refused. Thread-safe.
 */
public final class RateLimiter {
    private static final long WINDOW_MILLIS = 60_000;
    private final int maxKeys;
    private final ConcurrentHashMap<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

    /** A limiter for at most {@code maxKeys} distinct keys at a time. */
    public RateLimiter(int maxKeys) {
        this.maxKeys = maxKeys;
    }

    /** Counts one request for {@code key} at {@code nowMillis} if fewer than {@code perMinute} happened in the last minute. */
    public boolean tryAcquire(String key, int perMinute, long nowMillis) {
        ArrayDeque<Long> w = windows.get(key);
        if (w == null) {
            if (windows.size() >= maxKeys) {
                windows.entrySet().removeIf(e -> {
                    synchronized (e.getValue()) {
                        Long last = e.getValue().peekLast();
                        return last == null || last <= nowMillis - WINDOW_MILLIS;
                    }
                });
                if (windows.size() >= maxKeys) return false;
            }
            w = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        }
        synchronized (w) {
            while (!w.isEmpty() && w.peekFirst() <= nowMillis - WINDOW_MILLIS) w.pollFirst();
            if (w.size() >= perMinute) return false;
            w.addLast(nowMillis);
            return true;
        }
    }
}
