package dev.mandate.did.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A thread-safe LRU cache with a fixed maximum number of entries and a per-entry expiry time.
 * Not part of the supported API.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class BoundedCache<K, V> {
    private final int maxEntries;
    private final LongSupplier clock;
    private final LinkedHashMap<K, Entry<V>> map;

    private record Entry<V>(V value, long expiresAtNanos) {}

    /**
     * A cache of at most {@code maxEntries} entries (0 disables caching), timed by {@code clockNanos}.
     *
     * @param maxEntries the most entries kept; 0 disables caching
     * @param clockNanos a monotonic clock in nanoseconds (e.g. {@code System::nanoTime})
     */
    public BoundedCache(int maxEntries, LongSupplier clockNanos) {
        if (maxEntries < 0) throw new IllegalArgumentException("maxEntries must not be negative");
        this.maxEntries = maxEntries;
        this.clock = clockNanos;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > BoundedCache.this.maxEntries;
            }
        };
    }

    /**
     * {@return the live value for {@code key}, if any}
     *
     * @param key the key
     */
    public synchronized Optional<V> get(K key) {
        Entry<V> e = map.get(key);
        if (e == null) return Optional.empty();
        if (clock.getAsLong() - e.expiresAtNanos >= 0) {
            map.remove(key);
            return Optional.empty();
        }
        return Optional.of(e.value);
    }

    /**
     * Stores {@code value} for {@code ttlNanos} nanoseconds (ignored if not positive or caching is disabled).
     *
     * @param key      the key
     * @param value    the value
     * @param ttlNanos how long the entry lives, in nanoseconds
     */
    public synchronized void put(K key, V value, long ttlNanos) {
        if (maxEntries == 0 || ttlNanos <= 0) return;
        map.put(key, new Entry<>(value, clock.getAsLong() + ttlNanos));
    }

    /** {@return the number of entries (live or expired) held} */
    public synchronized int size() { return map.size(); }

    /** Removes every entry. */
    public synchronized void clear() { map.clear(); }
}
