package dev.mandate.vc.verify;

import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.model.Credential;
import dev.mandate.vc.model.DateTimeStamp;
import dev.mandate.vc.model.VcVersion;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a credential's validity period against a clock: VC 2.0 {@code validFrom}/{@code validUntil},
 * VC 1.1 {@code issuanceDate}/{@code expirationDate} (both pairs are honoured whichever the version,
 * as VC 1.1 documents may carry {@code validFrom}/{@code validUntil} too).
 *
 * <p>With skew {@code s}, a credential is valid at {@code now} when
 * {@code start <= now + s} and {@code now - s <= end}: both bounds are inclusive, and the skew
 * tolerates clocks that disagree by up to {@code s} in either direction.
 *
 * <p>Problems have type {@link ErrorType#VALIDITY_PERIOD_ERROR}. A date that cannot be parsed is a
 * {@link ErrorType#MALFORMED_VALUE_ERROR} (so this check fails closed even when run on its own;
 * {@link dev.mandate.vc.model.DataModelValidator} reports the same value with the same path).
 */
public final class ValidityPeriod {
    private ValidityPeriod() {}

    /**
     * {@return the reasons {@code credential} is not valid at {@code now}, empty if it is}
     *
     * @param credential the credential
     * @param now        the verification time
     * @param skew       tolerated clock difference, zero or positive
     */
    public static List<Problem> check(Credential credential, Instant now, Duration skew) {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(skew, "skew");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("skew must not be negative: " + skew);
        }
        boolean v11 = credential.version() == VcVersion.V1_1;
        List<Problem> problems = new ArrayList<>();
        Instant latestStart = saturatingPlus(now, skew);
        Instant earliestEnd = saturatingMinus(now, skew);
        start(credential, "validFrom", !v11, latestStart, now, problems);
        start(credential, "issuanceDate", false, latestStart, now, problems);
        end(credential, "validUntil", !v11, earliestEnd, now, problems);
        end(credential, "expirationDate", false, earliestEnd, now, problems);
        return List.copyOf(problems);
    }

    /**
     * The instants at which {@link #check(Credential, Instant, Duration)} finds no problem, both bounds included:
     * from the latest start ({@code validFrom}, {@code issuanceDate}) less the skew to the earliest end
     * ({@code validUntil}, {@code expirationDate}) plus the skew, {@link Instant#MIN} or {@link Instant#MAX} where the
     * credential has none. For a caller that asks again and again about one credential (a cache of verified ones):
     * comparing two instants instead of parsing its dates each time.
     *
     * @param credential the credential
     * @param skew       tolerated clock difference, zero or positive
     * @return the window, or empty when a date present cannot be read (then only {@code check} can answer)
     */
    public static Optional<Window> window(Credential credential, Duration skew) {
        Objects.requireNonNull(credential, "credential");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("skew must not be negative: " + skew);
        }
        boolean v11 = credential.version() == VcVersion.V1_1;
        List<Problem> unreadable = new ArrayList<>();
        Instant from = Instant.MIN;
        Instant until = Instant.MAX;
        for (Optional<Instant> t : List.of(time(credential, "validFrom", !v11, unreadable), time(credential, "issuanceDate", false, unreadable))) {
            if (t.isPresent() && saturatingMinus(t.get(), skew).isAfter(from)) {
                from = saturatingMinus(t.get(), skew);
            }
        }
        for (Optional<Instant> t : List.of(time(credential, "validUntil", !v11, unreadable), time(credential, "expirationDate", false, unreadable))) {
            if (t.isPresent() && saturatingPlus(t.get(), skew).isBefore(until)) {
                until = saturatingPlus(t.get(), skew);
            }
        }
        return unreadable.isEmpty() ? Optional.of(new Window(from, until)) : Optional.empty();
    }

    /**
     * Instants from {@code from} to {@code until}, both included.
     *
     * @param from  the first instant in the window
     * @param until the last instant in the window
     */
    public record Window(Instant from, Instant until) {
        /**
         * Checks that both bounds are given.
         *
         * @param from  the first instant in the window
         * @param until the last instant in the window
         */
        public Window {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(until, "until");
        }

        /**
         * {@return whether {@code t} is in the window}
         *
         * @param t the instant
         */
        public boolean contains(Instant t) {
            return !t.isBefore(from) && !t.isAfter(until);
        }
    }

    /**
     * Like {@link #check(Credential, Instant, Duration)} with no clock skew.
     *
     * @param credential the credential's verified view
     * @param now        the verification time
     * @return the problems found, empty when the period includes {@code now}
     */
    public static List<Problem> check(Credential credential, Instant now) {
        return check(credential, now, Duration.ZERO);
    }

    private static void start(Credential c, String key, boolean stamp, Instant latest, Instant now, List<Problem> out) {
        time(c, key, stamp, out).ifPresent(t -> {
            if (t.isAfter(latest)) {
                out.add(new Problem(ErrorType.VALIDITY_PERIOD_ERROR, "credential is not yet valid: " + key + " is "
                        + DateTimeStamp.format(t) + ", verification time is " + DateTimeStamp.format(now), path(key)));
            }
        });
    }

    private static void end(Credential c, String key, boolean stamp, Instant earliest, Instant now, List<Problem> out) {
        time(c, key, stamp, out).ifPresent(t -> {
            if (t.isBefore(earliest)) {
                out.add(new Problem(ErrorType.VALIDITY_PERIOD_ERROR, "credential has expired: " + key + " is "
                        + DateTimeStamp.format(t) + ", verification time is " + DateTimeStamp.format(now), path(key)));
            }
        });
    }

    private static Optional<Instant> time(Credential c, String key, boolean stamp, List<Problem> out) {
        JsonValue v = c.json().get(key);
        if (v == null) {
            return Optional.empty();
        }
        Optional<Instant> t = v instanceof JsonString
                ? (stamp ? DateTimeStamp.parse(((JsonString) v).getString()) : DateTimeStamp.parseDateTime(((JsonString) v).getString()))
                : Optional.empty();
        if (t.isEmpty()) {
            out.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, key + " is not a valid date-time, so the validity period cannot be checked",
                    path(key)));
        }
        return t;
    }

    private static String path(String key) {
        return JsonPointers.child(JsonPointers.ROOT, key);
    }

    private static Instant saturatingPlus(Instant t, Duration d) {
        try {
            return t.plus(d);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Instant.MAX;
        }
    }

    private static Instant saturatingMinus(Instant t, Duration d) {
        try {
            return t.minus(d);
        } catch (ArithmeticException | java.time.DateTimeException e) {
            return Instant.MIN;
        }
    }
}
