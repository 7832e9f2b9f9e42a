package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reading the members of VC-API request bodies ({@code options.challenge}, {@code options.domain},
 * {@code options.credentialStatus}) and writing the problem lists of their answers, for {@link ApiHandler}'s issue
 * and {@link VerificationEndpoints}' verify endpoints. Stateless; every refusal names the member and what to send instead.
 */
final class VcApiBodies {
    private VcApiBodies() {
    }

    /** What kind of JSON value {@code v} is, for an error message ("a string", "missing", ...). */
    static String describe(JsonValue v) {
        if (v == null) {
            return "missing";
        }
        switch (v.getValueType()) {
            case STRING: return "a string";
            case NUMBER: return "a number";
            case ARRAY: return "an array";
            case TRUE:
            case FALSE: return "a boolean";
            case NULL: return "null";
            default: return "an object";
        }
    }

    /** The {@code options} member: absent or an object; its string members {@code names}. */
    static Optional<String> optionString(JsonObject body, String name, List<Problem> problems) {
        JsonValue o = body.get("options");
        if (o == null || o == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(o instanceof JsonObject opts)) {
            if (problems.stream().noneMatch(p -> p.path().equals("/options"))) {
                problems.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "options must be an object, not " + describe(o), "/options"));
            }
            return Optional.empty();
        }
        JsonValue v = opts.get(name);
        if (v == null || v == JsonValue.NULL) {
            return Optional.empty();
        }
        if (!(v instanceof JsonString s) || s.getString().isEmpty()) {
            problems.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "options." + name + " must be a non-empty string", "/options/" + name));
            return Optional.empty();
        }
        return Optional.of(s.getString());
    }

    /**
     * The status purposes {@code options.credentialStatus} asks for: absent means none;
     * {@code {"type": "BitstringStatusListEntry", "statusPurpose": "revocation" | "suspension" | [..]}}
     * needs the server's status store ({@code keepsStatus}) and the status-list issuer ({@code statusIssuerName}).
     *
     * @throws IllegalArgumentException naming what is wrong, for a 400
     */
    static Set<StatusPurpose> requestedStatus(JsonObject options, ApiHandler.ConfiguredIssuer ci, boolean keepsStatus,
                                              String statusIssuerName) {
        JsonValue cs = options.get("credentialStatus");
        if (cs == null || cs == JsonValue.NULL) {
            return Set.of();
        }
        if (!(cs instanceof JsonObject o)) {
            throw new IllegalArgumentException("options.credentialStatus must be an object {\"type\": \"BitstringStatusListEntry\", \"statusPurpose\": ...}");
        }
        if (o.containsKey("type") && !(o.get("type") instanceof JsonString t && t.getString().equals("BitstringStatusListEntry"))) {
            throw new IllegalArgumentException("options.credentialStatus.type must be BitstringStatusListEntry");
        }
        if (!keepsStatus) {
            throw new IllegalArgumentException("this server keeps no status lists; start it with a store to issue credentials with status");
        }
        if (!ci.name().equals(statusIssuerName)) {
            throw new IllegalArgumentException("status lists here are signed by issuer '" + statusIssuerName + "'; issue credentials with status through it");
        }
        JsonValue p = o.getOrDefault("statusPurpose", Jsonp.PROVIDER.createValue("revocation"));
        List<JsonValue> names = p instanceof JsonArray a ? a : List.of(p);
        Set<StatusPurpose> out = EnumSet.noneOf(StatusPurpose.class);
        for (JsonValue n : names) {
            Optional<StatusPurpose> sp = n instanceof JsonString js ? StatusPurpose.of(js.getString()) : Optional.empty();
            if (sp.isEmpty() || sp.get() == StatusPurpose.MESSAGE) {
                throw new IllegalArgumentException("options.credentialStatus.statusPurpose must be revocation, suspension or both in an array");
            }
            out.add(sp.get());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("options.credentialStatus.statusPurpose names no purpose");
        }
        return out;
    }

    /** The problems as the VC-API's {@code errors} array members (type, code, title, detail, path). */
    static JsonArray problems(List<Problem> list) {
        JsonArrayBuilder a = Jsonp.PROVIDER.createArrayBuilder();
        for (Problem p : list) {
            a.add(Jsonp.PROVIDER.createObjectBuilder().add("type", p.type().typeUrl()).add("code", p.type().code())
                    .add("title", p.type().name()).add("detail", p.message()).add("path", p.path()));
        }
        return a.build();
    }
}
