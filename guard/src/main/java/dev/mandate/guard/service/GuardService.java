package dev.mandate.guard.service;

import dev.mandate.guard.Guard;
import dev.mandate.guard.Observation;
import dev.mandate.guard.Verdict;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs the behaviour {@link Guard} over an organisation's audit log and acts on its verdicts.
 *
 * <p>It reads the log in order ({@link #runOnce()}, or continuously with {@link #start}): every
 * {@code authorization} entry (written by {@link DecisionAuditor}) becomes an {@link Observation}; registry
 * entries that suspend, resume or retire an agent, and the guard's own {@code guard} entries, tell it which
 * agents are suspended. When a verdict says suspend, it
 * <ol>
 *   <li>suspends, in the status store, every credential recorded for the agent in the registry and every
 *       credential of the offending request's chain that has a suspension entry (verifiers subscribed to
 *       the status stream see it within the push latency);</li>
 *   <li>moves the agent to {@code suspended} in the registry, if it is registered and active;</li>
 *   <li>appends a {@code guard} entry with the verdict and its evidence to the audit log;</li>
 *   <li>raises an {@link Alert}: a log line and, if configured, a webhook.</li>
 * </ol>
 * A person resumes the agent with {@code mandate agent resume} (which also lifts the credentials'
 * suspension through {@link #resume}); the guard then watches it again.
 *
 * <p>Decisions depend only on the log's contents and order (times come from the entries, never the wall
 * clock), so {@link GuardReplay} reproduces them from the log alone. On start the service first reads the
 * existing log without acting, to rebuild the baselines, then acts on new entries only.
 */
public final class GuardService implements AutoCloseable {
    // Reading and scoring the entries and carrying out suspensions is GuardReader's; what is checkpointed and when,
    // CheckpointKeeper's; polling, ReadingThread's. This class runs them: each round, leadership (acting or standing
    // by), start and stop, and the alerts' fan-out.

    /** The actor and audit entry type the guard writes under. */
    public static final String ACTOR = "guard";
    /** The checkpoint interval {@code mandate serve --guard} and {@code mandate guard run} use: entries read between checkpoints. */
    public static final long DEFAULT_CHECKPOINT_EVERY = 100_000;
    /** Most entries read per batch. */
    static final int BATCH = 1000;
    private static final System.Logger LOG = System.getLogger("dev.mandate.guard");

    private final Guard guard;
    private final List<Consumer<? super GuardAlert>> alerts;
    private final AuditWatch auditWatch;
    private final SuspensionLedger ledger = new SuspensionLedger();
    private final GuardReader reader;
    private final CheckpointKeeper checkpoints;
    private final Leadership leadership;
    private volatile boolean leading;
    private final ReadingThread reading;

    private GuardService(Builder b) {
        AuditLog log = new AuditLog(b.store);
        this.guard = b.guard;
        this.alerts = List.copyOf(b.alerts);
        this.auditWatch = b.auditWatch;
        if (b.durableWatch != null) {
            b.durableWatch.raiseTo(this::alert);
        }
        this.reading = new ReadingThread(b.poll, this::round);
        this.leadership = b.leadership;
        this.reader = new GuardReader(log, guard, new SuspensionActions(b.store, log), ledger, this::alert);
        this.checkpoints = new CheckpointKeeper(b.store, log, guard, ledger, b.checkpointEvery);
    }

    /** {@return where this service started reading: the position of the checkpoint it restored, or 0 after a full rebuild} */
    public synchronized long startedAt() {
        return checkpoints.startedAt();
    }

    /** {@return true while this service holds the store's guard lock and acts (see {@link Leadership})} */
    public boolean leading() {
        return leading;
    }

    /**
     * Starts configuring a service over a store's audit log and registry.
     *
     * @param store the registry store: audit log, status lists, agent registry, checkpoints
     * @param guard the guard that scores the decisions (fresh, or restored from a checkpoint by {@link #start()})
     * @return a builder with the defaults documented on its setters
     */
    public static Builder builder(Store store, Guard guard) {
        return new Builder(store, guard);
    }

    /** {@return the guard that scores the decisions} */
    public Guard guard() {
        return guard;
    }

    /** {@return the next log sequence number to read} */
    public synchronized long position() {
        return reader.next();
    }

    /** {@return the agents the guard considers suspended (by itself or a person), as of the entries read; a copy} */
    public synchronized Set<String> suspendedAgents() {
        return ledger.suspended();
    }

    /**
     * Reads the whole existing log without acting (rebuilding baselines and the suspended set), then
     * starts a thread that reads new entries every poll interval, or sooner after {@link #poke()}, and
     * acts on them.
     *
     * @return this service; calling it again while running does nothing
     * @throws StoreException if the log or a checkpoint cannot be read
     */
    public synchronized GuardService start() throws StoreException {
        if (reading.running()) {
            return this;
        }
        reader.acting(false);
        if (checkpoints.enabled() && reader.next() == 0) {
            checkpoints.restore().ifPresent(reader::startAt);
        }
        reader.catchUp();
        reader.standing();
        leading = leadership.holdOrAcquire();
        reader.acting(leading);
        if (!leading) {
            LOG.log(Level.INFO, "guard: another guard holds the store's guard lock; standing by (reading, not acting)");
        }
        if (auditWatch != null) {
            auditWatch.start(this::alert);
        }
        reading.start();
        return this;
    }

    /** Wakes the reading thread now (call after appending entries, e.g. from an AuditWriter commit listener). */
    public void poke() {
        reading.poke();
    }

    /**
     * Reads and acts on every entry not read yet, on the caller's thread (for tests and the CLI).
     *
     * @return the verdicts that suspended an agent
     * @throws StoreException if the log cannot be read or an action cannot be written
     */
    public synchronized List<Verdict> runOnce() throws StoreException {
        reader.acting(true);
        return reader.readToEnd();
    }

    /**
     * {@return every suspension the guard decided on the entries read so far (also those read without acting), in
     * log order; a copy}
     */
    public synchronized List<Suspension> decided() {
        return reader.decided();
    }

    /** Reads the whole log without acting (what {@link GuardReplay} does). */
    synchronized void readAllWithoutActing() throws StoreException {
        reader.acting(false);
        reader.catchUp();
    }

    /** One round of the reading thread: leadership first (take over, or stand by), then every new entry, checkpointing when due. */
    private void round() throws StoreException {
        boolean lead = leadership.holdOrAcquire();
        synchronized (this) {
            if (lead && !leading) {
                takeOver();
            } else if (!lead && leading) {
                leading = false;
                reader.acting(false);
                LOG.log(Level.WARNING, "guard: lost the store's guard lock; standing by");
            }
        }
        int read;
        do {
            synchronized (this) {
                read = reader.readBatch();
                if (leading && checkpoints.due(reader.next())) {
                    checkpoint();
                }
            }
        } while (read == BATCH && reading.running());
    }

    /** Becomes the leader: carries out what the previous leader decided but did not record, then acts on new entries. */
    private void takeOver() throws StoreException {
        leading = true;
        reader.acting(true);
        LOG.log(Level.WARNING, "guard: took the store's guard lock at entry " + reader.next() + "; acting (" + reader.unacted()
                + " suspension(s) the previous leader had not recorded)");
        reader.carryOutUnacted();
    }

    /** {@return true while the service only observes (shadow mode), as of the latest decision read} */
    public synchronized boolean observing() {
        return ledger.observing(guard.config().enforcement());
    }

    /** Logs the alert and hands it to every sink (from the guard's thread, or the audit watch's). */
    private void alert(GuardAlert alert) {
        LOG.log(Level.WARNING, alert.line());
        for (Consumer<? super GuardAlert> a : alerts) {
            try {
                a.accept(alert);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "guard: alert failed: " + ex.getMessage());
            }
        }
    }

    /**
     * Lifts a suspension, the guard's or a person's (for {@code mandate agent resume}); see
     * {@link GuardOperations#resume}.
     *
     * @param store  the registry store
     * @param agent  the agent's DID
     * @param actor  the operator, recorded in the entry
     * @param reason why, recorded in the entry
     * @return the credentials reinstated
     * @throws StoreException if the store cannot be read or written
     * @throws AgentException if the registry refuses to resume the agent
     */
    public static List<String> resume(Store store, String agent, String actor, String reason) throws StoreException, AgentException {
        return GuardOperations.resume(store, agent, actor, reason);
    }

    /**
     * An operator dismisses a false suspension; see {@link GuardOperations#dismiss}.
     *
     * @param store  the registry store
     * @param agent  the agent's DID
     * @param actor  the operator, not {@code guard} and not the agent
     * @param reason why, recorded in the entry
     * @return the credentials reinstated
     * @throws IllegalArgumentException naming what is wrong, on one line
     * @throws StoreException           if the store cannot be read or written
     * @throws AgentException           if the registry refuses to resume the agent
     */
    public static List<String> dismiss(Store store, String agent, String actor, String reason) throws StoreException, AgentException {
        return GuardOperations.dismiss(store, agent, actor, reason);
    }

    /**
     * An operator ends observe mode; see {@link GuardOperations#enforce}.
     *
     * @param store  the registry store
     * @param actor  the operator, not {@code guard}
     * @param reason why, recorded in the entry
     * @return the appended {@code guard} entry
     * @throws StoreException if the log cannot be written
     */
    public static AuditEntry enforce(Store store, String actor, String reason) throws StoreException {
        return GuardOperations.enforce(store, actor, reason);
    }

    /**
     * The observation an {@code authorization} entry records.
     *
     * @param e an audit entry of any type
     * @return the observation (with the entry's sequence number), or empty for another type or an anonymous decision
     */
    public static Optional<Observation> observation(AuditEntry e) {
        return AuditEntries.observation(e);
    }

    /** For tests: stops reading like a process that died, without releasing the guard lock. */
    void crash() {
        reading.stop();
        leading = false;
    }

    /** Stops the reading thread; a leader that checkpoints writes a last checkpoint first (see {@link Builder#checkpointEvery}). */
    @Override
    public void close() {
        boolean wasRunning = reading.running();
        boolean stopped = reading.stop();
        synchronized (this) {
            if (wasRunning && leading && checkpoints.enabled() && stopped) {
                try {
                    reader.readBatch(); // what was committed before the stop, so the checkpoint is as recent as possible
                    if (!checkpoints.current(reader.next())) checkpoint();
                } catch (StoreException | RuntimeException e) {
                    LOG.log(Level.WARNING, "guard: writing the checkpoint on stop failed (the next start reads from the previous one): " + e.getMessage());
                }
            }
        }
        leading = false;
        leadership.close();
        if (auditWatch != null) {
            auditWatch.close(); // after the writer closed (the server drains it first): reports decisions it lost
        }
    }

    /** Writes a checkpoint at the current position ({@link CheckpointKeeper#write}), unless a suspension is still being carried out. */
    private void checkpoint() throws StoreException {
        if (!reader.settled()) {
            return;
        }
        checkpoints.write(reader.next());
    }

    /** Configures a {@link GuardService}. */
    public static final class Builder {
        private final Store store;
        private final Guard guard;
        private final List<Consumer<? super GuardAlert>> alerts = new ArrayList<>();
        private AuditWatch auditWatch;
        private DurableAuditWatch durableWatch;
        private Duration poll = Duration.ofMillis(200);
        private Leadership leadership = new Leadership.Solo();
        private long checkpointEvery;

        private Builder(Store store, Guard guard) {
            this.store = Objects.requireNonNull(store, "store");
            this.guard = Objects.requireNonNull(guard, "guard");
        }

        /**
         * Also sends each alert about an agent to {@code sink} (e.g. a {@link Webhook}); the log line is always written.
         *
         * @param sink called on the service's thread for each alert, in the order added
         * @return this builder
         */
        public Builder alert(Consumer<Alert> sink) {
            Objects.requireNonNull(sink, "sink");
            alerts.add(a -> {
                if (a instanceof Alert agentAlert) sink.accept(agentAlert);
            });
            return this;
        }

        /**
         * Also sends every alert to {@code sink} (e.g. a {@link Webhook}): those about agents ({@link Alert}) and those
         * about the audit log ({@link AuditAlert}); the log line is always written.
         *
         * @param sink called for each alert, in the order added
         * @return this builder
         */
        public Builder alertAll(Consumer<? super GuardAlert> sink) {
            alerts.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /**
         * Watches a gateway's audit writer, on its own thread: one {@link AuditAlert} when its decisions are not
         * recorded within {@code bound} ({@code audit.maxUnpersistedSeconds}) or one is lost, one when it is within the
         * bound again (with the count of decisions lost), one if it stops while behind. Every guard watches its own
         * process's writer, leader or standby.
         *
         * @param writer the writer the gateway's decisions go through
         * @param bound  the longest a decision may wait unrecorded
         * @param name   the gateway's name in the alerts (its verifier name)
         * @return this builder
         */
        public Builder watchAudit(dev.mandate.registry.audit.AuditWriter writer, Duration bound, String name) {
            this.auditWatch = new AuditWatch(writer, bound, name);
            return this;
        }

        /**
         * Raises the alerts of a gateway that records each decision before answering it
         * ({@link DecisionAuditor#durable} {@link DecisionAuditor#alertingTo alertingTo(watch)}): {@link AuditAlert#FAILING}
         * once when an append fails, {@link AuditAlert#RECOVERED} once when one succeeds again.
         *
         * @param watch the watch the auditor reports to
         * @return this builder
         */
        public Builder watchAudit(DurableAuditWatch watch) {
            this.durableWatch = Objects.requireNonNull(watch, "watch");
            return this;
        }

        /**
         * How often the log is read when nothing pokes the service (default 200 ms).
         *
         * @param d positive
         * @return this builder
         * @throws IllegalArgumentException if {@code d} is not positive
         */
        public Builder pollInterval(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the poll interval must be positive");
            }
            this.poll = d;
            return this;
        }

        /**
         * Runs as one of several guards over the store: only the holder of the store's guard lock acts, the others
         * read and stand by ({@link Leadership#forStore}). Default: always acts.
         *
         * @param l the leadership; not null
         * @return this builder
         */
        public Builder leadership(Leadership l) {
            this.leadership = Objects.requireNonNull(l, "leadership");
            return this;
        }

        /**
         * Checkpoints the baselines into the store: while leading, every {@code entries} log entries read and on
         * {@link GuardService#close()}; on {@link GuardService#start()} the newest usable checkpoint is read instead of the log before it
         * (an unusable one is ignored with a warning, and the whole log is read). 0 (the default): neither.
         *
         * @param entries log entries between checkpoints, or 0 for none
         * @return this builder
         * @throws IllegalArgumentException if {@code entries} is negative
         */
        public Builder checkpointEvery(long entries) {
            if (entries < 0) {
                throw new IllegalArgumentException("the checkpoint interval must be 0 (off) or a positive number of entries");
            }
            this.checkpointEvery = entries;
            return this;
        }

        /** {@return the service, not started (see {@link GuardService#start()} and {@link GuardService#runOnce()})} */
        public GuardService build() {
            return new GuardService(this);
        }
    }
}
