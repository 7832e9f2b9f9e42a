package dev.mandate.guard;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A read-only snapshot of what the guard has learned about one agent.
 *
 * @param agent            the agent
 * @param observations     calls seen (including ones not learned)
 * @param learned          calls learned into the baseline
 * @param firstAt          its first call
 * @param lastAt           its latest call
 * @param learning         true while in the learning period
 * @param risk             its risk score as of {@code lastAt}
 * @param families         the resource families it used successfully, most used first
 * @param rateMean         mean calls per rate window (active windows and idle ones near them)
 * @param rateStddev       their standard deviation
 * @param rateWindows      how many windows those figures cover
 * @param longestGap       the longest gap between two learned calls
 * @param transitions      distinct call-to-call transitions in the sequence model
 * @param declaredScope    the capabilities the agent's latest call declared
 * @param unusedScope      those of them no learned family falls under (declared but never used)
 * @param suspensions      verdicts that said suspend
 * @param activeDays       distinct days (UTC) with a learned call
 * @param callsPerActiveHour learned calls per hour in which it acted
 * @param hourDays         for each hour of the day (UTC), on how many days it acted then: 24 weekday entries, then 24 weekend entries
 * @param heldBack         calls held back from learning since its last suspension (what a dismissal would fold in)
 * @param predictability   how much its previous call tells about its next one (0: nothing, 1: everything); the
 *                         improbable-sequence rule judges only agents at 0.3 or more
 */
public record Baseline(String agent, long observations, long learned, Instant firstAt, Instant lastAt, boolean learning, double risk,
                       List<FamilyUse> families, double rateMean, double rateStddev, long rateWindows, Duration longestGap,
                       int transitions, List<Scope> declaredScope, List<Scope> unusedScope, long suspensions, long activeDays,
                       double callsPerActiveHour, List<Integer> hourDays, int heldBack, double predictability) {

    /**
     * One resource family and how the agent used it.
     *
     * @param family    the family, e.g. {@code https://erp.example.com/purchase-orders/*}
     * @param count     learned calls to it
     * @param firstSeen the first of them
     * @param lastSeen  the latest of them
     */
    public record FamilyUse(String family, long count, Instant firstSeen, Instant lastSeen) {}

    /**
     * Copies the lists.
     *
     * @param agent              the agent
     * @param observations       calls seen
     * @param learned            calls learned
     * @param firstAt            the first call
     * @param lastAt             the latest call
     * @param learning           whether still learning
     * @param risk               the risk score
     * @param families           families used, most used first; copied
     * @param rateMean           mean calls per rate window
     * @param rateStddev         their standard deviation
     * @param rateWindows        windows covered
     * @param longestGap         longest gap between learned calls
     * @param transitions        distinct transitions
     * @param declaredScope      declared capabilities; copied
     * @param unusedScope        declared but unused capabilities; copied
     * @param suspensions        suspend verdicts
     * @param activeDays         days with a learned call
     * @param callsPerActiveHour learned calls per active hour
     * @param hourDays           48 day counts per hour (weekday, then weekend); copied
     * @param heldBack           calls held back since the last suspension
     * @param predictability     0 to 1
     * @throws NullPointerException if {@code agent} or a list is null
     */
    public Baseline {
        Objects.requireNonNull(agent, "agent");
        families = List.copyOf(families);
        declaredScope = List.copyOf(declaredScope);
        unusedScope = List.copyOf(unusedScope);
        hourDays = List.copyOf(hourDays);
    }

    /** {@return the JSON form for {@code mandate guard show} and debugging (risk rounded to six decimals)} */
    public JsonObject toJson() {
        var p = Jsonp.PROVIDER;
        JsonArrayBuilder fs = p.createArrayBuilder();
        for (FamilyUse f : families) {
            fs.add(p.createObjectBuilder().add("family", f.family()).add("count", f.count()).add("firstSeen", f.firstSeen().toString())
                    .add("lastSeen", f.lastSeen().toString()));
        }
        JsonArrayBuilder ds = p.createArrayBuilder();
        declaredScope.forEach(s -> ds.add(s.toString()));
        JsonArrayBuilder us = p.createArrayBuilder();
        unusedScope.forEach(s -> us.add(s.toString()));
        return p.createObjectBuilder().add("agent", agent).add("observations", observations).add("learned", learned)
                .add("firstAt", String.valueOf(firstAt)).add("lastAt", String.valueOf(lastAt)).add("learning", learning)
                .add("risk", Math.round(risk * 1e6) / 1e6).add("families", fs)
                .add("rate", p.createObjectBuilder().add("mean", rateMean).add("stddev", rateStddev).add("windows", rateWindows))
                .add("longestGap", longestGap.toString()).add("transitions", transitions).add("declaredScope", ds)
                .add("unusedScope", us).add("suspensions", suspensions)
                .add("seasonality", p.createObjectBuilder().add("activeDays", activeDays).add("callsPerActiveHour", callsPerActiveHour)
                        .add("weekdayHourDays", p.createArrayBuilder(hourDays.subList(0, 24)))
                        .add("weekendHourDays", p.createArrayBuilder(hourDays.subList(24, 48))))
                .add("heldBack", heldBack).add("predictability", Math.round(predictability * 1000) / 1000.0).build();
    }
}
