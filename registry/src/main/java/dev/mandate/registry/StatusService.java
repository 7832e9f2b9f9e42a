package dev.mandate.registry;

import dev.mandate.vc.issuer.status.StatusListOptions;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The issuer side of status lists over a {@link Store}: allocates status entries for credentials,
 * issues credentials carrying them, and signs each list as a {@code BitstringStatusListCredential}
 * served at {@code <listBaseUrl><listId>}. A signed list is cached per list version, so serving an
 * unchanged list costs no signature. Thread-safe.
 */
public final class StatusService {
    private final Store store;
    private final String listBaseUrl;
    private final IssuerKey key;
    private final Issuer issuer;
    private final StatusListIssuer lists;
    private final IssuanceRecorder recorder;
    private final ConcurrentHashMap<String, PublishedList> signed = new ConcurrentHashMap<>();

    /**
     * @param store       the store
     * @param listBaseUrl URL prefix the lists are served under, e.g. {@code https://issuer.example/status-lists/}
     * @param key         the issuer key that signs credentials and lists (lists must be signed by the credential's issuer)
     * @param issuer      the issuer (its clock dates credentials and lists)
     * @throws IllegalStateException when {@code mandate-agent-registry}, which records every issuance, is not on the
     *     class path
     */
    public StatusService(Store store, String listBaseUrl, IssuerKey key, Issuer issuer) {
        this.store = Objects.requireNonNull(store, "store");
        this.listBaseUrl = Objects.requireNonNull(listBaseUrl, "listBaseUrl");
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.lists = new StatusListIssuer(issuer);
        this.recorder = recorder(StatusService.class.getClassLoader()).open(store);
        if (!listBaseUrl.contains(":")) {
            throw new IllegalArgumentException("listBaseUrl must be an absolute URL: " + listBaseUrl);
        }
    }

    /**
     * What records every issuance, from {@code mandate-agent-registry} on {@code loader}'s class path; refuses, naming
     * the artifact to add, when it is not there (no issuance goes unrecorded).
     */
    static IssuanceRecorder.Provider recorder(ClassLoader loader) {
        try {
            return Services.require(IssuanceRecorder.Provider.class, "mandate-agent-registry",
                    "the status service records every issuance in the agent registry", loader);
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** {@return the store the entries and lists live in} */
    public Store store() { return store; }

    /** {@return the key that signs credentials and lists} */
    public IssuerKey key() { return key; }

    /**
     * Builds the URL a list is served at (the base URL followed by the id; the id is not checked).
     *
     * @param listId the list id
     * @return the list's URL
     */
    public String listUrl(String listId) {
        return listBaseUrl + listId;
    }

    /**
     * Extracts the list id from a URL under this service's base.
     *
     * @param url a list URL, or null
     * @return the id, or empty for null, another base, or an id with {@code /}, {@code #} or {@code ?}
     */
    public Optional<String> listId(String url) {
        if (url == null || !url.startsWith(listBaseUrl)) {
            return Optional.empty();
        }
        String id = url.substring(listBaseUrl.length());
        return id.isEmpty() || id.contains("/") || id.contains("#") || id.contains("?") ? Optional.empty() : Optional.of(id);
    }

    /**
     * Allocates status entries for a credential outside any task (see {@link Store#allocate}) and returns them as
     * {@code BitstringStatusListEntry} values. (Entries for a just-in-time task are allocated by
     * {@link #issue(JsonObject, IssueOptions)} with {@link IssueOptions#withTask(String)}.)
     *
     * @param credentialId the credential's id
     * @param purposes     one or more purposes
     * @return the entries, in the order of {@link StatusPurpose}
     * @throws StoreException INVALID for an empty id or purposes, UNAVAILABLE when the database fails
     */
    public List<StatusListEntry> allocate(String credentialId, Set<StatusPurpose> purposes) throws StoreException {
        return allocateEntries(credentialId, purposes, Optional.empty());
    }

    /**
     * Allocates status entries for a credential (see {@link Store#allocate}) and returns them as
     * {@code BitstringStatusListEntry} values.
     *
     * @param credentialId the credential's id
     * @param purposes     one or more purposes
     * @param taskId       a just-in-time task id, or "" for none
     * @return the entries, in the order of {@link StatusPurpose}
     * @throws StoreException CONFLICT if the task is completed, INVALID for empty ids or purposes, UNAVAILABLE when
     *                        the database fails
     * @deprecated use {@link #allocate(String, Set)} for entries outside a task, and
     *     {@link #issue(JsonObject, IssueOptions)} with {@link IssueOptions#withTask(String)} for a task's
     *     credential; this form delegates ({@code ""} is not read as "no task" in new API)
     */
    @Deprecated
    public List<StatusListEntry> allocate(String credentialId, Set<StatusPurpose> purposes, String taskId) throws StoreException {
        Objects.requireNonNull(taskId, "taskId");
        return allocateEntries(credentialId, purposes, taskId.isEmpty() ? Optional.empty() : Optional.of(taskId));
    }

    private List<StatusListEntry> allocateEntries(String credentialId, Set<StatusPurpose> purposes, Optional<String> taskId)
            throws StoreException {
        List<StatusListEntry> out = new ArrayList<>();
        for (StatusEntryRecord r : store.allocate(credentialId, key.did(), purposes, taskId.orElse(""))) {
            out.add(toEntry(r));
        }
        return out;
    }

    /**
     * Builds the {@code BitstringStatusListEntry} of a stored entry (message entries list every value).
     *
     * @param r the stored entry
     * @return the entry as it goes into {@code credentialStatus}
     * @throws StoreException UNAVAILABLE when the database fails (message entries read their list's size)
     */
    public StatusListEntry toEntry(StatusEntryRecord r) throws StoreException {
        if (r.purpose() == StatusPurpose.MESSAGE) {
            int size = store.list(r.listId()).map(StatusListInfo::statusSize).orElse(1);
            List<dev.mandate.vc.status.StatusMessage> messages = new ArrayList<>();
            for (int v = 0; v < (1 << size); v++) {
                messages.add(new dev.mandate.vc.status.StatusMessage(v, v == 0 ? "unset" : "status-" + v));
            }
            return new StatusListEntry(listUrl(r.listId()) + "#" + r.index(), r.purpose(), r.index(), listUrl(r.listId()), size, messages, "");
        }
        return StatusListEntry.of(r.purpose(), listUrl(r.listId()), r.index());
    }

    /**
     * Issues a credential with status entries: gives it an id ({@code urn:uuid:...}) if it has none,
     * allocates one entry per purpose of {@code options} (in its task, if it has one), adds {@code credentialStatus}
     * and signs it (valid for {@code options}' validity, if it has one). The issuance is appended to the audit log,
     * and the credential is recorded for its subject when that is a registered agent ({@link IssuanceRecorder},
     * implemented by {@code AgentRegistry#recordIssuance} in {@code mandate-agent-registry}) unless the options
     * say the caller records it ({@link IssueOptions#withoutAgentRecord()}).
     *
     * @param unsigned the unsigned credential
     * @param options  the status purposes (may be none), task, validity and agent record, e.g.
     *                 {@code IssueOptions.purposes(REVOCATION).withValidFor(d)}
     * @return the signed credential
     * @throws StoreException CONFLICT if the task is completed, INVALID for a bad id, UNAVAILABLE when the database
     *                        fails
     * @throws ProofException if signing fails
     * @throws NullPointerException if an argument is null
     */
    public JsonObject issue(JsonObject unsigned, IssueOptions options) throws StoreException, ProofException {
        Objects.requireNonNull(unsigned, "unsigned");
        Objects.requireNonNull(options, "options");
        JsonObject credential = unsigned;
        String id;
        if (credential.get("id") instanceof JsonString s && !s.getString().isEmpty()) {
            id = s.getString();
        } else {
            id = "urn:uuid:" + UUID.randomUUID();
            credential = Jsonp.PROVIDER.createObjectBuilder(credential).add("id", id).build();
        }
        if (!options.purposes().isEmpty()) {
            credential = StatusListIssuer.withStatus(credential, allocateEntries(id, options.purposes(), options.taskId()));
        }
        Optional<Duration> validFor = options.validFor();
        JsonObject signed = validFor.isPresent() ? issuer.issue(credential, key, validFor.get()) : issuer.issue(credential, key);
        recorder.recordIssuance(signed, key.did(), options.recordForAgent());
        return signed;
    }

    /**
     * Issues a credential with status entries, recorded for its subject agent.
     *
     * @param unsigned the unsigned credential
     * @param purposes status purposes (may be empty: the credential is then issued without status)
     * @param taskId   a just-in-time task id or ""
     * @param validFor validity duration, or empty
     * @return the signed credential
     * @throws StoreException CONFLICT if the task is completed, INVALID for a bad id, UNAVAILABLE when the database
     *                        fails
     * @throws ProofException if signing fails
     * @deprecated use {@link #issue(JsonObject, IssueOptions)}, e.g. {@code issue(unsigned,
     *     IssueOptions.purposes(purposes).withTask(taskId).withValidFor(d))}; this form delegates to it
     */
    @Deprecated
    public JsonObject issue(JsonObject unsigned, Set<StatusPurpose> purposes, String taskId, Optional<Duration> validFor)
            throws StoreException, ProofException {
        return issue(unsigned, IssueOptions.positional(purposes, taskId, validFor, true));
    }

    /**
     * Like the four-argument form; with {@code recordForAgent} false the issuance is audited but not recorded for
     * the subject agent.
     *
     * @param unsigned       the unsigned credential
     * @param purposes       status purposes (may be empty)
     * @param taskId         a just-in-time task id or ""
     * @param validFor       validity duration, or empty
     * @param recordForAgent false if the caller records the issuance for the agent itself
     * @return the signed credential
     * @throws StoreException CONFLICT if the task is completed, INVALID for a bad id, UNAVAILABLE when the database
     *                        fails
     * @throws ProofException if signing fails
     * @deprecated use {@link #issue(JsonObject, IssueOptions)} with {@link IssueOptions#withoutAgentRecord()}; this
     *     form delegates to it
     */
    @Deprecated
    public JsonObject issue(JsonObject unsigned, Set<StatusPurpose> purposes, String taskId, Optional<Duration> validFor,
                            boolean recordForAgent) throws StoreException, ProofException {
        return issue(unsigned, IssueOptions.positional(purposes, taskId, validFor, recordForAgent));
    }

    /**
     * The current version of every list of this issuer, by list id, in one read of the store (see
     * {@link Store#listVersions(String)}). Each changes with every status change of its list, in the change's
     * transaction.
     *
     * @return list id to version; empty when the issuer has no list
     * @throws StoreException UNAVAILABLE when the database fails
     */
    public Map<String, Long> versions() throws StoreException {
        return store.listVersions(key.did());
    }

    /**
     * The current signed list credential, re-signed only when the list changed since the last call.
     *
     * Thread-safe: concurrent callers may both sign, and the newer version is kept.
     *
     * @param listId the list id
     * @return empty if there is no such list, or it belongs to another issuer
     * @throws StoreException UNAVAILABLE when the database fails
     * @throws ProofException if signing fails
     */
    public Optional<PublishedList> publish(String listId) throws StoreException, ProofException {
        Optional<StatusListInfo> info = store.list(listId);
        if (info.isEmpty() || !info.get().issuer().equals(key.did())) {
            return Optional.empty();
        }
        PublishedList cached = signed.get(listId);
        if (cached != null && cached.list().version() == info.get().version()) {
            return Optional.of(cached);
        }
        Optional<ListSnapshot> snap = store.snapshot(listId);
        if (snap.isEmpty()) {
            return Optional.empty();
        }
        StatusListInfo l = snap.get().list();
        StatusListOptions cache = l.ttl().isZero() || l.ttl().isNegative() ? StatusListOptions.defaults()
                : StatusListOptions.defaults().withTtl(l.ttl());
        JsonObject vc = lists.sign(listUrl(listId), l.purpose(), snap.get().bits(), key, cache);
        PublishedList p = new PublishedList(l, listUrl(listId), vc);
        signed.merge(listId, p, (old, neu) -> neu.list().version() >= old.list().version() ? neu : old);
        return Optional.of(p);
    }
}
