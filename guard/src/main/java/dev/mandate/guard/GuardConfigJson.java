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
 * The JSON form of {@link GuardConfig} ({@link GuardConfig#toJson()}, {@link GuardConfig#fromJson}): every member
 * written, durations as ISO-8601 strings; on reading, members left out keep their defaults and an unknown, mistyped or
 * out-of-range member is named by its dotted path.
 */
final class GuardConfigJson {
    private GuardConfigJson() {
    }

    static JsonObject write(GuardConfig c) {
        var p = Jsonp.PROVIDER;
        return p.createObjectBuilder()
                .add("threshold", c.threshold())
                .add("halfLife", c.halfLife().toString())
                .add("learning", p.createObjectBuilder().add("minObservations", c.learning().minObservations())
                        .add("minDuration", c.learning().minDuration().toString()).add("holdBack", c.learning().holdBack()))
                .add("novelResource", p.createObjectBuilder().add("enabled", c.novelResource().enabled())
                        .add("outOfScopeScore", c.novelResource().outOfScopeScore()).add("newOriginScore", c.novelResource().newOriginScore())
                        .add("inScopeScore", c.novelResource().inScopeScore()))
                .add("rateBurst", p.createObjectBuilder().add("enabled", c.rateBurst().enabled()).add("score", c.rateBurst().score())
                        .add("window", c.rateBurst().window().toString()).add("stddevs", c.rateBurst().stddevs()).add("minCount", c.rateBurst().minCount())
                        .add("maxLevels", c.rateBurst().maxLevels()).add("idleWindows", c.rateBurst().idleWindows()).add("minWindows", c.rateBurst().minWindows()))
                .add("improbableSequence", p.createObjectBuilder().add("enabled", c.improbableSequence().enabled())
                        .add("score", c.improbableSequence().score()).add("order", c.improbableSequence().order()).add("floor", c.improbableSequence().floor())
                        .add("minContext", c.improbableSequence().minContext()).add("sessionGap", c.improbableSequence().sessionGap().toString())
                        .add("smoothing", c.improbableSequence().smoothing()).add("startWeight", c.improbableSequence().startWeight()).add("learnAfter", c.improbableSequence().learnAfter().toString()))
                .add("repeatedDenials", p.createObjectBuilder().add("enabled", c.repeatedDenials().enabled()).add("score", c.repeatedDenials().score())
                        .add("count", c.repeatedDenials().count()).add("window", c.repeatedDenials().window().toString()))
                .add("silence", p.createObjectBuilder().add("enabled", c.silence().enabled()).add("score", c.silence().score())
                        .add("factor", c.silence().factor()).add("minGap", c.silence().minGap().toString())
                        .add("window", c.silence().window().toString()).add("boost", c.silence().boost()))
                .add("timeOfDay", p.createObjectBuilder().add("enabled", c.timeOfDay().enabled()).add("scorePerHour", c.timeOfDay().scorePerHour())
                        .add("window", c.timeOfDay().window().toString()).add("minDays", c.timeOfDay().minDays()).add("minDayShare", c.timeOfDay().minDayShare())
                        .add("neighbourHours", c.timeOfDay().neighbourHours()).add("otherDayWeight", c.timeOfDay().otherDayWeight())
                        .add("rareShare", c.timeOfDay().rareShare()).add("minCalls", c.timeOfDay().minCalls()))
                .add("actionVolume", p.createObjectBuilder().add("enabled", c.actionVolume().enabled()).add("score", c.actionVolume().score())
                        .add("window", c.actionVolume().window().toString()).add("factor", c.actionVolume().factor()).add("minCount", c.actionVolume().minCount())
                        .add("minWindows", c.actionVolume().minWindows()).add("maxLevels", c.actionVolume().maxLevels()))
                .add("enforcement", p.createObjectBuilder().add("mode", c.enforcement().mode()).add("observeFor", c.enforcement().observeFor().toString()))
                .build();
    }

    static GuardConfig read(JsonObject o) throws GuardConfigException {
        if (o == null) throw new GuardConfigException("guard configuration must be a JSON object");
        GuardConfig d = GuardConfig.defaults();
        try {
            Reader r = new Reader(o, "", Set.of("threshold", "halfLife", "learning", "novelResource", "rateBurst", "improbableSequence",
                    "repeatedDenials", "silence", "timeOfDay", "actionVolume", "enforcement"));
            Reader l = r.object("learning", Set.of("minObservations", "minDuration", "holdBack"));
            GuardConfig.Learning learning = new GuardConfig.Learning(l.longValue("minObservations", d.learning().minObservations()),
                    l.duration("minDuration", d.learning().minDuration()), l.number("holdBack", d.learning().holdBack()));
            Reader n = r.object("novelResource", Set.of("enabled", "outOfScopeScore", "newOriginScore", "inScopeScore"));
            GuardConfig.NovelResource nr = new GuardConfig.NovelResource(n.bool("enabled", d.novelResource().enabled()),
                    n.number("outOfScopeScore", d.novelResource().outOfScopeScore()), n.number("newOriginScore", d.novelResource().newOriginScore()),
                    n.number("inScopeScore", d.novelResource().inScopeScore()));
            Reader b = r.object("rateBurst", Set.of("enabled", "score", "window", "stddevs", "minCount", "maxLevels", "idleWindows", "minWindows"));
            GuardConfig.RateBurst rb = new GuardConfig.RateBurst(b.bool("enabled", d.rateBurst().enabled()), b.number("score", d.rateBurst().score()),
                    b.duration("window", d.rateBurst().window()), b.number("stddevs", d.rateBurst().stddevs()),
                    b.intValue("minCount", d.rateBurst().minCount()), b.intValue("maxLevels", d.rateBurst().maxLevels()),
                    b.intValue("idleWindows", d.rateBurst().idleWindows()), b.intValue("minWindows", d.rateBurst().minWindows()));
            Reader s = r.object("improbableSequence", Set.of("enabled", "score", "order", "floor", "minContext", "sessionGap", "smoothing", "startWeight", "learnAfter"));
            GuardConfig.ImprobableSequence is = new GuardConfig.ImprobableSequence(s.bool("enabled", d.improbableSequence().enabled()),
                    s.number("score", d.improbableSequence().score()), s.intValue("order", d.improbableSequence().order()),
                    s.number("floor", d.improbableSequence().floor()), s.intValue("minContext", d.improbableSequence().minContext()),
                    s.duration("sessionGap", d.improbableSequence().sessionGap()), s.number("smoothing", d.improbableSequence().smoothing()), s.number("startWeight", d.improbableSequence().startWeight()),
                    s.duration("learnAfter", d.improbableSequence().learnAfter()));
            Reader den = r.object("repeatedDenials", Set.of("enabled", "score", "count", "window"));
            GuardConfig.RepeatedDenials rd = new GuardConfig.RepeatedDenials(den.bool("enabled", d.repeatedDenials().enabled()), den.number("score", d.repeatedDenials().score()),
                    den.intValue("count", d.repeatedDenials().count()), den.duration("window", d.repeatedDenials().window()));
            Reader si = r.object("silence", Set.of("enabled", "score", "factor", "minGap", "window", "boost"));
            GuardConfig.Silence sl = new GuardConfig.Silence(si.bool("enabled", d.silence().enabled()), si.number("score", d.silence().score()),
                    si.number("factor", d.silence().factor()), si.duration("minGap", d.silence().minGap()),
                    si.duration("window", d.silence().window()), si.number("boost", d.silence().boost()));
            Reader t = r.object("timeOfDay", Set.of("enabled", "scorePerHour", "window", "minDays", "minDayShare", "neighbourHours",
                    "otherDayWeight", "rareShare", "minCalls"));
            GuardConfig.TimeOfDay td = new GuardConfig.TimeOfDay(t.bool("enabled", d.timeOfDay().enabled()), t.number("scorePerHour", d.timeOfDay().scorePerHour()),
                    t.duration("window", d.timeOfDay().window()), t.intValue("minDays", d.timeOfDay().minDays()),
                    t.number("minDayShare", d.timeOfDay().minDayShare()), t.intValue("neighbourHours", d.timeOfDay().neighbourHours()),
                    t.number("otherDayWeight", d.timeOfDay().otherDayWeight()), t.number("rareShare", d.timeOfDay().rareShare()),
                    t.intValue("minCalls", d.timeOfDay().minCalls()));
            Reader av = r.object("actionVolume", Set.of("enabled", "score", "window", "factor", "minCount", "minWindows", "maxLevels"));
            GuardConfig.ActionVolume vol = new GuardConfig.ActionVolume(av.bool("enabled", d.actionVolume().enabled()), av.number("score", d.actionVolume().score()),
                    av.duration("window", d.actionVolume().window()), av.number("factor", d.actionVolume().factor()),
                    av.intValue("minCount", d.actionVolume().minCount()), av.intValue("minWindows", d.actionVolume().minWindows()),
                    av.intValue("maxLevels", d.actionVolume().maxLevels()));
            Reader en = r.object("enforcement", Set.of("mode", "observeFor"));
            GuardConfig.Enforcement enf = new GuardConfig.Enforcement(en.text("mode", d.enforcement().mode()), en.duration("observeFor", d.enforcement().observeFor()));
            return new GuardConfig(r.number("threshold", d.threshold()), r.duration("halfLife", d.halfLife()), learning, nr, rb, is, rd, sl, td,
                    vol, enf);
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

        String text(String k, String def) {
            JsonValue v = get(k);
            if (v == null) return def;
            if (!(v instanceof JsonString s)) throw new IllegalArgumentException(path + k + " must be a string, got " + v);
            return s.getString();
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
}
