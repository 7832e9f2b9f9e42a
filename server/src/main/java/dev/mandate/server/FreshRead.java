package dev.mandate.server;

import dev.mandate.registry.StoreException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A store read that many concurrent callers share, without any of them getting a value read before it asked
 * (single flight with generations). The server's verifier reads the versions of its own status lists through one,
 * so that under load one read serves many status checks.
 *
 * <p>How: reads run one at a time, numbered in the order they start (their generation). A caller notes the
 * generation {@code g} of the last read started when it arrives and takes the outcome of the first read numbered
 * above {@code g}: a read that started after the caller arrived. When no read is running it starts that read
 * itself; otherwise it waits for the running read to end, and then either takes the outcome of the next read (if
 * another waiting caller started it) or starts it. A caller therefore waits at most for the end of the running
 * read plus one read, and one read serves every caller that arrived while the previous one ran.
 *
 * <p>Why nothing goes stale (linearizability): a change committed before a caller arrived was committed before
 * the read the caller gets started, and a read (one statement, or one read transaction at READ COMMITTED or
 * stronger, on SQLite or PostgreSQL) sees every transaction committed before it started. So the caller sees that
 * change exactly as if it had read the store itself at the moment it arrived; what it saves is the read. No value
 * is ever served to a caller from a read that started before it arrived, so there is no cache that could say
 * "unchanged" after a change, on this instance or on any other instance sharing the store.
 *
 * <p>Failures: a failed read fails every caller that waited for it (they fail closed) and is not remembered (the
 * next caller reads again). A caller that has waited {@code maxWait} in all fails with
 * {@link StoreException.Reason#UNAVAILABLE}, whatever the running read does. Thread-safe.
 *
 * @param <T> what the read returns
 */
final class FreshRead<T> {
    /** The shared read: one store query or read transaction. */
    @FunctionalInterface
    interface Read<T> {
        /** Reads the store once. */
        T read() throws StoreException;
    }

    private final Read<T> read;
    private final long maxWaitNanos;
    private final String what;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    // all guarded by lock
    private long started;
    private long finished;
    private boolean running;
    private T value;
    private StoreException failure;
    private int waiting;

    /**
     * @param what    what is read, for error messages ("the status list versions")
     * @param read    the read to share
     * @param maxWait the longest a caller waits in all before failing closed
     */
    FreshRead(String what, Read<T> read, Duration maxWait) {
        this.what = Objects.requireNonNull(what, "what");
        this.read = Objects.requireNonNull(read, "read");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive");
        }
        this.maxWaitNanos = maxWait.toNanos();
    }

    /**
     * The outcome of a read that started after this call: read now when no read is running, else shared with the
     * callers that arrived during the running read.
     *
     * @throws StoreException the read failed, or no read ended within {@code maxWait}, or the caller was interrupted
     */
    T get() throws StoreException {
        lock.lock();
        try {
            long need = started + 1;
            long left = maxWaitNanos;
            while (finished < need) {
                if (!running) {
                    return readAsLeader();
                }
                if (left <= 0) {
                    throw new StoreException(StoreException.Reason.UNAVAILABLE, "the store did not answer within "
                            + Duration.ofNanos(maxWaitNanos).toMillis() + " ms reading " + what);
                }
                waiting++;
                try {
                    left = ended.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(StoreException.Reason.UNAVAILABLE, "interrupted while waiting for " + what);
                } finally {
                    waiting--;
                }
            }
            if (failure != null) {
                throw new StoreException(failure.reason(), failure.getMessage(), failure);
            }
            return value;
        } finally {
            lock.unlock();
        }
    }

    /** Runs read number {@code started + 1} without holding the lock; called and returns with the lock held. */
    private T readAsLeader() throws StoreException {
        running = true;
        long generation = ++started;
        T v = null;
        StoreException f = new StoreException(StoreException.Reason.UNAVAILABLE, "reading " + what + " failed");
        lock.unlock();
        try {
            v = read.read();
            f = null;
        } catch (StoreException e) {
            f = e;
        } catch (RuntimeException e) {
            f = new StoreException(StoreException.Reason.UNAVAILABLE, "reading " + what + " failed: " + e, e);
        } finally {
            lock.lock();
            running = false;
            finished = generation;
            value = v;
            failure = f;
            ended.signalAll();
        }
        if (f != null) {
            throw f;
        }
        return v;
    }

    /** How many reads have started so far. */
    long reads() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    /** How many callers are waiting for a read to end now. */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
