package dev.mandate.guard;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.ResourcePattern;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The behaviour guard: keeps a baseline per agent (with its hours of the day and per-family volumes) and
 * scores each authorization decision against seven explainable rules ({@code novel-resource},
 * {@code rate-burst}, {@code improbable-sequence}, {@code repeated-denials}, {@code silence},
 * {@code time-of-day}, {@code action-volume}); silence alone never suspends. Rule scores add to a per-agent risk score that halves every
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
    private static final Object NO_PATTERN = new Object();
    private static final int PATTERN_CACHE_MAX = 10_000;
    /** Most resource families learned per agent; beyond it new families stay novel (memory bound). */
    public static final int MAX_FAMILIES = 5_000;
    /** Most distinct transitions learned per agent; beyond it only known ones are counted (memory bound). */
    public static final int MAX_TRANSITIONS = 50_000;
    /** Most recent calls, denials and pending transitions kept per agent (memory bound under a flood). */
    static final int MAX_RECENT = 100_000;
    /** Most calls held back from learning remembered per agent, for {@link #dismiss}. */
    static final int MAX_HELD = 10_000;

    private final GuardConfig config;
    final ConcurrentHashMap<String, AgentModel> agents = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Object> patterns = new ConcurrentHashMap<>();

    /**
     * A guard with no baselines.
     *
     * @param config the rules' settings; not null
     */
    public Guard(GuardConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** {@return the configuration it scores with} */
    public GuardConfig config() {
        return config;
    }

    /**
     * Drops an agent's baseline (for example after it was reinstated with new credentials): it learns afresh.
     *
     * @param agent the agent's DID; unknown agents are ignored
     */
    public void forget(String agent) {
        agents.remove(agent);
    }

    /**
     * An operator marked the agent's suspension as false: what the guard held back from its baseline since the
     * last suspension (at most {@value #MAX_HELD} calls) is learned now (resource families, hours of the day, the
     * volume of the window that triggered), and its risk score returns to zero.
     *
     * @param agent the agent's DID
     * @return the calls folded into the baseline (0 if the agent is unknown)
     */
    public int dismiss(String agent) {
        AgentModel st = agents.get(agent);
        if (st == null) return 0;
        synchronized (st) {
            return st.absolve();
        }
    }

    /**
     * A snapshot of what the guard knows about an agent.
     *
     * @param agent the agent's DID
     * @return the snapshot, or empty if the guard has not seen the agent
     */
    public Optional<Baseline> baseline(String agent) {
        AgentModel st = agents.get(agent);
        if (st == null) return Optional.empty();
        synchronized (st) {
            return Optional.of(st.snapshot(agent));
        }
    }

    /**
     * Scores one observation and, unless the verdict says suspend, learns it into the agent's baseline.
     * Observations of one agent are processed one at a time, in the order they arrive; different agents may be
     * observed concurrently.
     *
     * @param o the decision as observed; not null
     * @return the verdict: the score, the signals that fired and whether to suspend
     */
    public Verdict observe(Observation o) {
        Objects.requireNonNull(o, "observation");
        AgentModel st = agents.computeIfAbsent(o.agent(), a -> new AgentModel(this));
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

    /** The rule ids. */
    public static final Set<String> RULES = Set.of(Signal.NOVEL_RESOURCE, Signal.RATE_BURST, Signal.IMPROBABLE_SEQUENCE,
            Signal.REPEATED_DENIALS, Signal.SILENCE, Signal.TIME_OF_DAY, Signal.ACTION_VOLUME);
}
