package dev.mandate.registry;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Just-in-time grants: a task-scoped {@code AgentCapabilityCredential} minted at the moment of
 * execution (valid for seconds, with a revocation entry tied to the task) and revoked, together with
 * every other grant of the task, the moment the task completes. Grants may be single-use: the relying
 * party calls {@link #use(String)} and accepts only the first use. Thread-safe.
 */
public final class GrantService {
    /** Mandate's agent vocabulary (bundled with vc-jsonld). */
    public static final String AGENT_CONTEXT = "https://mandate.dev/ns/agent/v1";
    /** The longest grant: one day. Longer-lived capabilities are not just-in-time. */
    public static final Duration MAX_TTL = Duration.ofDays(1);

    private final StatusService status;
    private final Clock clock;

    /**
     * Creates the service.
     *
     * @param status the status service whose store records grants and whose key signs them; not null
     * @param clock  the clock for validity periods; not null
     */
    public GrantService(StatusService status, Clock clock) {
        this.status = Objects.requireNonNull(status, "status");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What to grant.
     *
     * @param agent     the agent's DID (credential subject)
     * @param action    the action, e.g. {@code read}
     * @param resource  the resource URL or name
     * @param ttl       validity, from 1 s to one day
     * @param taskId    the task the grant serves
     * @param singleUse true if the grant may be used once
     */
    public record Request(String agent, String action, String resource, Duration ttl, String taskId, boolean singleUse) {
        /**
         * Checks that no reference component is null (the rest is checked by {@link GrantService#issue}).
         *
         * @param agent     the agent's DID
         * @param action    the action
         * @param resource  the resource
         * @param ttl       validity
         * @param taskId    the task
         * @param singleUse true if the grant may be used once
         * @throws NullPointerException naming the null component
         */
        public Request {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(ttl, "ttl");
            Objects.requireNonNull(taskId, "taskId");
        }
    }

    /**
     * An issued grant.
     *
     * @param credential the signed capability credential
     * @param record     what the store recorded
     */
    public record Grant(JsonObject credential, GrantRecord record) {
        /**
         * Checks that no component is null.
         *
         * @param credential the signed capability credential
         * @param record     what the store recorded
         * @throws NullPointerException naming the null component
         */
        public Grant {
            Objects.requireNonNull(credential, "credential");
            Objects.requireNonNull(record, "record");
        }
    }

    /** The answer to a use of a grant. */
    public enum Use {
        /** First use of a single-use grant, or any use of a reusable one. */
        ACCEPTED,
        /** A single-use grant that was used before. */
        ALREADY_USED,
        /** The credential is not a grant this store issued. */
        UNKNOWN
    }

    /**
     * Issues a grant: a signed capability credential for the task with validUntil = now + ttl and a
     * revocation entry, recorded under the task.
     *
     * @param r what to grant
     * @return the signed credential and the stored record
     * @throws StoreException INVALID for a bad request (a malformed DID, an empty action, resource or task, a ttl
     *                        outside 1 s..1 day), CONFLICT if the task is already completed, UNAVAILABLE when the
     *                        database fails
     * @throws ProofException if signing fails
     */
    public Grant issue(Request r) throws StoreException, ProofException {
        java.util.Optional<String> problem = dev.mandate.did.resolve.DidValidation.problem(r.agent());
        if (problem.isPresent()) {
            String shown = r.agent().length() > 200 ? r.agent().substring(0, 200) + "..." : r.agent();
            throw new StoreException(StoreException.Reason.INVALID, "agent " + shown + ": " + problem.get() + "; send the agent's full DID");
        }
        if (r.action().isBlank() || r.resource().isBlank() || r.taskId().isBlank()) {
            throw new StoreException(StoreException.Reason.INVALID, "action, resource and task must not be empty");
        }
        if (r.ttl().compareTo(Duration.ofSeconds(1)) < 0 || r.ttl().compareTo(MAX_TTL) > 0) {
            throw new StoreException(StoreException.Reason.INVALID, "ttl must be between 1 s and 1 day: " + r.ttl());
        }
        String id = "urn:uuid:" + UUID.randomUUID();
        Instant now = clock.instant();
        JsonObject unsigned = Jsonp.PROVIDER.createObjectBuilder()
                .add("@context", Jsonp.PROVIDER.createArrayBuilder().add(dev.mandate.vc.issuer.Issuer.CREDENTIALS_V2).add(AGENT_CONTEXT))
                .add("id", id)
                .add("type", Jsonp.PROVIDER.createArrayBuilder().add("VerifiableCredential").add("AgentCapabilityCredential"))
                .add("credentialSubject", Jsonp.PROVIDER.createObjectBuilder()
                        .add("id", r.agent())
                        .add("type", "Agent")
                        .add("task", r.taskId())
                        .add("capability", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder()
                                .add("action", r.action())
                                .add("resource", r.resource()))))
                .build();
        // The store refuses allocation for a completed task, in the same transaction that checks it.
        JsonObject vc = status.issue(unsigned, IssueOptions.purposes(StatusPurpose.REVOCATION).withTask(r.taskId())
                .withValidFor(r.ttl()));
        GrantRecord rec = new GrantRecord(id, r.taskId(), r.agent(), r.action(), r.resource(), r.singleUse(), now.plus(r.ttl()), now);
        status.store().recordGrant(rec);
        return new Grant(vc, rec);
    }

    /**
     * Completes a task: revokes all its grants at once; the task accepts no new grant. Idempotent.
     *
     * @param taskId the task
     * @return the status changes made (empty if the task was completed already; an unknown task is recorded as
     *         completed, so it can never get a grant)
     * @throws StoreException INVALID for an empty task id, UNAVAILABLE when the database fails
     */
    public List<StatusUpdate> complete(String taskId) throws StoreException {
        return status.store().completeTask(taskId);
    }

    /**
     * Like {@link #complete(String)}, naming who completed the task in the audit log.
     *
     * @param taskId the task
     * @param actor  who completed it (recorded in the audit log)
     * @return the status changes made (empty if the task was completed already; an unknown task is recorded as
     *         completed, so it can never get a grant)
     * @throws StoreException INVALID for an empty task id, UNAVAILABLE when the database fails
     */
    public List<StatusUpdate> complete(String taskId, String actor) throws StoreException {
        return status.store().completeTask(taskId, actor);
    }

    /**
     * Records a use of a grant and says whether to accept it (single-use grants: first use only). Atomic across
     * threads and processes sharing the store.
     *
     * @param credentialId the grant's credential id
     * @return ACCEPTED, ALREADY_USED or UNKNOWN
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Use use(String credentialId) throws StoreException {
        Optional<GrantRecord> g = status.store().grant(credentialId);
        if (g.isEmpty()) {
            return Use.UNKNOWN;
        }
        int uses = status.store().recordUse(credentialId, clock.instant());
        return !g.get().singleUse() || uses == 1 ? Use.ACCEPTED : Use.ALREADY_USED;
    }
}
