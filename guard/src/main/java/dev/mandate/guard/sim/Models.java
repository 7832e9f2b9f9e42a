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
     * @param name   one of {@link #NAMES}
     * @param seed   the random seed
     * @param agents how many agents
     * @param days   how many days
     * @param config the guard configuration (the generator model injects after its learning period)
     * @return the traffic
     * @throws IllegalArgumentException for an unknown model, naming the known ones, or too few agents or days
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

    /**
     * Scores a fresh guard with {@code config} on one traffic run per seed.
     *
     * @param name   one of {@link #NAMES}
     * @param seeds  the seeds, one run each
     * @param agents how many agents per run
     * @param days   how many days per run
     * @param config the guard configuration under test
     * @return one scorecard per seed, in the seeds' order
     * @throws IllegalArgumentException as {@link #generate} does
     */
    public static List<Scorecard> evaluate(String name, List<Long> seeds, int agents, int days, GuardConfig config) {
        List<Scorecard> out = new ArrayList<>();
        for (long s : seeds) out.add(Scorecard.score(config, generate(name, s, agents, days, config)));
        return out;
    }
}
