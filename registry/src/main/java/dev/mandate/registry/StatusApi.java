package dev.mandate.registry;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The HTTP semantics of the status and grant endpoints, independent of any web framework, so that the
 * server only routes: {@code GET /status-lists/{id}}, {@code POST /credentials/status} (VC-API shape),
 * {@code POST /grants}, {@code POST /grants/{task}/complete} and {@code POST /grants/use}. Each method
 * returns the status code, headers and JSON body to send; none throws for bad input.
 */
public final class StatusApi {
    /** The actor recorded in the audit log for changes made through this API: {@value}. */
    public static final String ACTOR = "status-api";
    private static final BoundedJson.Limits LIMITS = BoundedJson.Limits.DEFAULT.withMaxBytes(64 * 1024).withMaxDepth(16);

    /**
     * An HTTP answer.
     *
     * @param status  the status code
     * @param headers headers to set (Content-Type included when there is a body)
     * @param body    the body ("" for none)
     */
    public record Answer(int status, Map<String, String> headers, String body) {
        /**
         * Copies the headers.
         *
         * @param status  the status code
         * @param headers headers to set; not null
         * @param body    the body; not null
         * @throws NullPointerException if {@code headers} or {@code body} is null
         */
        public Answer {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }

    private final StatusService status;
    private final GrantService grants;
    private final Optional<ChangeFeed> feed;

    /**
     * Creates the API over the services, with no change feed to poke.
     *
     * @param status the status service (store, list URLs, signing key)
     * @param grants the grant service over the same status service
     * @throws NullPointerException if an argument is null
     */
    public StatusApi(StatusService status, GrantService grants) {
        this(status, grants, Optional.<ChangeFeed>empty());
    }

    /**
     * Creates the API over the services, poking {@code feed} after each change so subscribers hear at once.
     *
     * @param status the status service (store, list URLs, signing key)
     * @param grants the grant service over the same status service
     * @param feed   the change feed to poke after a change
     * @throws NullPointerException if an argument is null
     */
    public StatusApi(StatusService status, GrantService grants, ChangeFeed feed) {
        this(status, grants, Optional.of(Objects.requireNonNull(feed, "feed")));
    }

    /**
     * Creates the API over the services.
     *
     * @param status the status service (store, list URLs, signing key)
     * @param grants the grant service over the same status service
     * @param feed   the change feed to poke after a change (so subscribers hear at once), or empty
     * @deprecated use {@link #StatusApi(StatusService, GrantService)} without a feed and
     *     {@link #StatusApi(StatusService, GrantService, ChangeFeed)} with one
     */
    @Deprecated
    public StatusApi(StatusService status, GrantService grants, Optional<ChangeFeed> feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.status = Objects.requireNonNull(status, "status");
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    /**
     * Serves {@code GET /status-lists/{listId}}: the signed list, with ETag and Cache-Control from its ttl.
     *
     * @param listId      the list id from the path
     * @param ifNoneMatch the request's {@code If-None-Match} header, or null
     * @return 200 with the list, 304 if unchanged, 404 for an unknown list, 500 if signing fails, 503 when the
     *         database fails
     */
    public Answer getList(String listId, String ifNoneMatch) {
        try {
            Optional<PublishedList> p = status.publish(listId);
            if (p.isEmpty()) {
                return error(404, "no status list " + shorten(listId));
            }
            Map<String, String> h = new LinkedHashMap<>();
            h.put("ETag", p.get().etag());
            h.put("Cache-Control", p.get().cacheControl());
            if (ifNoneMatch != null && ifNoneMatch.contains(p.get().etag())) {
                return new Answer(304, h, "");
            }
            h.put("Content-Type", "application/vc+ld+json");
            return new Answer(200, h, p.get().credential().toString());
        } catch (StoreException e) {
            return storeError(e);
        } catch (ProofException e) {
            return error(500, "could not sign the status list: " + e.getMessage());
        }
    }

    /**
     * {@code POST /credentials/status}, VC-API shape:
     * {@code {"credentialId": ID, "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": P}, "status": true|false|N}}.
     * {@code true} sets the entry (revoke, suspend), {@code false} clears it (reinstate), a number sets a message value.
     *
     * @param body the request body (untrusted JSON)
     * @return 200 with the change, 400 for a bad body, 404 for an unknown credential, 409 for a refused change,
     *         503 when the database fails
     */
    public Answer updateStatus(String body) {
        JsonObject req;
        try {
            req = BoundedJson.parseObject(body, LIMITS);
        } catch (JsonInputException e) {
            return error(400, "request is not a JSON object: " + e.getMessage());
        }
        if (!(req.get("credentialId") instanceof JsonString cid) || cid.getString().isBlank()) {
            return error(400, "credentialId must be a non-empty string");
        }
        if (!(req.get("credentialStatus") instanceof JsonObject cs)) {
            return error(400, "credentialStatus must be an object {type, statusPurpose}");
        }
        if (cs.containsKey("type") && !(cs.get("type") instanceof JsonString t && t.getString().equals("BitstringStatusListEntry"))) {
            return error(400, "credentialStatus.type must be BitstringStatusListEntry");
        }
        Optional<StatusPurpose> purpose = cs.get("statusPurpose") instanceof JsonString p ? StatusPurpose.of(p.getString()) : Optional.empty();
        if (purpose.isEmpty()) {
            return error(400, "credentialStatus.statusPurpose must be revocation, suspension or message");
        }
        JsonValue s = req.get("status");
        int value;
        if (s == JsonValue.TRUE) {
            value = 1;
        } else if (s == JsonValue.FALSE) {
            value = 0;
        } else if (s instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 0 && n.longValue() <= 255) {
            value = n.intValue();
        } else {
            return error(400, "status must be true (set), false (clear) or a small non-negative integer");
        }
        try {
            StatusUpdate u = status.store().setStatus(cid.getString(), purpose.get(), value, ACTOR);
            if (u.changed()) {
                feed.ifPresent(ChangeFeed::poke);
            }
            return json(200, Jsonp.PROVIDER.createObjectBuilder()
                    .add("credentialId", cid.getString())
                    .add("credentialStatus", Jsonp.PROVIDER.createObjectBuilder().add("type", "BitstringStatusListEntry")
                            .add("statusPurpose", purpose.get().jsonName())
                            .add("statusListCredential", status.listUrl(u.entry().listId()))
                            .add("statusListIndex", Integer.toString(u.entry().index())))
                    .add("status", u.entry().value())
                    .add("changed", u.changed())
                    .add("listVersion", u.listVersion())
                    .build());
        } catch (StoreException e) {
            return storeError(e);
        }
    }

    /**
     * {@code POST /grants}: {@code {"agent": DID, "action": A, "resource": R, "ttl": SECONDS, "task": ID, "singleUse": bool}};
     * answers 201 with the signed capability credential.
     *
     * @param body the request body (untrusted JSON)
     * @return 201 with the credential, 400 for a bad body, 409 for a completed task, 500 if signing fails, 503 when
     *         the database fails
     */
    public Answer issueGrant(String body) {
        JsonObject req;
        try {
            req = BoundedJson.parseObject(body, LIMITS);
        } catch (JsonInputException e) {
            return error(400, "request is not a JSON object: " + e.getMessage());
        }
        String agent = str(req, "agent");
        String action = str(req, "action");
        String resource = str(req, "resource");
        String task = str(req, "task");
        if (agent.isEmpty() || action.isEmpty() || resource.isEmpty() || task.isEmpty()) {
            return error(400, "agent, action, resource and task are required strings");
        }
        if (!(req.get("ttl") instanceof JsonNumber ttl) || !ttl.isIntegral() || ttl.longValue() < 1 || ttl.longValue() > 86_400) {
            return error(400, "ttl must be a whole number of seconds from 1 to 86400");
        }
        boolean singleUse = req.get("singleUse") == JsonValue.TRUE;
        try {
            GrantService.Grant g = grants.issue(new GrantService.Request(agent, action, resource, Duration.ofSeconds(ttl.longValue()),
                    task, singleUse));
            return json(201, g.credential());
        } catch (StoreException e) {
            return storeError(e);
        } catch (ProofException e) {
            return error(500, "could not sign the grant: " + e.getMessage());
        }
    }

    /**
     * Serves {@code POST /grants/{task}/complete}: revokes every grant of the task.
     *
     * @param taskId the task id from the path
     * @return 200 with the number of grants revoked (0 for a task completed already), 400 for an empty task id,
     *         503 when the database fails
     */
    public Answer completeTask(String taskId) {
        try {
            var revoked = grants.complete(taskId, ACTOR);
            if (!revoked.isEmpty()) {
                feed.ifPresent(ChangeFeed::poke);
            }
            var ids = Jsonp.PROVIDER.createArrayBuilder();
            revoked.forEach(u -> ids.add(u.entry().credentialId()));
            return json(200, Jsonp.PROVIDER.createObjectBuilder().add("task", taskId).add("revoked", revoked.size()).add("credentials", ids).build());
        } catch (StoreException e) {
            return storeError(e);
        }
    }

    /**
     * Serves {@code POST /grants/use}: {@code {"credentialId": ID}}.
     *
     * @param body the request body (untrusted JSON)
     * @return 200 accepted, 409 already used (single-use), 404 unknown, 400 for a bad body, 503 when the database
     *         fails
     */
    public Answer useGrant(String body) {
        JsonObject req;
        try {
            req = BoundedJson.parseObject(body, LIMITS);
        } catch (JsonInputException e) {
            return error(400, "request is not a JSON object: " + e.getMessage());
        }
        String id = str(req, "credentialId");
        if (id.isEmpty()) {
            return error(400, "credentialId is required");
        }
        try {
            GrantService.Use use = grants.use(id);
            int code = switch (use) {
                case ACCEPTED -> 200;
                case ALREADY_USED -> 409;
                case UNKNOWN -> 404;
            };
            return json(code, Jsonp.PROVIDER.createObjectBuilder().add("credentialId", id).add("use", use.name().toLowerCase(java.util.Locale.ROOT)).build());
        } catch (StoreException e) {
            return storeError(e);
        }
    }

    private static String str(JsonObject o, String k) {
        return o.get(k) instanceof JsonString s ? s.getString().strip() : "";
    }

    private static Answer json(int code, JsonObject body) {
        return new Answer(code, Map.of("Content-Type", "application/json", "Cache-Control", "no-store"), body.toString());
    }

    static Answer error(int code, String message) {
        return json(code, Jsonp.PROVIDER.createObjectBuilder().add("error", message).build());
    }

    private static Answer storeError(StoreException e) {
        return switch (e.reason()) {
            case NOT_FOUND -> error(404, e.getMessage());
            case CONFLICT -> error(409, e.getMessage());
            case INVALID -> error(400, e.getMessage());
            case UNAVAILABLE, SCHEMA -> error(503, "the status store is unavailable");
        };
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
