package dev.mandate.guard.service;

import dev.mandate.guard.Verdict;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the guard raises when it suspends an agent: sent to the log as one line and, if configured, to a
 * {@link Webhook} as JSON.
 *
 * @param agent                the agent's DID
 * @param verdict              the verdict with its signals and evidence
 * @param triggerSeq           the audit entry of the offending decision
 * @param guardSeq             the {@code guard} audit entry recording the suspension
 * @param suspendedCredentials the credentials suspended in the status store
 * @param registry             what happened to the agent in the registry ({@code suspended}, {@code not registered}, ...)
 * @param call                 the offending call: action and resource
 * @param event                {@value #SUSPENDED}, {@value #WOULD_SUSPEND} (observe mode: nothing was suspended) or
 *                             {@value #RETURNED} (first call after a long silence: risk raised, nothing suspended)
 */
public record Alert(String agent, Verdict verdict, long triggerSeq, long guardSeq, List<String> suspendedCredentials,
                    String registry, String call, String event) implements GuardAlert {
    /** The agent was suspended. */
    public static final String SUSPENDED = "agent.suspended";
    /** Observe mode: the guard would have suspended the agent. */
    public static final String WOULD_SUSPEND = "agent.would-suspend";
    /** The agent called again after an unusually long silence. */
    public static final String RETURNED = "agent.returned";

    /**
     * A suspension alert ({@value #SUSPENDED}).
     *
     * @param agent                the agent's DID
     * @param verdict              the verdict
     * @param triggerSeq           the offending decision's audit entry
     * @param guardSeq             the {@code guard} audit entry
     * @param suspendedCredentials the credentials suspended
     * @param registry             what happened in the registry
     * @param call                 the offending call
     */
    public Alert(String agent, Verdict verdict, long triggerSeq, long guardSeq, List<String> suspendedCredentials, String registry, String call) {
        this(agent, verdict, triggerSeq, guardSeq, suspendedCredentials, registry, call, SUSPENDED);
    }

    /**
     * Copies the credential list.
     *
     * @param agent                the agent's DID
     * @param verdict              the verdict
     * @param triggerSeq           the offending decision's audit entry
     * @param guardSeq             the {@code guard} audit entry
     * @param suspendedCredentials the credentials suspended; copied
     * @param registry             what happened in the registry
     * @param call                 the offending call
     * @param event                the event name
     * @throws NullPointerException if an object argument is null
     */
    public Alert {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(verdict, "verdict");
        suspendedCredentials = List.copyOf(suspendedCredentials);
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(call, "call");
    }

    /** {@return the agent the alert is about} */
    @Override
    public String subject() {
        return agent;
    }

    /** {@return the log line: who, why, and where the evidence is (worded per event)} */
    @Override
    public String line() {
        if (event.equals(WOULD_SUSPEND)) {
            return String.format(Locale.ROOT, "guard (observe mode) would have suspended %s after %s (%s); nothing suspended; evidence in audit entry %d",
                    agent, call, SuspensionActions.summary(verdict), guardSeq);
        }
        if (event.equals(RETURNED)) {
            return String.format(Locale.ROOT, "guard: %s is back after a long silence with %s (%s); not suspended, watched closely; decision in audit entry %d",
                    agent, call, SuspensionActions.summary(verdict), triggerSeq);
        }
        return String.format(Locale.ROOT, "guard suspended %s after %s (%s); %d credential(s) suspended, registry: %s; evidence in audit entry %d",
                agent, call, SuspensionActions.summary(verdict), suspendedCredentials.size(), registry, guardSeq);
    }

    /**
     * {@return the webhook body: {@code event}, {@code agent}, {@code call}, {@code triggerEntry}, {@code guardEntry},
     * {@code registry}, {@code suspendedCredentials}, {@code verdict} and {@code summary} (the {@link #line()})}
     */
    @Override
    public JsonObject toJson() {
        var ids = Jsonp.PROVIDER.createArrayBuilder();
        suspendedCredentials.forEach(ids::add);
        return Jsonp.PROVIDER.createObjectBuilder().add("event", event).add("agent", agent).add("call", call)
                .add("triggerEntry", triggerSeq).add("guardEntry", guardSeq).add("registry", registry)
                .add("suspendedCredentials", ids).add("verdict", verdict.toJson()).add("summary", line()).build();
    }
}
