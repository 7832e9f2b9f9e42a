package dev.mandate.guard;

import static dev.mandate.guard.Guard.MAX_FAMILIES;
import static dev.mandate.guard.Guard.MAX_HELD;
import static dev.mandate.guard.Guard.MAX_RECENT;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything known about one agent; guarded by its own monitor. Its maps keep insertion order, so that a
 * baseline written to a checkpoint and read back iterates (and sums) exactly as the original ({@link GuardState}).
 */
final class AgentModel {
    /** rate-burst fires only on a window count at least this many times the agent's busiest learned window. */
    static final double RATE_MAX_FACTOR = 2.0;
    /**
     * A new in-scope family on a known host scores less when the agent often meets new families: its score is scaled by
     * this over the share of its learned calls that went to a family used only once (Good-Turing), when that share is higher.
     */
    static final double NOVELTY_REFERENCE = 0.01;

    private final Guard guard;
    private final GuardConfig config;
    long observations;
    long learned;
    long suspensions;
    long firstMs;
    long lastMs;
    long longestGapMs;
    double risk;
    long riskMs;
    final LinkedHashMap<String, Family> families = new LinkedHashMap<>();
    final LinkedHashSet<String> attempted = new LinkedHashSet<>();
    final LinkedHashSet<String> origins = new LinkedHashSet<>();
    // rate
    long curWindow = Long.MIN_VALUE;
    int curCount;
    int curLevel;
    /** When the current burst level was first reached: levels restart a window after that. */
    long curLevelMs;
    final ArrayDeque<Long> recent = new ArrayDeque<>();
    boolean curTainted;
    long rateN;
    double rateMean;
    double rateM2;
    int rateMax;
    // the same over busy windows only (at least one call): the agent's rate while it is active
    long busyN;
    double busyMean;
    double busyM2;
    // sequence
    final SequenceModel sequence = new SequenceModel();
    long singletonFamilies;
    // denials
    final ArrayDeque<Long> denials = new ArrayDeque<>();
    List<Scope> lastScope = List.of();
    // seasonality and time of day
    final Seasonality season = new Seasonality();
    final ArrayDeque<Long> unusual = new ArrayDeque<>();
    double todContribution;
    long todMs;
    // silence: until when other signals are boosted
    long boostUntilMs = Long.MIN_VALUE;
    // action volume: per token, and per token + currency for amounts
    final LinkedHashMap<String, VolumeCounter> volumes = new LinkedHashMap<>();
    final LinkedHashMap<String, VolumeCounter> amounts = new LinkedHashMap<>();
    // calls held back from learning since the last suspension, for dismiss()
    final ArrayDeque<Observation> held = new ArrayDeque<>();

    AgentModel(Guard guard) {
        this.guard = guard;
        this.config = guard.config();
    }

    Verdict observe(Observation o) {
        GuardConfig c = config;
        long ms = o.at().toEpochMilli();
        boolean first = observations == 0;
        if (first) {
            firstMs = ms;
            lastMs = ms;
            riskMs = ms;
        }
        List<Signal> signals = new ArrayList<>(2);
        // decay
        if (ms > riskMs) {
            risk *= Math.pow(0.5, (ms - riskMs) / (double) c.halfLife().toMillis());
            riskMs = ms;
        }
        long gap = Math.max(0, ms - lastMs);

        // silence
        GuardConfig.Silence sil = c.silence();
        if (sil.enabled() && !first) {
            long limit = Math.max(sil.minGap().toMillis(), (long) (sil.factor() * longestGapMs));
            if (gap >= limit) {
                boostUntilMs = ms + sil.window().toMillis();
                signals.add(new Signal(Signal.SILENCE, sil.score(), "first call after " + dur(gap) + " of silence: the longest earlier gap was "
                        + dur(longestGapMs) + " (limit " + fmt(sil.factor()) + "x that and at least " + dur(sil.minGap().toMillis())
                        + "); other signals count " + fmt(sil.boost()) + "x until " + Instant.ofEpochMilli(boostUntilMs),
                        Jsonp.PROVIDER.createObjectBuilder().add("gapSeconds", gap / 1000).add("longestGapSeconds", longestGapMs / 1000)
                                .add("limitSeconds", limit / 1000).add("lastCall", Instant.ofEpochMilli(lastMs).toString())
                                .add("boost", sil.boost()).add("boostUntil", Instant.ofEpochMilli(boostUntilMs).toString()).build()));
            }
        }

        // rate: close the previous window when this call opens a later one
        GuardConfig.RateBurst rb = c.rateBurst();
        long windowMs = rb.window().toMillis();
        long w = Math.floorDiv(ms, windowMs);
        if (curWindow == Long.MIN_VALUE) {
            curWindow = w;
        } else if (w > curWindow) {
            if (!curTainted) {
                addWindows(1, curCount);
                rateMax = Math.max(rateMax, curCount);
                season.addRateWindow(curWindow, windowMs, curCount);
            }
            long empty = Math.min(w - curWindow - 1, rb.idleWindows());
            if (empty > 0) addWindows(empty, 0);
            for (long j = 1; j <= empty; j++) season.addRateWindow(curWindow + j, windowMs, 0);
            curWindow = w;
            curCount = 0;
            curTainted = false;
        }
        // the count is over a sliding window ending now; the statistics are over fixed windows
        while (!recent.isEmpty() && recent.peekFirst() <= ms - windowMs) recent.pollFirst();
        int inWindow = recent.size() + 1;
        // a burst scores again once a whole window has passed since it first scored (a burst that goes on
        // adds every window), not merely because its calls straddle the boundary of two fixed windows
        if (inWindow < rb.minCount() || ms - curLevelMs >= windowMs) curLevel = 0;
        // and at least RATE_MAX_FACTOR times the busiest window it ever had: a bursty agent's usual bursts are not news
        if (rb.enabled() && rateN >= rb.minWindows() && inWindow >= rb.minCount() && inWindow >= RATE_MAX_FACTOR * rateMax) {
            double sd = Math.max(1.0, rateN > 1 ? Math.sqrt(rateM2 / (rateN - 1)) : 0);
            double mean = rateMean;
            // seasonality: at an hour of the day where the agent is usually busier, compare with that hour
            if (season.rateWindows(ms) >= rb.minWindows()) {
                mean = Math.max(mean, season.rateMean(ms));
                sd = Math.max(sd, season.rateStddev(ms));
            }
            // right after a return from silence the agent is, by definition, active again: judge its rate
            // against the minutes it was active, not against its quiet minutes too (an on-call agent returns
            // for an incident, and its baseline of incidents is thin)
            boolean returning = ms < boostUntilMs;
            if (returning && busyN > 1) {
                mean = Math.max(mean, busyMean);
                sd = Math.max(sd, Math.sqrt(busyM2 / (busyN - 1)));
            }
            double z = (inWindow - mean) / sd;
            int level = (int) Math.floor(z / rb.stddevs());
            int add = Math.min(level, rb.maxLevels()) - Math.min(curLevel, rb.maxLevels());
            if (level > 0 && curLevel == 0) curLevelMs = ms;
            if (level > curLevel) curLevel = level;
            if (add > 0) {
                Instant since = Instant.ofEpochMilli(ms - windowMs);
                signals.add(new Signal(Signal.RATE_BURST, rb.score() * add, count(inWindow) + " calls in the " + dur(windowMs) + " since "
                        + since + ": " + fmt(z) + " standard deviations above the usual " + fmt(mean)
                        + " (sd " + fmt(sd) + ", limit " + fmt(rb.stddevs()) + " sd and at least " + rb.minCount() + " calls)",
                        Jsonp.PROVIDER.createObjectBuilder().add("count", inWindow).add("since", since.toString())
                                .add("windowSeconds", windowMs / 1000).add("mean", mean).add("stddev", sd).add("z", z)
                                .add("windows", rateN).add("level", level).add("busiestWindow", rateMax)
                                .add("busyWindows", busyN).add("afterSilence", returning).build()));
            }
        }

        // denials
        GuardConfig.RepeatedDenials rd = c.repeatedDenials();
        if (!o.allowed()) {
            long from = ms - rd.window().toMillis();
            while (!denials.isEmpty() && denials.peekFirst() <= from) denials.pollFirst();
            denials.addLast(ms);
            if (denials.size() > MAX_RECENT) denials.pollFirst();
            int n = denials.size();
            if (rd.enabled() && n >= rd.count() && (n - rd.count()) % rd.count() == 0) {
                JsonArrayBuilder codes = Jsonp.PROVIDER.createArrayBuilder();
                o.denyCodes().forEach(codes::add);
                signals.add(new Signal(Signal.REPEATED_DENIALS, rd.score(), count(n) + " denied requests within " + dur(rd.window().toMillis())
                        + " (limit " + rd.count() + "), the latest " + o.action() + " " + o.resource() + " " + o.denyCodes(),
                        Jsonp.PROVIDER.createObjectBuilder().add("denials", n).add("windowSeconds", rd.window().toMillis() / 1000)
                                .add("limit", rd.count()).add("lastCodes", codes).build()));
            }
        }

        // time of day: calls at hours where a regular agent (almost) never acts, scaled by their volume
        GuardConfig.TimeOfDay td = c.timeOfDay();
        if (td.enabled()) timeOfDay(o, ms, td, signals);

        // novel resource
        String family = Families.of(o.resource());
        String token = o.action() + " " + family;
        String origin = Families.origin(family);
        GuardConfig.NovelResource nr = c.novelResource();
        boolean known = families.containsKey(token) || (!o.allowed() && attempted.contains(token));
        if (nr.enabled() && !known) {
            boolean inScope = guard.inScope(o);
            boolean newOrigin = !origins.contains(origin);
            double expectedNew = learned == 0 ? 0 : singletonFamilies / (double) learned;
            double damp = expectedNew > NOVELTY_REFERENCE ? NOVELTY_REFERENCE / expectedNew : 1;
            double score = !inScope ? nr.outOfScopeScore() : newOrigin ? nr.newOriginScore() : nr.inScopeScore() * damp;
            if (score > 0) {
                String where = !inScope ? "outside the agent's " + count(o.scope().size()) + " capabilities"
                        : newOrigin ? "inside its capabilities but on a host (" + origin + ") it never used" : "inside its capabilities";
                signals.add(new Signal(Signal.NOVEL_RESOURCE, score, "first use of " + token + " : never used in " + count(learned)
                        + " calls and " + where + (o.allowed() ? "" : " (denied " + o.denyCodes() + ")"),
                        Jsonp.PROVIDER.createObjectBuilder().add("family", family).add("action", o.action()).add("resource", o.resource())
                                .add("inScope", inScope).add("newOrigin", newOrigin).add("knownFamilies", families.size())
                                .add("learnedCalls", learned).add("capabilities", o.scope().size()).add("allowed", o.allowed())
                                .add("newFamilyRate", expectedNew).build()));
            }
        }

        // volume of this action on this family (and of its amounts)
        GuardConfig.ActionVolume av = c.actionVolume();
        long avWindow = av.window().toMillis();
        VolumeCounter vol = null;
        VolumeCounter amt = null;
        if (o.allowed() && families.containsKey(token)) {
            vol = volumes.computeIfAbsent(token, t -> new VolumeCounter());
            vol.advance(ms, avWindow);
            if (av.enabled()) volume(o, token, vol, 1, "calls", "", av, signals);
            if (o.hasAmount()) {
                amt = amounts.computeIfAbsent(token + " " + o.currency(), t -> new VolumeCounter());
                amt.advance(ms, avWindow);
                if (av.enabled()) volume(o, token, amt, o.amount(), "amount", o.currency(), av, signals);
            }
        }

        // sequence (allowed calls only); first commit the transitions now old enough
        GuardConfig.ImprobableSequence is = c.improbableSequence();
        sequence.commitDue(ms);
        String ctxKey = o.allowed() ? sequence.improbable(ms, token, families.containsKey(token), families.size(), is, signals) : null;

        // after a long silence, every other signal counts more for a while
        if (ms < boostUntilMs && c.silence().boost() > 1) {
            for (int i = 0; i < signals.size(); i++) {
                Signal s = signals.get(i);
                // Not the return itself, and not the amount of activity: a return from silence is by itself a
                // change in how much the agent does (an on-call agent returns for an incident, and an incident is
                // a burst), which the silence signal has scored; counting the burst double would score the same
                // event twice. What the returning agent does (families, order, hours, denials, per-action
                // volume) still counts double, and a burst far above normal still suspends on its own.
                if (s.rule().equals(Signal.SILENCE) || s.rule().equals(Signal.RATE_BURST)) continue;
                signals.set(i, new Signal(s.rule(), s.score() * c.silence().boost(), s.explanation() + " (x" + fmt(c.silence().boost())
                        + " within " + dur(c.silence().window().toMillis()) + " of a return from silence)", s.evidence()));
            }
        }

        // verdict
        double add = 0;
        for (Signal s : signals) add += s.score();
        long obs = observations + 1;
        boolean learning = obs < c.learning().minObservations() || ms - firstMs < c.learning().minDuration().toMillis();
        // What happens while learning is the baseline, not evidence: the risk starts at zero when learning
        // ends (a verdict during learning reports only its own signals' score).
        double score;
        if (learning) {
            risk = 0;
            score = add;
        } else {
            risk += add;
            score = risk;
        }
        boolean suspend = !learning && risk >= c.threshold();
        boolean hold = suspend || !learning && risk >= c.learning().holdBack() * c.threshold();

        // learn
        observations = obs;
        lastScope = o.scope();
        if (vol != null) vol.add(ms, 1, hold);
        if (amt != null) amt.add(ms, o.amount(), hold);
        if (!hold) {
            learned++;
            season.learn(ms);
            if (!first) longestGapMs = Math.max(longestGapMs, gap);
            Family f = families.get(token);
            if (o.allowed() && (f != null || families.size() < MAX_FAMILIES)) {
                if (f == null) {
                    f = new Family(ms, o.action(), o.resource());
                    families.put(token, f);
                    attempted.remove(token);
                }
                f.count++;
                if (f.count == 1) singletonFamilies++;
                else if (f.count == 2) singletonFamilies--;
                f.lastMs = Math.max(f.lastMs, ms);
                origins.add(origin);
                sequence.learn(ms, ctxKey, token, is);
            } else if (!o.allowed() && f == null && attempted.size() < MAX_FAMILIES) {
                attempted.add(token);
            }
        } else {
            if (suspend) {
                suspensions++;
                sequence.dropPending();
            }
            curTainted = true;
            held.addLast(o);
            if (held.size() > MAX_HELD) held.pollFirst();
        }
        if (o.allowed()) sequence.called(ms, token, is);
        curCount++;
        recent.addLast(Math.max(ms, recent.isEmpty() ? ms : recent.peekLast()));
        if (recent.size() > MAX_RECENT) recent.pollFirst();
        lastMs = Math.max(lastMs, ms);
        return new Verdict(o.agent(), o.seq(), o.at(), score, signals, learning, suspend);
    }

    /** The time-of-day rule: see {@link GuardConfig.TimeOfDay}. */
    void timeOfDay(Observation o, long ms, GuardConfig.TimeOfDay td, List<Signal> signals) {
        if (!season.regular(ms, td)) return;
        double fam = season.familiarity(ms, td);
        double rare = td.rareShare() * season.activeDays;
        if (fam >= rare) return;
        long windowMs = td.window().toMillis();
        while (!unusual.isEmpty() && unusual.peekFirst() <= ms - windowMs) unusual.pollFirst();
        unusual.addLast(ms);
        if (unusual.size() > MAX_RECENT) unusual.pollFirst();
        int k = unusual.size();
        double perHour = Math.max(td.minCalls(), season.callsPerActiveHour());
        double target = td.scorePerHour() * k / perHour;
        double left = todContribution * Math.pow(0.5, Math.max(0, ms - todMs) / (double) config.halfLife().toMillis());
        double add = target - left;
        todContribution = target;
        todMs = ms;
        if (add <= 0) return;
        int hour = Seasonality.hour(ms);
        String kind = Seasonality.kind(Seasonality.day(ms)) == 1 ? "weekend" : "weekday";
        signals.add(new Signal(Signal.TIME_OF_DAY, add, String.format(Locale.ROOT,
                "%s call at %02d:00-%02d:59 UTC on a %s: it acted within %d h of that hour on %.1f of its %d active days (limit %.1f); %d such call(s) in the last %s, %.2f of its usual %.1f calls per active hour",
                o.action() + " " + o.resource(), hour, hour, kind, td.neighbourHours(), fam, season.activeDays, rare, k, dur(windowMs),
                k / perHour, season.callsPerActiveHour()),
                Jsonp.PROVIDER.createObjectBuilder().add("hour", hour).add("dayKind", kind).add("familiarity", fam)
                        .add("activeDays", season.activeDays).add("rareLimit", rare).add("unusualCalls", k)
                        .add("windowSeconds", windowMs / 1000).add("callsPerActiveHour", season.callsPerActiveHour())
                        .add("target", target).build()));
    }

    /** The action-volume rule for one quantity (calls, or the amount in one currency): see {@link GuardConfig.ActionVolume}. */
    void volume(Observation o, String token, VolumeCounter v, double value, String what, String currency, GuardConfig.ActionVolume av,
                List<Signal> signals) {
        double sum = v.with(value);
        boolean counting = currency.isEmpty();
        if (counting && sum < av.minCount()) v.level = 0;
        if (v.windows < av.minWindows() || counting && sum < av.minCount()) return;
        double usual = Math.max(counting ? 1 : Double.MIN_NORMAL, v.max);
        double ratio = sum / usual;
        if (ratio < av.factor()) {
            v.level = 0;
            return;
        }
        int level = 1 + (int) Math.floor(Math.log(ratio / av.factor()) / Math.log(2));
        int add = Math.min(level, av.maxLevels()) - Math.min(v.level, av.maxLevels());
        if (level > v.level) v.level = level;
        if (add <= 0) return;
        String amount = counting ? count((long) sum) + " calls" : String.format(Locale.ROOT, "%.2f %s", sum, currency);
        String most = counting ? count((long) v.max) : String.format(Locale.ROOT, "%.2f %s", v.max, currency);
        signals.add(new Signal(Signal.ACTION_VOLUME, av.score() * add, String.format(Locale.ROOT,
                "%s of %s in the last %s: %.1fx the most in any %s before (%s, over %d windows; limit %.1fx, level %d)",
                amount, token, dur(av.window().toMillis()), ratio, dur(av.window().toMillis()), most, v.windows, av.factor(), level),
                Jsonp.PROVIDER.createObjectBuilder().add("token", token).add("measure", what).add("currency", currency).add("sum", sum)
                        .add("usualMax", v.max).add("windows", v.windows).add("ratio", ratio).add("level", level)
                        .add("windowSeconds", av.window().toMillis() / 1000).build()));
    }

    /**
     * Folds what was held back since the last suspension into the baseline (an operator said the suspension was
     * false): its families, hours of the day and volumes become normal, and the risk score returns to zero.
     */
    int absolve() {
        int n = 0;
        for (Observation o : held) {
            long ms = o.at().toEpochMilli();
            season.learn(ms);
            // the operator vouched for this hour: familiar until the agent's history grows tenfold
            season.vouch(ms, (int) Math.ceil(config.timeOfDay().rareShare() * season.activeDays) + 1);
            learned++;
            n++;
            if (!o.allowed()) continue;
            String family = Families.of(o.resource());
            String token = o.action() + " " + family;
            Family f = families.get(token);
            if (f == null && families.size() < MAX_FAMILIES) {
                f = new Family(ms, o.action(), o.resource());
                families.put(token, f);
                attempted.remove(token);
            }
            if (f != null) {
                f.count++;
                if (f.count == 1) singletonFamilies++;
                else if (f.count == 2) singletonFamilies--;
                f.lastMs = Math.max(f.lastMs, ms);
                origins.add(Families.origin(family));
            }
        }
        // what it did in the window that triggered becomes its usual most
        for (VolumeCounter v : volumes.values()) v.absolve();
        for (VolumeCounter v : amounts.values()) v.absolve();
        held.clear();
        unusual.clear();
        todContribution = 0;
        risk = 0;
        curTainted = false;
        return n;
    }

    /** Adds k windows of the same count to the running mean/variance (Chan et al. merge). */
    void addWindows(long k, int value) {
        long n = rateN + k;
        double delta = value - rateMean;
        rateMean += delta * k / n;
        rateM2 += delta * delta * rateN * k / n;
        rateN = n;
        if (value > 0) {
            for (long i = 0; i < k; i++) {
                busyN++;
                double d = value - busyMean;
                busyMean += d / busyN;
                busyM2 += d * (value - busyMean);
            }
        }
    }

    Baseline snapshot(String agent) {
        List<Baseline.FamilyUse> fs = new ArrayList<>();
        for (Map.Entry<String, Family> e : families.entrySet()) {
            Family f = e.getValue();
            fs.add(new Baseline.FamilyUse(e.getKey(), f.count, Instant.ofEpochMilli(f.firstMs), Instant.ofEpochMilli(f.lastMs)));
        }
        fs.sort(Comparator.comparingLong(Baseline.FamilyUse::count).reversed().thenComparing(Baseline.FamilyUse::family));
        List<Scope> unused = new ArrayList<>();
        for (Scope s : lastScope) {
            boolean used = false;
            for (Family f : families.values()) {
                if (f.action.equals(s.action()) && guard.inScope(new Observation(0, Instant.EPOCH, agent, f.action, f.sample, true, List.of(), List.of(s)))) {
                    used = true;
                    break;
                }
            }
            if (!used) unused.add(s);
        }
        double sd = rateN > 1 ? Math.sqrt(rateM2 / (rateN - 1)) : 0;
        GuardConfig c = config;
        boolean learning = observations < c.learning().minObservations() || lastMs - firstMs < c.learning().minDuration().toMillis();
        return new Baseline(agent, observations, learned, Instant.ofEpochMilli(firstMs), Instant.ofEpochMilli(lastMs), learning, risk, fs,
                rateMean, sd, rateN, Duration.ofMillis(longestGapMs), sequence.transitions, lastScope, unused, suspensions, season.activeDays,
                season.callsPerActiveHour(), season.hourDays(), held.size(), sequence.predictability);
    }

    static final class Family {
        long count;
        final long firstMs;
        long lastMs;
        final String action;
        final String sample;

        Family(long ms, String action, String sample) {
            this.firstMs = ms;
            this.lastMs = ms;
            this.action = action;
            this.sample = sample;
        }
    }

    static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String dur(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toDays() >= 2) return String.format(Locale.ROOT, "%.1f days", ms / 86_400_000.0);
        if (d.toHours() >= 2) return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
        if (d.toMinutes() >= 2) return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
