package dev.mandate.vc.jose;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * JWT NumericDate claims ({@code iat}, {@code nbf}, {@code exp}, RFC 7519 §2) and their checks with a
 * clock skew.
 */
public final class JwtTimes {
    /** Largest NumericDate accepted (year 9999). */
    static final long MAX_SECONDS = 253402300799L;

    private JwtTimes() {
    }

    /**
     * {@return the instant of a NumericDate (fractions are truncated; out-of-range values are clamped)}
     *
     * @param n seconds since the epoch
     */
    public static Instant instant(JsonNumber n) {
        BigDecimal d = n.bigDecimalValue();
        if (d.compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) return Instant.ofEpochSecond(MAX_SECONDS);
        if (d.compareTo(BigDecimal.valueOf(-MAX_SECONDS)) < 0) return Instant.ofEpochSecond(-MAX_SECONDS);
        return Instant.ofEpochSecond(d.longValue());
    }

    /**
     * {@return the NumericDate claim {@code name}, if present and numeric}
     *
     * @param claims the JWT claims
     * @param name   e.g. {@code exp}
     */
    public static Optional<Instant> claim(JsonObject claims, String name) {
        JsonValue v = claims.get(name);
        return v instanceof JsonNumber ? Optional.of(instant((JsonNumber) v)) : Optional.empty();
    }

    /**
     * Checks {@code iat} (not in the future), {@code nbf} (reached) and {@code exp} (not passed) at
     * {@code now}, each allowing {@code skew}; a present but non-numeric claim is a MALFORMED_VALUE_ERROR,
     * a failed check a VALIDITY_PERIOD_ERROR. Adds to {@code problems}; returns true if all passed.
     *
     * @param claims   the JWT claims
     * @param now      the verification time
     * @param skew     the tolerated clock difference
     * @param what     names the JWT in messages (e.g. {@code KB-JWT})
     * @param problems receives the problems found
     * @return true if every present time claim passed
     */
    public static boolean check(JsonObject claims, Instant now, Duration skew, String what, List<Problem> problems) {
        boolean ok = true;
        for (String name : new String[] {"iat", "nbf", "exp"}) {
            JsonValue v = claims.get(name);
            if (v == null) continue;
            if (!(v instanceof JsonNumber)) {
                problems.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, what + " claim '" + name + "' is not a NumericDate", "/" + name));
                ok = false;
                continue;
            }
            Instant t = instant((JsonNumber) v);
            if (name.equals("exp") && !now.minus(skew).isBefore(t)) {
                problems.add(new Problem(ErrorType.VALIDITY_PERIOD_ERROR, what + " expired at " + t + " (exp)", "/exp"));
                ok = false;
            } else if (name.equals("nbf") && now.plus(skew).isBefore(t)) {
                problems.add(new Problem(ErrorType.VALIDITY_PERIOD_ERROR, what + " is not valid before " + t + " (nbf)", "/nbf"));
                ok = false;
            } else if (name.equals("iat") && now.plus(skew).isBefore(t)) {
                problems.add(new Problem(ErrorType.VALIDITY_PERIOD_ERROR, what + " was issued in the future, at " + t + " (iat)", "/iat"));
                ok = false;
            }
        }
        return ok;
    }
}
