package dev.mandate.server;

import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.did.web.DidWeb;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreException;
import dev.mandate.registry.agents.Agent;
import dev.mandate.registry.agents.AgentCredential;
import dev.mandate.registry.agents.AgentDid;
import dev.mandate.registry.agents.AgentException;
import dev.mandate.registry.agents.AgentKey;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.registry.agents.KeyRotation;
import dev.mandate.registry.agents.Retirement;
import dev.mandate.registry.agents.Rotation;
import dev.mandate.registry.agents.StateChange;
import dev.mandate.server.RegistryRequests.Invalid;
import dev.mandate.vc.model.Workload;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

import static dev.mandate.server.RegistryRequests.actor;
import static dev.mandate.server.RegistryRequests.bad;
import static dev.mandate.server.RegistryRequests.decode;
import static dev.mandate.server.RegistryRequests.did;
import static dev.mandate.server.RegistryRequests.guarded;
import static dev.mandate.server.RegistryRequests.notAllowed;
import static dev.mandate.server.RegistryRequests.optional;
import static dev.mandate.server.RegistryRequests.publicKey;
import static dev.mandate.server.RegistryRequests.query;
import static dev.mandate.server.RegistryRequests.required;
import static dev.mandate.server.RegistryRequests.storeFailed;

/**
 * The agent-registry and audit-log routes of {@code mandate serve}, over the server's store:
 * <ul>
 *   <li>{@code GET /agents}, {@code POST /agents} (register), {@code GET /agents/{did}} (with DIDs, keys, credentials,
 *       history), {@code POST /agents/{did}/activate|suspend|resume|retire} ({@code {"actor","reason"}}),
 *       {@code POST /agents/{did}/keys} (add a key), {@code POST /agents/{did}/retire-key}, {@code POST /agents/{did}/dids},
 *       {@code POST /agents/{did}/rotate-key}, {@code POST /agents/{did}/card} (publish the signed A2A Agent Card), and
 *       {@code GET /agents/{did}/card}, which needs no token (docs/a2a.md);</li>
 *   <li>{@code GET /audit/tree-head}, {@code GET /audit/entries?from=&max=}, {@code GET /audit/proof/{seq}}
 *       ({@link AuditEndpoints}).</li>
 * </ul>
 * All of them need a token with the {@code registry} scope. {@code {did}} is any of the agent's DIDs, as is
 * ({@code did:web:host%3A8443:a}) or percent-encoded once ({@code did%3Aweb%3A...}). In addition the did:web documents of registered agents are served from the registry's active keys
 * ({@link #document}), open to everyone like any did.json. Request members are read, and refusals answered, by
 * {@link RegistryRequests}.
 */
final class RegistryEndpoints {
    static final String AGENTS = "/agents";
    /** Seconds a did:web document from the registry may be cached: a rotated key disappears within this time. */
    static final int DOCUMENT_MAX_AGE = 30;

    /** What the API handler lends: token checks and bounded JSON bodies. */
    interface Access {
        /** True if the request may proceed; otherwise a 401/403 has been sent. */
        boolean authorize(Exchange ex);

        /** The request body as a bounded JSON object, or empty after answering 4xx. */
        Optional<JsonObject> object(Exchange ex);
    }

    private final Store store;
    private final AgentRegistry registry;
    private final AuditEndpoints audit;
    private final KeyRotation rotation;
    private final dev.mandate.registry.agents.AgentCards cards;
    private final dev.mandate.vc.verifier.MethodResolver methods;

    /**
     * @param store  the server's store
     * @param issuer the organisation's issuer that re-issues credentials on rotation (the status issuer), if any
     */
    RegistryEndpoints(Store store, Optional<StatusService> issuer, java.time.Clock clock, dev.mandate.vc.verifier.MethodResolver methods) {
        this.store = store;
        this.cards = new dev.mandate.registry.agents.AgentCards(store, clock);
        this.methods = methods;
        this.registry = new AgentRegistry(store, clock);
        this.audit = new AuditEndpoints(store, clock);
        this.rotation = issuer.isPresent() ? new KeyRotation(registry, store, issuer.get()) : new KeyRotation(registry, store);
    }

    /** Handles the request if it is one of these routes; false if it is not. */
    boolean handle(Exchange ex, String path, Access access) {
        if (path.endsWith("/did.json")) {
            return false; // did:web documents (e.g. did:web:org.example:agents:x at /agents/x/did.json) are served by document()
        }
        if (path.equals(AGENTS) || path.equals(AGENTS + "/")) {
            ex.request.setAttribute(Exchange.ATTR_ROUTE, AGENTS);
            String m = ex.request.getMethod();
            if (!m.equals("GET") && !m.equals("POST")) {
                notAllowed(ex, AGENTS, "GET, POST");
            } else if (access.authorize(ex)) {
                if (m.equals("GET")) {
                    list(ex);
                } else {
                    access.object(ex).ifPresent(b -> register(ex, b));
                }
            }
            return true;
        }
        if (path.startsWith(AGENTS + "/")) {
            agentRoute(ex, path.substring(AGENTS.length() + 1), access);
            return true;
        }
        if (path.startsWith(AuditEndpoints.AUDIT)) {
            audit.auditRoute(ex, path.substring(AuditEndpoints.AUDIT.length()), access);
            return true;
        }
        return false;
    }

    // ---------------------------------------------------------------------------------------------
    // did:web documents

    /**
     * Serves the did:web document of a registered agent at {@code path}, built from the registry's active keys: the
     * DID named by the request's host and path, or else the only registered did:web DID hosted at that path on any host
     * (a proxy may rewrite Host); false if there is none.
     */
    boolean document(Exchange ex, String path) {
        if (!path.endsWith("/did.json") || !ex.request.getMethod().equals("GET")) {
            return false;
        }
        String host = ex.request.getHttpURI().getHost();
        int port = ex.request.getHttpURI().getPort();
        if (host == null || host.isEmpty()) {
            return false;
        }
        String did;
        try {
            did = DidWeb.didFor("https://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (port > 0 && port != 443 ? ":" + port : "") + path);
        } catch (DidSyntaxException e) {
            return false;
        }
        Optional<DidDocument> doc;
        try {
            doc = registry.didDocument(did);
            if (doc.isEmpty()) {
                // behind a proxy that rewrites Host: the one registered did:web hosted at this path, if exactly one
                List<String> candidates = registry.webDidsAt(path, 2);
                if (candidates.size() == 1) {
                    doc = registry.didDocument(candidates.get(0));
                }
            }
        } catch (StoreException e) {
            ex.request.setAttribute(Exchange.ATTR_ROUTE, "/{path}/did.json");
            storeFailed(ex, e);
            return true;
        }
        if (doc.isEmpty()) {
            return false;
        }
        ex.request.setAttribute(Exchange.ATTR_ROUTE, "/{path}/did.json");
        ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=" + DOCUMENT_MAX_AGE);
        ex.response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        ex.send(200, ResolutionResult.DID_LD_JSON, Exchange.serialize(doc.get().toJson()));
        return true;
    }

    // ---------------------------------------------------------------------------------------------
    // agents

    private void agentRoute(Exchange ex, String rest, Access access) {
        int slash = rest.indexOf('/');
        String rawDid = slash < 0 ? rest : rest.substring(0, slash);
        String action = slash < 0 ? "" : rest.substring(slash + 1);
        String route = action.isEmpty() ? "/agents/{did}" : "/agents/{did}/" + (action.matches("[a-z-]{1,20}") ? action : "{unknown}");
        ex.request.setAttribute(Exchange.ATTR_ROUTE, route);
        if (action.equals("card")) {
            card(ex, rawDid, access);
            return;
        }
        String expected = action.isEmpty() ? "GET" : "POST";
        if (!ex.request.getMethod().equals(expected)) {
            notAllowed(ex, route, expected);
            return;
        }
        if (!access.authorize(ex)) {
            return;
        }
        // as is (did:web:host%3A8443:...) or percent-encoded once (did%3Aweb%3A...)
        Optional<String> did = rawDid.startsWith("did:") ? Optional.of(rawDid) : decode(rawDid);
        if (did.isEmpty() || rawDid.isEmpty()) {
            bad(ex, 400, "BAD_REQUEST", "Bad Request", "the agent DID in the path is missing or not percent-encoded UTF-8");
            return;
        }
        try {
            Optional<Agent> agent = registry.findByDid(did.get());
            if (agent.isEmpty()) {
                bad(ex, 404, "NOT_FOUND", "Not Found", "no agent " + Exchange.clip(did.get()) + " in the registry");
                return;
            }
            String id = agent.get().did();
            if (action.isEmpty()) {
                ex.json(200, details(agent.get()));
                return;
            }
            switch (action) {
                case "activate", "suspend", "resume", "retire" -> access.object(ex).ifPresent(b -> guarded(ex, () -> transition(ex, id, action, b)));
                case "keys" -> access.object(ex).ifPresent(b -> guarded(ex, () -> {
                    AgentKey k = registry.addKey(id, optional(b, "did", id), publicKey(b, "publicKeyMultibase"), actor(b), required(b, "reason"));
                    ex.json(201, k.toJson());
                }));
                case "retire-key" -> access.object(ex).ifPresent(b -> guarded(ex, () ->
                        ex.json(200, registry.retireKey(id, required(b, "key"), actor(b), required(b, "reason")).toJson())));
                case "dids" -> access.object(ex).ifPresent(b -> guarded(ex, () ->
                        ex.json(201, registry.addDid(id, did(b, "did", "send the agent's full new DID"), actor(b), required(b, "reason")).toJson())));
                case "rotate-key" -> access.object(ex).ifPresent(b -> guarded(ex, () -> rotate(ex, id, b)));
                default -> bad(ex, 404, "NOT_FOUND", "Not Found", "no agent action '" + Exchange.clip(action)
                        + "'; use activate, suspend, resume, retire, keys, retire-key, dids, rotate-key or card");
            }
        } catch (StoreException e) {
            storeFailed(ex, e);
        }
    }

    /**
     * {@code GET /agents/{did}/card}: the agent's signed A2A Agent Card, public (a card is published to be read), served
     * only while it still passes {@link RegisteredAgentCards#check} (the agent active, the signing key not retired, every
     * signature verifying); {@code POST /agents/{did}/card} ({@code {"card": {...}, "actor": "..."}}, registry token):
     * publishes a card that passes the check, replacing the earlier one.
     */
    private void card(Exchange ex, String rawDid, Access access) {
        String m = ex.request.getMethod();
        if (!m.equals("GET") && !m.equals("POST")) {
            notAllowed(ex, "/agents/{did}/card", "GET, POST");
            return;
        }
        if (m.equals("POST") && !access.authorize(ex)) {
            return;
        }
        Optional<String> did = rawDid.startsWith("did:") ? Optional.of(rawDid) : decode(rawDid);
        if (did.isEmpty() || rawDid.isEmpty()) {
            bad(ex, 400, "BAD_REQUEST", "Bad Request", "the agent DID in the path is missing or not percent-encoded UTF-8");
            return;
        }
        try {
            Optional<Agent> agent = registry.findByDid(did.get());
            if (agent.isEmpty()) {
                bad(ex, 404, "NOT_FOUND", "Not Found", "no agent " + Exchange.clip(did.get()) + " in the registry");
                return;
            }
            String id = agent.get().did();
            if (m.equals("POST")) {
                access.object(ex).ifPresent(b -> guarded(ex, () -> {
                    if (!(b.get("card") instanceof JsonObject card)) {
                        bad(ex, 400, "BAD_REQUEST", "Bad Request", "send {\"card\": {...signed agent card...}, \"actor\": \"who publishes it\"}");
                        return;
                    }
                    String text = card.toString();
                    RegisteredAgentCards.Check check = RegisteredAgentCards.check(methods, registry, id, text);
                    if (!check.ok()) {
                        bad(ex, check.operational() ? 503 : 422, check.operational() ? "UNAVAILABLE" : "CARD_NOT_VERIFIED",
                                check.operational() ? "Service Unavailable" : "Unprocessable Content",
                                "the card was not published: " + check.problem().get());
                        return;
                    }
                    cards.publish(id, text, actor(b));
                    ex.json(201, Jsonp.PROVIDER.createObjectBuilder().add("agent", id).add("published", true)
                            .add("signers", Jsonp.PROVIDER.createArrayBuilder(check.verification().signers())).build());
                }));
                return;
            }
            Optional<dev.mandate.registry.agents.AgentCards.PublishedCard> published = cards.card(id);
            if (published.isEmpty()) {
                bad(ex, 404, "NOT_FOUND", "Not Found", "agent " + Exchange.clip(id) + " has published no card");
                return;
            }
            RegisteredAgentCards.Check check = RegisteredAgentCards.check(methods, registry, id, published.get().card());
            if (!check.ok()) {
                bad(ex, check.operational() ? 503 : 404, check.operational() ? "UNAVAILABLE" : "NOT_FOUND",
                        check.operational() ? "Service Unavailable" : "Not Found",
                        "agent " + Exchange.clip(id) + " has no card that verifies now: " + check.problem().get());
                return;
            }
            ex.response.getHeaders().put("Cache-Control", "max-age=" + DOCUMENT_MAX_AGE);
            ex.send(200, Exchange.JSON, published.get().card().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (StoreException e) {
            storeFailed(ex, e);
        }
    }

    private void list(Exchange ex) {
        String state = query(ex, "state");
        Optional<AgentState> only = Optional.empty();
        if (state != null) {
            only = AgentState.of(state);
            if (only.isEmpty()) {
                bad(ex, 400, "BAD_REQUEST", "Bad Request", "unknown state '" + Exchange.clip(state) + "'; use registered, active, suspended or retired");
                return;
            }
        }
        try {
            JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
            for (Agent agent : registry.agents()) {
                if (only.isEmpty() || agent.state() == only.get()) {
                    a.add(agent.toJson());
                }
            }
            ex.json(200, Jsonp.PROVIDER.createObjectBuilder().add("agents", a).build());
        } catch (StoreException e) {
            storeFailed(ex, e);
        }
    }

    private void register(Exchange ex, JsonObject b) {
        guarded(ex, () -> {
            JsonObject w = b.get("workload") instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
            if (b.containsKey("workload") && !(b.get("workload") instanceof JsonObject)) {
                throw new Invalid("workload must be an object {codeDigest, imageDigest, workloadId}");
            }
            Agent a = registry.register(did(b, "did", "send the agent's full DID"), required(b, "name"), required(b, "owner"), optional(b, "purpose", ""),
                    Workload.builder().codeDigest(optional(w, "codeDigest", "")).imageDigest(optional(w, "imageDigest", "")).workloadId(optional(w, "workloadId", "")).build(), actor(b));
            ex.json(201, a.toJson());
        });
    }

    private void transition(Exchange ex, String id, String action, JsonObject b) throws AgentException, StoreException, Invalid {
        String actor = actor(b);
        String reason = required(b, "reason");
        switch (action) {
            case "activate" -> ex.json(200, registry.activate(id, actor, reason).toJson());
            case "suspend" -> ex.json(200, registry.suspend(id, actor, reason).toJson());
            case "resume" -> {
                // like mandate agent resume: also reinstates what the behaviour guard suspended for the agent
                if (registry.agent(id).map(a -> a.state() != dev.mandate.registry.agents.AgentState.SUSPENDED).orElse(true)) {
                    ex.json(200, registry.resume(id, actor, reason).toJson()); // refused: not found or not suspended
                } else {
                    List<String> reinstated = dev.mandate.guard.service.GuardService.resume(store, id, actor, reason);
                    JsonArrayBuilder ids = Jsonp.PROVIDER.createArrayBuilder();
                    reinstated.forEach(ids::add);
                    ex.json(200, Jsonp.PROVIDER.createObjectBuilder(registry.agent(id).orElseThrow().toJson()).add("reinstated", ids).build());
                }
            }
            default -> {
                Retirement r = registry.retire(id, actor, reason);
                JsonArrayBuilder revoked = Jsonp.PROVIDER.createArrayBuilder();
                r.revoked().forEach(revoked::add);
                JsonObjectBuilder notRevoked = Jsonp.PROVIDER.createObjectBuilder();
                r.notRevoked().forEach(notRevoked::add);
                ex.json(200, Jsonp.PROVIDER.createObjectBuilder(r.agent().toJson()).add("revoked", revoked).add("notRevoked", notRevoked).build());
            }
        }
    }

    private void rotate(Exchange ex, String id, JsonObject b) throws AgentException, StoreException, Invalid {
        Rotation r = rotation.rotate(id, required(b, "oldKey"), publicKey(b, "publicKeyMultibase"), actor(b), required(b, "reason"));
        ex.json(200, r.toJson());
    }

    private JsonObject details(Agent a) throws StoreException {
        JsonArrayBuilder dids = Jsonp.PROVIDER.createArrayBuilder();
        for (AgentDid d : registry.dids(a.did())) {
            dids.add(d.toJson());
        }
        JsonArrayBuilder keys = Jsonp.PROVIDER.createArrayBuilder();
        for (AgentKey k : registry.keys(a.did())) {
            keys.add(k.toJson());
        }
        JsonArrayBuilder creds = Jsonp.PROVIDER.createArrayBuilder();
        for (AgentCredential c : registry.credentialRecords(a.did())) {
            creds.add(registry.credentialWithStatus(c));
        }
        JsonArrayBuilder history = Jsonp.PROVIDER.createArrayBuilder();
        for (StateChange c : registry.history(a.did())) {
            history.add(c.toJson());
        }
        return Jsonp.PROVIDER.createObjectBuilder(a.toJson()).add("dids", dids).add("keys", keys).add("credentials", creds)
                .add("history", history).build();
    }
}
