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
 * @param amount    the amount the request declared (for example a payment), 0 when it declared none
 * @param currency  its currency (ISO 4217), "" when the request declared no amount
 */
public record Observation(long seq, Instant at, String agent, String action, String resource,
                          boolean allowed, List<String> denyCodes, List<Scope> scope, double amount, String currency) {
    /**
     * An observation of a request that declared no amount.
     *
     * @param seq       position in the stream
     * @param at        when the decision was made
     * @param agent     the agent's DID
     * @param action    the action requested
     * @param resource  the request URL
     * @param allowed   whether it was allowed
     * @param denyCodes the reason codes of a denial
     * @param scope     the declared capabilities
     */
    public Observation(long seq, Instant at, String agent, String action, String resource, boolean allowed, List<String> denyCodes,
                       List<Scope> scope) {
        this(seq, at, agent, action, resource, allowed, denyCodes, scope, 0, "");
    }

    /** {@return true when the request declared an amount (the currency is not empty)} */
    public boolean hasAmount() {
        return !currency.isEmpty();
    }

    /**
     * Validates presence and copies the lists.
     *
     * @param seq       position in the stream
     * @param at        when the decision was made
     * @param agent     the agent's DID
     * @param action    the action requested
     * @param resource  the request URL
     * @param allowed   whether it was allowed
     * @param denyCodes the reason codes of a denial; copied
     * @param scope     the declared capabilities; copied
     * @param amount    finite and not negative; 0 for none
     * @param currency  the currency, "" for none
     * @throws NullPointerException     if an object argument is null
     * @throws IllegalArgumentException if the amount is negative, infinite or NaN
     */
    public Observation {
        Objects.requireNonNull(currency, "currency");
        if (!(amount >= 0) || Double.isInfinite(amount)) throw new IllegalArgumentException("amount must be a finite non-negative number, got " + amount);
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        denyCodes = List.copyOf(Objects.requireNonNull(denyCodes, "denyCodes"));
        scope = List.copyOf(Objects.requireNonNull(scope, "scope"));
    }

    /**
     * {"seq", "at" (ISO-8601), "agent", "action", "resource", "allowed", "denyCodes": [..], "scope": [{"action","resource"}]},
     * and "amt" (decimal string), "cur" when the request declared an amount.
     *
     * @return the JSON form, which {@link #fromJson} reads back
     */
    public JsonObject toJson() {
        JsonArrayBuilder codes = Jsonp.PROVIDER.createArrayBuilder();
        denyCodes.forEach(codes::add);
        JsonArrayBuilder sc = Jsonp.PROVIDER.createArrayBuilder();
        scope.forEach(s -> sc.add(Jsonp.PROVIDER.createObjectBuilder().add("action", s.action()).add("resource", s.resource())));
        return withAmount(Jsonp.PROVIDER.createObjectBuilder().add("seq", seq).add("at", at.toString()).add("agent", agent)
                .add("action", action).add("resource", resource).add("allowed", allowed).add("denyCodes", codes)
                .add("scope", sc), this).build();
    }

    /** This observation with its amount added to {@code json} as {@code amt} / {@code cur}, if it has one. */
    static jakarta.json.JsonObjectBuilder withAmount(jakarta.json.JsonObjectBuilder json, Observation o) {
        return o.hasAmount() ? json.add("amt", java.math.BigDecimal.valueOf(o.amount()).toPlainString()).add("cur", o.currency()) : json;
    }

    /**
     * Reads the form written by {@link #toJson()}.
     *
     * @param o the JSON form
     * @return the observation
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
            double[] amt = amount(o);
            return new Observation(o.getJsonNumber("seq").longValueExact(), Instant.parse(o.getString("at")), o.getString("agent"),
                    o.getString("action"), o.getString("resource"), o.getBoolean("allowed"), codes, scope, amt[0],
                    amt[1] > 0 ? o.getString("cur") : "");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a guard observation (needs seq, at, agent, action, resource, allowed, denyCodes, scope): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("")));
        }
    }

    /**
     * The amount in {@code amt} (a decimal string, as in request proofs) with {@code cur}: {amount, 1} when both are
     * present and well formed, {0, 0} when neither is present.
     *
     * @param o an object that may carry {@code amt} and {@code cur} (an observation, an audited decision)
     * @return a two-element array: the amount, and 1 if present or 0 if not
     * @throws IllegalArgumentException when only one is present or {@code amt} is not a non-negative decimal below 10^15
     */
    public static double[] amount(JsonObject o) {
        JsonValue a = o.get("amt");
        JsonValue c = o.get("cur");
        if (a == null && c == null) return new double[] {0, 0};
        if (!(a instanceof JsonString as) || !(c instanceof JsonString cs) || cs.getString().isEmpty() || cs.getString().length() > 16) {
            throw new IllegalArgumentException("amt and cur must both be strings (a decimal amount and a currency code)");
        }
        String t = as.getString();
        if (t.length() > 40 || !t.matches("[0-9]{1,15}(\\.[0-9]{1,18})?")) {
            throw new IllegalArgumentException("amt must be a non-negative decimal such as \"12.50\", got \"" + (t.length() > 40 ? t.substring(0, 40) + "..." : t) + "\"");
        }
        return new double[] {Double.parseDouble(t), 1};
    }
}
