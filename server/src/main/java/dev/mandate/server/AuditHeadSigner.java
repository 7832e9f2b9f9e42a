package dev.mandate.server;

import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.issuer.IssuerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Signs the audit log's tree head with the organisation's key (the status-list issuer's) at a fixed
 * interval, and once more on close, whenever the log grew since the last signed head: the "signed tree
 * heads made by the organisation's key at intervals" that {@code mandate audit verify} checks the log
 * against. The key id in each head is the issuer's verification method (a DID URL). Several servers on one
 * store sign each size once ({@link AuditLog#signTreeHeadIfNew}).
 */
final class AuditHeadSigner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditHeadSigner.class);

    private final AuditLog log;
    private final IssuerKey key;
    private final ScheduledExecutorService timer;
    private long signedSize = -1;

    AuditHeadSigner(Store store, IssuerKey key, Duration every, Clock clock) {
        this.log = new AuditLog(store, clock);
        this.key = key;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mandate-audit-signer");
            t.setDaemon(true);
            return t;
        });
        long ms = every.toMillis();
        timer.scheduleWithFixedDelay(this::signIfGrown, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Signs the current head if the log has entries no signed head covers yet. */
    synchronized void signIfGrown() {
        try {
            long size = log.size();
            if (signedSize < 0) {
                signedSize = log.signedTreeHeads().stream().mapToLong(h -> h.treeSize()).max().orElse(0);
            }
            if (size > signedSize) {
                // another instance on the same store may have signed this size: then nothing is signed twice
                log.signTreeHeadIfNew(key.signer(), key.verificationMethod());
                signedSize = size;
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("signing the audit tree head failed (retried at the next interval): {}", e.getMessage());
        }
    }

    /** Stops the timer after signing what the log holds now. */
    @Override
    public void close() {
        timer.shutdown(); // a signing under way finishes (interrupting it would fail it for nothing)
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        signIfGrown();
    }
}
