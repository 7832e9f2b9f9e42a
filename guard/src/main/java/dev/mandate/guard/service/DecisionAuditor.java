package dev.mandate.guard.service;

import dev.mandate.agent.Reason;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.authz.DecisionEvent;
import dev.mandate.agent.authz.DecisionListener;
import dev.mandate.guard.Observation;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes every authorization decision (allow and deny, with reasons) to the audit log as an entry of
 * type {@value #TYPE}: actor is the deciding verifier's name, subject the agent's DID ({@value #ANONYMOUS}
 * when the request named none), details as {@link #draft(DecisionEvent, String)} lists them, with {@code at},
 * the time of the decision (ISO-8601, milliseconds). The behaviour guard reads these entries back.
 *
 * <p>Register with {@code Authorizer.builder(...).onDecision(new DecisionAuditor(writer, "gateway"))}. The
 * {@link AuditWriter} queues and batches, so the decision never waits for the database; decisions still
 * queued when the process is killed are lost (a gateway holds each answer until its batch committed: see
 * {@code mandate serve}). {@link #durable(AuditLog, String, Runnable)} appends each entry before {@code authorize}
 * returns instead (one commit per decision), and refuses a request whose decision could not be written.
 */
public final class DecisionAuditor implements DecisionListener {
    /** The audit entry type of decisions. */
    public static final String TYPE = "authorization";
    /** The subject of a decision on a request that named no agent. */
    public static final String ANONYMOUS = "anonymous";

    private final java.util.function.Consumer<AuditDraft> sink;
    private final String verifier;
    /** For {@link #durable}: the log, what to run after each append, the watch, and whether decisions need the entry. */
    private final AuditLog log;
    private final Runnable committed;
    private final DurableAuditWatch watch;
    private final boolean required;

    /**
     * An auditor that hands each decision to a batching writer (the decision returns before the entry is
     * committed; the writer reports how far behind it is).
     *
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
        this.log = null;
        this.committed = null;
        this.watch = null;
        this.required = false;
    }

    private DecisionAuditor(AuditLog log, String verifier, Runnable committed, DurableAuditWatch watch, boolean required) {
        this.log = Objects.requireNonNull(log, "log");
        this.committed = Objects.requireNonNull(committed, "committed");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (verifier.isBlank()) {
            throw new IllegalArgumentException("the verifier name is empty");
        }
        this.watch = watch;
        this.required = required;
        this.sink = this::appendNow;
    }

    private void appendNow(AuditDraft d) {
        try {
            log.append(d.type(), d.actor(), d.subject(), d.details());
        } catch (dev.mandate.registry.StoreException e) {
            System.getLogger("dev.mandate.audit").log(System.Logger.Level.ERROR, "an authorization decision for " + d.subject()
                    + " could not be written to the audit log" + (required ? ", so it is refused: " : " and is answered all the same: ")
                    + e.getMessage());
            if (watch != null) {
                watch.failed(e.getMessage(), !required);
            }
            // the caller (an agent, over HTTP) learns no more than that: the store's error is in the log line and the alert
            throw new IllegalStateException("the audit log cannot be written; retry later", e);
        }
        if (watch != null) {
            watch.recorded();
        }
        committed.run();
    }

    /**
     * An auditor that appends each decision durably before {@code authorize} returns, and is
     * {@linkplain #required() required}: when the append fails the authorizer answers a denial with
     * {@code AUDIT_UNAVAILABLE} instead of the decision (a gateway answers 503), so no decision is answered without
     * its entry on disk. The failure is also logged (one {@code ERROR} line) and counted
     * ({@code Authorizer.listenerFailures()}).
     *
     * @param log       the audit log
     * @param verifier  this verifier's name
     * @param committed called after each append (e.g. {@code guardService::poke}), or a no-op
     * @return the auditor, to register with {@code Authorizer.Builder.onDecision}
     * @throws IllegalArgumentException if {@code verifier} is blank
     */
    public static DecisionAuditor durable(AuditLog log, String verifier, Runnable committed) {
        return new DecisionAuditor(log, verifier, committed, null, true);
    }

    /**
     * This durable auditor, not required: a decision whose append failed is answered all the same (logged and counted,
     * and reported as lost to a {@link DurableAuditWatch}): {@code "audit": {"onFailure": "allow"}}.
     *
     * @return the copy
     * @throws IllegalStateException if this auditor is not {@link #durable}
     */
    public DecisionAuditor answeringUnrecorded() {
        requireDurable();
        return new DecisionAuditor(log, verifier, committed, watch, false);
    }

    /**
     * This durable auditor, reporting each append's outcome to {@code watch} (which alerts on failure and recovery).
     *
     * @param watch the watch, also given to {@link GuardService.Builder#watchAudit(DurableAuditWatch)}
     * @return the copy
     * @throws IllegalStateException if this auditor is not {@link #durable}
     */
    public DecisionAuditor alertingTo(DurableAuditWatch watch) {
        requireDurable();
        return new DecisionAuditor(log, verifier, committed, Objects.requireNonNull(watch, "watch"), required);
    }

    private void requireDurable() {
        if (log == null) {
            throw new IllegalStateException("only a durable auditor (DecisionAuditor.durable) appends synchronously");
        }
    }

    /** {@return true for a {@link #durable} auditor unless {@link #answeringUnrecorded()}: a failed append refuses the request} */
    @Override
    public boolean required() {
        return required;
    }

    @Override
    public void onDecision(DecisionEvent event) {
        sink.accept(draft(event, verifier));
    }

    /**
     * The audit draft of a decision.
     *
     * @param event    the decision and what the authorizer learned
     * @param verifier recorded as the entry's actor
     * @return an {@value #TYPE} draft whose subject is the agent, or {@value #ANONYMOUS} when the request named none
     *         (or a name longer than 2048 characters)
     */
    public static AuditDraft draft(DecisionEvent event, String verifier) {
        Decision d = event.decision();
        String agent = d.agentDid();
        List<Reason> reasons = d.reasons();
        JsonObject details = details(d.allow(), agent,
                event.method(), event.url(), event.action(), event.resource(),
                reasons.stream().map(r -> new String[] {r.code().name(), r.message()}).toList(),
                d.matchedCapability().map(c -> new String[] {c.action(), c.resource().toString()}),
                event.scope().stream().map(c -> new String[] {c.action(), c.resource().toString()}).toList(),
                d.chain().stream().map(l -> l.credential().id()).toList(), event.at());
        if (event.amount().isPresent()) {
            // the amount the agent signed into its proof, so the guard's per-action amount rule sees /authorize traffic too
            details = Jsonp.PROVIDER.createObjectBuilder(details).add("amt", event.amount().get().value().toPlainString())
                    .add("cur", event.amount().get().currency()).build();
        }
        return new AuditDraft(TYPE, verifier, agent.isEmpty() || agent.length() > 2048 ? ANONYMOUS : agent, details);
    }

    /**
     * The audit draft of a decision made elsewhere (an API gateway with its own policy engine, a log being
     * imported), in the same form as {@link #draft(DecisionEvent, String)}, so the guard reads it alike; with
     * {@code amt} (decimal string) and {@code cur} when the observation carries an amount.
     *
     * @param o           the decision as the guard sees it (its seq is ignored; the log assigns one)
     * @param verifier    who decided
     * @param credentials ids of the credentials the request presented (the guard suspends them), or empty
     * @return an {@value #TYPE} draft whose subject is the observation's agent
     */
    public static AuditDraft draft(Observation o, String verifier, List<String> credentials) {
        String method = switch (o.action()) {
            case "read" -> "GET";
            case "delete" -> "DELETE";
            default -> "POST";
        };
        JsonObject d = details(o.allowed(), o.agent(), method, o.resource(), o.action(), o.resource(),
                o.denyCodes().stream().map(c -> new String[] {c, c}).toList(), Optional.empty(),
                o.scope().stream().map(x -> new String[] {x.action(), x.resource()}).toList(), credentials, o.at());
        if (o.hasAmount()) {
            d = Jsonp.PROVIDER.createObjectBuilder(d).add("amt", java.math.BigDecimal.valueOf(o.amount()).toPlainString())
                    .add("cur", o.currency()).build();
        }
        return new AuditDraft(TYPE, verifier, o.agent(), d);
    }

    /**
     * The details of an {@code authorization} entry: {@code allow}, {@code agent}, {@code method}, {@code url},
     * {@code action}, {@code resource}, {@code reasons} [{code, message}], {@code matched} {action, resource} when
     * allowed, {@code scope} [{action, resource}] of the capabilities held, {@code credentials} (ids of the chain,
     * root first; not the credentials themselves) and {@code at} (the decision time, milliseconds).
     */
    private static JsonObject details(boolean allow, String agent, String method, String url, String action, String resource,
                                      List<String[]> reasons, Optional<String[]> matched, List<String[]> scope, List<String> credentials,
                                      Instant at) {
        JsonArrayBuilder rs = Jsonp.PROVIDER.createArrayBuilder();
        reasons.forEach(r -> rs.add(Jsonp.PROVIDER.createObjectBuilder().add("code", r[0]).add("message", clip(r[1]))));
        JsonArrayBuilder sc = Jsonp.PROVIDER.createArrayBuilder();
        scope.forEach(c -> sc.add(pair(c)));
        JsonArrayBuilder ids = Jsonp.PROVIDER.createArrayBuilder();
        credentials.forEach(ids::add);
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("allow", allow).add("agent", agent).add("method", method)
                .add("url", clip(url)).add("action", action).add("resource", clip(resource)).add("reasons", rs);
        matched.ifPresent(m -> b.add("matched", pair(m)));
        return b.add("scope", sc).add("credentials", ids).add("at", at.truncatedTo(ChronoUnit.MILLIS).toString()).build();
    }

    private static JsonObjectBuilder pair(String[] actionAndResource) {
        return Jsonp.PROVIDER.createObjectBuilder().add("action", actionAndResource[0]).add("resource", actionAndResource[1]);
    }

    private static String clip(String s) {
        return s.length() <= 1024 ? s : s.substring(0, 1024) + "...";
    }

    /**
     * The decision time recorded in an entry's details.
     *
     * @param details an {@value #TYPE} entry's details
     * @return its {@code at}, or empty if missing or not an ISO-8601 instant
     */
    public static Optional<Instant> at(JsonObject details) {
        try {
            return Optional.of(Instant.parse(details.getString("at")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
