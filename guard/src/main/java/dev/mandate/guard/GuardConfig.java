package dev.mandate.guard;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * The guard's settings: the threshold, the decay of the risk score, the learning period and each rule's
 * switch, score and parameters. {@link #defaults()} are the values measured in {@code docs/guard.md}; the
 * JSON form ({@link #toJson()}, {@link #fromJson}) uses ISO-8601 durations ({@code "PT15M"}).
 *
 * @param threshold           risk score at which an agent (past its learning period) is suspended
 * @param halfLife            half-life of the risk score: earlier signals count half after this long
 * @param learning            the learning period
 * @param novelResource       first use of a resource family
 * @param rateBurst           requests per window far above the agent's usual rate
 * @param improbableSequence  a call that rarely or never follows the previous one
 * @param repeatedDenials     many denied requests within a window
 * @param silence             first call after a gap much longer than the agent's usual gaps
 */
public record GuardConfig(double threshold, Duration halfLife, Learning learning, NovelResource novelResource, RateBurst rateBurst,
                          ImprobableSequence improbableSequence, RepeatedDenials repeatedDenials, Silence silence) {

    /**
     * The learning period: an agent is learning until it has made {@code minObservations} calls AND
     * {@code minDuration} has passed since its first call. Signals are reported while learning but never
     * suspend. After the learning period a call is held back from the baseline (not learned) while the
     * agent's risk score, including that call's signals, is at least {@code holdBack} times the threshold,
     * so that repeated suspicious behaviour is not learned as normal before it adds up to a suspension.
     */
    public record Learning(long minObservations, Duration minDuration, double holdBack) {
        /** Validates ranges. */
        public Learning {
            nonNegative("learning.minObservations", minObservations);
            nonNegative("learning.minDuration", minDuration);
            if (!(holdBack > 0 && holdBack <= 1)) throw new IllegalArgumentException("learning.holdBack must be above 0 and at most 1, got " + holdBack);
        }
    }

    /**
     * First use of a resource family (action + origin + path with id-like segments as {@code *}) the agent
     * never used successfully before.
     *
     * @param outOfScopeScore score when the resource is also outside every capability the agent declares
     * @param newOriginScore  score when it is inside its scope but on a host the agent never used
     * @param inScopeScore    score when it is inside its scope on a host it already uses
     */
    public record NovelResource(boolean enabled, double outOfScopeScore, double newOriginScore, double inScopeScore) {
        /** Validates ranges. */
        public NovelResource {
            nonNegative("novelResource.outOfScopeScore", outOfScopeScore);
            nonNegative("novelResource.newOriginScore", newOriginScore);
            nonNegative("novelResource.inScopeScore", inScopeScore);
        }
    }

    /**
     * Calls per window far above the agent's mean of past windows (empty windows within {@code idleWindows}
     * of a call count as zero). Fires when the count is at least {@code minCount} and {@code stddevs}
     * standard deviations above the mean, once more at each further multiple of {@code stddevs}, adding
     * {@code score} each time up to {@code maxLevels} times per window.
     */
    public record RateBurst(boolean enabled, double score, Duration window, double stddevs, int minCount, int maxLevels,
                            int idleWindows, int minWindows) {
        /** Validates ranges. */
        public RateBurst {
            nonNegative("rateBurst.score", score);
            positive("rateBurst.window", window);
            positive("rateBurst.stddevs", stddevs);
            positive("rateBurst.minCount", minCount);
            positive("rateBurst.maxLevels", maxLevels);
            nonNegative("rateBurst.idleWindows", idleWindows);
            nonNegative("rateBurst.minWindows", minWindows);
        }
    }

    /**
     * A Markov model of order 1 or 2 over the agent's calls (action + resource family); a call more than
     * {@code sessionGap} after the previous one starts a new session. Fires when the smoothed probability
     * of the call after its context is below {@code floor} and the context was seen at least
     * {@code minContext} times. The probability mixes in, with weight {@code startWeight}, how often the
     * call starts a session: session boundaries are fuzzy, and a call that commonly opens a session is not
     * improbable after anything. A transition joins the model only {@code learnAfter} after it happened (and
     * not at all if the agent is suspended meanwhile), so an improbable step repeated in a short span keeps
     * counting as improbable.
     */
    public record ImprobableSequence(boolean enabled, double score, int order, double floor, int minContext, Duration sessionGap,
                                     double smoothing, double startWeight, Duration learnAfter) {
        /** Validates ranges. */
        public ImprobableSequence {
            nonNegative("improbableSequence.score", score);
            if (order != 1 && order != 2) throw new IllegalArgumentException("improbableSequence.order must be 1 or 2, got " + order);
            if (!(floor > 0 && floor < 1)) throw new IllegalArgumentException("improbableSequence.floor must be between 0 and 1, got " + floor);
            positive("improbableSequence.minContext", minContext);
            positive("improbableSequence.sessionGap", sessionGap);
            positive("improbableSequence.smoothing", smoothing);
            if (!(startWeight >= 0 && startWeight < 1)) throw new IllegalArgumentException("improbableSequence.startWeight must be at least 0 and below 1, got " + startWeight);
            nonNegative("improbableSequence.learnAfter", learnAfter);
        }
    }

    /** Fires when {@code count} denied requests fall within {@code window}, and again at each further multiple of count. */
    public record RepeatedDenials(boolean enabled, double score, int count, Duration window) {
        /** Validates ranges. */
        public RepeatedDenials {
            nonNegative("repeatedDenials.score", score);
            positive("repeatedDenials.count", count);
            positive("repeatedDenials.window", window);
        }
    }

    /** Fires on the first call after a gap of at least {@code factor} times the agent's longest earlier gap and at least {@code minGap}. */
    public record Silence(boolean enabled, double score, double factor, Duration minGap) {
        /** Validates ranges. */
        public Silence {
            nonNegative("silence.score", score);
            positive("silence.factor", factor);
            positive("silence.minGap", minGap);
        }
    }

    /** Validates ranges and presence. */
    public GuardConfig {
        positive("threshold", threshold);
        positive("halfLife", halfLife);
        java.util.Objects.requireNonNull(learning, "learning");
        java.util.Objects.requireNonNull(novelResource, "novelResource");
        java.util.Objects.requireNonNull(rateBurst, "rateBurst");
        java.util.Objects.requireNonNull(improbableSequence, "improbableSequence");
        java.util.Objects.requireNonNull(repeatedDenials, "repeatedDenials");
        java.util.Objects.requireNonNull(silence, "silence");
    }

    /** The defaults documented in {@code docs/guard.md}. */
    public static GuardConfig defaults() {
        return new GuardConfig(1.0, Duration.ofMinutes(15),
                new Learning(200, Duration.ofHours(24), 0.5),
                new NovelResource(true, 1.0, 0.6, 0.15),
                new RateBurst(true, 0.4, Duration.ofMinutes(1), 6.0, 30, 3, 60, 60),
                new ImprobableSequence(true, 0.3, 1, 0.02, 30, Duration.ofMinutes(5), 0.5, 0.2, Duration.ofMinutes(15)),
                new RepeatedDenials(true, 0.6, 5, Duration.ofMinutes(10)),
                new Silence(true, 1.0, 3.0, Duration.ofHours(72)));
    }

    /** This configuration with another threshold. */
    public GuardConfig withThreshold(double t) {
        return new GuardConfig(t, halfLife, learning, novelResource, rateBurst, improbableSequence, repeatedDenials, silence);
    }

    /** The JSON form, every field present. */
    public JsonObject toJson() {
        var p = Jsonp.PROVIDER;
        return p.createObjectBuilder()
                .add("threshold", threshold)
                .add("halfLife", halfLife.toString())
                .add("learning", p.createObjectBuilder().add("minObservations", learning.minObservations())
                        .add("minDuration", learning.minDuration().toString()).add("holdBack", learning.holdBack()))
                .add("novelResource", p.createObjectBuilder().add("enabled", novelResource.enabled())
                        .add("outOfScopeScore", novelResource.outOfScopeScore()).add("newOriginScore", novelResource.newOriginScore())
                        .add("inScopeScore", novelResource.inScopeScore()))
                .add("rateBurst", p.createObjectBuilder().add("enabled", rateBurst.enabled()).add("score", rateBurst.score())
                        .add("window", rateBurst.window().toString()).add("stddevs", rateBurst.stddevs()).add("minCount", rateBurst.minCount())
                        .add("maxLevels", rateBurst.maxLevels()).add("idleWindows", rateBurst.idleWindows()).add("minWindows", rateBurst.minWindows()))
                .add("improbableSequence", p.createObjectBuilder().add("enabled", improbableSequence.enabled())
                        .add("score", improbableSequence.score()).add("order", improbableSequence.order()).add("floor", improbableSequence.floor())
                        .add("minContext", improbableSequence.minContext()).add("sessionGap", improbableSequence.sessionGap().toString())
                        .add("smoothing", improbableSequence.smoothing()).add("startWeight", improbableSequence.startWeight()).add("learnAfter", improbableSequence.learnAfter().toString()))
                .add("repeatedDenials", p.createObjectBuilder().add("enabled", repeatedDenials.enabled()).add("score", repeatedDenials.score())
                        .add("count", repeatedDenials.count()).add("window", repeatedDenials.window().toString()))
                .add("silence", p.createObjectBuilder().add("enabled", silence.enabled()).add("score", silence.score())
                        .add("factor", silence.factor()).add("minGap", silence.minGap().toString()))
                .build();
    }

    /**
     * Reads a configuration; members left out keep their {@link #defaults()}.
     *
     * @throws GuardConfigException naming the unknown, mistyped or out-of-range field, on one line
     */
    public static GuardConfig fromJson(JsonObject o) throws GuardConfigException {
        if (o == null) throw new GuardConfigException("guard configuration must be a JSON object");
        GuardConfig d = defaults();
        try {
            Reader r = new Reader(o, "", Set.of("threshold", "halfLife", "learning", "novelResource", "rateBurst", "improbableSequence",
                    "repeatedDenials", "silence"));
            Reader l = r.object("learning", Set.of("minObservations", "minDuration", "holdBack"));
            Learning learning = new Learning(l.longValue("minObservations", d.learning.minObservations()),
                    l.duration("minDuration", d.learning.minDuration()), l.number("holdBack", d.learning.holdBack()));
            Reader n = r.object("novelResource", Set.of("enabled", "outOfScopeScore", "newOriginScore", "inScopeScore"));
            NovelResource nr = new NovelResource(n.bool("enabled", d.novelResource.enabled()),
                    n.number("outOfScopeScore", d.novelResource.outOfScopeScore()), n.number("newOriginScore", d.novelResource.newOriginScore()),
                    n.number("inScopeScore", d.novelResource.inScopeScore()));
            Reader b = r.object("rateBurst", Set.of("enabled", "score", "window", "stddevs", "minCount", "maxLevels", "idleWindows", "minWindows"));
            RateBurst rb = new RateBurst(b.bool("enabled", d.rateBurst.enabled()), b.number("score", d.rateBurst.score()),
                    b.duration("window", d.rateBurst.window()), b.number("stddevs", d.rateBurst.stddevs()),
                    b.intValue("minCount", d.rateBurst.minCount()), b.intValue("maxLevels", d.rateBurst.maxLevels()),
                    b.intValue("idleWindows", d.rateBurst.idleWindows()), b.intValue("minWindows", d.rateBurst.minWindows()));
            Reader s = r.object("improbableSequence", Set.of("enabled", "score", "order", "floor", "minContext", "sessionGap", "smoothing", "startWeight", "learnAfter"));
            ImprobableSequence is = new ImprobableSequence(s.bool("enabled", d.improbableSequence.enabled()),
                    s.number("score", d.improbableSequence.score()), s.intValue("order", d.improbableSequence.order()),
                    s.number("floor", d.improbableSequence.floor()), s.intValue("minContext", d.improbableSequence.minContext()),
                    s.duration("sessionGap", d.improbableSequence.sessionGap()), s.number("smoothing", d.improbableSequence.smoothing()), s.number("startWeight", d.improbableSequence.startWeight()),
                    s.duration("learnAfter", d.improbableSequence.learnAfter()));
            Reader den = r.object("repeatedDenials", Set.of("enabled", "score", "count", "window"));
            RepeatedDenials rd = new RepeatedDenials(den.bool("enabled", d.repeatedDenials.enabled()), den.number("score", d.repeatedDenials.score()),
                    den.intValue("count", d.repeatedDenials.count()), den.duration("window", d.repeatedDenials.window()));
            Reader si = r.object("silence", Set.of("enabled", "score", "factor", "minGap"));
            Silence sl = new Silence(si.bool("enabled", d.silence.enabled()), si.number("score", d.silence.score()),
                    si.number("factor", d.silence.factor()), si.duration("minGap", d.silence.minGap()));
            return new GuardConfig(r.number("threshold", d.threshold), r.duration("halfLife", d.halfLife), learning, nr, rb, is, rd, sl);
        } catch (IllegalArgumentException e) {
            throw new GuardConfigException("guard configuration: " + e.getMessage());
        }
    }

    /** Typed access to one JSON object level, naming fields by their dotted path. */
    private record Reader(JsonObject o, String path, Set<String> known) {
        Reader {
            for (String k : o.keySet()) {
                if (!known.contains(k)) throw new IllegalArgumentException("unknown field " + path + k + " (known: " + String.join(", ", new java.util.TreeSet<>(known)) + ")");
            }
        }

        private JsonValue get(String k) {
            JsonValue v = o.get(k);
            return v == null || v.getValueType() == JsonValue.ValueType.NULL ? null : v;
        }

        Reader object(String k, Set<String> fields) {
            JsonValue v = get(k);
            if (v == null) return new Reader(JsonValue.EMPTY_JSON_OBJECT, path + k + ".", fields);
            if (v.getValueType() != JsonValue.ValueType.OBJECT) throw new IllegalArgumentException(path + k + " must be an object");
            return new Reader(v.asJsonObject(), path + k + ".", fields);
        }

        double number(String k, double def) {
            JsonValue v = get(k);
            if (v == null) return def;
            if (!(v instanceof JsonNumber n)) throw new IllegalArgumentException(path + k + " must be a number, got " + v);
            return n.doubleValue();
        }

        long longValue(String k, long def) {
            JsonValue v = get(k);
            if (v == null) return def;
            if (!(v instanceof JsonNumber n) || !n.isIntegral()) throw new IllegalArgumentException(path + k + " must be an integer, got " + v);
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException(path + k + " is out of range: " + v);
            }
        }

        int intValue(String k, long def) {
            long x = longValue(k, def);
            if (x > Integer.MAX_VALUE || x < Integer.MIN_VALUE) throw new IllegalArgumentException(path + k + " is out of range: " + x);
            return (int) x;
        }

        boolean bool(String k, boolean def) {
            JsonValue v = get(k);
            if (v == null) return def;
            if (v == JsonValue.TRUE) return true;
            if (v == JsonValue.FALSE) return false;
            if (v.getValueType() == JsonValue.ValueType.TRUE) return true;
            if (v.getValueType() == JsonValue.ValueType.FALSE) return false;
            throw new IllegalArgumentException(path + k + " must be true or false, got " + v);
        }

        Duration duration(String k, Duration def) {
            JsonValue v = get(k);
            if (v == null) return def;
            if (!(v instanceof JsonString s)) throw new IllegalArgumentException(path + k + " must be an ISO-8601 duration string such as \"PT15M\", got " + v);
            try {
                return Duration.parse(s.getString());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(path + k + " must be an ISO-8601 duration such as \"PT15M\", got \"" + s.getString() + "\"");
            }
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must be a positive number, got " + v);
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new IllegalArgumentException(name + " must not be negative, got " + v);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }

    private static void nonNegative(String name, Duration d) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException(name + " must not be a negative duration, got " + d);
    }
}
