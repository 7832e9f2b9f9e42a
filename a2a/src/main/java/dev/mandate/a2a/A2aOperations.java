package dev.mandate.a2a;

import dev.mandate.agent.CanonicalUrl;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Reason;
import dev.mandate.agent.Reason.Code;
import dev.mandate.agent.authz.AmountPointer;
import dev.mandate.agent.authz.Amounts;
import dev.mandate.agent.authz.Operation;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The mapping from one A2A JSON-RPC request to the {@link Operation} Mandate authorizes: the Mandate
 * capabilities extension for A2A ({@value #EXTENSION}, docs/a2a.md, "Capabilities for A2A calls"). The callee
 * ({@link MandateA2aFilter}) and the caller ({@link MandateA2aSigner}) apply the same mapping to the same body
 * bytes, so the intent an agent signs is the operation the callee derives. With {@code E} the A2A JSON-RPC
 * endpoint URL ({@code https://HOST/PATH}) and {@code A} = {@code a2a+} E:
 * <ul>
 *   <li>{@code SendMessage}, {@code SendStreamingMessage} (A2A 0.3: {@code message/send}, {@code message/stream}):
 *       action {@code message} on {@code A/skills/SKILL}, where SKILL is the string at
 *       {@code params.metadata["}{@value #EXTENSION}{@code "].skill} (required: A2A messages do not otherwise name
 *       a skill); a callee configured with its card's skill ids refuses any other;</li>
 *   <li>{@code GetTask}, {@code SubscribeToTask} ({@code tasks/get}, {@code tasks/resubscribe}): {@code read} on
 *       {@code A/tasks/ID} with ID = {@code params.id}; {@code CancelTask} ({@code tasks/cancel}): {@code cancel}
 *       on {@code A/tasks/ID}; {@code ListTasks} ({@code tasks/list}): {@code read} on {@code A/tasks/};</li>
 *   <li>the push-notification configuration methods: {@code configure} (create, delete) or {@code read} (get,
 *       list) on {@code A/tasks/ID}, ID = {@code params.taskId} (0.3: {@code params.id} where no taskId);</li>
 *   <li>{@code GetExtendedAgentCard} ({@code agent/getAuthenticatedExtendedCard}): {@code session}, allowed with a
 *       valid proof and chain, no capability needed;</li>
 *   <li>any other method X: {@code call} on {@code A/methods/X}, which a capability must grant.</li>
 * </ul>
 * A body that is not one strict UTF-8 JSON-RPC request object, a missing skill or task id, or a name the
 * canonical URL form refuses, is refused. Names become one path segment each ({@code A-Z a-z 0-9 - . _ ~} kept,
 * every other UTF-8 byte percent-encoded; {@code .} and {@code ..} refused).
 */
public final class A2aOperations {
    /** The extension's URI: declared in the Agent Card, sent in {@code A2A-Extensions}, and the metadata key. */
    public static final String EXTENSION = "https://mandate.dev/ext/a2a/capabilities/v1";
    /** The HTTP header by which an A2A client activates extensions (A2A v1.0). */
    public static final String EXTENSIONS_HEADER = "A2A-Extensions";
    /** Largest JSON-RPC body any mapping reads (16 MiB). */
    public static final int MAX_BODY = 16 * 1024 * 1024;
    /** Sending a message to a skill. */
    public static final String MESSAGE = "message";
    /** Reading a task (get, subscribe, list, push configuration get/list). */
    public static final String READ = "read";
    /** Cancelling a task. */
    public static final String CANCEL = "cancel";
    /** Creating or deleting a task's push-notification configuration. */
    public static final String CONFIGURE = "configure";
    /** A method any agent with a valid proof and chain may call. */
    public static final String SESSION = "session";
    /** Any other method. */
    public static final String CALL = "call";

    /**
     * What a request maps to: the operation, and the task it addresses (for the owner check), if any.
     *
     * @param operation the operation to authorize (or a refusal)
     * @param method    the JSON-RPC method, when the body named one
     * @param skill     the skill a message names, if any
     * @param taskId    the task the request addresses, if any
     */
    public record Mapped(Operation operation, Optional<String> method, Optional<String> skill, Optional<String> taskId) {
        /**
         * Checks that nothing is null.
         *
         * @param operation the operation
         * @param method    the method, or empty
         * @param skill     the skill, or empty
         * @param taskId    the task id, or empty
         * @throws NullPointerException if an argument is null
         */
        public Mapped {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(skill, "skill");
            Objects.requireNonNull(taskId, "taskId");
        }
    }

    private final CanonicalUrl endpointUrl;
    private final String base;
    private final Set<String> skills;
    private final Map<String, AmountPointer> amountPointers;
    private final int maxBody;

    /**
     * The mapping for one A2A endpoint.
     *
     * @param endpoint       the A2A JSON-RPC endpoint URL as callers address it ({@code https://agent.example/a2a}; a query is ignored)
     * @param skills         the skill ids callers may name (the Agent Card's {@code skills[].id}); empty accepts any name
     * @param amountPointers per skill id, where its requests carry the amount
     * @param maxBody        largest body read, in bytes (at most {@link #MAX_BODY})
     * @throws IllegalArgumentException if the endpoint is not a canonical-form http(s) URL
     */
    public A2aOperations(String endpoint, Set<String> skills, Map<String, AmountPointer> amountPointers, int maxBody) {
        try {
            this.endpointUrl = CanonicalUrl.request(Objects.requireNonNull(endpoint, "endpoint"));
        } catch (CapabilityException e) {
            throw new IllegalArgumentException("A2A endpoint " + e.getMessage(), e);
        }
        String e = endpointUrl.withoutQuery();
        this.base = "a2a+" + (e.endsWith("/") ? e.substring(0, e.length() - 1) : e);
        this.skills = Set.copyOf(skills);
        this.amountPointers = Map.copyOf(new TreeMap<>(amountPointers));
        if (maxBody < 1 || maxBody > MAX_BODY) throw new IllegalArgumentException("maxBody must be between 1 and " + MAX_BODY);
        this.maxBody = maxBody;
    }

    /** {@return {@code a2a+} the endpoint URL, without a trailing slash: the base of every resource of this agent} */
    public String base() { return base; }

    /** {@return the endpoint as a canonical http(s) URL} */
    public CanonicalUrl endpoint() { return endpointUrl; }

    /**
     * The resource of a skill, as capabilities name it.
     *
     * @param id the skill id (percent-encoded as one segment)
     * @return {@code a2a+https://HOST/PATH/skills/ID}
     */
    public String skillResource(String id) { return base + "/skills/" + CanonicalUrl.segment(id); }

    /**
     * The resource of a task, as capabilities name it.
     *
     * @param id the task id (percent-encoded as one segment)
     * @return {@code a2a+https://HOST/PATH/tasks/ID}
     */
    public String taskResource(String id) { return base + "/tasks/" + CanonicalUrl.segment(id); }

    /**
     * The amount pointers of a skill.
     *
     * @param id the skill id
     * @return where its requests carry the amount, or empty when not configured
     */
    public Optional<AmountPointer> amountPointer(String id) { return Optional.ofNullable(amountPointers.get(id)); }

    /**
     * The operation of an HTTP request to the endpoint. Never throws for bad input: a request that cannot be
     * mapped becomes a {@linkplain Operation#refused refused} operation.
     *
     * @param method the HTTP method (only {@code POST} maps to an operation)
     * @param body   the JSON-RPC request body
     * @return the operation, with the method, skill and task it names
     */
    public Mapped of(String method, byte[] body) {
        CanonicalUrl self = target(base);
        if (!method.equals("POST")) {
            return refused(self, "A2A's JSON-RPC binding takes POST requests only, not " + method.replaceAll("[^A-Za-z]", "?"));
        }
        if (body.length > maxBody) return refused(self, "the JSON-RPC body is larger than " + maxBody + " bytes");
        JsonValue v;
        try {
            v = BoundedJson.parse(body, BoundedJson.Limits.DEFAULT.withMaxBytes(maxBody).withMaxDepth(64));
        } catch (JsonInputException e) {
            return refused(self, "the body is not strict UTF-8 JSON without duplicate keys: " + e.getMessage());
        }
        if (!(v instanceof JsonObject msg)) {
            return refused(self, "the body is not one JSON-RPC request (batches are not accepted); send one JSON object");
        }
        if (!(msg.get("method") instanceof JsonString ms) || ms.getString().isEmpty()) {
            return refused(self, "the JSON-RPC request has no method string");
        }
        String m = ms.getString();
        JsonObject params = msg.get("params") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        try {
            switch (m) {
                case "SendMessage", "SendStreamingMessage", "message/send", "message/stream" -> {
                    String skill = skill(params);
                    if (!skills.isEmpty() && !skills.contains(skill)) {
                        throw new IllegalArgumentException("skill " + quote(skill) + " is not a skill of this agent; name one of " + new java.util.TreeSet<>(skills));
                    }
                    List<Amounts.Stated> stated = List.of();
                    AmountPointer ap = amountPointers.get(skill);
                    if (ap != null) stated = List.of(ap.statedIn(params, "the message to skill " + skill));
                    Optional<String> task = params.get("message") instanceof JsonObject message && message.get("taskId") instanceof JsonString t
                            ? Optional.of(t.getString()) : Optional.empty();
                    return new Mapped(Operation.of(MESSAGE, CanonicalUrl.target(skillResource(skill)), stated), Optional.of(m), Optional.of(skill), task);
                }
                case "GetTask", "SubscribeToTask", "tasks/get", "tasks/resubscribe" -> {
                    return task(m, READ, string(params, "id", m));
                }
                case "CancelTask", "tasks/cancel" -> {
                    return task(m, CANCEL, string(params, "id", m));
                }
                case "ListTasks", "tasks/list" -> {
                    return new Mapped(Operation.of(READ, CanonicalUrl.target(base + "/tasks/"), List.of()), Optional.of(m), Optional.empty(), Optional.empty());
                }
                case "CreateTaskPushNotificationConfig", "DeleteTaskPushNotificationConfig",
                     "tasks/pushNotificationConfig/set", "tasks/pushNotificationConfig/delete" -> {
                    return task(m, CONFIGURE, pushTaskId(params, m));
                }
                case "GetTaskPushNotificationConfig", "ListTaskPushNotificationConfigs", "ListTaskPushNotificationConfig",
                     "tasks/pushNotificationConfig/get", "tasks/pushNotificationConfig/list" -> {
                    return task(m, READ, pushTaskId(params, m));
                }
                case "GetExtendedAgentCard", "agent/getAuthenticatedExtendedCard" -> {
                    return new Mapped(Operation.authenticated(SESSION, CanonicalUrl.target(base + "/methods/" + CanonicalUrl.segments(m))), Optional.of(m),
                            Optional.empty(), Optional.empty());
                }
                default -> {
                    return new Mapped(Operation.of(CALL, CanonicalUrl.target(base + "/methods/" + CanonicalUrl.segments(m)), List.of()), Optional.of(m),
                            Optional.empty(), Optional.empty());
                }
            }
        } catch (CapabilityException e) {
            return new Mapped(Operation.refused(self, Reason.of(Code.URL_NOT_CANONICAL, "A2A " + m + ": " + e.getMessage())), Optional.of(m),
                    Optional.empty(), Optional.empty());
        } catch (IllegalArgumentException e) {
            return new Mapped(Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, "A2A " + m + ": " + e.getMessage())), Optional.of(m),
                    Optional.empty(), Optional.empty());
        }
    }

    private Mapped task(String method, String action, String id) throws CapabilityException {
        return new Mapped(Operation.of(action, CanonicalUrl.target(taskResource(id)), List.of()), Optional.of(method), Optional.empty(), Optional.of(id));
    }

    private static Mapped refused(CanonicalUrl self, String why) {
        return new Mapped(Operation.refused(self, Reason.of(Code.MALFORMED_REQUEST, why)), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The skill a message names: {@code params.metadata[EXTENSION].skill}. */
    static String skill(JsonObject params) {
        if (params.get("metadata") instanceof JsonObject md && md.get(EXTENSION) instanceof JsonObject ext
                && ext.get("skill") instanceof JsonString s && !s.getString().isEmpty()) {
            return s.getString();
        }
        throw new IllegalArgumentException("the message names no skill: set params.metadata[\"" + EXTENSION + "\"].skill to one of the Agent Card's skill ids");
    }

    private static String pushTaskId(JsonObject params, String method) {
        if (params.get("taskId") instanceof JsonString t && !t.getString().isEmpty()) return t.getString();
        return string(params, "id", method);
    }

    private static String string(JsonObject params, String member, String method) {
        if (params.get(member) instanceof JsonString s && !s.getString().isEmpty()) return s.getString();
        throw new IllegalArgumentException("no string params." + member);
    }

    private static String quote(String s) {
        String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        return "\"" + shown.replaceAll("[\\p{Cntrl}\"]", "?") + "\"";
    }

    private static CanonicalUrl target(String url) {
        try {
            return CanonicalUrl.target(url);
        } catch (CapabilityException e) {
            throw new IllegalStateException(e);
        }
    }
}
