package dev.mandate.guard;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.ResourcePattern;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArrayBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The behaviour guard: keeps a baseline per agent and scores each authorization decision against five
 * explainable rules ({@code novel-resource}, {@code rate-burst}, {@code improbable-sequence},
 * {@code repeated-denials}, {@code silence}). Rule scores add to a per-agent risk score that halves every
 * {@link GuardConfig#halfLife()}; once an agent is past its learning period a verdict says suspend when the
 * risk score reaches the threshold.
 *
 * <p>Pure and deterministic: time comes only from {@link Observation#at()}, there is no I/O, and the same
 * stream of observations always gives the same verdicts (so decisions replay from the audit log).
 * Thread-safe: observations of one agent are processed one at a time, in the order they arrive; different
 * agents proceed in parallel.
 *
 * <p>A call whose verdict says suspend is not learned into the baseline (families, sequence model, rate
 * statistics, gaps), nor is any call made after the learning period while the agent's risk score is at least
 * {@link GuardConfig.Learning#holdBack()} times the threshold, so an attacker cannot teach the guard that the
 * offending behaviour is normal.
 */
public final class Guard {
    private static final String START = "^";
    private static final Object NO_PATTERN = new Object();
    private static final int PATTERN_CACHE_MAX = 10_000;
    /** Most resource families learned per agent; beyond it new families stay novel (memory bound). */
    public static final int MAX_FAMILIES = 5_000;
    /** Most distinct transitions learned per agent; beyond it only known ones are counted (memory bound). */
    public static final int MAX_TRANSITIONS = 50_000;
    /** Most recent calls, denials and pending transitions kept per agent (memory bound under a flood). */
    static final int MAX_RECENT = 100_000;

    private final GuardConfig config;
    private final ConcurrentHashMap<String, AgentState> agents = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> patterns = new ConcurrentHashMap<>();

    /** A guard with the given configuration and no baselines. */
    public Guard(GuardConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Its configuration. */
    public GuardConfig config() {
        return config;
    }

    /** Drops an agent's baseline (for example after it was reinstated with new credentials): it learns afresh. */
    public void forget(String agent) {
        agents.remove(agent);
    }

    /** A snapshot of what the guard knows about an agent, if it has seen it. */
    public Optional<Baseline> baseline(String agent) {
        AgentState st = agents.get(agent);
        if (st == null) return Optional.empty();
        synchronized (st) {
            return Optional.of(st.snapshot(agent));
        }
    }

    /**
     * Scores one observation and, unless the verdict says suspend, learns it into the agent's baseline.
     */
    public Verdict observe(Observation o) {
        Objects.requireNonNull(o, "observation");
        AgentState st = agents.computeIfAbsent(o.agent(), a -> new AgentState());
        synchronized (st) {
            return st.observe(o);
        }
    }

    boolean inScope(Observation o) {
        for (Scope s : o.scope()) {
            if (!s.action().equals(o.action())) continue;
            Object p = patterns.get(s.resource());
            if (p == null) {
                if (patterns.size() > PATTERN_CACHE_MAX) patterns.clear();
                try {
                    p = ResourcePattern.parse(s.resource());
                } catch (CapabilityException | RuntimeException e) {
                    p = NO_PATTERN;
                }
                patterns.put(s.resource(), p);
            }
            if (p instanceof ResourcePattern rp && rp.matches(o.resource())) return true;
        }
        return false;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String dur(long ms) {
        Duration d = Duration.ofMillis(ms);
        if (d.toDays() >= 2) return String.format(Locale.ROOT, "%.1f days", ms / 86_400_000.0);
        if (d.toHours() >= 2) return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
        if (d.toMinutes() >= 2) return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static final class Family {
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

    private record Pending(long dueMs, String ctxKey, String token) {}

    private static final class Context {
        long total;
        final HashMap<String, long[]> next = new HashMap<>();
    }

    /** Everything known about one agent; guarded by its own monitor. */
    private final class AgentState {
        long observations;
        long learned;
        long suspensions;
        long firstMs;
        long lastMs;
        long longestGapMs;
        double risk;
        long riskMs;
        final HashMap<String, Family> families = new HashMap<>();
        final HashSet<String> attempted = new HashSet<>();
        final HashSet<String> origins = new HashSet<>();
        // rate
        long curWindow = Long.MIN_VALUE;
        int curCount;
        int curLevel;
        final ArrayDeque<Long> recent = new ArrayDeque<>();
        boolean curTainted;
        long rateN;
        double rateMean;
        double rateM2;
        // sequence
        String prev1 = START;
        String prev2 = START;
        long prevAllowedMs = Long.MIN_VALUE;
        final HashMap<String, Context> contexts = new HashMap<>();
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
        int transitions;
        // denials
        final ArrayDeque<Long> denials = new ArrayDeque<>();
        List<Scope> lastScope = List.of();

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
                    signals.add(new Signal(Signal.SILENCE, sil.score(), "first call after " + dur(gap) + " of silence: the longest earlier gap was "
                            + dur(longestGapMs) + " (limit " + fmt(sil.factor()) + "x that and at least " + dur(sil.minGap().toMillis()) + ")",
                            Jsonp.PROVIDER.createObjectBuilder().add("gapSeconds", gap / 1000).add("longestGapSeconds", longestGapMs / 1000)
                                    .add("limitSeconds", limit / 1000).add("lastCall", Instant.ofEpochMilli(lastMs).toString()).build()));
                }
            }

            // rate: close the previous window when this call opens a later one
            GuardConfig.RateBurst rb = c.rateBurst();
            long windowMs = rb.window().toMillis();
            long w = Math.floorDiv(ms, windowMs);
            if (curWindow == Long.MIN_VALUE) {
                curWindow = w;
            } else if (w > curWindow) {
                if (!curTainted) addWindows(1, curCount);
                long empty = Math.min(w - curWindow - 1, rb.idleWindows());
                if (empty > 0) addWindows(empty, 0);
                curWindow = w;
                curCount = 0;
                curLevel = 0;
                curTainted = false;
            }
            // the count is over a sliding window ending now; the statistics are over fixed windows
            while (!recent.isEmpty() && recent.peekFirst() <= ms - windowMs) recent.pollFirst();
            int inWindow = recent.size() + 1;
            if (inWindow < rb.minCount()) curLevel = 0;
            if (rb.enabled() && rateN >= rb.minWindows() && inWindow >= rb.minCount()) {
                double sd = Math.max(1.0, rateN > 1 ? Math.sqrt(rateM2 / (rateN - 1)) : 0);
                double z = (inWindow - rateMean) / sd;
                int level = (int) Math.floor(z / rb.stddevs());
                int add = Math.min(level, rb.maxLevels()) - Math.min(curLevel, rb.maxLevels());
                if (level > curLevel) curLevel = level;
                if (add > 0) {
                    Instant since = Instant.ofEpochMilli(ms - windowMs);
                    signals.add(new Signal(Signal.RATE_BURST, rb.score() * add, count(inWindow) + " calls in the " + dur(windowMs) + " since "
                            + since + ": " + fmt(z) + " standard deviations above the usual " + fmt(rateMean)
                            + " (sd " + fmt(sd) + ", limit " + fmt(rb.stddevs()) + " sd and at least " + rb.minCount() + " calls)",
                            Jsonp.PROVIDER.createObjectBuilder().add("count", inWindow).add("since", since.toString())
                                    .add("windowSeconds", windowMs / 1000).add("mean", rateMean).add("stddev", sd).add("z", z)
                                    .add("windows", rateN).add("level", level).build()));
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

            // novel resource
            String family = Families.of(o.resource());
            String token = o.action() + " " + family;
            String origin = Families.origin(family);
            GuardConfig.NovelResource nr = c.novelResource();
            boolean known = families.containsKey(token) || (!o.allowed() && attempted.contains(token));
            if (nr.enabled() && !known) {
                boolean inScope = inScope(o);
                boolean newOrigin = !origins.contains(origin);
                double score = !inScope ? nr.outOfScopeScore() : newOrigin ? nr.newOriginScore() : nr.inScopeScore();
                if (score > 0) {
                    String where = !inScope ? "outside the agent's " + count(o.scope().size()) + " capabilities"
                            : newOrigin ? "inside its capabilities but on a host (" + origin + ") it never used" : "inside its capabilities";
                    signals.add(new Signal(Signal.NOVEL_RESOURCE, score, "first use of " + token + " : never used in " + count(learned)
                            + " calls and " + where + (o.allowed() ? "" : " (denied " + o.denyCodes() + ")"),
                            Jsonp.PROVIDER.createObjectBuilder().add("family", family).add("action", o.action()).add("resource", o.resource())
                                    .add("inScope", inScope).add("newOrigin", newOrigin).add("knownFamilies", families.size())
                                    .add("learnedCalls", learned).add("capabilities", o.scope().size()).add("allowed", o.allowed()).build()));
                }
            }

            // sequence (allowed calls only); first commit the transitions now old enough
            GuardConfig.ImprobableSequence is = c.improbableSequence();
            while (!pending.isEmpty() && pending.peekFirst().dueMs() <= ms) {
                Pending p = pending.pollFirst();
                commit(p.ctxKey(), p.token());
            }
            String ctxKey = null;
            if (o.allowed()) {
                boolean newSession = prevAllowedMs == Long.MIN_VALUE || ms - prevAllowedMs > is.sessionGap().toMillis();
                String p1 = newSession ? START : prev1;
                String p2 = newSession ? START : prev2;
                ctxKey = is.order() == 1 ? p1 : p2 + "\n" + p1;
                Context ctx = contexts.get(ctxKey);
                if (is.enabled() && ctx != null && ctx.total >= is.minContext()) {
                    long[] seen = ctx.next.get(token);
                    long k = seen == null ? 0 : seen[0];
                    int vocab = families.size() + (families.containsKey(token) ? 0 : 1) + 1;
                    double pCtx = (k + is.smoothing()) / (ctx.total + is.smoothing() * vocab);
                    Context startCtx = contexts.get(is.order() == 1 ? START : START + "\n" + START);
                    long[] startSeen = startCtx == null ? null : startCtx.next.get(token);
                    double pStart = ((startSeen == null ? 0 : startSeen[0]) + is.smoothing())
                            / ((startCtx == null ? 0 : startCtx.total) + is.smoothing() * vocab);
                    double p = (1 - is.startWeight()) * pCtx + is.startWeight() * pStart;
                    if (p < is.floor()) {
                        String from = is.order() == 1 ? p1 : p2 + " -> " + p1;
                        signals.add(new Signal(Signal.IMPROBABLE_SEQUENCE, is.score(), "improbable sequence " + (START.equals(from) ? "(session start)" : from)
                                + " -> " + token + ": followed it " + k + " of " + count(ctx.total) + " times (p=" + String.format(Locale.ROOT, "%.4f", p)
                                + ", floor " + is.floor() + ")",
                                Jsonp.PROVIDER.createObjectBuilder().add("context", from).add("next", token).add("seen", k)
                                        .add("contextCount", ctx.total).add("probability", p).add("contextProbability", pCtx)
                                        .add("sessionStartProbability", pStart).add("floor", is.floor()).build()));
                    }
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
            if (!hold) {
                learned++;
                if (!first) longestGapMs = Math.max(longestGapMs, gap);
                Family f = families.get(token);
                if (o.allowed() && (f != null || families.size() < MAX_FAMILIES)) {
                    if (f == null) {
                        f = new Family(ms, o.action(), o.resource());
                        families.put(token, f);
                        attempted.remove(token);
                    }
                    f.count++;
                    f.lastMs = Math.max(f.lastMs, ms);
                    origins.add(origin);
                    long lag = is.learnAfter().toMillis();
                    if (lag == 0) commit(ctxKey, token);
                    else if (pending.size() < MAX_RECENT) pending.addLast(new Pending(ms + lag, ctxKey, token));
                } else if (!o.allowed() && f == null && attempted.size() < MAX_FAMILIES) {
                    attempted.add(token);
                }
            } else {
                if (suspend) {
                    suspensions++;
                    pending.clear();
                }
                curTainted = true;
            }
            if (o.allowed()) {
                boolean newSession = prevAllowedMs == Long.MIN_VALUE || ms - prevAllowedMs > is.sessionGap().toMillis();
                prev2 = newSession ? START : prev1;
                prev1 = token;
                prevAllowedMs = Math.max(prevAllowedMs, ms);
            }
            curCount++;
            recent.addLast(Math.max(ms, recent.isEmpty() ? ms : recent.peekLast()));
            if (recent.size() > MAX_RECENT) recent.pollFirst();
            lastMs = Math.max(lastMs, ms);
            return new Verdict(o.agent(), o.seq(), o.at(), score, signals, learning, suspend);
        }

        void commit(String ctxKey, String token) {
            Context ctx = contexts.get(ctxKey);
            if (ctx == null) {
                if (transitions >= MAX_TRANSITIONS) return;
                ctx = new Context();
                contexts.put(ctxKey, ctx);
            }
            long[] n = ctx.next.get(token);
            if (n == null) {
                if (transitions >= MAX_TRANSITIONS) return;
                n = new long[1];
                ctx.next.put(token, n);
                transitions++;
            }
            n[0]++;
            ctx.total++;
        }

        /** Adds k windows of the same count to the running mean/variance (Chan et al. merge). */
        void addWindows(long k, int value) {
            long n = rateN + k;
            double delta = value - rateMean;
            rateMean += delta * k / n;
            rateM2 += delta * delta * rateN * k / n;
            rateN = n;
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
                    if (f.action.equals(s.action()) && inScope(new Observation(0, Instant.EPOCH, agent, f.action, f.sample, true, List.of(), List.of(s)))) {
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
                    rateMean, sd, rateN, Duration.ofMillis(longestGapMs), transitions, lastScope, unused, suspensions);
        }
    }

    /** The rule ids. */
    public static final Set<String> RULES = Set.of(Signal.NOVEL_RESOURCE, Signal.RATE_BURST, Signal.IMPROBABLE_SEQUENCE,
            Signal.REPEATED_DENIALS, Signal.SILENCE);
}
