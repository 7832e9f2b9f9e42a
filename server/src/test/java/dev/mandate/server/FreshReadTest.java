package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The shared read's promise: with no age allowed a caller only ever gets the outcome of a read that started after it
 * arrived, and one read serves every caller that arrived while the previous read ran; with an age limit a caller
 * gets a read that started at most that long before it arrived, so a writer that waits longer than the limit after
 * its commit before returning is seen by every caller that arrives after it returned. The "store" here is a counter
 * whose value each read takes when it starts, as a database statement takes its snapshot.
 */
class FreshReadTest {
    final ExecutorService pool = Executors.newCachedThreadPool();
    /** The committed state: each "commit" increments it. */
    final AtomicLong committed = new AtomicLong(1);
    /** How many reads have taken their snapshot. */
    final AtomicInteger snapshots = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A read that takes its snapshot first, then waits at {@code gate} (open gates do not wait). */
    FreshRead<Long> reading(CountDownLatch gate, AtomicBoolean down, Duration maxWait) {
        return new FreshRead<>("the counter", () -> {
            long snapshot = committed.get();
            snapshots.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (down.get()) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "connection refused");
            }
            return snapshot;
        }, maxWait);
    }

    void awaitWaiting(FreshRead<?> r, int n) throws InterruptedException {
        for (int i = 0; i < 10_000 && r.waiting() < n; i++) {
            Thread.sleep(1);
        }
        assertEquals(n, r.waiting(), "callers waiting for the running read");
    }

    void awaitFirstSnapshot() throws InterruptedException {
        for (int i = 0; i < 10_000 && snapshots.get() < 1; i++) {
            Thread.sleep(1);
        }
        assertEquals(1, snapshots.get(), "the first read took its snapshot");
    }

    /** A read that waits at {@code gate}, then throws what {@code thrown} holds (once) or takes the committed value. */
    FreshRead<Long> breaking(CountDownLatch gate, AtomicReference<Throwable> thrown, Duration maxAge) {
        return new FreshRead<>("the counter", () -> {
            snapshots.incrementAndGet();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Throwable t = thrown.getAndSet(null);
            if (t instanceof Error err) {
                throw err;
            }
            if (t instanceof RuntimeException rt) {
                throw rt;
            }
            return committed.get();
        }, Duration.ofSeconds(30), maxAge);
    }

    @Test
    void aReadThatBreaksOtherwiseFailsItsWaitersClosedAndIsNotRemembered() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        // a driver bug (a RuntimeException) is the store being unavailable
        FreshRead<Long> r = breaking(new CountDownLatch(0), thrown, Duration.ZERO);
        thrown.set(new IllegalStateException("driver bug"));
        StoreException bug = assertThrows(StoreException.class, r::get);
        assertEquals(StoreException.Reason.UNAVAILABLE, bug.reason());
        assertTrue(bug.getMessage().contains("reading the counter failed: java.lang.IllegalStateException: driver bug"), bug.getMessage());
        // an Error leaves through the leader; a caller whose answer that read was (here: any read of the last hour will
        // do) fails closed instead of waiting on
        CountDownLatch held = new CountDownLatch(1);
        FreshRead<Long> r2 = breaking(held, thrown, Duration.ofHours(1));
        thrown.set(new AssertionError("broken"));
        snapshots.set(0);
        Future<Long> leader = pool.submit(r2::get);
        awaitFirstSnapshot();
        Future<Long> waiter = pool.submit(r2::get);
        awaitWaiting(r2, 1);
        held.countDown();
        java.util.concurrent.ExecutionException left = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> leader.get(10, TimeUnit.SECONDS));
        assertTrue(left.getCause() instanceof AssertionError, left::toString);
        java.util.concurrent.ExecutionException closed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> waiter.get(10, TimeUnit.SECONDS));
        StoreException failed = (StoreException) closed.getCause();
        assertEquals(StoreException.Reason.UNAVAILABLE, failed.reason());
        assertEquals("reading the counter failed", failed.getMessage());
        // neither failure is remembered: the next caller reads again and gets the value
        assertEquals(committed.get(), r2.get());
        assertEquals(committed.get(), r.get());
    }

    @Test
    void callersThatArriveAfterACommitNeverGetTheReadThatStartedBeforeItAndShareOneRead() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FreshRead<Long> r = reading(gate, new AtomicBoolean(), Duration.ofSeconds(30));
        Future<Long> first = pool.submit(r::get); // starts read 1 (snapshot 1) and hangs in it
        awaitFirstSnapshot();
        committed.set(2); // a revocation commits while read 1 runs
        List<Future<Long>> later = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            later.add(pool.submit(r::get)); // each arrives after the commit
        }
        awaitWaiting(r, 8);
        gate.countDown();
        assertEquals(1L, first.get(10, TimeUnit.SECONDS), "the caller that arrived before the commit may see before");
        for (Future<Long> f : later) {
            assertEquals(2L, f.get(10, TimeUnit.SECONDS), "a caller that arrived after the commit sees it");
        }
        assertEquals(2, r.reads(), "the eight later callers shared one read");
        assertEquals(2L, r.get());
        assertEquals(3, r.reads(), "a caller with no read running reads at once: nothing is served from memory");
    }

    @Test
    void aFailedReadFailsEveryCallerWaitingForItAndIsNotRemembered() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicBoolean down = new AtomicBoolean(true);
        FreshRead<Long> r = reading(gate, down, Duration.ofSeconds(30));
        Future<Long> first = pool.submit(r::get);
        awaitFirstSnapshot();
        List<Future<Long>> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(pool.submit(r::get));
        }
        awaitWaiting(r, 5);
        gate.countDown();
        for (Future<Long> f : later) {
            Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
            StoreException cause = (StoreException) e.getCause();
            assertEquals(StoreException.Reason.UNAVAILABLE, cause.reason());
            assertEquals("connection refused", cause.getMessage());
        }
        assertThrows(Exception.class, () -> first.get(10, TimeUnit.SECONDS));
        assertEquals(2, r.reads(), "the five waiting callers shared the second (failed) read");
        down.set(false);
        assertEquals(1L, r.get(), "the failure is not kept: the next caller reads again");
    }

    @Test
    void aCallerStopsWaitingForAHungReadAfterMaxWaitAndFailsClosed() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        FreshRead<Long> r = reading(gate, new AtomicBoolean(), Duration.ofMillis(200));
        Future<Long> hung = pool.submit(r::get);
        awaitFirstSnapshot();
        StoreException e = assertThrows(StoreException.class, r::get);
        assertEquals(StoreException.Reason.UNAVAILABLE, e.reason());
        assertEquals("the store did not answer within 200 ms reading the counter", e.getMessage());
        gate.countDown();
        assertEquals(1L, hung.get(10, TimeUnit.SECONDS));
    }

    @Test
    void underContentionNoCallerEverSeesAValueOlderThanTheCommitsBeforeItArrived() throws Exception {
        FreshRead<Long> r = new FreshRead<>("the counter", () -> {
            long snapshot = committed.get();
            Thread.yield(); // let commits and callers interleave with the read
            return snapshot;
        }, Duration.ofSeconds(30));
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> writer = pool.submit(() -> {
            while (!stop.get()) {
                committed.incrementAndGet();
                Thread.yield();
            }
        });
        AtomicInteger stale = new AtomicInteger();
        int threads = 8;
        int calls = 3_000;
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            callers.add(pool.submit(() -> {
                for (int i = 0; i < calls; i++) {
                    long before = committed.get();
                    if (r.get() < before) {
                        stale.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : callers) {
            f.get(120, TimeUnit.SECONDS);
        }
        stop.set(true);
        writer.get(10, TimeUnit.SECONDS);
        assertEquals(0, stale.get(), "callers that got a value committed before a commit they had seen");
        assertTrue(r.reads() <= (long) threads * calls, "never more reads than callers");
    }

    /** A manual clock, in nanoseconds. */
    final AtomicLong now = new AtomicLong(1_000_000_000L);

    FreshRead<Long> aged(AtomicBoolean down) {
        return new FreshRead<>("the counter", () -> {
            snapshots.incrementAndGet();
            if (down.get()) {
                throw new StoreException(StoreException.Reason.UNAVAILABLE, "connection refused");
            }
            return committed.get();
        }, Duration.ofSeconds(30), Duration.ofMillis(20), now::get);
    }

    void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    @Test
    void withAnAgeLimitACallerReusesAYoungReadReadsAheadAtHalfTheLimitAndNeverTakesAnOlderOne() throws Exception {
        FreshRead<Long> r = aged(new AtomicBoolean());
        assertEquals(1L, r.get());
        assertEquals(1, r.reads(), "nothing to reuse: the first caller reads");
        committed.set(2); // a change commits; its call returns only after the age limit (and more) has passed
        advanceMillis(5);
        assertEquals(1L, r.get(), "a read 5 ms old may answer: the change's call has not returned yet");
        assertEquals(1, r.reads());
        advanceMillis(6);
        assertEquals(2L, r.get(), "11 ms old, past half the limit: this caller reads ahead");
        assertEquals(2, r.reads());
        advanceMillis(21);
        committed.set(3);
        assertEquals(3L, r.get(), "21 ms old, past the limit: never used");
        assertEquals(3, r.reads());
        advanceMillis(20); // exactly the limit: still young enough, and past half of it, so read ahead
        assertEquals(3L, r.get());
        assertEquals(4, r.reads());
    }

    @Test
    void withAnAgeLimitAFailedReadAheadKeepsTheYoungValueButAnExpiredValueFailsClosed() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        FreshRead<Long> r = aged(down);
        assertEquals(1L, r.get());
        down.set(true);
        advanceMillis(15);
        assertEquals(1L, r.get(), "the read-ahead failed, the value is 15 ms old: still young enough");
        assertEquals(2, r.reads());
        advanceMillis(6);
        StoreException e = assertThrows(StoreException.class, r::get, "21 ms old: a check must not use it");
        assertEquals("connection refused", e.getMessage());
        assertEquals(3, r.reads());
        down.set(false);
        committed.set(5);
        assertEquals(5L, r.get(), "the failure is not kept");
    }

    @Test
    void withTheStoresLimitsEveryCallerArrivingAfterAChangeReturnedSeesItWhileReadsAreShared() throws Exception {
        assertTrue(Store.STATUS_CHANGE_WAIT.compareTo(Store.STATUS_VERSIONS_MAX_AGE) > 0, "the writer waits longer than reads may be old");
        AtomicInteger reads = new AtomicInteger();
        FreshRead<Long> r = new FreshRead<>("the counter", () -> {
            reads.incrementAndGet();
            long snapshot = committed.get();
            try {
                Thread.sleep(0, 300_000); // a read takes a while, as over a network
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return snapshot;
        }, Duration.ofSeconds(30), Store.STATUS_VERSIONS_MAX_AGE);
        AtomicLong returned = new AtomicLong(1); // the newest change whose call has returned
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> writer = pool.submit(() -> {
            while (!stop.get()) {
                long v = committed.incrementAndGet(); // commit...
                Thread.sleep(Store.STATUS_CHANGE_WAIT.toMillis()); // ...and return as the store does
                returned.set(v);
            }
            return null;
        });
        AtomicInteger stale = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            callers.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long before = returned.get();
                    if (r.get() < before) {
                        stale.incrementAndGet();
                    }
                    calls.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : callers) {
            f.get(60, TimeUnit.SECONDS);
        }
        stop.set(true);
        writer.get(10, TimeUnit.SECONDS);
        assertEquals(0, stale.get(), "callers that arrived after a change returned and did not see it");
        assertTrue(committed.get() > 10, "changes were made throughout: " + committed);
        assertTrue(reads.get() * 20 < calls.get(), reads + " reads for " + calls + " calls: most calls must reuse a young read");
    }
}
