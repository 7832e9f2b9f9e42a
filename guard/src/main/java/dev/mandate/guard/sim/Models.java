package dev.mandate.guard.sim;

import dev.mandate.guard.GuardConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The traffic models by name, for {@code mandate guard evaluate}. */
public final class Models {
    /** The model names. */
    public static final List<String> NAMES = List.of("generator", "archetypes", "jobs");

    private Models() {}

    /**
     * Labelled traffic of model {@code name}.
     *
     * @throws IllegalArgumentException for an unknown model, naming the known ones
     */
    public static LabelledTraffic generate(String name, long seed, int agents, int days, GuardConfig config) {
        return switch (name) {
            case "generator" -> {
                TrafficGenerator gen = new TrafficGenerator(seed, agents, Duration.ofDays(days));
                List<String> notInjected = new ArrayList<>();
                List<Misbehaviour> inj = Evaluation.scenarios(gen, seed, config.learning().minObservations() + 50, notInjected);
                yield LabelledTraffic.of(gen.generate(inj), seed);
            }
            case "archetypes" -> ArchetypeModel.generate(seed, agents, days);
            case "jobs" -> JobModel.generate(seed, agents, days);
            default -> throw new IllegalArgumentException("unknown traffic model \"" + name + "\" (known: " + String.join(", ", NAMES) + ")");
        };
    }

    /** Runs: one scorecard per seed. */
    public static List<Scorecard> evaluate(String name, List<Long> seeds, int agents, int days, GuardConfig config) {
        List<Scorecard> out = new ArrayList<>();
        for (long s : seeds) out.add(Scorecard.score(config, generate(name, s, agents, days, config)));
        return out;
    }

    /** For development: {@code model seeds(comma) agents days [-v]}. */
    public static void main(String[] args) {
        List<Long> seeds = new ArrayList<>();
        for (String s : args[1].split(",")) seeds.add(Long.parseLong(s));
        List<Scorecard> runs = evaluate(args[0], seeds, Integer.parseInt(args[2]), Integer.parseInt(args[3]), GuardConfig.defaults());
        System.out.println(Scorecard.tables(runs));
        if (args.length > 4) System.out.println(Scorecard.details(runs));
        if (args.length > 5) {
            LabelledTraffic t = generate(args[0], seeds.get(0), Integer.parseInt(args[2]), Integer.parseInt(args[3]), GuardConfig.defaults());
            dev.mandate.guard.Guard g = new dev.mandate.guard.Guard(GuardConfig.defaults());
            t.observations().forEach(g::observe);
            for (String a : new java.util.TreeSet<>(t.archetypes().keySet())) {
                var b = g.baseline(a).orElseThrow();
                System.out.printf(java.util.Locale.ROOT, "%s predictability %.3f activeDays %d perHour %.1f%n", a, b.predictability(), b.activeDays(), b.callsPerActiveHour());
            }
        }
    }
}
