package dev.mandate.guard.service;

import static dev.mandate.guard.service.GuardService.ACTOR;

import dev.mandate.guard.Observation;
import dev.mandate.guard.Signal;
import dev.mandate.guard.Verdict;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.Agent;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the guard does to a store when it decides: suspends an agent's credentials (those the registry records and
 * those of the offending request's chain that have a suspension entry) and the agent itself, and appends the
 * {@code guard} entry with the verdict and its evidence; in observe mode only the {@code would-suspend} entry.
 * {@link GuardService} decides when, and raises the alerts these return.
 */
final class SuspensionActions {
    private final Store store;
    private final AuditLog log;
    private final AgentRegistry registry;

    SuspensionActions(Store store, AuditLog log) {
        this.store = store;
        this.log = log;
        this.registry = new AgentRegistry(store);
    }

    /**
     * Suspends the agent's credentials and the agent and records the evidence; every step is idempotent, so a
     * suspension interrupted by a store failure is simply carried out again. Returns the alert to raise.
     */
    Alert suspend(Verdict v, AuditEntry trigger, Observation o) throws StoreException {
        String agent = v.agent();
        Set<String> credentials = new LinkedHashSet<>(registry.credentials(agent));
        JsonObject d = AuditEntries.parse(trigger.details());
        if (d.get("credentials") instanceof JsonArray ids) {
            for (JsonValue id : ids) {
                if (id instanceof JsonString s) {
                    credentials.add(s.getString());
                }
            }
        }
        List<String> done = new ArrayList<>();
        Map<String, String> notDone = new LinkedHashMap<>();
        store.batch(() -> { // one commit wait (Store.STATUS_CHANGE_WAIT) for all of them
            for (String id : credentials) {
                boolean hasSuspension = store.entries(id).stream().anyMatch(r -> r.purpose() == StatusPurpose.SUSPENSION);
                if (!hasSuspension) {
                    notDone.put(id, "no suspension status entry in this store");
                    continue;
                }
                try {
                    store.setStatus(id, StatusPurpose.SUSPENSION, 1, ACTOR);
                    done.add(id);
                } catch (StoreException ex) {
                    if (ex.reason() == StoreException.Reason.UNAVAILABLE) {
                        throw ex;
                    }
                    notDone.put(id, ex.getMessage());
                }
            }
            return null;
        });
        String reason = "guard: " + summary(v);
        String registryOutcome;
        try {
            Optional<Agent> a = registry.agent(agent);
            if (a.isEmpty()) {
                registryOutcome = "not registered";
            } else if (a.get().state() == AgentState.ACTIVE) {
                registry.suspend(agent, ACTOR, clip(reason, AgentRegistry.MAX_TEXT_CHARS));
                registryOutcome = "suspended";
            } else {
                registryOutcome = "already " + a.get().state().token();
            }
        } catch (AgentException ex) {
            registryOutcome = "not changed: " + ex.getMessage();
        }
        var suspendedIds = Jsonp.PROVIDER.createArrayBuilder();
        done.forEach(suspendedIds::add);
        var failed = Jsonp.PROVIDER.createObjectBuilder();
        notDone.forEach(failed::add);
        AuditEntry entry = log.append(ACTOR, ACTOR, agent, Jsonp.PROVIDER.createObjectBuilder()
                .add("action", "suspend").add("trigger", trigger.seq()).add("verdict", v.toJson())
                .add("suspendedCredentials", suspendedIds).add("notSuspended", failed).add("registry", registryOutcome).build());
        return new Alert(agent, v, trigger.seq(), entry.seq(), done, registryOutcome, o.action() + " " + o.resource());
    }

    /** Observe mode: records what the guard would have done; suspends nothing. Returns the alert to raise. */
    Alert wouldSuspend(Verdict v, AuditEntry trigger, Observation o) throws StoreException {
        AuditEntry entry = log.append(ACTOR, ACTOR, v.agent(), Jsonp.PROVIDER.createObjectBuilder()
                .add("action", "would-suspend").add("trigger", trigger.seq()).add("verdict", v.toJson()).build());
        return new Alert(v.agent(), v, trigger.seq(), entry.seq(), List.of(), "not changed (observe mode)", o.action() + " " + o.resource(),
                Alert.WOULD_SUSPEND);
    }

    /** One line naming the score and each signal's explanation. */
    static String summary(Verdict v) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "score %.2f", v.score()));
        for (Signal s : v.signals()) {
            b.append("; ").append(s.rule()).append(": ").append(s.explanation());
        }
        return b.toString();
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
