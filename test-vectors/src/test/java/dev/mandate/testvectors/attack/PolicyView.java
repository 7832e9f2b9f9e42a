package dev.mandate.testvectors.attack;

import dev.mandate.vc.verifier.Verification;
import dev.mandate.vc.verifier.VerifiedCredential;
import dev.mandate.vc.verifier.VerifiedPresentation;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The policy-relevant view of a verified credential or presentation, read the way a naive consumer reads
 * it: plain members of {@link VerifiedCredential#view()} by their usual names, nothing else. No JSON-LD,
 * no aliases, no {@code @}-keywords: that is the point. If a proof-preserving rewrite moves or renames a
 * member and the verifier still admits it, this reader sees something different from the original, and the
 * mutation test fails.
 *
 * <p>Only shapes that this project's own consumers read as the same value are normalized: an object or a
 * one-element array for the multi-valued {@code credentialStatus}, {@code credentialSubject} and
 * {@code capability} ({@code dev.mandate.agent.CapabilityJson} accepts both), type lists as sets, and
 * numbers by value. Single-valued members ({@code issuer}, {@code id}, the dates, {@code delegationDepth})
 * are read as a string (or an issuer object's {@code id}) or a number; any other shape shows up as
 * {@code !<json>}, i.e. as different.
 */
final class PolicyView {
    static final String ABSENT = "(absent)";

    private PolicyView() {}

    /** The summary of what verified, or {@code (not verified)}. */
    static String of(Verification v) {
        if (v.credential().isPresent()) {
            return render(credential(v.credential().get()));
        }
        if (v.presentation().isPresent()) {
            return render(presentation(v.presentation().get()));
        }
        return "(not verified)";
    }

    static Map<String, Object> credential(VerifiedCredential c) {
        JsonObject v = c.view();
        Map<String, Object> out = new TreeMap<>();
        out.put("authenticatedIssuer", c.issuer());
        out.put("issuer", idOrString(v.get("issuer")));
        out.put("type", typeSet(v.get("type")));
        out.put("id", single(v.get("id")));
        for (String date : List.of("validFrom", "validUntil", "issuanceDate", "expirationDate")) {
            out.put(date, single(v.get(date)));
        }
        out.put("credentialStatus", objects(v.get("credentialStatus")));
        out.put("credentialSubject", subjects(v.get("credentialSubject")));
        return out;
    }

    static Map<String, Object> presentation(VerifiedPresentation p) {
        Map<String, Object> out = new TreeMap<>();
        out.put("authenticatedHolder", p.holder());
        out.put("holder", idOrString(p.view().get("holder")));
        List<Object> creds = new ArrayList<>();
        p.credentials().forEach(c -> creds.add(credential(c)));
        out.put("credentials", creds);
        return out;
    }

    private static Object subjects(JsonValue value) {
        if (value == null) return ABSENT;
        List<JsonValue> items = value instanceof JsonArray a ? a : List.of(value);
        List<Object> out = new ArrayList<>();
        for (JsonValue item : items) {
            if (item instanceof JsonObject s) {
                Map<String, Object> m = new TreeMap<>();
                m.put("id", single(s.get("id")));
                m.put("capability", set(s.get("capability")));
                m.put("delegationDepth", number(s.get("delegationDepth")));
                out.add(m);
            } else {
                out.add("!" + canonical(item));
            }
        }
        return out;
    }

    /** A single-valued string member: the string, absent, or {@code !<json>} for any other shape. */
    private static String single(JsonValue value) {
        if (value == null) return ABSENT;
        return value instanceof JsonString s ? s.getString() : "!" + canonical(value);
    }

    /** issuer / holder: a URL, or an object with an id (VC Data Model 2.0 section 4.7). */
    private static String idOrString(JsonValue value) {
        if (value instanceof JsonObject o && o.get("id") instanceof JsonString s) return s.getString();
        return single(value);
    }

    private static Object typeSet(JsonValue value) {
        if (value == null) return ABSENT;
        if (value instanceof JsonString s) return List.of(s.getString());
        if (!(value instanceof JsonArray a)) return "!" + canonical(value);
        List<String> out = new ArrayList<>();
        for (JsonValue t : a) {
            out.add(t instanceof JsonString s ? s.getString() : "!" + canonical(t));
        }
        out.sort(null);
        return out;
    }

    /** A multi-valued member of objects: each object canonically, in order (object = one-element list). */
    private static Object objects(JsonValue value) {
        if (value == null) return ABSENT;
        List<JsonValue> items = value instanceof JsonArray a ? a : List.of(value);
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i instanceof JsonObject ? canonical(i) : "!" + canonical(i)));
        return out;
    }

    /** A set-valued member (capability, {@code @container @set}): canonical items, sorted. */
    private static Object set(JsonValue value) {
        if (value == null) return ABSENT;
        List<JsonValue> items = value instanceof JsonArray a ? a : List.of(value);
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(canonical(i)));
        out.sort(null);
        return out;
    }

    private static String number(JsonValue value) {
        if (value == null) return ABSENT;
        return value instanceof JsonNumber n ? n.bigDecimalValue().stripTrailingZeros().toPlainString() : "!" + canonical(value);
    }

    /** JSON with sorted keys and numbers by exact value (not JCS: JCS maps distinct numbers to one double). */
    static String canonical(JsonValue value) {
        StringBuilder b = new StringBuilder();
        canonical(value, b);
        return b.toString();
    }

    private static void canonical(JsonValue value, StringBuilder b) {
        switch (value.getValueType()) {
            case OBJECT -> {
                JsonObject o = value.asJsonObject();
                b.append('{');
                boolean first = true;
                for (String k : new TreeMap<>(o).keySet()) {
                    if (!first) b.append(',');
                    first = false;
                    b.append(dev.mandate.vc.json.Jsonp.PROVIDER.createValue(k)).append(':');
                    canonical(o.get(k), b);
                }
                b.append('}');
            }
            case ARRAY -> {
                b.append('[');
                boolean first = true;
                for (JsonValue v : value.asJsonArray()) {
                    if (!first) b.append(',');
                    first = false;
                    canonical(v, b);
                }
                b.append(']');
            }
            case NUMBER -> b.append(((JsonNumber) value).bigDecimalValue().stripTrailingZeros().toPlainString());
            default -> b.append(value);
        }
    }

    /** Renders the nested maps and lists one member per line, so assertion diffs point at the member. */
    static String render(Object o) {
        StringBuilder b = new StringBuilder();
        render(o, "", b);
        return b.toString();
    }

    private static void render(Object o, String indent, StringBuilder b) {
        if (o instanceof Map<?, ?> m) {
            b.append("{\n");
            m.forEach((k, v) -> {
                b.append(indent).append("  ").append(k).append(": ");
                render(v, indent + "  ", b);
                b.append('\n');
            });
            b.append(indent).append('}');
        } else if (o instanceof List<?> l) {
            b.append("[\n");
            l.forEach(v -> {
                b.append(indent).append("  ");
                render(v, indent + "  ", b);
                b.append('\n');
            });
            b.append(indent).append(']');
        } else {
            b.append(o);
        }
    }
}
