package dev.mandate.guard.sim;

import dev.mandate.guard.Observation;
import dev.mandate.guard.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects calls of several agents in any order and makes {@link LabelledTraffic} of them (time-ordered, seq from 0). */
final class TraceBuilder {
    private record Call(long ms, int order, String agent, String action, String url, boolean allowed, List<String> codes,
                        double amount, String currency) {}

    private final List<Call> calls = new ArrayList<>();
    private final Map<String, List<Scope>> scopes = new HashMap<>();
    private final Map<String, String> archetypes = new LinkedHashMap<>();
    private final List<LabelledTraffic.Injection> injections = new ArrayList<>();
    private final long endMs;

    TraceBuilder(Instant end) {
        this.endMs = end.toEpochMilli();
    }

    void agent(String id, String archetype, List<Scope> scope) {
        archetypes.put(id, archetype);
        scopes.put(id, List.copyOf(scope));
    }

    void call(long ms, String agent, String action, String url) {
        add(ms, agent, action, url, true, List.of(), 0, "");
    }

    void denied(long ms, String agent, String action, String url, String code) {
        add(ms, agent, action, url, false, List.of(code), 0, "");
    }

    void pay(long ms, String agent, String url, double amount, String currency) {
        add(ms, agent, "pay", url, true, List.of(), Math.round(amount * 100) / 100.0, currency);
    }

    private void add(long ms, String agent, String action, String url, boolean allowed, List<String> codes, double amount, String cur) {
        if (ms >= endMs) return;
        calls.add(new Call(ms, calls.size(), agent, action, url, allowed, codes, amount, cur));
    }

    /** Removes the agent's calls in [fromMs, toMs) (its normal work, replaced by an injection). */
    void clear(String agent, long fromMs, long toMs) {
        calls.removeIf(c -> c.agent().equals(agent) && c.ms() >= fromMs && c.ms() < toMs);
    }

    void inject(String agent, String name, String rule, long fromMs) {
        injections.add(new LabelledTraffic.Injection(agent, name, rule, Instant.ofEpochMilli(fromMs)));
    }

    LabelledTraffic build(String model, long seed) {
        calls.sort(Comparator.comparingLong(Call::ms).thenComparingInt(Call::order));
        List<Observation> obs = new ArrayList<>(calls.size());
        long seq = 0;
        for (Call c : calls) {
            obs.add(new Observation(seq++, Instant.ofEpochMilli(c.ms()), c.agent(), c.action(), c.url(), c.allowed(), c.codes(),
                    scopes.get(c.agent()), c.amount(), c.currency()));
        }
        return new LabelledTraffic(model, seed, obs, archetypes, injections);
    }
}
