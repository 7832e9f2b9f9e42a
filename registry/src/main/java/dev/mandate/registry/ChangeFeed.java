package dev.mandate.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Turns the store's change log into push notifications: polls {@link Store#changes(long, int)} (so
 * changes made by other processes sharing the store, such as the CLI, are seen too) and hands one
 * {@link StatusEvent} per changed list and poll to every subscriber. {@link #poke()} polls at once,
 * for changes made in this process. The HTTP layer writes the events as server-sent events.
 *
 * <p>On PostgreSQL, sequence numbers are taken before commit, so a change can become visible after a
 * higher-numbered one; the feed remembers such gaps for {@link #GAP_PATIENCE} and delivers the late
 * change when it appears (a gap left by a rolled-back transaction is dropped after that). Verifiers
 * should still keep a ttl: push speeds revocation up, the ttl bounds it.
 *
 * <p>Thread-safe; {@link #close()} stops the poller.
 */
public final class ChangeFeed implements AutoCloseable {
    private final Store store;
    private final Function<String, String> listUrl;
    private final ScheduledExecutorService poller;
    private final List<Consumer<StatusEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Object pollLock = new Object();
    private volatile long lastSeq;
    /** Missing sequence numbers below lastSeq, with the nano time they were first missed. */
    private final java.util.TreeMap<Long, Long> gaps = new java.util.TreeMap<>();
    /** How long a missing sequence number is waited for. */
    public static final Duration GAP_PATIENCE = Duration.ofSeconds(10);
    private static final int MAX_GAPS = 10_000;

    /**
     * Starts a feed from the current end of the log.
     *
     * @param store        the store
     * @param listUrl      maps a list id to its URL (e.g. {@link StatusService#listUrl(String)})
     * @param pollInterval how often the log is read (e.g. 50 ms; below 1 ms counts as 1 ms)
     * @throws StoreException UNAVAILABLE when the change log cannot be read to find its end
     */
    public ChangeFeed(Store store, Function<String, String> listUrl, Duration pollInterval) throws StoreException {
        this.store = Objects.requireNonNull(store, "store");
        this.listUrl = Objects.requireNonNull(listUrl, "listUrl");
        this.lastSeq = endOfLog(store);
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mandate-status-feed");
            t.setDaemon(true);
            return t;
        });
        p.setRemoveOnCancelPolicy(true);
        this.poller = p;
        long ms = Math.max(1, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    }

    private static long endOfLog(Store store) throws StoreException {
        long seq = 0;
        for (List<StatusChange> page = store.changes(0, 10_000); !page.isEmpty(); page = store.changes(seq, 10_000)) {
            seq = page.get(page.size() - 1).seq();
        }
        return seq;
    }

    /** {@return the last change-log sequence number delivered} */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * Registers a subscriber, called on the feed's poller thread for each event. Subscribers must not block.
     *
     * @param subscriber receives events in change-log order; not null
     * @return a handle whose {@code close()} unsubscribes (idempotent)
     */
    public AutoCloseable subscribe(Consumer<StatusEvent> subscriber) {
        subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
        return () -> subscribers.remove(subscriber);
    }

    /**
     * Reads events for changes after {@code seq} (for a client resuming with Last-Event-ID).
     *
     * @param seq the last sequence number the client saw (0 for all)
     * @return events for up to 10,000 later changes, one per list (collapsed)
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public List<StatusEvent> since(long seq) throws StoreException {
        return collapse(store.changes(seq, 10_000));
    }

    /** Reads the log now (call after a change made in this process, so subscribers hear at once). */
    public void poke() {
        poller.execute(this::pollQuietly);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (StoreException | RuntimeException e) {
            // the next poll retries; a feed must survive a database hiccup
        }
    }

    /** Reads new changes and delivers them. */
    void poll() throws StoreException {
        synchronized (pollLock) {
            long now = System.nanoTime();
            gaps.values().removeIf(t -> now - t > GAP_PATIENCE.toNanos());
            long from = gaps.isEmpty() ? lastSeq : Math.min(lastSeq, gaps.firstKey() - 1);
            List<StatusChange> fresh = new ArrayList<>();
            long max = lastSeq;
            for (StatusChange c : store.changes(from, 10_000)) {
                if (c.seq() > max) {
                    for (long missing = max + 1; missing < c.seq() && gaps.size() < MAX_GAPS; missing++) {
                        gaps.put(missing, now);
                    }
                    max = c.seq();
                    fresh.add(c);
                } else if (gaps.remove(c.seq()) != null) {
                    fresh.add(c);
                }
            }
            lastSeq = max;
            if (fresh.isEmpty()) {
                return;
            }
            for (StatusEvent e : collapse(fresh)) {
                for (Consumer<StatusEvent> s : subscribers) {
                    try {
                        s.accept(e);
                    } catch (RuntimeException ignored) {
                        // one broken subscriber must not starve the others
                    }
                }
            }
        }
    }

    /** One event per list: its last change. */
    private List<StatusEvent> collapse(List<StatusChange> changes) {
        Map<String, StatusChange> last = new LinkedHashMap<>();
        for (StatusChange c : changes) {
            last.remove(c.listId());
            last.put(c.listId(), c);
        }
        List<StatusEvent> out = new ArrayList<>();
        for (StatusChange c : last.values()) {
            out.add(new StatusEvent(c.seq(), c.listId(), listUrl.apply(c.listId()), c.listVersion()));
        }
        return out;
    }

    @Override
    public void close() {
        poller.shutdownNow();
        subscribers.clear();
    }
}
