package dev.mandate.guard.service;

import static dev.mandate.guard.service.AuditEntries.parse;
import static dev.mandate.guard.service.AuditEntries.text;
import static dev.mandate.guard.service.GuardService.ACTOR;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.registry.audit.AuditEntry;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * What the audit log read so far says about the agents, apart from their baselines: which are suspended (by the
 * guard or a person), which the guard may have a dismissal fold in, which observe mode has flagged, and whether
 * verdicts suspend yet (observe period, operator's {@code enforce}). Built from the log's entries alone, so a replay
 * rebuilds it; saved in and restored from checkpoints as {@link Checkpoints.ServiceState}.
 */
final class SuspensionLedger {
    private final Set<String> suspended = new HashSet<>();
    /** Agents the guard suspended (or, observing, would have) and no one dismissed since: what a dismissal may fold in. */
    private final Set<String> guardSuspended = new HashSet<>();
    /** Observe mode: agents with a would-suspend not yet followed by a calm verdict (one entry per episode). */
    private final Set<String> flagged = new HashSet<>();
    private Instant firstDecision;
    private Instant lastDecision;
    private boolean enforcedByOperator;

    boolean isSuspended(String agent) {
        return suspended.contains(agent);
    }

    Set<String> suspended() {
        return Set.copyOf(suspended);
    }

    /** Notes the time of a decision the guard scores (the first one starts the observe period). */
    void decisionAt(Instant at) {
        if (firstDecision == null) firstDecision = at;
        lastDecision = at;
    }

    /** True when verdicts suspend at {@code at}: enforce mode, an operator's {@code enforce} entry, or the observe period over. */
    boolean enforcing(Instant at, GuardConfig.Enforcement en) {
        if (!en.observing() || enforcedByOperator) return true;
        return !en.observeFor().isZero() && firstDecision != null && !at.isBefore(firstDecision.plus(en.observeFor()));
    }

    /** True while verdicts only observe, as of the latest decision read. */
    boolean observing(GuardConfig.Enforcement en) {
        return !enforcing(lastDecision == null ? Instant.EPOCH : lastDecision, en);
    }

    /** The guard suspends the agent. */
    void guardSuspends(String agent) {
        suspended.add(agent);
        guardSuspended.add(agent);
    }

    /**
     * Observe mode: the guard would suspend the agent.
     *
     * @return true if this starts a new episode (the agent was not flagged yet)
     */
    boolean flag(String agent) {
        if (!flagged.add(agent)) {
            return false;
        }
        guardSuspended.add(agent);
        return true;
    }

    /** A calm verdict: ends the agent's observe-mode episode. */
    void calm(String agent) {
        flagged.remove(agent);
    }

    /** A registry entry: a transition to active lifts a suspension, one to suspended or retired makes one. */
    void registryEntry(AuditEntry e) {
        JsonObject d = parse(e.details());
        if ("transition".equals(text(d, "action"))) {
            String to = text(d, "to");
            if (to.equals(AgentState.ACTIVE.token())) {
                suspended.remove(e.subject());
            } else if (to.equals(AgentState.SUSPENDED.token()) || to.equals(AgentState.RETIRED.token())) {
                suspended.add(e.subject());
            }
        }
    }

    /**
     * A {@code guard} entry: a suspension (the guard's, maybe another instance's), a resumption, an operator's
     * {@code enforce}, or a dismissal, which folds the false suspension into the agent's baseline in {@code guard}.
     *
     * @return the entry's action ({@code suspend}, {@code resume}, ...; {@code ""} if it has none)
     */
    String guardEntry(AuditEntry e, Guard guard) {
        JsonObject d = parse(e.details());
        String action = text(d, "action");
        switch (action) {
            case "suspend" -> suspended.add(e.subject());
            case "resume" -> suspended.remove(e.subject());
            case "enforce" -> enforcedByOperator = true;
            case "dismiss" -> {
                // honoured only from someone other than the guard and the agent, after a guard suspension
                if (!e.actor().equals(ACTOR) && !e.actor().equals(e.subject()) && guardSuspended.remove(e.subject())) {
                    guard.dismiss(e.subject());
                    suspended.remove(e.subject());
                    flagged.remove(e.subject());
                }
            }
            default -> { }
        }
        return action;
    }

    /** {@return this ledger as a checkpoint saves it} */
    Checkpoints.ServiceState toServiceState() {
        return new Checkpoints.ServiceState(suspended, guardSuspended, flagged, firstDecision, lastDecision, enforcedByOperator);
    }

    /** Adds what a checkpoint saved (to a ledger that has read nothing yet). */
    void restore(Checkpoints.ServiceState service) {
        suspended.addAll(service.suspended());
        guardSuspended.addAll(service.guardSuspended());
        flagged.addAll(service.flagged());
        firstDecision = service.firstDecision();
        lastDecision = service.lastDecision();
        enforcedByOperator = service.enforcedByOperator();
    }
}
