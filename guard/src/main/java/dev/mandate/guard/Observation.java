package dev.mandate.guard;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One authorization decision as the guard sees it. The guard takes its time from {@link #at()} only, so a
 * stream of observations (for example rebuilt from the audit log with {@link #fromJson}) replays to the
 * same verdicts.
 *
 * @param seq       position in the stream (the audit log sequence number when replaying)
 * @param at        when the decision was made
 * @param agent     the agent (its DID)
 * @param action    the action requested ({@code read}, {@code write}, ...)
 * @param resource  the request URL, e.g. {@code https://erp.example.com/purchase-orders/42} (a query is ignored)
 * @param allowed   whether it was allowed
 * @param denyCodes the reason codes of a denial (empty when allowed)
 * @param scope     the capabilities the agent's credentials declare
 */
public record Observation(long seq, Instant at, String agent, String action, String resource,
                          boolean allowed, List<String> denyCodes, List<Scope> scope) {
    /** Validates presence and copies the lists. */
    public Observation {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        denyCodes = List.copyOf(Objects.requireNonNull(denyCodes, "denyCodes"));
        scope = List.copyOf(Objects.requireNonNull(scope, "scope"));
    }

    /** {"seq", "at" (ISO-8601), "agent", "action", "resource", "allowed", "denyCodes": [..], "scope": [{"action","resource"}]}. */
    public JsonObject toJson() {
        JsonArrayBuilder codes = Jsonp.PROVIDER.createArrayBuilder();
        denyCodes.forEach(codes::add);
        JsonArrayBuilder sc = Jsonp.PROVIDER.createArrayBuilder();
        scope.forEach(s -> sc.add(Jsonp.PROVIDER.createObjectBuilder().add("action", s.action()).add("resource", s.resource())));
        return Jsonp.PROVIDER.createObjectBuilder().add("seq", seq).add("at", at.toString()).add("agent", agent)
                .add("action", action).add("resource", resource).add("allowed", allowed).add("denyCodes", codes)
                .add("scope", sc).build();
    }

    /**
     * Reads the form written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException naming the missing or malformed member, on one line
     */
    public static Observation fromJson(JsonObject o) {
        try {
            List<String> codes = new ArrayList<>();
            for (JsonValue v : o.getJsonArray("denyCodes")) codes.add(((JsonString) v).getString());
            List<Scope> scope = new ArrayList<>();
            for (JsonValue v : o.getJsonArray("scope")) {
                JsonObject s = v.asJsonObject();
                scope.add(new Scope(s.getString("action"), s.getString("resource")));
            }
            return new Observation(o.getJsonNumber("seq").longValueExact(), Instant.parse(o.getString("at")), o.getString("agent"),
                    o.getString("action"), o.getString("resource"), o.getBoolean("allowed"), codes, scope);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a guard observation (needs seq, at, agent, action, resource, allowed, denyCodes, scope): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
