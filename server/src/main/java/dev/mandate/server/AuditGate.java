package dev.mandate.server;

import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.server.config.AuditConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds {@code POST /authorize} answers until their decision is committed to the audit log, so that no
 * answered decision can be lost with the process (kill -9) or with the database (an outage).
 *
 * <p>The guarantee, fail closed (the default): an answer (200 or 403) is sent only after the decision's
 * audit entry is committed; the {@link AuditWriter} commits in batches, so concurrent requests share one
 * commit. When the entry is not committed within {@code maxUnpersisted} (database down, disk full), or
 * the writer is already that far behind before deciding, the request is answered 503 with the reason and
 * nothing is authorized. A decision answered 503 may still reach the log later (the writer keeps
 * retrying): the log can hold decisions nobody acted on, never the reverse.
 *
 * <p>Fail open ({@code "audit": {"onFailure": "allow"}}): answers are sent at once, as before; decisions
 * still queued when the process dies are lost, and those the writer gives up on are counted
 * ({@link AuditWriter#lost()}) and logged.
 */
final class AuditGate {
    private static final Logger LOG = LoggerFactory.getLogger(AuditGate.class);

    private final AuditWriter writer;
    private final AuditConfig config;
    private final LongAdder refused = new LongAdder();

    AuditGate(AuditWriter writer, AuditConfig config) {
        this.writer = writer;
        this.config = config;
    }

    AuditWriter writer() {
        return writer;
    }

    AuditConfig config() {
        return config;
    }

    /** Requests answered 503 because their decision was not (or could not be) written in time. */
    long refused() {
        return refused.sum();
    }

    /** For {@code /health/ready}: what is wrong with the writer (stopped, over its bound, failing), or empty. */
    Optional<String> readinessProblem() {
        if (!writer.running()) {
            return Optional.of("the audit writer is stopped");
        }
        Duration behind = writer.behind();
        if (behind.compareTo(config.maxUnpersisted()) > 0) {
            String e = writer.lastError();
            return Optional.of("the oldest unwritten decision waits " + behind.toMillis() + " ms, over audit.maxUnpersistedSeconds = "
                    + config.maxUnpersisted().toSeconds() + (e.isEmpty() ? "" : " (" + e + ")"));
        }
        if (!writer.lastError().isEmpty()) {
            return Optional.of("the last audit append failed (retrying): " + writer.lastError());
        }
        return Optional.empty();
    }

    /** Before deciding: why the request must be refused now (the writer is behind its bound), or empty. */
    Optional<String> refuseBeforeDeciding() {
        if (config.failOpen()) {
            writer.track();
            return Optional.empty();
        }
        if (!writer.running()) {
            refused.increment();
            return Optional.of("the audit log writer is stopped; no decision can be recorded");
        }
        Duration behind = writer.behind();
        if (behind.compareTo(config.maxUnpersisted()) > 0) {
            refused.increment();
            return Optional.of("the audit log is " + behind.toSeconds() + " s behind (bound: audit.maxUnpersistedSeconds = "
                    + config.maxUnpersisted().toSeconds() + ")" + cause() + "; no decision is made that cannot be recorded");
        }
        writer.track();
        return Optional.empty();
    }

    /** After deciding: waits for the decision's entry; why the answer must be withheld, or empty to answer. */
    Optional<String> awaitRecorded() {
        if (config.failOpen()) {
            return Optional.empty();
        }
        AuditWriter.Durability d;
        try {
            d = writer.awaitTracked(config.maxUnpersisted());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            d = AuditWriter.Durability.TIMED_OUT;
        }
        return switch (d) {
            case WRITTEN, NOTHING_SUBMITTED -> Optional.empty();
            case DROPPED -> {
                refused.increment();
                LOG.warn("an /authorize decision was withheld: the audit queue is full or closed");
                yield Optional.of("the audit log queue is full or closed; the decision was not recorded and is withheld");
            }
            case TIMED_OUT -> {
                refused.increment();
                yield Optional.of("the decision was not written to the audit log within " + config.maxUnpersisted().toSeconds()
                        + " s (audit.maxUnpersistedSeconds)" + cause() + "; it is withheld");
            }
        };
    }

    private String cause() {
        String e = writer.lastError();
        return e.isEmpty() ? "" : ": " + (e.length() > 200 ? e.substring(0, 200) + "..." : e);
    }
}
