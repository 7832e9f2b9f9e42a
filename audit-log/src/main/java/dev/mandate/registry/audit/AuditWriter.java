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
 * appended are durable. A caller that must not act before its entry is on disk (a gateway that answers
 * an ALLOW) brackets its submissions with {@link #track()} and {@link #awaitTracked(Duration)}: it waits
 * for the commit of the batch holding its last draft (group commit: many callers share one commit), and
 * learns when that cannot happen within its bound, so it can refuse to answer instead.
 *
 * <p>Thread-safe. {@link #close()} appends what is queued, then stops the thread; drafts it cannot write
 * are counted in {@link #lost()} and reported as one ERROR line.
 */
public final class AuditWriter implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mandate.audit");
    private static final Pending STOP = new Pending(new AuditDraft("stop", "", "", jakarta.json.JsonValue.EMPTY_JSON_OBJECT), 0, 0);

    /** A queued draft, when it was submitted (System.nanoTime()) and its submission ordinal. */
    private record Pending(AuditDraft draft, long since, long ticket) {}

    private final AuditLog log;
    private final BlockingQueue<Pending> queue;
    private final int maxBatch;
    private final Thread thread;
    private final List<Consumer<List<AuditEntry>>> committed = new CopyOnWriteArrayList<>();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Object progress = new Object();
    /** The submission ordinal of the last draft the current thread submitted since {@link #track()}; 0 none, -1 dropped. */
    private final ThreadLocal<long[]> tracked = ThreadLocal.withInitial(() -> new long[1]);
    /** System.nanoTime() of the submission of the oldest draft in the batch being written; 0 when none. */
    private volatile long inFlightSince;
    private volatile String lastError = "";
    private volatile boolean closed;
    private volatile long lastDropReport;

    /**
     * Starts a writer with a queue of 65 536 drafts and batches of at most 512.
     *
     * @param log the log to append to; not null
     */
    public AuditWriter(AuditLog log) {
        this(log, 65_536, 512);
    }

    /**
     * Starts a writer and its daemon thread ({@code mandate-audit-writer}).
     *
     * @param log      the log to append to; not null
     * @param capacity most drafts waiting at once
     * @param maxBatch most drafts appended in one transaction
     * @throws IllegalArgumentException if {@code capacity} or {@code maxBatch} is below 1
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

    /** {@return the log written to} */
    public AuditLog log() {
        return log;
    }

    /**
     * Calls {@code listener} on the writer thread after each batch commits, with the stored entries in
     * order (for example to wake the behaviour guard). A listener that throws is ignored.
     *
     * @param listener called with each committed batch; not null; must be quick (it delays the next batch)
     */
    public void onCommitted(Consumer<List<AuditEntry>> listener) {
        committed.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Queues a draft; returns false (and counts it as dropped) when the queue is full or the writer is
     * closed. Never blocks.
     *
     * @param draft the entry to append; not null
     * @return true if queued, false if dropped
     */
    public boolean submit(AuditDraft draft) {
        Objects.requireNonNull(draft, "draft");
        long ticket;
        boolean queued;
        synchronized (queue) { // ordinal and queue order agree, so "written >= ordinal" means this draft is written
            queued = !closed && queue.offer(new Pending(draft, System.nanoTime(), submitted.get() + 1));
            ticket = queued ? submitted.incrementAndGet() : -1;
        }
        tracked.get()[0] = ticket;
        if (!queued) {
            dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastDropReport > 1_000_000_000L) {
                lastDropReport = now;
                LOG.log(Level.WARNING, "audit queue full or closed: dropped " + dropped.get() + " entries so far");
            }
            return false;
        }
        return true;
    }

    /** What {@link #awaitTracked(Duration)} found. */
    public enum Durability {
        /** The thread submitted nothing since {@link #track()}. */
        NOTHING_SUBMITTED,
        /** Every draft the thread submitted since {@link #track()} is committed to the log. */
        WRITTEN,
        /** A draft was refused: the queue was full or the writer closed. It will never be written. */
        DROPPED,
        /** Not committed within the wait (the database is down or slow); it stays queued and may be written later. */
        TIMED_OUT
    }

    /** Starts tracking the current thread's submissions (forgets what it submitted before). */
    public void track() {
        tracked.get()[0] = 0;
    }

    /**
     * Waits until the last draft the current thread submitted since {@link #track()} is committed, at most
     * {@code timeout}. Drafts are written in submission order, so every earlier draft is committed too.
     *
     * @param timeout the longest wait
     * @return what happened to the thread's last draft
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public Durability awaitTracked(Duration timeout) throws InterruptedException {
        long ticket = tracked.get()[0];
        if (ticket == 0) {
            return Durability.NOTHING_SUBMITTED;
        }
        if (ticket < 0) {
            return Durability.DROPPED;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (written.get() + refused.get() < ticket) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Durability.TIMED_OUT;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
        }
        long lostFrom = firstLostTicket;
        return refusedTickets.contains(ticket) || (lostFrom > 0 && ticket >= lostFrom) ? Durability.DROPPED : Durability.WRITTEN;
    }

    /** {@return how long the oldest draft not yet written has been waiting (zero when nothing waits)} */
    public Duration behind() {
        long since = inFlightSince;
        if (since == 0) {
            Pending next = queue.peek();
            since = next == null || next == STOP ? 0 : next.since();
        }
        return since == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - since));
    }

    /** {@return the last append failure's message while the writer is failing, or empty once an append succeeded} */
    public String lastError() {
        return lastError;
    }

    /** {@return whether the writer thread is running and accepting drafts} */
    public boolean running() {
        return !closed && thread.isAlive();
    }

    /**
     * Waits until every draft submitted before this call is appended (or dropped as refused), at most
     * {@code timeout}.
     *
     * @param timeout the longest wait
     * @return true if everything submitted so far is written
     * @throws InterruptedException if the thread is interrupted while waiting
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
    /** Tickets of drafts the log refused as invalid (rare: a decision's draft is valid by construction). */
    private final java.util.Set<Long> refusedTickets = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The first ticket given up on while closing with the database down (every later one too); 0 when none. */
    private volatile long firstLostTicket;

    /** {@return the number of entries appended so far} */
    public long written() { return written.get(); }
    /** {@return the number of drafts dropped because the queue was full or the writer closed} */
    public long dropped() { return dropped.get(); }
    /** {@return the number of failed append attempts (each retried, except drafts the log refused as invalid)} */
    public long failures() { return failures.get(); }
    /** {@return the number of drafts waiting in the queue (not counting the batch being written)} */
    public int pending() { return queue.size(); }
    /** {@return the number of drafts accepted and not written yet: queued, or in the batch being written or retried} */
    public long unwritten() { return Math.max(0, submitted.get() - written.get() - refused.get()); }
    /** {@return the number of drafts accepted but never written: the database stayed down while closing, or the thread did not finish} */
    public long lost() { return lost.get(); }

    private void run() {
        List<Pending> pending = new ArrayList<>(maxBatch);
        List<AuditDraft> batch = new ArrayList<>(maxBatch);
        long backoff = 10;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    Pending first = queue.take();
                    if (first == STOP) {
                        return;
                    }
                    pending.clear();
                    pending.add(first);
                    queue.drainTo(pending, maxBatch - 1);
                    if (pending.remove(STOP)) {
                        queue.add(STOP);
                    }
                    inFlightSince = first.since();
                    pending.forEach(p -> batch.add(p.draft()));
                }
                List<AuditEntry> entries;
                try {
                    entries = log.appendAll(batch);
                } catch (StoreException e) {
                    failures.incrementAndGet();
                    if (e.reason() == StoreException.Reason.INVALID) {
                        appendOneByOne(pending);
                        batch.clear();
                        inFlightSince = 0;
                        continue;
                    }
                    lastError = e.getMessage() == null ? e.reason().name() : e.getMessage();
                    LOG.log(Level.WARNING, "audit append failed, retrying " + batch.size() + " entries: " + e.getMessage());
                    Thread.sleep(backoff);
                    backoff = Math.min(2_000, backoff * 2);
                    if (closed && backoff >= 2_000) {
                        giveUp(pending);
                        return;
                    }
                    continue;
                }
                backoff = 10;
                lastError = "";
                batch.clear();
                inFlightSince = 0;
                published(entries);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Closing with the database down: counts the batch and everything still queued as lost, loudly. */
    private void giveUp(List<Pending> inBatch) {
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.remove(STOP);
        long gone = inBatch.size() + rest.size();
        firstLostTicket = inBatch.isEmpty() ? (rest.isEmpty() ? 0 : rest.get(0).ticket()) : inBatch.get(0).ticket();
        lost.addAndGet(gone);
        refused.addAndGet(gone);
        inFlightSince = 0;
        LOG.log(Level.ERROR, "audit writer closing with the database down: " + gone + " entries LOST (not written): " + lastError);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** A batch the log refused as invalid: write the good drafts, count the bad ones as refused. */
    private void appendOneByOne(List<Pending> batch) {
        for (Pending p : batch) {
            AuditDraft d = p.draft();
            try {
                published(List.of(log.append(d.type(), d.actor(), d.subject(), d.details())));
            } catch (StoreException e) {
                refusedTickets.add(p.ticket());
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

    /**
     * Appends what is queued (while the database is down, retrying for a few seconds), then stops the writer
     * thread. Whatever could not be written is counted in {@link #lost()} and reported as one ERROR line.
     * Call it before the store closes.
     */
    @Override
    public void close() {
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            queue.put(STOP);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long missing = submitted.get() - written.get() - refused.get();
        if (missing > 0) {
            lost.addAndGet(missing);
            LOG.log(Level.ERROR, "audit writer stopped with " + missing + " entries LOST (not written)");
        }
    }
}
