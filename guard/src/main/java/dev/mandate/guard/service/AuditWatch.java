package dev.mandate.guard.service;

import dev.mandate.registry.audit.AuditWriter;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Watches a gateway's {@link AuditWriter} against its bound on its own thread (so a store that hangs the
 * guard's reads cannot delay it): raises {@link AuditAlert#BEHIND} once when the oldest unrecorded decision
 * has waited longer than the bound (or a decision was lost), {@link AuditAlert#RECOVERED} once when the writer
 * is within the bound again, with the decisions lost in between, and {@link AuditAlert#STOPPED} if the writer
 * stops while behind.
 */
final class AuditWatch implements AutoCloseable {
    private final AuditWriter writer;
    private final Duration bound;
    private final String name;
    private final long intervalMillis;
    private boolean alerted;
    private long episodeStart;
    /** Drafts lost (dropped or given up on) as of the last check that found the writer healthy. */
    private long lostBefore;
    private volatile Thread thread;
    private volatile Consumer<GuardAlert> raise;

    AuditWatch(AuditWriter writer, Duration bound, String name) {
        this.writer = Objects.requireNonNull(writer, "writer");
        this.bound = Objects.requireNonNull(bound, "bound");
        this.name = Objects.requireNonNull(name, "name");
        if (bound.isNegative() || bound.isZero()) {
            throw new IllegalArgumentException("the audit bound must be positive");
        }
        this.intervalMillis = Math.max(20, Math.min(200, bound.toMillis() / 4));
        this.lostBefore = lost();
    }

    private long lost() {
        return writer.dropped() + writer.lost();
    }

    /** One look at the writer: the alert to raise now, if any. */
    synchronized Optional<AuditAlert> check() {
        Duration behind = writer.behind();
        long lost = lost();
        if (!writer.running()) { // stopped (or stopping): report what it lost on the way, once
            if (!alerted && lost == lostBefore) {
                return Optional.empty();
            }
            if (!alerted) {
                episodeStart = System.nanoTime();
            }
            return Optional.of(end(AuditAlert.STOPPED, behind, lost));
        }
        if (!alerted) {
            if (behind.compareTo(bound) <= 0 && lost == lostBefore) {
                return Optional.empty();
            }
            alerted = true;
            episodeStart = System.nanoTime();
            return Optional.of(alert(AuditAlert.BEHIND, behind, lost));
        }
        return behind.compareTo(bound) <= 0 ? Optional.of(end(AuditAlert.RECOVERED, behind, lost)) : Optional.empty();
    }

    /** Ends an episode: its last alert, with the decisions lost since it began. */
    private AuditAlert end(String event, Duration behind, long lost) {
        AuditAlert a = alert(event, behind, lost);
        alerted = false;
        lostBefore = lost;
        return a;
    }

    private AuditAlert alert(String event, Duration behind, long lost) {
        Duration lasted = event.equals(AuditAlert.BEHIND) ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - episodeStart);
        return new AuditAlert(event, name, behind, bound, lasted, writer.unwritten(), lost - lostBefore, writer.lastError());
    }

    /** Starts checking every {@code min(200 ms, bound / 4)}, handing each alert to {@code raise}. */
    synchronized void start(Consumer<GuardAlert> raise) {
        if (thread != null) {
            return;
        }
        this.raise = Objects.requireNonNull(raise, "raise");
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (writer.running()) { // a writer closing is reported by the last check, once it counted what it lost
                    check().ifPresent(raise);
                }
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "mandate-guard-audit-watch");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /**
     * Stops checking; a last check reports a writer that stopped while behind or lost decisions while stopping
     * (call after the writer closed).
     */
    @Override
    public void close() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        t.interrupt();
        try {
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        check().ifPresent(raise);
    }
}
