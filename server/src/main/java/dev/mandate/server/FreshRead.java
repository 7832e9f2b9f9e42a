package dev.mandate.server;

import dev.mandate.registry.StoreException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * A store read that many concurrent callers share, none of them getting a value from a read that started more than
 * {@code maxAge} before it asked (single flight with bounded age). The server's verifier reads the versions of its
 * own status lists through one, with {@code maxAge} = {@link dev.mandate.registry.Store#STATUS_VERSIONS_MAX_AGE},
 * so that under load one read serves every status check for a while and most checks read nothing.
 *
 * <p>How: each read's start time is noted (under the lock, before the store is asked). A caller arriving at
 * {@code t} takes the last value if its read started at or after {@code t - maxAge}. Once that value is half its
 * age limit old, the first caller to notice reads again itself while the others go on using the value (so a busy
 * server's checks rarely wait; those callers take the value without the lock). A caller that finds no value young
 * enough waits for a running read that started at or after {@code t - maxAge}, or starts one; reads run one at a
 * time.
 *
 * <p>Why nothing goes stale: a call that changes a status returns {@link dev.mandate.registry.Store#STATUS_CHANGE_WAIT}
 * (longer than {@code maxAge}) after its commit. A check that begins after that call returned takes a value whose
 * read started at most {@code maxAge} before the check began, so after the commit, and a read (one statement, or
 * one read transaction at READ COMMITTED or stronger, on SQLite or PostgreSQL) sees every transaction committed
 * before it started. So the change applies to the very next check, on this instance and on every other instance
 * sharing the store. With {@code maxAge} zero every caller takes a read that started after it arrived (no reuse).
 *
 * <p>Failures: a failed read fails every caller that waited for it (they fail closed) and is not remembered (the
 * next caller reads again); a failed read-ahead leaves the value, which is still young enough, to its caller. A
 * caller that has waited {@code maxWait} in all fails with {@link StoreException.Reason#UNAVAILABLE}, whatever
 * the running read does. Thread-safe.
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
    private final long maxAgeNanos;
    private final String what;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ended = lock.newCondition();
    // all guarded by lock
    private long reads;          // reads started
    private long finished;       // reads ended, in order (one runs at a time)
    private boolean running;
    private long runningStart;   // clock when the running read started
    private boolean hasValue;
    private T value;
    private long valueStart;     // clock when the read that gave value started
    private long finishedStart;  // clock when the last read to end started
    private StoreException failure; // that read's failure, null when it gave value
    private int waiting;
    /** The last value and its read's start, published for callers that need no lock (written under the lock). */
    private volatile Young<T> young;
    /** Whether a read runs, for the lock-free path (written under the lock). */
    private volatile boolean reading;

    private record Young<T>(T value, long start) {}

    FreshRead(String what, Read<T> read, Duration maxWait) {
        this(what, read, maxWait, Duration.ZERO, System::nanoTime);
    }

    FreshRead(String what, Read<T> read, Duration maxWait, Duration maxAge) {
        this(what, read, maxWait, maxAge, System::nanoTime);
    }

    FreshRead(String what, Read<T> read, Duration maxWait, Duration maxAge, LongSupplier clock) {
        this.what = Objects.requireNonNull(what, "what");
        this.read = Objects.requireNonNull(read, "read");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive");
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        this.maxWaitNanos = maxWait.toNanos();
        this.maxAgeNanos = maxAge.toNanos();
    }

    /**
     * The value of a read that started at most {@code maxAge} before this call (after it, for {@code maxAge} zero).
     *
     * @throws StoreException the read's failure, or UNAVAILABLE after {@code maxWait}
     */
    T get() throws StoreException {
        if (maxAgeNanos > 0) { // the common case under load: a young value and no read to start, without the lock
            long arrived = clock.getAsLong();
            Young<T> y = young;
            if (y != null) {
                long age = arrived - y.start();
                if (age <= maxAgeNanos && (age < maxAgeNanos / 2 || reading)) {
                    return y.value();
                }
            }
        }
        lock.lock();
        try {
            long arrived = clock.getAsLong();
            long oldest = arrived - maxAgeNanos; // with an age allowed: a read that started at or after this will do
            long need = reads + 1;               // with none: a read numbered above those started so far
            long endedBefore = finished;         // an outcome is only taken from a read that ended after arrival
            long left = maxWaitNanos;
            while (true) {
                if (maxAgeNanos > 0 && hasValue && valueStart - oldest >= 0) {
                    if (!running && arrived - valueStart >= maxAgeNanos / 2) {
                        T current = value;
                        try {
                            return readAsLeader();
                        } catch (StoreException e) {
                            return current; // read-ahead failed: the value is still young enough for this caller
                        }
                    }
                    return value;
                }
                boolean lastUsable = finished > endedBefore && (maxAgeNanos == 0 ? finished >= need : finishedStart - oldest >= 0);
                if (lastUsable) { // the last read ended after this caller came and started late enough: its outcome answers
                    if (failure != null) {
                        throw new StoreException(failure.reason(), failure.getMessage(), failure);
                    }
                    return value;
                }
                if (!running) {
                    return readAsLeader();
                }
                if (left <= 0) {
                    throw new StoreException(StoreException.Reason.UNAVAILABLE, "the store did not answer within "
                            + Duration.ofNanos(maxWaitNanos).toMillis() + " ms reading " + what);
                }
                long awaited = reads; // the running read's number
                waiting++;
                try {
                    while (finished < awaited && left > 0) {
                        left = ended.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException(StoreException.Reason.UNAVAILABLE, "interrupted while waiting for " + what);
                } finally {
                    waiting--;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Runs one read with the lock released; called and returns with the lock held. */
    private T readAsLeader() throws StoreException {
        running = true;
        reading = true;
        long number = ++reads;
        long start = clock.getAsLong();
        runningStart = start;
        T v = null;
        StoreException f = null;
        boolean returned = false; // false in finally: an Error left the read (the exception is made only then: a stack trace costs)
        lock.unlock();
        try {
            v = read.read();
            returned = true;
        } catch (StoreException e) {
            f = e;
            returned = true;
        } catch (RuntimeException e) {
            f = new StoreException(StoreException.Reason.UNAVAILABLE, "reading " + what + " failed: " + e, e);
            returned = true;
        } finally {
            if (!returned) {
                f = new StoreException(StoreException.Reason.UNAVAILABLE, "reading " + what + " failed");
            }
            lock.lock();
            running = false;
            reading = false;
            finished = number;
            finishedStart = start;
            failure = f;
            if (f == null) {
                hasValue = true;
                value = v;
                valueStart = start;
                young = new Young<>(v, start);
            }
            ended.signalAll();
        }
        if (f != null) {
            throw f;
        }
        return v;
    }

    /** {@return how many reads have started} */
    long reads() {
        lock.lock();
        try {
            return reads;
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many callers wait for a read now} */
    int waiting() {
        lock.lock();
        try {
            return waiting;
        } finally {
            lock.unlock();
        }
    }
}
