package dev.mandate.guard.service;

import dev.mandate.guard.Observation;
import dev.mandate.guard.Scope;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what the guard needs out of audit entries: the {@link Observation} an {@code authorization} entry records, and
 * the fields of any entry's details. Lenient: details that do not parse read as an empty object, a missing or
 * non-string field as {@code ""}, so a malformed entry is skipped rather than stopping the guard.
 */
final class AuditEntries {
    private AuditEntries() {
    }

    /** The observation an {@code authorization} entry records (see {@link GuardService#observation}). */
    static Optional<Observation> observation(AuditEntry e) {
        if (!e.type().equals(DecisionAuditor.TYPE) || e.subject().equals(DecisionAuditor.ANONYMOUS)) {
            return Optional.empty();
        }
        JsonObject d = parse(e.details());
        Instant at = DecisionAuditor.at(d).orElse(e.time());
        String url = text(d, "url");
        String resource = text(d, "resource").isEmpty() ? url : text(d, "resource");
        String action = text(d, "action").isEmpty() ? actionOf(text(d, "method")) : text(d, "action");
        List<String> codes = new ArrayList<>();
        if (d.get("reasons") instanceof JsonArray rs) {
            for (JsonValue r : rs) {
                if (r instanceof JsonObject ro) {
                    codes.add(text(ro, "code"));
                }
            }
        }
        List<Scope> scope = new ArrayList<>();
        if (d.get("scope") instanceof JsonArray sc) {
            for (JsonValue s : sc) {
                if (s instanceof JsonObject so) {
                    scope.add(new Scope(text(so, "action"), text(so, "resource")));
                }
            }
        }
        boolean allow = d.get("allow") == JsonValue.TRUE;
        double[] amount;
        try {
            amount = Observation.amount(d);
        } catch (IllegalArgumentException bad) {
            amount = new double[] {0, 0}; // a malformed amount is no amount: the rest of the decision still counts
        }
        return Optional.of(new Observation(e.seq(), at, e.subject(), action, resource, allow, codes, scope, amount[0],
                amount[1] > 0 ? text(d, "cur") : ""));
    }

    /** The capability action an HTTP method most likely means, for requests that carried no intent. */
    static String actionOf(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS" -> "read";
            case "DELETE" -> "delete";
            case "" -> "invoke";
            default -> "write";
        };
    }

    /** The details of an entry as a JSON object; empty if they are not one. */
    static JsonObject parse(String json) {
        try {
            return Jsonp.PROVIDER.createReader(new StringReader(json)).readObject();
        } catch (RuntimeException e) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
    }

    /** The string field {@code k} of {@code o}, or {@code ""}. */
    static String text(JsonObject o, String k) {
        return o.get(k) instanceof JsonString s ? s.getString() : "";
    }
}
