package dev.mandate.guard.service;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the outcomes of a gateway's synchronous audit appends ({@link DecisionAuditor#durable}, {@code mandate
 * serve --audit-sync}) into alerts: one {@link AuditAlert#FAILING} when an append fails while appends succeeded
 * before, and one {@link AuditAlert#RECOVERED} when one succeeds again, with how long the episode lasted and how
 * many decisions were answered without being recorded meanwhile (none when the gateway refuses them, the default).
 * Give it to {@link DecisionAuditor#alertingTo(DurableAuditWatch)} and to
 * {@link GuardService.Builder#watchAudit(DurableAuditWatch)}. Thread-safe; alerts are raised on the deciding
 * thread, outside any lock, once per change of state.
 */
public final class DurableAuditWatch {
    private final String name;
    private Consumer<GuardAlert> raise; // guarded by this
    private boolean failing;            // guarded by this
    private long since;                 // guarded by this
    private long lost;                  // guarded by this

    /**
     * A watch for one gateway.
     *
     * @param name the gateway's name in the alerts (its verifier name)
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public DurableAuditWatch(String name) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("the gateway name is empty");
        }
    }

    /** Where the alerts go (the guard service's log line and sinks); before this is set they are not raised. */
    synchronized void raiseTo(Consumer<GuardAlert> sink) {
        this.raise = Objects.requireNonNull(sink, "sink");
    }

    /** A decision was recorded. */
    void recorded() {
        AuditAlert a;
        Consumer<GuardAlert> to;
        synchronized (this) {
            if (!failing) {
                return;
            }
            failing = false;
            a = new AuditAlert(AuditAlert.RECOVERED, name, Duration.ZERO, Duration.ZERO, Duration.ofNanos(System.nanoTime() - since), 0,
                    lost, "");
            lost = 0;
            to = raise;
        }
        if (to != null) {
            to.accept(a);
        }
    }

    /**
     * A decision could not be recorded.
     *
     * @param cause    the store's error
     * @param answered whether the decision was answered all the same (the gateway fails open)
     */
    void failed(String cause, boolean answered) {
        AuditAlert a = null;
        Consumer<GuardAlert> to;
        synchronized (this) {
            if (answered) {
                lost++;
            }
            if (!failing) {
                failing = true;
                since = System.nanoTime();
                a = new AuditAlert(AuditAlert.FAILING, name, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, lost, cause);
            }
            to = raise;
        }
        if (a != null && to != null) {
            to.accept(a);
        }
    }

    /** {@return whether the last append failed} */
    public synchronized boolean failing() {
        return failing;
    }
}
