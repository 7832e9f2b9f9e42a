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
}
