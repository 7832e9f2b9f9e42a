package dev.mandate.guard;

import jakarta.json.JsonObject;

import java.time.Duration;

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
 * @param silence             first call after a gap much longer than the agent's usual gaps (alerts and raises
 *                            risk for a while; never suspends on its own)
 * @param timeOfDay           activity in hours of the day where a regular agent (almost) never acts, scaled by volume
 * @param actionVolume        an unusual count of one action on one resource family (and of its amounts)
 * @param enforcement         whether verdicts suspend ({@code enforce}) or only alert ({@code observe}, shadow mode)
 */
public record GuardConfig(double threshold, Duration halfLife, Learning learning, NovelResource novelResource, RateBurst rateBurst,
                          ImprobableSequence improbableSequence, RepeatedDenials repeatedDenials, Silence silence,
                          TimeOfDay timeOfDay, ActionVolume actionVolume, Enforcement enforcement) {

    /**
     * The learning period: an agent is learning until it has made {@code minObservations} calls AND
     * {@code minDuration} has passed since its first call. Signals are reported while learning but never
     * suspend. After the learning period a call is held back from the baseline (not learned) while the
     * agent's risk score, including that call's signals, is at least {@code holdBack} times the threshold,
     * so that repeated suspicious behaviour is not learned as normal before it adds up to a suspension.
     *
     * @param minObservations calls an agent makes before it can leave the learning period
     * @param minDuration     time since its first call before it can leave the learning period
     * @param holdBack        share of the threshold from which calls are held back from the baseline
     */
    public record Learning(long minObservations, Duration minDuration, double holdBack) {
        /**
         * Validates ranges.
         *
         * @param minObservations not negative
         * @param minDuration     not negative
         * @param holdBack        above 0, at most 1
         * @throws IllegalArgumentException naming the field out of range
         */
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
     * @param enabled         whether the rule runs
     * @param outOfScopeScore score when the resource is also outside every capability the agent declares
     * @param newOriginScore  score when it is inside its scope but on a host the agent never used
     * @param inScopeScore    score when it is inside its scope on a host it already uses
     */
    public record NovelResource(boolean enabled, double outOfScopeScore, double newOriginScore, double inScopeScore) {
        /**
         * Validates ranges.
         *
         * @param enabled         whether the rule runs
         * @param outOfScopeScore not negative
         * @param newOriginScore  not negative
         * @param inScopeScore    not negative
         * @throws IllegalArgumentException naming the field out of range
         */
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
     *
     * @param enabled     whether the rule runs
     * @param score       added per level
     * @param window      the rate window's length
     * @param stddevs     standard deviations above the mean per level
     * @param minCount    least calls in a window for the rule to fire
     * @param maxLevels   most levels counted per window
     * @param idleWindows empty windows within this many of a call count as zero
     * @param minWindows  windows the agent's rate must cover before the rule judges it
     */
    public record RateBurst(boolean enabled, double score, Duration window, double stddevs, int minCount, int maxLevels,
                            int idleWindows, int minWindows) {
        /**
         * Validates ranges.
         *
         * @param enabled     whether the rule runs
         * @param score       not negative
         * @param window      positive
         * @param stddevs     positive
         * @param minCount    positive
         * @param maxLevels   positive
         * @param idleWindows not negative
         * @param minWindows  not negative
         * @throws IllegalArgumentException naming the field out of range
         */
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
     *
     * @param enabled     whether the rule runs
     * @param score       added when it fires
     * @param order       the model's order: 1 (previous call) or 2 (previous two calls)
     * @param floor       probability below which a call is improbable
     * @param minContext  times the context must have been seen
     * @param sessionGap  a longer pause starts a new session
     * @param smoothing   additive smoothing of the transition counts
     * @param startWeight weight of "starts a session" in the probability
     * @param learnAfter  delay before a transition joins the model
     */
    public record ImprobableSequence(boolean enabled, double score, int order, double floor, int minContext, Duration sessionGap,
                                     double smoothing, double startWeight, Duration learnAfter) {
        /**
         * Validates ranges.
         *
         * @param enabled     whether the rule runs
         * @param score       not negative
         * @param order       1 or 2
         * @param floor       between 0 and 1, exclusive
         * @param minContext  positive
         * @param sessionGap  positive
         * @param smoothing   positive
         * @param startWeight at least 0, below 1
         * @param learnAfter  not negative
         * @throws IllegalArgumentException naming the field out of range
         */
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

    /**
     * Fires when {@code count} denied requests fall within {@code window}, and again at each further multiple of count.
     *
     * @param enabled whether the rule runs
     * @param score   added each time it fires
     * @param count   denials that make it fire
     * @param window  the sliding window they must fall in
     */
    public record RepeatedDenials(boolean enabled, double score, int count, Duration window) {
        /**
         * Validates ranges.
         *
         * @param enabled whether the rule runs
         * @param score   not negative
         * @param count   positive
         * @param window  positive
         * @throws IllegalArgumentException naming the field out of range
         */
        public RepeatedDenials {
            nonNegative("repeatedDenials.score", score);
            positive("repeatedDenials.count", count);
            positive("repeatedDenials.window", window);
        }
    }

    /**
     * Fires on the first call after a gap of at least {@code factor} times the agent's longest earlier gap and
     * at least {@code minGap}. It adds {@code score}, which must stay below the threshold: silence alone never
     * suspends (an on-call agent returning for an incident is the worst agent to cut off). For {@code window}
     * after the return every other signal's score is multiplied by {@code boost}, so a returning agent that
     * also deviates is suspended sooner; and the service raises an {@code agent.returned} alert.
     *
     * @param enabled whether the rule runs
     * @param score   added on the return; below the threshold
     * @param factor  multiple of the agent's longest earlier gap
     * @param minGap  shortest gap that counts
     * @param window  how long after the return other signals are boosted
     * @param boost   the multiplier of other signals' scores meanwhile
     */
    public record Silence(boolean enabled, double score, double factor, Duration minGap, Duration window, double boost) {
        /**
         * Validates ranges (that {@code score} is below the threshold is checked by {@link GuardConfig}).
         *
         * @param enabled whether the rule runs
         * @param score   not negative
         * @param factor  positive
         * @param minGap  positive
         * @param window  not negative
         * @param boost   at least 1, finite
         * @throws IllegalArgumentException naming the field out of range
         */
        public Silence {
            nonNegative("silence.score", score);
            positive("silence.factor", factor);
            positive("silence.minGap", minGap);
            nonNegative("silence.window", window);
            if (!(boost >= 1) || Double.isInfinite(boost)) throw new IllegalArgumentException("silence.boost must be at least 1, got " + boost);
        }
    }

    /**
     * Activity at an hour of the day (UTC) where a regular agent has (almost) never acted. An agent is regular
     * once it acted on at least {@code minDays} distinct days and on at least {@code minDayShare} of the days
     * since its first call (an on-call agent silent for days is not, so it is never judged by the clock).
     * The familiarity of an hour is the number of days the agent acted within {@code neighbourHours} of it on
     * the same kind of day (weekday or weekend), plus {@code otherDayWeight} times that on the other kind
     * (smoothing: a weekday bot that works a Saturday morning is not at an unknown hour; one at 03:00 on a
     * Sunday is). An hour is unusual when its familiarity is below {@code rareShare} of the agent's active days.
     * The rule's contribution grows with the volume of unusual calls within {@code window}, relative to the
     * agent's usual calls per active hour (at least {@code minCalls}): {@code scorePerHour} for a full usual
     * hour's volume, so spreading the calls over many hours does not dilute them.
     *
     * @param enabled        whether the rule runs
     * @param scorePerHour   score for a full usual hour's volume of unusual calls
     * @param window         the sliding window unusual calls are counted in
     * @param minDays        least active days for an agent to be regular
     * @param minDayShare    least share of days since its first call it must have acted on
     * @param neighbourHours hours on either side counted towards an hour's familiarity
     * @param otherDayWeight weight of the other kind of day (weekday or weekend)
     * @param rareShare      familiarity below this share of active days makes an hour unusual
     * @param minCalls       least usual calls per active hour assumed
     */
    public record TimeOfDay(boolean enabled, double scorePerHour, Duration window, int minDays, double minDayShare, int neighbourHours,
                            double otherDayWeight, double rareShare, int minCalls) {
        /**
         * Validates ranges.
         *
         * @param enabled        whether the rule runs
         * @param scorePerHour   not negative
         * @param window         positive
         * @param minDays        positive
         * @param minDayShare    0 to 1
         * @param neighbourHours 0 to 11
         * @param otherDayWeight 0 to 1
         * @param rareShare      between 0 and 1, exclusive
         * @param minCalls       positive
         * @throws IllegalArgumentException naming the field out of range
         */
        public TimeOfDay {
            nonNegative("timeOfDay.scorePerHour", scorePerHour);
            positive("timeOfDay.window", window);
            positive("timeOfDay.minDays", minDays);
            if (!(minDayShare >= 0 && minDayShare <= 1)) throw new IllegalArgumentException("timeOfDay.minDayShare must be between 0 and 1, got " + minDayShare);
            if (neighbourHours < 0 || neighbourHours > 11) throw new IllegalArgumentException("timeOfDay.neighbourHours must be 0 to 11, got " + neighbourHours);
            if (!(otherDayWeight >= 0 && otherDayWeight <= 1)) throw new IllegalArgumentException("timeOfDay.otherDayWeight must be between 0 and 1, got " + otherDayWeight);
            if (!(rareShare > 0 && rareShare < 1)) throw new IllegalArgumentException("timeOfDay.rareShare must be between 0 and 1, got " + rareShare);
            positive("timeOfDay.minCalls", minCalls);
        }
    }

    /**
     * An unusual count of one action on one resource family (for example {@code pay https://pay.example.com/transfers})
     * within a sliding {@code window}, against the most the agent made in any fixed window of that length before
     * (counted over at least {@code minWindows} windows in which it used that family). Fires when the count is at
     * least {@code minCount} and at least {@code factor} times that maximum, again at each doubling, adding
     * {@code score} each time up to {@code maxLevels}. The same for the sum of amounts when the decisions carry
     * amounts (per currency).
     *
     * @param enabled    whether the rule runs
     * @param score      added per level
     * @param window     the sliding window's length
     * @param factor     multiple of the earlier maximum that makes it fire
     * @param minCount   least calls in the window for it to fire
     * @param minWindows windows with that family the maximum must cover
     * @param maxLevels  most levels counted
     */
    public record ActionVolume(boolean enabled, double score, Duration window, double factor, int minCount, int minWindows, int maxLevels) {
        /**
         * Validates ranges.
         *
         * @param enabled    whether the rule runs
         * @param score      not negative
         * @param window     positive
         * @param factor     above 1, finite
         * @param minCount   positive
         * @param minWindows positive
         * @param maxLevels  positive
         * @throws IllegalArgumentException naming the field out of range
         */
        public ActionVolume {
            nonNegative("actionVolume.score", score);
            positive("actionVolume.window", window);
            if (!(factor > 1) || Double.isInfinite(factor)) throw new IllegalArgumentException("actionVolume.factor must be above 1, got " + factor);
            positive("actionVolume.minCount", minCount);
            positive("actionVolume.minWindows", minWindows);
            positive("actionVolume.maxLevels", maxLevels);
        }
    }

    /**
     * Shadow mode: in {@code observe} mode the guard decides and alerts ({@code agent.would-suspend}) but suspends
     * no one; in {@code enforce} mode it suspends. With {@code observe} and a positive {@code observeFor}, it
     * enforces once that long has passed since the first decision in the log; an operator can enforce earlier
     * with {@code mandate guard enforce} (an audited {@code guard} entry).
     *
     * @param mode       {@code observe} or {@code enforce}
     * @param observeFor in observe mode, how long after the first decision to start enforcing; zero for never
     */
    public record Enforcement(String mode, Duration observeFor) {
        /**
         * Validates.
         *
         * @param mode       {@code observe} or {@code enforce}
         * @param observeFor not negative
         * @throws IllegalArgumentException if the mode is neither or the duration negative
         */
        public Enforcement {
            if (!"observe".equals(mode) && !"enforce".equals(mode)) {
                throw new IllegalArgumentException("enforcement.mode must be \"observe\" or \"enforce\", got \"" + mode + "\"");
            }
            nonNegative("enforcement.observeFor", observeFor);
        }

        /** {@return true in observe mode} */
        public boolean observing() {
            return "observe".equals(mode);
        }
    }

    /**
     * Validates ranges and presence.
     *
     * @param threshold          positive
     * @param halfLife           positive
     * @param learning           the learning period
     * @param novelResource      rule settings
     * @param rateBurst          rule settings
     * @param improbableSequence rule settings
     * @param repeatedDenials    rule settings
     * @param silence            rule settings; when enabled its score must be below {@code threshold}
     * @param timeOfDay          rule settings
     * @param actionVolume       rule settings
     * @param enforcement        observe or enforce
     * @throws NullPointerException     if a part is null
     * @throws IllegalArgumentException naming the field out of range
     */
    public GuardConfig {
        positive("threshold", threshold);
        positive("halfLife", halfLife);
        java.util.Objects.requireNonNull(learning, "learning");
        java.util.Objects.requireNonNull(novelResource, "novelResource");
        java.util.Objects.requireNonNull(rateBurst, "rateBurst");
        java.util.Objects.requireNonNull(improbableSequence, "improbableSequence");
        java.util.Objects.requireNonNull(repeatedDenials, "repeatedDenials");
        java.util.Objects.requireNonNull(silence, "silence");
        java.util.Objects.requireNonNull(timeOfDay, "timeOfDay");
        java.util.Objects.requireNonNull(actionVolume, "actionVolume");
        java.util.Objects.requireNonNull(enforcement, "enforcement");
        if (silence.enabled() && silence.score() >= threshold) {
            throw new IllegalArgumentException("silence.score must be below the threshold (" + threshold + "), got " + silence.score()
                    + ": silence alone never suspends; raise silence.boost to act sooner on a returning agent that also deviates");
        }
    }

    /** {@return the defaults documented in {@code docs/guard.md}} */
    public static GuardConfig defaults() {
        return new GuardConfig(1.0, Duration.ofMinutes(15),
                new Learning(200, Duration.ofHours(24), 0.5),
                new NovelResource(true, 1.0, 0.6, 0.15),
                new RateBurst(true, 0.4, Duration.ofMinutes(1), 6.0, 30, 3, 60, 60),
                new ImprobableSequence(true, 0.3, 1, 0.02, 30, Duration.ofMinutes(5), 0.5, 0.2, Duration.ofMinutes(15)),
                new RepeatedDenials(true, 0.6, 5, Duration.ofMinutes(10)),
                new Silence(true, 0.5, 3.0, Duration.ofHours(72), Duration.ofHours(2), 2.0),
                new TimeOfDay(true, 2.0, Duration.ofHours(24), 5, 0.6, 1, 0.5, 0.1, 10),
                new ActionVolume(true, 0.5, Duration.ofHours(1), 3.0, 10, 12, 3),
                new Enforcement("enforce", Duration.ZERO));
    }

    /**
     * This configuration with another threshold (and the silence score lowered to half of it if it would reach it).
     *
     * @param t the new threshold, positive
     * @return a new configuration
     * @throws IllegalArgumentException if {@code t} is not positive
     */
    public GuardConfig withThreshold(double t) {
        Silence s = silence.score() < t ? silence
                : new Silence(silence.enabled(), t / 2, silence.factor(), silence.minGap(), silence.window(), silence.boost());
        return new GuardConfig(t, halfLife, learning, novelResource, rateBurst, improbableSequence, repeatedDenials, s, timeOfDay,
                actionVolume, enforcement);
    }

    /**
     * This configuration with another learning period.
     *
     * @param l the learning period
     * @return a new configuration
     */
    public GuardConfig withLearning(Learning l) {
        return new GuardConfig(threshold, halfLife, l, novelResource, rateBurst, improbableSequence, repeatedDenials, silence, timeOfDay,
                actionVolume, enforcement);
    }

    /**
     * This configuration with another enforcement mode.
     *
     * @param e observe or enforce
     * @return a new configuration
     */
    public GuardConfig withEnforcement(Enforcement e) {
        return new GuardConfig(threshold, halfLife, learning, novelResource, rateBurst, improbableSequence, repeatedDenials, silence, timeOfDay,
                actionVolume, e);
    }

    /** {@return the JSON form, every field present, durations as ISO-8601 strings} */
    public JsonObject toJson() {
        return GuardConfigJson.write(this);
    }

    /**
     * Reads a configuration; members left out keep their {@link #defaults()}.
     *
     * @param o the configuration object (e.g. the {@code guard} member of the server configuration)
     * @return the configuration
     * @throws GuardConfigException naming the unknown, mistyped or out-of-range field, on one line
     */
    public static GuardConfig fromJson(JsonObject o) throws GuardConfigException {
        return GuardConfigJson.read(o);
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
