package dev.mandate.guard.service;

import dev.mandate.guard.Guard;
import dev.mandate.guard.Observation;
import dev.mandate.guard.Signal;
import dev.mandate.guard.Verdict;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link GuardService}'s reading of the log, in order from a position: every {@code authorization} entry becomes an
 * {@link Observation} the {@link Guard} scores; registry entries and the guard's own entries keep the
 * {@link SuspensionLedger} current. A verdict that suspends is carried out ({@link SuspensionActions}) while acting,
 * kept for a take-over while standing by, and only recorded while reading without acting.
 *
 * <p>Not thread-safe: used under the service's lock.
 */
final class GuardReader {
    private final AuditLog log;
    private final Guard guard;
    private final SuspensionActions actions;
    private final SuspensionLedger ledger;
    private final Consumer<GuardAlert> alerts;
    private long next;
    private boolean acting;
    private boolean standing; // caught up and reading continuously (leader or standby)
    /** As a standby: suspensions decided whose guard entry the leader has not written yet, by agent. */
    private final Map<String, PendingAct> unacted = new LinkedHashMap<>();
    private PendingAct pendingAct;
    /** While {@link #readToEnd()} runs: the verdicts carried out. */
    private List<Verdict> collector;
    private final List<Suspension> decided = new ArrayList<>();

    /** A suspension decided but not yet carried out (the store failed midway); retried before anything else. */
    private record PendingAct(Verdict verdict, AuditEntry trigger, Observation observation) {}

    /**
     * @param alerts raises the alerts about agents (a log line and the configured sinks)
     */
    GuardReader(AuditLog log, Guard guard, SuspensionActions actions, SuspensionLedger ledger, Consumer<GuardAlert> alerts) {
        this.log = log;
        this.guard = guard;
        this.actions = actions;
        this.ledger = ledger;
        this.alerts = alerts;
    }

    /** {@return the next log sequence number to read} */
    long next() {
        return next;
    }

    /** Continues from {@code position} (where a restored checkpoint ends). */
    void startAt(long position) {
        next = position;
    }

    /** Whether a suspension decided on the entries read from now on is carried out. */
    void acting(boolean acting) {
        this.acting = acting;
    }

    /** Caught up and reading continuously: from now on a suspension decided without acting is kept for {@link #carryOutUnacted()}. */
    void standing() {
        standing = true;
    }

    /** {@return every suspension decided on the entries read so far, in log order; a copy} */
    List<Suspension> decided() {
        return List.copyOf(decided);
    }

    /** {@return how many suspensions were decided while standing by whose guard entry the leader has not written yet} */
    int unacted() {
        return unacted.size();
    }

    /** {@return true when no suspension is still to be carried out, so a checkpoint at {@link #next()} loses none} */
    boolean settled() {
        return pendingAct == null && unacted.isEmpty();
    }

    /** Carries out what the previous leader decided but did not record (on taking the guard lock). */
    void carryOutUnacted() throws StoreException {
        List<PendingAct> todo = new ArrayList<>(unacted.values());
        unacted.clear();
        for (PendingAct p : todo) {
            pendingAct = p;
            act(p.verdict(), p.trigger(), p.observation());
            pendingAct = null;
        }
    }

    /** Reads to the end of the log, batch after batch. */
    void catchUp() throws StoreException {
        while (readBatch() == GuardService.BATCH) {
            // keep reading
        }
    }

    /** Reads to the end of the log; returns the verdicts carried out meanwhile. */
    List<Verdict> readToEnd() throws StoreException {
        List<Verdict> out = new ArrayList<>();
        collector = out;
        try {
            catchUp();
        } finally {
            collector = null;
        }
        return out;
    }

    /**
     * Reads up to BATCH entries from {@code next}; returns how many were read. An entry counts as read once
     * the guard has observed it, so a store failure while acting on it does not feed it to the guard twice:
     * the suspension is kept and carried out first on the next call (every step of it is idempotent).
     */
    int readBatch() throws StoreException {
        if (pendingAct != null) {
            act(pendingAct.verdict(), pendingAct.trigger(), pendingAct.observation());
            pendingAct = null;
        }
        List<AuditEntry> entries = log.entries(next, GuardService.BATCH);
        for (AuditEntry e : entries) {
            next = e.seq() + 1;
            process(e);
        }
        return entries.size();
    }

    private void process(AuditEntry e) throws StoreException {
        switch (e.type()) {
            case DecisionAuditor.TYPE -> {
                Optional<Observation> o = AuditEntries.observation(e);
                if (o.isEmpty() || ledger.isSuspended(o.get().agent())) {
                    return;
                }
                ledger.decisionAt(o.get().at());
                Verdict v = guard.observe(o.get());
                if (v.suspend() && ledger.enforcing(o.get().at(), guard.config().enforcement())) {
                    ledger.guardSuspends(v.agent());
                    decided.add(Suspension.of(v, e.seq()));
                    if (acting) {
                        pendingAct = new PendingAct(v, e, o.get());
                        act(v, e, o.get());
                        pendingAct = null;
                    } else if (standing) {
                        unacted.put(v.agent(), new PendingAct(v, e, o.get()));
                    }
                } else if (v.suspend()) {
                    if (ledger.flag(v.agent())) {
                        decided.add(Suspension.of(v, e.seq()));
                        if (acting) alerts.accept(actions.wouldSuspend(v, e, o.get()));
                    }
                } else {
                    ledger.calm(v.agent());
                    if (acting && v.signals().stream().anyMatch(x -> x.rule().equals(Signal.SILENCE))) {
                        alerts.accept(new Alert(v.agent(), v, e.seq(), e.seq(), List.of(), "not changed", o.get().action() + " " + o.get().resource(),
                                Alert.RETURNED));
                    }
                }
            }
            case AgentRegistry.AUDIT_TYPE -> ledger.registryEntry(e);
            case GuardService.ACTOR -> {
                if (ledger.guardEntry(e, guard).equals("suspend")) {
                    unacted.remove(e.subject()); // the leader recorded it
                }
            }
            default -> { }
        }
    }

    /** Suspends the agent and what it holds (see {@link SuspensionActions#suspend}) and alerts. */
    private void act(Verdict v, AuditEntry trigger, Observation o) throws StoreException {
        Alert alert = actions.suspend(v, trigger, o);
        if (collector != null) {
            collector.add(v);
        }
        alerts.accept(alert);
    }
}
