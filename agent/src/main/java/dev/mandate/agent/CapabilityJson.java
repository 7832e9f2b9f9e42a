package dev.mandate.agent;

import dev.mandate.vc.model.Workload;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * JSON form of capabilities, constraints and workloads, as in the {@code https://mandate.dev/ns/agent/v1}
 * vocabulary and the JSON Schema {@code dev/mandate/agent/agent-subject.schema.json}. Parsing is strict:
 * unknown members of a capability, its constraints or a workload are errors (an unknown limit must never
 * be silently ignored).
 */
public final class CapabilityJson {
    /** Most capabilities in one credential. */
    public static final int MAX_CAPABILITIES = 64;
    private static final Set<String> CAPABILITY_KEYS = Set.of("action", "resource", "constraints", "type");
    private static final Set<String> CONSTRAINT_KEYS = Set.of("methods", "maxAmount", "currency", "ratePerMinute",
            "timeOfDay", "dataClassification", "audience");
    private static final Set<String> WORKLOAD_KEYS = Set.of("codeDigest", "imageDigest", "buildProvenance", "workloadId");

    private CapabilityJson() {}

    /**
     * The JSON object of one capability.
     *
     * @param c the capability
     * @return {@code action}, {@code resource} (canonical) and, when any limit is set, {@code constraints}
     */
    public static JsonObject toJson(Capability c) {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder()
                .add("action", c.action())
                .add("resource", c.resource().toString());
        if (!c.constraints().isEmpty()) b.add("constraints", constraintsToJson(c.constraints()));
        return b.build();
    }

    /**
     * The JSON array of capabilities, the form of {@code credentialSubject.capability}.
     *
     * @param caps the capabilities, in the order to write them
     * @return one {@link #toJson(Capability)} object per capability
     */
    public static JsonArray toJson(List<Capability> caps) {
        JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
        caps.forEach(c -> a.add(toJson(c)));
        return a.build();
    }

    /**
     * The JSON object of constraints.
     *
     * @param c the constraints
     * @return members only for limits that are set ({@code methods} and {@code audience} sorted,
     *         {@code maxAmount} as a decimal string); empty for {@link Constraints#NONE}
     */
    public static JsonObject constraintsToJson(Constraints c) {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
        if (!c.methods().isEmpty()) {
            JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
            c.methods().stream().sorted().forEach(a::add);
            b.add("methods", a);
        }
        c.maxAmount().ifPresent(m -> b.add("maxAmount", m.toPlainString()));
        c.currency().ifPresent(x -> b.add("currency", x));
        c.ratePerMinute().ifPresent(r -> b.add("ratePerMinute", r));
        c.timeOfDay().ifPresent(w -> b.add("timeOfDay", w.toString()));
        c.dataClassification().ifPresent(d -> b.add("dataClassification", d));
        if (!c.audience().isEmpty()) {
            JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
            c.audience().stream().sorted().forEach(a::add);
            b.add("audience", a);
        }
        return b.build();
    }

    /**
     * The JSON object of a workload.
     *
     * @param w the workload
     * @return members only for the attributes that are set
     */
    public static JsonObject toJson(Workload w) {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
        w.codeDigest().ifPresent(v -> b.add("codeDigest", v));
        w.imageDigest().ifPresent(v -> b.add("imageDigest", v));
        w.buildProvenance().ifPresent(v -> b.add("buildProvenance", v));
        w.workloadId().ifPresent(v -> b.add("workloadId", v));
        return b.build();
    }

    /**
     * Parses a {@code capability} member.
     *
     * @param value an array of 1 to {@link #MAX_CAPABILITIES} capability objects, or one capability object
     * @return the capabilities, immutable
     * @throws CapabilityException naming the entry ({@code capability[i]}) and member that is malformed or unknown
     */
    public static List<Capability> parseCapabilities(JsonValue value) throws CapabilityException {
        JsonArray arr;
        if (value instanceof JsonArray a) arr = a;
        else if (value instanceof JsonObject o) arr = Jsonp.PROVIDER.createArrayBuilder().add(o).build();
        else throw new CapabilityException("capability must be an array of capability objects");
        if (arr.isEmpty()) throw new CapabilityException("capability must list at least one capability");
        if (arr.size() > MAX_CAPABILITIES) throw new CapabilityException("capability lists more than " + MAX_CAPABILITIES + " entries");
        List<Capability> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            try {
                out.add(parseCapability(arr.get(i)));
            } catch (CapabilityException e) {
                throw new CapabilityException("capability[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /**
     * Parses one capability object.
     *
     * @param value an object with {@code action}, {@code resource} and optionally {@code constraints}
     * @return the capability
     * @throws CapabilityException if it is not an object, a member is missing, malformed or unknown
     */
    public static Capability parseCapability(JsonValue value) throws CapabilityException {
        if (!(value instanceof JsonObject o)) throw new CapabilityException("is not an object");
        for (String k : o.keySet()) if (!CAPABILITY_KEYS.contains(k)) throw new CapabilityException("unknown member \"" + TimeWindow.shorten(k) + "\"");
        String action = string(o, "action", true);
        String resource = string(o, "resource", true);
        Constraints c = o.containsKey("constraints") ? parseConstraints(o.get("constraints")) : Constraints.NONE;
        return Capability.of(action, resource, c);
    }

    /**
     * Parses a constraints object.
     *
     * @param value the {@code constraints} member
     * @return the constraints
     * @throws CapabilityException if it is not an object, has an unknown member (unknown limits are refused, never
     *                             ignored), or a limit is malformed ({@code maxAmount} without {@code currency}, ...)
     */
    public static Constraints parseConstraints(JsonValue value) throws CapabilityException {
        if (!(value instanceof JsonObject o)) throw new CapabilityException("constraints must be an object");
        for (String k : o.keySet()) {
            if (!CONSTRAINT_KEYS.contains(k)) throw new CapabilityException("constraints has the unknown member \"" + TimeWindow.shorten(k) + "\"; unknown limits are refused");
        }
        Constraints.Builder b = Constraints.builder();
        if (o.containsKey("methods")) {
            for (String m : strings(o.get("methods"), "methods")) b.methods(m);
            if (o.get("methods") instanceof JsonArray a && a.isEmpty()) throw new CapabilityException("constraints.methods must not be empty");
        }
        boolean hasAmount = o.containsKey("maxAmount");
        boolean hasCurrency = o.containsKey("currency");
        if (hasAmount != hasCurrency) throw new CapabilityException("constraints.maxAmount and constraints.currency must be given together");
        if (hasAmount) {
            JsonValue v = o.get("maxAmount");
            BigDecimal amount;
            if (v instanceof JsonString s && s.getString().matches("[0-9]{1,15}(\\.[0-9]{1,6})?")) amount = new BigDecimal(s.getString());
            else if (v instanceof JsonNumber n && n.toString().matches("[0-9]{1,15}(\\.[0-9]{1,6})?")) amount = n.bigDecimalValue();
            else throw new CapabilityException("constraints.maxAmount must be a non-negative decimal such as \"500.00\"");
            b.maxAmount(amount, string(o, "currency", true));
        }
        if (o.containsKey("ratePerMinute")) {
            if (!(o.get("ratePerMinute") instanceof JsonNumber n) || !n.isIntegral()) throw new CapabilityException("constraints.ratePerMinute must be an integer");
            long r = n.bigDecimalValue().min(BigDecimal.valueOf(Integer.MAX_VALUE)).longValue();
            b.ratePerMinute((int) r);
        }
        if (o.containsKey("timeOfDay")) b.timeOfDay(TimeWindow.parse(string(o, "timeOfDay", true)));
        if (o.containsKey("dataClassification")) b.dataClassification(string(o, "dataClassification", true));
        if (o.containsKey("audience")) {
            List<String> aud = strings(o.get("audience"), "audience");
            if (aud.isEmpty()) throw new CapabilityException("constraints.audience must not be empty");
            b.audience(aud.toArray(String[]::new));
        }
        return b.build();
    }

    /**
     * Parses a workload object.
     *
     * @param value the {@code workload} member
     * @return the workload
     * @throws CapabilityException if it is not an object, has an unknown member or a member that is not a string
     */
    public static Workload parseWorkload(JsonValue value) throws CapabilityException {
        if (!(value instanceof JsonObject o)) throw new CapabilityException("workload must be an object");
        for (String k : o.keySet()) if (!WORKLOAD_KEYS.contains(k)) throw new CapabilityException("workload has the unknown member \"" + TimeWindow.shorten(k) + "\"");
        return Workload.builder().codeDigest(string(o, "codeDigest", false)).imageDigest(string(o, "imageDigest", false))
                .buildProvenance(string(o, "buildProvenance", false)).workloadId(string(o, "workloadId", false)).build();
    }

    static String string(JsonObject o, String key, boolean required) throws CapabilityException {
        JsonValue v = o.get(key);
        if (v == null) {
            if (required) throw new CapabilityException(key + " is missing");
            return "";
        }
        if (!(v instanceof JsonString s)) throw new CapabilityException(key + " must be a string");
        if (s.getString().length() > 4096) throw new CapabilityException(key + " is longer than 4096 characters");
        return s.getString();
    }

    private static List<String> strings(JsonValue v, String name) throws CapabilityException {
        List<String> out = new ArrayList<>();
        if (v instanceof JsonString s) {
            out.add(s.getString());
        } else if (v instanceof JsonArray a && a.size() <= 64) {
            for (JsonValue x : a) {
                if (!(x instanceof JsonString s)) throw new CapabilityException("constraints." + name + " must hold strings");
                out.add(s.getString());
            }
        } else {
            throw new CapabilityException("constraints." + name + " must be a string or an array of at most 64 strings");
        }
        return out;
    }
}
