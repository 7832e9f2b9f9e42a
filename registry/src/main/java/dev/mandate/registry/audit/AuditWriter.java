package dev.mandate.registry.audit;

import dev.mandate.registry.StoreException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Appends audit entries off the caller's thread, in batches: {@link #submit} puts a draft on a bounded
 * queue and returns at once; one writer thread takes whatever is queued (up to {@code maxBatch}) and
 * appends it with {@link AuditLog#appendAll} in one transaction, so a busy authorizer pays one commit
 * per batch instead of one per decision, and never waits for the database.
 *
 * <p>Order is kept: entries are appended in the order they were submitted. When the database fails the
 * batch is kept and retried (backing off up to 2 s) while new drafts queue up; a draft that finds the
 * queue full is dropped and counted in {@link #dropped()} (and reported in the log once per second),
 * never blocking the caller. Drafts still queued when the process dies are lost; entries already
 * appended are durable. Use {@link AuditLog#append} directly where an action must not happen unless its
 * entry is on disk.
 *
 * <p>Thread-safe. {@link #close()} appends what is queued, then stops the thread.
 */
public final class AuditWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mandate.audit");
    private static final AuditDraft STOP = new AuditDraft("stop", "", "", jakarta.json.JsonValue.EMPTY_JSON_OBJECT);

    private final AuditLog log;
    private final BlockingQueue<AuditDraft> queue;
    private final int maxBatch;
    private final Thread thread;
    private final List<Consumer<List<AuditEntry>>> committed = new CopyOnWriteArrayList<>();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Object progress = new Object();
    private volatile boolean closed;
    private volatile long lastDropReport;

    /** A writer with a queue of 65 536 drafts and batches of at most 512. */
    public AuditWriter(AuditLog log) {
        this(log, 65_536, 512);
    }

    /**
     * @param log      the log to append to
     * @param capacity most drafts waiting at once
     * @param maxBatch most drafts appended in one transaction
     */
    public AuditWriter(AuditLog log, int capacity, int maxBatch) {
        this.log = Objects.requireNonNull(log, "log");
        if (capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("capacity and maxBatch must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.thread = new Thread(this::run, "mandate-audit-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The log written to. */
    public AuditLog log() {
        return log;
    }

    /**
     * Calls {@code listener} on the writer thread after each batch commits, with the stored entries in
     * order (for example to wake the behaviour guard). A listener that throws is ignored.
     */
    public void onCommitted(Consumer<List<AuditEntry>> listener) {
        committed.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Queues a draft; returns false (and counts it as dropped) when the queue is full or the writer is
     * closed. Never blocks.
     */
    public boolean submit(AuditDraft draft) {
        Objects.requireNonNull(draft, "draft");
        if (closed || !queue.offer(draft)) {
            dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastDropReport > 1_000_000_000L) {
                lastDropReport = now;
                LOG.log(Level.WARNING, "audit queue full or closed: dropped " + dropped.get() + " entries so far");
            }
            return false;
        }
        submitted.incrementAndGet();
        return true;
    }

    /**
     * Waits until every draft submitted before this call is appended (or dropped as refused), at most
     * {@code timeout}.
     *
     * @return true if everything submitted so far is written
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long target = submitted.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written.get() + refused.get() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        return true;
    }

    private final AtomicLong refused = new AtomicLong();

    /** Entries appended so far. */
    public long written() { return written.get(); }
    /** Drafts dropped because the queue was full or the writer closed. */
    public long dropped() { return dropped.get(); }
    /** Failed append attempts (each retried, except drafts the log refused as invalid). */
    public long failures() { return failures.get(); }
    /** Drafts waiting. */
    public int pending() { return queue.size(); }

    private void run() {
        List<AuditDraft> batch = new ArrayList<>(maxBatch);
        long backoff = 10;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    AuditDraft first = queue.take();
                    if (first == STOP) {
                        return;
                    }
                    batch.add(first);
                    queue.drainTo(batch, maxBatch - 1);
                    boolean stop = batch.remove(STOP);
                    if (stop) {
                        queue.add(STOP);
                    }
                }
                List<AuditEntry> entries;
                try {
                    entries = log.appendAll(batch);
                } catch (StoreException e) {
                    failures.incrementAndGet();
                    if (e.reason() == StoreException.Reason.INVALID) {
                        appendOneByOne(batch);
                        batch.clear();
                        continue;
                    }
                    LOG.log(Level.WARNING, "audit append failed, retrying " + batch.size() + " entries: " + e.getMessage());
                    Thread.sleep(backoff);
                    backoff = Math.min(2_000, backoff * 2);
                    if (closed && backoff >= 2_000) {
                        refused.addAndGet(batch.size());
                        LOG.log(Level.ERROR, "audit writer closing with the database down: " + batch.size() + " entries not written");
                        batch.clear();
                    }
                    continue;
                }
                backoff = 10;
                batch.clear();
                published(entries);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A batch the log refused as invalid: write the good drafts, count the bad ones as refused. */
    private void appendOneByOne(List<AuditDraft> batch) {
        for (AuditDraft d : batch) {
            try {
                published(List.of(log.append(d.type(), d.actor(), d.subject(), d.details())));
            } catch (StoreException e) {
                refused.incrementAndGet();
                LOG.log(Level.ERROR, "audit entry refused (" + d.type() + " " + d.subject() + "): " + e.getMessage());
            }
        }
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void published(List<AuditEntry> entries) {
        written.addAndGet(entries.size());
        synchronized (progress) {
            progress.notifyAll();
        }
        for (Consumer<List<AuditEntry>> c : committed) {
            try {
                c.accept(entries);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "audit commit listener failed: " + e);
            }
        }
    }

    /** Appends what is queued (waiting up to 10 s), then stops the writer thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            queue.put(STOP);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
