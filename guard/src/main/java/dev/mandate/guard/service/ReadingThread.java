package dev.mandate.guard.service;

import dev.mandate.registry.StoreException;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * {@link GuardService}'s reading thread: runs one round every poll interval, or at once after {@link #poke()}. A round
 * that fails is logged once (until a round succeeds again) and retried on the next.
 */
final class ReadingThread {
    private static final System.Logger LOG = System.getLogger("dev.mandate.guard");

    /** What the thread does each time it wakes. */
    interface Round {
        /** Reads and acts on what is new; a failure is retried on the next round. */
        void run() throws StoreException;
    }

    private final Duration poll;
    private final Round round;
    private final Object wake = new Object();
    private boolean poked;
    private volatile boolean running;
    private Thread thread;
    private volatile Throwable lastFailure;

    ReadingThread(Duration poll, Round round) {
        this.poll = poll;
        this.round = round;
    }

    /** {@return true from {@link #start()} until {@link #stop()}} */
    boolean running() {
        return running;
    }

    /** Marks the thread running and starts it (a daemon named {@code mandate-guard}). */
    void start() {
        running = true;
        thread = new Thread(this::loop, "mandate-guard");
        thread.setDaemon(true);
        thread.start();
    }

    /** Wakes the thread now. */
    void poke() {
        synchronized (wake) {
            poked = true;
            wake.notifyAll();
        }
    }

    /**
     * Stops the thread after its current round and waits for it (at most 5 s).
     *
     * @return true if no thread is left running (it ended, or none was started)
     */
    boolean stop() {
        running = false;
        poke();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return t == null || !t.isAlive();
    }

    private void loop() {
        while (running) {
            try {
                synchronized (wake) {
                    poked = false;
                }
                round.run();
                lastFailure = null;
            } catch (StoreException | RuntimeException e) {
                if (lastFailure == null) {
                    LOG.log(Level.WARNING, "guard: reading the audit log failed, retrying: " + e.getMessage());
                }
                lastFailure = e;
            }
            synchronized (wake) {
                try {
                    if (!poked && running) {
                        wake.wait(poll.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
