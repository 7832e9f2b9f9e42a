package dev.mandate.registry.agents;

import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditDraft;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of issuance records (leader/follower, no thread of its own): a caller queues its record and, if fewer
 * than {@code maxWriters} batches are being written, becomes a writer: it takes everything queued (its own record
 * included, at most {@code maxBatch}) and writes it in one transaction; callers arriving while every writer is busy
 * wait and the next of them writes everything queued meanwhile. Sparse callers so write alone, side by side as
 * they did without batching (one waits on the database while another's prelude runs), and dense ones share
 * transactions. So concurrent issuances share one commit and one turn on the audit log's counter row, while
 * every caller still returns only after the transaction holding its record committed, or throws when it did not
 * (a caller never learns "recorded" for a record that is not durable). Nothing is queued once every caller has
 * returned, so there is nothing to flush or lose on shutdown: a process killed mid-batch leaves the batch
 * committed or rolled back as a whole, and no caller of a rolled-back batch was answered.
 *
 * <p>A batch the log refuses as INVALID (one bad record) is written again one record at a time, so only the bad
 * record fails; a batch that fails otherwise (the database is down) fails every caller in it with that error.
 */
final class IssuanceCommits {
    /**
     * One issuance to record: the credential row for its agent (when {@code recordForAgent} and the subject may be
     * an agent's DID; the credential is serialized only if it is) and its audit entry.
     */
    record Job(String credentialId, String subject, jakarta.json.JsonObject credential, boolean recordForAgent, AuditDraft draft) {}

    /** Writes a batch in one transaction; answers, per job, the agent it was recorded for ("" for none). */
    @FunctionalInterface
    interface Writer {
        List<String> write(List<Job> jobs) throws StoreException;
    }

    private static final class Slot {
        final Job job;
        boolean taken;
        boolean done;
        String recordedFor = "";
        StoreException failure;

        Slot(Job job) {
            this.job = job;
        }
    }

    private final Writer writer;
    private final int maxBatch;
    private final int maxWriters;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition finished = lock.newCondition();
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    private int writers;
    private int inFlight;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();

    IssuanceCommits(Writer writer, int maxBatch, int maxWriters) {
        this.writer = Objects.requireNonNull(writer, "writer");
        if (maxBatch < 1 || maxWriters < 1) {
            throw new IllegalArgumentException("maxBatch and maxWriters must be positive");
        }
        this.maxBatch = maxBatch;
        this.maxWriters = maxWriters;
    }

    /**
     * Records {@code job}, returning once the transaction holding it committed.
     *
     * @return the agent the credential was recorded for, or "" for none
     * @throws StoreException the batch's failure (nothing of this job was written)
     */
    String record(Job job) throws StoreException {
        Slot mine = new Slot(Objects.requireNonNull(job, "job"));
        lock.lock();
        try {
            queue.add(mine);
            while (!mine.done) {
                if (mine.taken || writers >= maxWriters) {
                    // bounded by the writers' transactions; the slot cannot be abandoned once a writer took it
                    finished.awaitUninterruptibly();
                    continue;
                }
                writers++;
                List<Slot> batch = new ArrayList<>(Math.min(maxBatch, queue.size()));
                while (batch.size() < maxBatch && !queue.isEmpty()) {
                    Slot s = queue.poll();
                    s.taken = true;
                    batch.add(s);
                }
                inFlight += batch.size();
                lock.unlock();
                try {
                    write(batch);
                } finally {
                    lock.lock();
                    writers--;
                    inFlight -= batch.size();
                    finished.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            // a copy per caller: one exception object is not thrown on several threads
            throw new StoreException(mine.failure.reason(), mine.failure.getMessage());
        }
        return mine.recordedFor;
    }

    /** Writes one batch; every slot ends done, with its result or its failure, whatever happens. */
    private void write(List<Slot> batch) {
        try {
            written(batch, writer.write(batch.stream().map(s -> s.job).toList()));
        } catch (StoreException e) {
            if (e.reason() == StoreException.Reason.INVALID && batch.size() > 1) {
                for (Slot s : batch) {
                    write(List.of(s));
                }
                return;
            }
            batch.forEach(s -> s.failure = e);
        } catch (RuntimeException | Error e) {
            StoreException f = new StoreException(StoreException.Reason.UNAVAILABLE, "recording the issuance failed: " + e);
            batch.forEach(s -> s.failure = f);
            if (e instanceof Error err) {
                throw err;
            }
        } finally {
            batch.forEach(s -> s.done = true);
        }
    }

    private void written(List<Slot> batch, List<String> recordedFor) {
        if (recordedFor.size() != batch.size()) {
            throw new IllegalStateException("the issuance writer answered " + recordedFor.size() + " results for " + batch.size() + " jobs");
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).recordedFor = recordedFor.get(i);
        }
        transactions.incrementAndGet();
        records.addAndGet(batch.size());
        largest.accumulateAndGet(batch.size(), Math::max);
    }

    /** {@return the records queued for the next batch (not counting one being written)} */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many callers are writing a batch now} */
    int writers() {
        lock.lock();
        try {
            return writers;
        } finally {
            lock.unlock();
        }
    }

    /** {@return the transactions committed so far (one per batch)} */
    long transactions() {
        return transactions.get();
    }

    /** {@return the records committed so far} */
    long records() {
        return records.get();
    }

    /** {@return the most records committed in one transaction so far} */
    long largestBatch() {
        return largest.get();
    }
}
