package dev.mandate.guard.service;

import dev.mandate.agent.authz.DecisionEvent;
import dev.mandate.agent.authz.DecisionListener;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Writes every authorization decision (allow and deny, with reasons) to the audit log as an entry of
 * type {@value #TYPE}: actor is the deciding verifier's name, subject the agent's DID ({@value #ANONYMOUS}
 * when the request named none), details {@link DecisionEvent#toAuditJson()} plus {@code at}, the time of
 * the decision (ISO-8601, milliseconds). The behaviour guard reads these entries back.
 *
 * <p>Register with {@code Authorizer.builder(...).onDecision(new DecisionAuditor(writer, "gateway"))}. The
 * {@link AuditWriter} queues and batches, so the decision never waits for the database; decisions still
 * queued when the process is killed are lost. {@link #durable(AuditLog, String, Runnable)} appends each
 * entry before {@code authorize} returns instead (one commit per decision), for gateways that must not
 * answer a request whose decision is not on disk.
 */
public final class DecisionAuditor implements DecisionListener {
    /** The audit entry type of decisions. */
    public static final String TYPE = "authorization";
    /** The subject of a decision on a request that named no agent. */
    public static final String ANONYMOUS = "anonymous";

    private final java.util.function.Consumer<AuditDraft> sink;
    private final String verifier;

    /**
     * @param writer   where entries go
     * @param verifier this verifier's name, recorded as the entry's actor (e.g. {@code gateway:hr-db})
     */
    public DecisionAuditor(AuditWriter writer, String verifier) {
        this(Objects.requireNonNull(writer, "writer")::submit, verifier);
    }

    private DecisionAuditor(java.util.function.Consumer<AuditDraft> sink, String verifier) {
        this.sink = sink;
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (verifier.isBlank()) {
            throw new IllegalArgumentException("the verifier name is empty");
        }
    }

    /**
     * An auditor that appends each decision durably before {@code authorize} returns. A failed append
     * throws from the listener: the {@code Authorizer} counts it ({@code listenerFailures()}) and the
     * decision stands, so pair it with a health check on that counter if a decision must never go unlogged.
     *
     * @param log       the audit log
     * @param verifier  this verifier's name
     * @param committed called after each append (e.g. {@code guardService::poke}), or a no-op
     */
    public static DecisionAuditor durable(AuditLog log, String verifier, Runnable committed) {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(committed, "committed");
        return new DecisionAuditor(d -> {
            try {
                log.append(d.type(), d.actor(), d.subject(), d.details());
            } catch (dev.mandate.registry.StoreException e) {
                System.getLogger("dev.mandate.audit").log(System.Logger.Level.ERROR,
                        "an authorization decision for " + d.subject() + " could not be written to the audit log: " + e.getMessage());
                throw new IllegalStateException("the decision could not be written to the audit log: " + e.getMessage(), e);
            }
            committed.run();
        }, verifier);
    }

    @Override
    public void onDecision(DecisionEvent event) {
        sink.accept(draft(event, verifier));
    }

    /** The audit draft of a decision. */
    public static AuditDraft draft(DecisionEvent event, String verifier) {
        String agent = event.decision().agentDid();
        JsonObject details = Jsonp.PROVIDER.createObjectBuilder(event.toAuditJson())
                .add("at", event.at().truncatedTo(ChronoUnit.MILLIS).toString()).build();
        return new AuditDraft(TYPE, verifier, agent.isEmpty() || agent.length() > 2048 ? ANONYMOUS : agent, details);
    }

    /**
     * The audit draft of a decision made elsewhere (an API gateway with its own policy engine, a log being
     * imported), in the same form as {@link #draft(DecisionEvent, String)}, so the guard reads it alike.
     *
     * @param o           the decision as the guard sees it (its seq is ignored; the log assigns one)
     * @param verifier    who decided
     * @param credentials ids of the credentials the request presented (the guard suspends them), or empty
     */
    public static AuditDraft draft(dev.mandate.guard.Observation o, String verifier, java.util.List<String> credentials) {
        var scope = Jsonp.PROVIDER.createArrayBuilder();
        o.scope().forEach(x -> scope.add(Jsonp.PROVIDER.createObjectBuilder().add("action", x.action()).add("resource", x.resource())));
        var reasons = Jsonp.PROVIDER.createArrayBuilder();
        o.denyCodes().forEach(c -> reasons.add(Jsonp.PROVIDER.createObjectBuilder().add("code", c).add("message", c)));
        var ids = Jsonp.PROVIDER.createArrayBuilder();
        credentials.forEach(ids::add);
        String method = switch (o.action()) {
            case "read" -> "GET";
            case "delete" -> "DELETE";
            default -> "POST";
        };
        return new AuditDraft(TYPE, verifier, o.agent(), Jsonp.PROVIDER.createObjectBuilder()
                .add("allow", o.allowed()).add("agent", o.agent()).add("method", method).add("url", o.resource())
                .add("action", o.action()).add("resource", o.resource()).add("reasons", reasons).add("scope", scope)
                .add("credentials", ids).add("at", o.at().truncatedTo(ChronoUnit.MILLIS).toString()).build());
    }

    /** The decision time recorded in an entry's details, if it parses. */
    public static java.util.Optional<Instant> at(JsonObject details) {
        try {
            return java.util.Optional.of(Instant.parse(details.getString("at")));
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
