package dev.mandate.guard;

import static dev.mandate.guard.Guard.MAX_RECENT;
import static dev.mandate.guard.Guard.MAX_TRANSITIONS;

import dev.mandate.vc.json.Jsonp;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One agent's sequence model and the {@code improbable-sequence} rule: how often each call (action and resource
 * family) followed the previous one or two allowed calls of the same session, learned with a lag
 * ({@link GuardConfig.ImprobableSequence#learnAfter()}) so that a suspension can still keep an attack's steps out, and
 * how predictable the agent's order is at all. Part of {@link AgentModel}, guarded by its monitor; {@link GuardState}
 * writes its fields in a fixed order.
 */
final class SequenceModel {
    /** The context of a session's first call. */
    static final String START = "^";
    /** improbable-sequence stays quiet on a call seen at most once after its context when that context's missing mass is at least this many floors. */
    static final double MAX_MISSING_MASS_FLOORS = 5;
    /**
     * improbable-sequence judges only agents whose previous call explains at least this share of the uncertainty of the
     * next one (mutual information over entropy of the sequence model): agents that call in no particular order have no
     * sequence to break.
     */
    static final double MIN_PREDICTABILITY = 0.3;
    /** improbable-sequence stays quiet when at least this share of the call's occurrences came after this very context. */
    static final double MAX_BACKWARD = 0.1;
    /** The predictability is recomputed after a tenth of the transitions so far are new, at least every this many. */
    static final int PREDICTABILITY_EVERY = 500;

    String prev1 = START;
    String prev2 = START;
    long prevAllowedMs = Long.MIN_VALUE;
    final LinkedHashMap<String, Context> contexts = new LinkedHashMap<>();
    final LinkedHashMap<String, long[]> tokenTotals = new LinkedHashMap<>();
    final ArrayDeque<Pending> pending = new ArrayDeque<>();
    int transitions;
    double predictability;
    long commitsSinceEval;
    long commits;

    /** Learns the transitions that are now old enough. */
    void commitDue(long ms) {
        while (!pending.isEmpty() && pending.peekFirst().dueMs() <= ms) {
            Pending p = pending.pollFirst();
            commit(p.ctxKey(), p.token());
        }
    }

    /**
     * The improbable-sequence rule for an allowed call.
     *
     * @param knownFamily whether the agent has used the call's family before (a new one is novel-resource's to score)
     * @param familyCount how many families the agent has used
     * @return the call's context, for {@link #learn}
     */
    String improbable(long ms, String token, boolean knownFamily, int familyCount, GuardConfig.ImprobableSequence is,
                      List<Signal> signals) {
        boolean newSession = prevAllowedMs == Long.MIN_VALUE || ms - prevAllowedMs > is.sessionGap().toMillis();
        String p1 = newSession ? START : prev1;
        String p2 = newSession ? START : prev2;
        String ctxKey = is.order() == 1 ? p1 : p2 + "\n" + p1;
        Context ctx = contexts.get(ctxKey);
        // a family never used is novel-resource's to score, not also an improbable step
        if (is.enabled() && ctx != null && ctx.total >= is.minContext() && knownFamily) {
            long[] seen = ctx.next.get(token);
            long k = seen == null ? 0 : seen[0];
            int vocab = familyCount + (knownFamily ? 0 : 1) + 1;
            double pCtx = (k + is.smoothing()) / (ctx.total + is.smoothing() * vocab);
            Context startCtx = contexts.get(is.order() == 1 ? START : START + "\n" + START);
            long[] startSeen = startCtx == null ? null : startCtx.next.get(token);
            double pStart = ((startSeen == null ? 0 : startSeen[0]) + is.smoothing())
                    / ((startCtx == null ? 0 : startCtx.total) + is.smoothing() * vocab);
            double p = (1 - is.startWeight()) * pCtx + is.startWeight() * pStart;
            // a context followed by many different calls, each seen once, predicts nothing: a rarely seen
            // next call is then expected (missing mass, Good-Turing), not improbable
            double missing = ctx.singletons / (double) ctx.total;
            boolean predictive = k > 1 || missing < MAX_MISSING_MASS_FLOORS * is.floor();
            // and an agent whose previous call says little about its next one (it calls in no particular
            // order) has no sequence to break
            // nor is a call that (almost) always comes after this context when it comes at all
            long[] tt = tokenTotals.get(token);
            double backward = tt == null || tt[0] == 0 ? 0 : k / (double) tt[0];
            if (predictive && predictability >= MIN_PREDICTABILITY && backward < MAX_BACKWARD && p < is.floor()) {
                String from = is.order() == 1 ? p1 : p2 + " -> " + p1;
                signals.add(new Signal(Signal.IMPROBABLE_SEQUENCE, is.score(), "improbable sequence " + (START.equals(from) ? "(session start)" : from)
                        + " -> " + token + ": followed it " + k + " of " + AgentModel.count(ctx.total) + " times (p=" + String.format(Locale.ROOT, "%.4f", p)
                        + ", floor " + is.floor() + ")",
                        Jsonp.PROVIDER.createObjectBuilder().add("context", from).add("next", token).add("seen", k)
                                .add("contextCount", ctx.total).add("probability", p).add("contextProbability", pCtx)
                                .add("sessionStartProbability", pStart).add("floor", is.floor()).add("missingMass", missing).add("predictability", predictability).build()));
            }
        }
        return ctxKey;
    }

    /** Learns the allowed call's transition now, or schedules it {@code learnAfter} from now. */
    void learn(long ms, String ctxKey, String token, GuardConfig.ImprobableSequence is) {
        long lag = is.learnAfter().toMillis();
        if (lag == 0) commit(ctxKey, token);
        else if (pending.size() < MAX_RECENT) pending.addLast(new Pending(ms + lag, ctxKey, token));
    }

    /** A suspension: the transitions not learned yet never are. */
    void dropPending() {
        pending.clear();
    }

    /** An allowed call was made: it is the context of the next one (unless a session gap comes first). */
    void called(long ms, String token, GuardConfig.ImprobableSequence is) {
        boolean newSession = prevAllowedMs == Long.MIN_VALUE || ms - prevAllowedMs > is.sessionGap().toMillis();
        prev2 = newSession ? START : prev1;
        prev1 = token;
        prevAllowedMs = Math.max(prevAllowedMs, ms);
    }

    /** Counts one transition from the context {@code ctxKey} to {@code token} (within the memory bound). */
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
        tokenTotals.computeIfAbsent(token, x -> new long[1])[0]++;
        if (n[0] == 1) ctx.singletons++;
        else if (n[0] == 2) ctx.singletons--;
        ctx.total++;
        commits++;
        if (++commitsSinceEval >= Math.max(20, Math.min(PREDICTABILITY_EVERY, commits / 10))) {
            commitsSinceEval = 0;
            predictability = predictability();
        }
    }

    /** (H(next) - H(next | context)) / H(next) over the sequence model, 0 when the next call is certain. */
    double predictability() {
        LinkedHashMap<String, Long> marginal = new LinkedHashMap<>();
        long total = 0;
        double conditional = 0;
        for (Context c : contexts.values()) {
            double h = 0;
            for (Map.Entry<String, long[]> e : c.next.entrySet()) {
                long k = e.getValue()[0];
                marginal.merge(e.getKey(), k, Long::sum);
                double q = k / (double) c.total;
                h -= q * Math.log(q);
            }
            conditional += c.total * h;
            total += c.total;
        }
        if (total == 0) return 0;
        conditional /= total;
        double h = 0;
        for (long k : marginal.values()) {
            double q = k / (double) total;
            h -= q * Math.log(q);
        }
        return h <= 0 ? 0 : (h - conditional) / h;
    }

    /** A transition to be learned once it is {@code learnAfter} old (unless a suspension comes first). */
    record Pending(long dueMs, String ctxKey, String token) {}

    /** What followed one context. */
    static final class Context {
        long total;
        /** Next calls seen exactly once: their share of total is the Good-Turing estimate of how often a new one follows. */
        long singletons;
        final LinkedHashMap<String, long[]> next = new LinkedHashMap<>();
    }
}
