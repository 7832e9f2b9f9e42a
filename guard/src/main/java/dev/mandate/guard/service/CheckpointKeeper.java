package dev.mandate.guard.service;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardState;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When and what {@link GuardService} checkpoints: the guard's baselines and the {@link SuspensionLedger} at a log
 * position, written into the store bound to the log ({@link Checkpoints}) every {@code every} entries and on stop,
 * and read back on start instead of the log before it when the newest one is usable. Used under the service's lock.
 */
final class CheckpointKeeper {
    private static final System.Logger LOG = System.getLogger("dev.mandate.guard");

    private final Store store;
    private final AuditLog log;
    private final Guard guard;
    private final SuspensionLedger ledger;
    private final long every;
    /** The position of the newest checkpoint written or read (0: none). */
    private long checkpointed;
    /** The audit entry of the newest checkpoint written or read (-1: none). */
    private long checkpointEntry = -1;
    /** Where the service started reading the log: the checkpoint's position, or 0 for a full rebuild. */
    private long startedAt;

    CheckpointKeeper(Store store, AuditLog log, Guard guard, SuspensionLedger ledger, long every) {
        this.store = store;
        this.log = log;
        this.guard = guard;
        this.ledger = ledger;
        this.every = every;
    }

    /** {@return true if the service checkpoints at all} */
    boolean enabled() {
        return every > 0;
    }

    /** {@return true when {@code every} entries were read since the newest checkpoint} */
    boolean due(long next) {
        return every > 0 && next - checkpointed >= every;
    }

    /** True when nothing but the newest checkpoint's own entry was read since it was made. */
    boolean current(long next) {
        return next == checkpointed || checkpointEntry == checkpointed && next == checkpointEntry + 1;
    }

    long startedAt() {
        return startedAt;
    }

    /**
     * Writes the baselines and the ledger at position {@code next} into the store, bound to the log ({@link Checkpoints});
     * nothing at position 0 or where a checkpoint exists already.
     */
    void write(long next) throws StoreException {
        if (next == 0 || Checkpoints.exists(store, next)) {
            return;
        }
        long at = next;
        byte[] state = GuardState.encode(guard);
        AuditEntry e = Checkpoints.write(store, log, at, state,
                ledger.toServiceState().toJson(),
                guard.config());
        checkpointed = at;
        checkpointEntry = e.seq();
        LOG.log(Level.INFO, "guard: checkpoint of " + state.length + " bytes at entry " + at + " (audit entry " + e.seq() + ")");
    }

    /**
     * Reads the newest checkpoint, if it is usable, into the (fresh) guard and ledger; otherwise logs why not.
     *
     * @return the log position to read on from, or empty to read the whole log
     */
    OptionalLong restore() throws StoreException {
        Optional<Checkpoints.Checkpoint> found = Checkpoints.latest(store);
        if (found.isEmpty()) return OptionalLong.empty();
        Checkpoints.Checkpoint cp = found.get();
        Optional<String> problem = Checkpoints.problem(log, cp, guard.config());
        if (problem.isEmpty()) {
            try {
                Checkpoints.ServiceState service = Checkpoints.ServiceState.parse(cp.service());
                GuardState.decodeInto(guard, cp.state());
                ledger.restore(service);
                checkpointed = cp.position();
                checkpointEntry = cp.entrySeq();
                startedAt = cp.position();
                LOG.log(Level.INFO, "guard: baselines from the checkpoint at entry " + cp.position() + " (audit entry " + cp.entrySeq()
                        + "); reading the log from there");
                return OptionalLong.of(cp.position());
            } catch (java.io.IOException | RuntimeException e) {
                problem = Optional.of("it does not read: " + e.getMessage());
            }
        }
        LOG.log(Level.WARNING, "guard: ignoring the checkpoint at entry " + cp.position() + ": " + problem.get()
                + "; rebuilding the baselines from the whole log");
        return OptionalLong.empty();
    }
}
