package dev.mandate.guard.service;

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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What operators do to the guard, each as audited entries that every {@link GuardService} reading the log
 * follows: resume a suspended agent, dismiss a false suspension (which the guard learns from), end observe
 * mode. They need write access to the store.
 */
public final class GuardOperations {
    private GuardOperations() {}

    /**
     * Lifts a suspension, the guard's or a person's: reinstates the credentials the guard suspended (per its
     * {@code guard} entries) and those recorded for the agent, resumes the agent in the registry if it is
     * suspended, and appends a {@code guard} entry {@code resume}, after which the guard watches the agent
     * again. For {@code mandate agent resume}.
     *
     * @param store  the registry store (status lists, agent registry, audit log)
     * @param agent  the agent's DID
     * @param actor  the operator, recorded in the entry
     * @param reason why, recorded in the entry
     * @return the credentials reinstated
     * @throws StoreException if the store cannot be read or written
     * @throws AgentException if the registry refuses to resume the agent
     */
    public static List<String> resume(Store store, String agent, String actor, String reason) throws StoreException, AgentException {
        AuditLog log = new AuditLog(store);
        AgentRegistry registry = new AgentRegistry(store);
        Set<String> ids = new LinkedHashSet<>();
        long size = log.size();
        for (long from = 0; from < size; from += GuardService.BATCH) {
            for (AuditEntry e : log.entries(from, GuardService.BATCH)) {
                if (e.type().equals(GuardService.ACTOR) && e.subject().equals(agent)) {
                    JsonObject d = AuditEntries.parse(e.details());
                    if ("suspend".equals(AuditEntries.text(d, "action")) && d.get("suspendedCredentials") instanceof JsonArray a) {
                        a.forEach(v -> ids.add(((JsonString) v).getString()));
                    } else if ("resume".equals(AuditEntries.text(d, "action"))) {
                        ids.clear();
                    }
                }
            }
        }
        for (var cred : registry.credentialRecords(agent)) {
            if (cred.revoked().isEmpty()) {
                ids.add(cred.id());
            }
        }
        List<String> reinstated = new ArrayList<>();
        store.batch(() -> { // one commit wait for all of them
            for (String id : ids) {
                if (store.entries(id).stream().noneMatch(r -> r.purpose() == StatusPurpose.SUSPENSION)) {
                    continue;
                }
                try {
                    if (store.setStatus(id, StatusPurpose.SUSPENSION, 0, actor).changed()) {
                        reinstated.add(id);
                    }
                } catch (StoreException e) {
                    if (e.reason() == StoreException.Reason.UNAVAILABLE) {
                        throw e;
                    }
                }
            }
            return null;
        });
        Optional<Agent> a = registry.agent(agent);
        if (a.isPresent() && a.get().state() == AgentState.SUSPENDED) {
            registry.resume(agent, actor, reason);
        }
        var r = Jsonp.PROVIDER.createArrayBuilder();
        reinstated.forEach(r::add);
        log.append(GuardService.ACTOR, actor, agent, Jsonp.PROVIDER.createObjectBuilder().add("action", "resume").add("reason", reason)
                .add("reinstatedCredentials", r).build());
        return reinstated;
    }

    /**
     * An operator says the guard's latest suspension of {@code agent} was false: lifts it like {@link #resume}
     * (credentials, registry), then appends a {@code guard} entry {@code dismiss}; on reading it the guard folds
     * what it held back into the agent's baseline ({@link dev.mandate.guard.Guard#dismiss(String)}). Refused for the guard itself as actor,
     * for the agent vouching for itself, and when the guard has no suspension of the agent to dismiss.
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
        if (actor == null || actor.isBlank() || actor.equals(GuardService.ACTOR)) {
            throw new IllegalArgumentException("a dismissal needs the operator's name (not \"" + GuardService.ACTOR + "\")");
        }
        if (actor.equals(agent)) {
            throw new IllegalArgumentException("an agent cannot dismiss its own suspension");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a dismissal needs a reason");
        }
        AuditLog log = new AuditLog(store);
        long trigger = -1;
        String state = "";
        long size = log.size();
        for (long from = 0; from < size; from += GuardService.BATCH) {
            for (AuditEntry e : log.entries(from, GuardService.BATCH)) {
                if (e.type().equals(GuardService.ACTOR) && e.subject().equals(agent)) {
                    JsonObject d = AuditEntries.parse(e.details());
                    String a = AuditEntries.text(d, "action");
                    if (a.equals("suspend") || a.equals("would-suspend")) {
                        state = a;
                        trigger = d.get("trigger") instanceof jakarta.json.JsonNumber n ? n.longValue() : -1;
                    } else if (a.equals("dismiss") && !e.actor().equals(GuardService.ACTOR) && !e.actor().equals(e.subject())) {
                        state = ""; // the same rule as the service: the guard's or the agent's own dismissals do not count
                    }
                }
            }
        }
        if (state.isEmpty()) {
            throw new IllegalArgumentException("the guard has no suspension of " + agent + " to dismiss");
        }
        List<String> reinstated = state.equals("suspend") ? resume(store, agent, actor, "dismissed as a false suspension: " + reason) : List.of();
        log.append(GuardService.ACTOR, actor, agent, Jsonp.PROVIDER.createObjectBuilder().add("action", "dismiss").add("reason", reason)
                .add("trigger", trigger).add("was", state).build());
        return reinstated;
    }

    /**
     * Ends observe mode: appends a {@code guard} entry {@code enforce} by {@code actor}; every guard reading the log
     * suspends from that entry on (and a replay does the same).
     *
     * @param store  the registry store
     * @param actor  the operator, not {@code guard}
     * @param reason why, recorded in the entry
     * @return the appended entry
     * @throws IllegalArgumentException if the actor is blank or {@code guard}
     * @throws StoreException           if the log cannot be written
     */
    public static AuditEntry enforce(Store store, String actor, String reason) throws StoreException {
        if (actor == null || actor.isBlank() || actor.equals(GuardService.ACTOR)) {
            throw new IllegalArgumentException("enforcing needs the operator's name (not \"" + GuardService.ACTOR + "\")");
        }
        return new AuditLog(store).append(GuardService.ACTOR, actor, "*", Jsonp.PROVIDER.createObjectBuilder().add("action", "enforce")
                .add("reason", reason == null ? "" : reason).build());
    }

}
