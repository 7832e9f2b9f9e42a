package dev.mandate.bench;

import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.sim.Evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Figures for the behaviour guard (a developer tool, not a test): for each seed, a week of synthetic
 * traffic of N agents with the standard misbehaviours injected is replayed through a guard with the
 * default configuration; prints the false suspensions, whether and how fast each injected scenario was
 * caught, and the guard's observations per second (single thread, generation not included).
 *
 * <p>Run: {@code java -cp <bench classpath> dev.mandate.bench.GuardReplayBench [seeds=1,2,3] [agents=100] [days=7]}.
 * Further arguments: {@code -v} prints every false suspension and detection verdict, {@code threshold=N}
 * replaces the default threshold (to see how the figures move with it).
 */
public final class GuardReplayBench {
    private GuardReplayBench() {}

    public static void main(String[] args) {
        List<Long> seeds = new ArrayList<>();
        for (String s : (args.length > 0 ? args[0] : "1,2,3").split(",")) seeds.add(Long.parseLong(s.trim()));
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        boolean verbose = false;
        GuardConfig config = GuardConfig.defaults();
        for (int i = 3; i < args.length; i++) {
            if (args[i].equals("-v")) verbose = true;
            else if (args[i].startsWith("threshold=")) config = config.withThreshold(Double.parseDouble(args[i].substring(10)));
            else throw new IllegalArgumentException("unknown option " + args[i] + " (expected -v or threshold=N)");
        }
        System.out.printf("JVM %s, %d agents, %d days, default configuration with threshold %.2f%n", System.getProperty("java.version"), agents, days,
                config.threshold());
        // warm-up on a small run so the first seed's throughput is not mostly JIT
        Evaluation.run(config, 999, 20, 3);
        StringBuilder header = new StringBuilder(String.format("%-6s %10s %8s", "seed", "calls", "false"));
        for (String s : Evaluation.SCENARIOS) header.append(String.format(" %22s", s));
        header.append(String.format(" %6s %10s", "peak", "obs/s"));
        System.out.println(header);
        long totalObs = 0;
        double totalNanos = 0;
        int totalFalse = 0;
        int detected = 0;
        int injected = 0;
        for (long seed : seeds) {
            Evaluation.Result r = Evaluation.run(config, seed, agents, days);
            StringBuilder row = new StringBuilder(String.format("%-6d %10d %8d", seed, r.observations(), r.falseSuspendedAgents()));
            for (String s : Evaluation.SCENARIOS) {
                StringBuilder cell = new StringBuilder();
                for (Evaluation.Detection d : r.detections()) {
                    if (!d.scenario().equals(s)) continue;
                    if (cell.length() > 0) cell.append(' ');
                    cell.append(d.detected() ? d.delayObservations() + "c/" + Math.round(d.delaySeconds()) + "s" : "MISSED");
                    injected++;
                    if (d.detected()) detected++;
                }
                row.append(String.format(" %22s", cell.length() == 0 ? "-" : cell));
            }
            row.append(String.format(" %6.2f %10.0f", r.normalPeakScore(), 1e9 / r.nanosPerObservation()));
            System.out.println(row);
            totalObs += r.observations();
            totalNanos += r.nanosPerObservation() * r.observations();
            totalFalse += r.falseSuspendedAgents();
            if (verbose) {
                System.out.println("  rules fired on normal traffic after learning: " + r.normalSignals());
                r.falseSuspensions().forEach(f -> System.out.println("  false: " + f.at() + " " + f.verdict()));
                r.detections().forEach(d -> System.out.println("  " + d.scenario() + ": " + (d.detected() ? d.verdict() : "MISSED " + d.agent())));
            }
            r.notInjected().forEach(n -> System.out.println("  not injected: " + n));
        }
        System.out.printf("total: %d observations, %d false suspensions, %d of %d injected misbehaviours detected, %.0f observations/s%n", totalObs,
                totalFalse, detected, injected, totalObs / (totalNanos / 1e9));
        System.out.println("cells: calls of the agent from the first injected call to its suspension / seconds (c/s); "
                + "peak: highest risk score of an agent on normal traffic after its learning period");
    }
}
