package dev.mandate.registry;

import dev.mandate.vc.status.StatusBitstring;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Store configuration.
 *
 * @param listSize          entries per new status list (at least 131,072, the spec's minimum for group privacy)
 * @param messageStatusSize bits per entry of {@code message} lists (1..8)
 * @param listTtl           the {@code ttl} new lists are published with
 * @param busyTimeout       how long a writer waits for another process's lock (SQLite) or a connection (PostgreSQL)
 * @param poolSize          PostgreSQL connections kept (ignored by SQLite, which serializes writes on one connection)
 * @param durableSync       SQLite {@code synchronous=FULL} (survives power loss) instead of {@code NORMAL}
 *                          (survives a process crash); PostgreSQL always commits durably
 * @param clock             the clock for timestamps
 */
public record StoreOptions(int listSize, int messageStatusSize, Duration listTtl, Duration busyTimeout, int poolSize,
                           boolean durableSync, Clock clock) {
    /** The largest list: 2^23 entries (1 MiB of 1-bit entries), far under a verifier's inflation limit. */
    public static final int MAX_LIST_SIZE = 1 << 23;

    /**
     * Validates the options.
     *
     * @param listSize          entries per new status list
     * @param messageStatusSize bits per entry of {@code message} lists
     * @param listTtl           the published lists' ttl; not null, not negative
     * @param busyTimeout       the lock or connection wait; not null, not negative
     * @param poolSize          PostgreSQL connections kept
     * @param durableSync       SQLite {@code synchronous=FULL} instead of {@code NORMAL}
     * @param clock             the clock for timestamps; not null
     * @throws NullPointerException     naming the null component
     * @throws IllegalArgumentException naming the value out of range ({@code listSize} outside
     *                                  131,072..{@link #MAX_LIST_SIZE}, {@code messageStatusSize} outside 1..8,
     *                                  {@code poolSize} below 1, a negative duration)
     */
    public StoreOptions {
        Objects.requireNonNull(listTtl, "listTtl");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(clock, "clock");
        if (listSize < StatusBitstring.MIN_ENTRIES || listSize > MAX_LIST_SIZE) {
            throw new IllegalArgumentException("listSize must be " + StatusBitstring.MIN_ENTRIES + ".." + MAX_LIST_SIZE + ": " + listSize);
        }
        if (messageStatusSize < 1 || messageStatusSize > StatusBitstring.MAX_STATUS_SIZE) {
            throw new IllegalArgumentException("messageStatusSize must be 1..8");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        if (listTtl.isNegative() || busyTimeout.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** {@return 131,072 entries, 2-bit messages, 5 minute ttl, 10 s busy timeout, 8 connections, FULL sync, system UTC clock} */
    public static StoreOptions defaults() {
        return new StoreOptions(StatusBitstring.MIN_ENTRIES, 2, Duration.ofMinutes(5), Duration.ofSeconds(10), 8, true,
                Clock.systemUTC());
    }

    /**
     * Copies these options with another entries per new list.
     *
     * @param v the new value (checked as in the constructor)
     * @return the copy
     */
    public StoreOptions withListSize(int v) { return new StoreOptions(v, messageStatusSize, listTtl, busyTimeout, poolSize, durableSync, clock); }
    /**
     * Copies these options with another ttl of new lists.
     *
     * @param v the new value (checked as in the constructor)
     * @return the copy
     */
    public StoreOptions withListTtl(Duration v) { return new StoreOptions(listSize, messageStatusSize, v, busyTimeout, poolSize, durableSync, clock); }
    /**
     * Copies these options with another busy timeout.
     *
     * @param v the new value (checked as in the constructor)
     * @return the copy
     */
    public StoreOptions withBusyTimeout(Duration v) { return new StoreOptions(listSize, messageStatusSize, listTtl, v, poolSize, durableSync, clock); }
    /**
     * Copies these options with another PostgreSQL pool size.
     *
     * @param v the new value (checked as in the constructor)
     * @return the copy
     */
    public StoreOptions withPoolSize(int v) { return new StoreOptions(listSize, messageStatusSize, listTtl, busyTimeout, v, durableSync, clock); }
    /**
     * Copies these options with another SQLite sync mode ({@code true} for FULL).
     *
     * @param v the new value (checked as in the constructor)
     * @return the copy
     */
    public StoreOptions withDurableSync(boolean v) { return new StoreOptions(listSize, messageStatusSize, listTtl, busyTimeout, poolSize, v, clock); }
    /**
     * Copies these options with another clock.
     *
     * @param v the new value (checked as in the constructor)
     * @return the copy
     */
    public StoreOptions withClock(Clock v) { return new StoreOptions(listSize, messageStatusSize, listTtl, busyTimeout, poolSize, durableSync, v); }
}
