package dev.mandate.vc.verifier;

import dev.mandate.vc.model.DateTimeStamp;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The times at which every time check of a verified Data Integrity credential passes, bounds included: its
 * validity period ({@code validFrom}/{@code issuanceDate} to {@code validUntil}/{@code expirationDate}) and its
 * proofs' {@code created} to {@code expires}, each widened by the clock skew. {@code from} null: unknown (a date
 * that is not a dateTimeStamp, a proof that is not an object), so every recheck runs the checks themselves.
 */
record TimeWindow(Instant from, Instant until) {
    static final TimeWindow UNKNOWN = new TimeWindow(null, null);

    /** {@return whether every time check passes at {@code now}; false when unknown} */
    boolean admits(Instant now) {
        return from != null && !now.isBefore(from) && !now.isAfter(until);
    }

    /** {@return the window of {@code view} with {@code clockSkew}, or {@link #UNKNOWN}} */
    static TimeWindow of(JsonObject view, Duration clockSkew) {
        try {
            Instant from = Instant.MIN;
            Instant until = Instant.MAX;
            List<JsonObject> timed = new ArrayList<>(List.of(view));
            JsonValue proof = view.get("proof");
            for (JsonValue p : proof instanceof JsonArray a ? a : proof == null ? List.<JsonValue>of() : List.of(proof)) {
                if (!(p instanceof JsonObject o)) {
                    return TimeWindow.UNKNOWN;
                }
                timed.add(o);
            }
            for (int i = 0; i < timed.size(); i++) {
                JsonObject o = timed.get(i);
                for (String start : i == 0 ? List.of("validFrom", "issuanceDate") : List.of("created")) {
                    Instant t = time(o, start);
                    if (t != null && t.minus(clockSkew).isAfter(from)) {
                        from = t.minus(clockSkew);
                    }
                }
                for (String end : i == 0 ? List.of("validUntil", "expirationDate") : List.of("expires")) {
                    Instant t = time(o, end);
                    if (t != null && t.plus(clockSkew).isBefore(until)) {
                        until = t.plus(clockSkew);
                    }
                }
            }
            return new TimeWindow(from, until);
        } catch (Unreadable | java.time.DateTimeException | ArithmeticException e) { // or a date near the ends of time
            return TimeWindow.UNKNOWN;
        }
    }

    /** A present date that is not a dateTimeStamp. */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable() {
            super(null, null, false, false);
        }
    }

    /** {@return the member's instant, null when it is absent} */
    private static Instant time(JsonObject o, String member) throws Unreadable {
        if (!o.containsKey(member)) {
            return null;
        }
        return (o.get(member) instanceof JsonString s ? DateTimeStamp.parse(s.getString()) : Optional.<Instant>empty())
                .orElseThrow(Unreadable::new);
    }

    /** Whether every proof's {@code created} and {@code expires} admit {@code now}, as the adapter checks them. */
    static boolean proofTimesAdmit(JsonObject view, Instant now, Duration clockSkew) {
        JsonValue proof = view.get("proof");
        for (JsonValue p : proof instanceof JsonArray a ? a : proof == null ? List.<JsonValue>of() : List.of(proof)) {
            if (!(p instanceof JsonObject o)) {
                return false;
            }
            Optional<Instant> created = o.get("created") instanceof JsonString c ? DateTimeStamp.parse(c.getString()) : Optional.empty();
            Optional<Instant> expires = o.get("expires") instanceof JsonString e ? DateTimeStamp.parse(e.getString()) : Optional.empty();
            if (created.isPresent() && created.get().isAfter(now.plus(clockSkew))
                    || expires.isPresent() && expires.get().isBefore(now.minus(clockSkew))) {
                return false;
            }
        }
        return true;
    }
}
