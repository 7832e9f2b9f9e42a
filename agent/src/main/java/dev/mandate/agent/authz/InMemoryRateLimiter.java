package dev.mandate.agent.authz;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RateLimiter} in this process. Bounded in keys: when full, windows with no request in the last minute
 * are dropped; if still full, new keys are refused.
 */
public final class InMemoryRateLimiter implements RateLimiter {
    private final int maxKeys;
    private final ConcurrentHashMap<String, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

    /**
     * An empty limiter.
     *
     * @param maxKeys most distinct keys tracked at a time
     * @throws IllegalArgumentException if {@code maxKeys} is not positive
     */
    public InMemoryRateLimiter(int maxKeys) {
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be positive");
        this.maxKeys = maxKeys;
    }

    @Override
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
