package dev.mandate.bench;

import dev.mandate.cli.demo.GuardScenario;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * Guard latency on loopback (a developer tool, not a test): the time from an agent's offending call (the
 * procurement agent reading the HR database through the organisation's gateway) to the guard's
 * suspension, and to the first refusal by the supplier's verifier subscribed to the organisation's status
 * stream. Each trial is a fresh agent that first makes 45 normal calls (past the 40-call learning period of
 * the demo configuration). The organisation runs the real {@code mandate serve} gateway, SQLite store,
 * batching audit writer and guard service, as in {@code mandate demo}.
 *
 * <pre>java -cp ... dev.mandate.bench.GuardLatencyBench [trials=20]</pre>
 */
public final class GuardLatencyBench {
    /** Held so the level sticks (JUL keeps loggers weakly); the alert lines would swamp the output. */
    private static final java.util.logging.Logger GUARD_LOG = java.util.logging.Logger.getLogger("dev.mandate.guard");

    private GuardLatencyBench() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        GUARD_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path dir = Files.createTempDirectory("mandate-guard-latency");
        double[] toSuspension = new double[trials];
        double[] toRefusal = new double[trials];
        try (GuardScenario s = new GuardScenario(dir, KeyMaterial.generate(KeyType.ED25519))) {
            for (int t = -3; t < trials; t++) {
                GuardScenario.AgentSetup a = s.newAgent("procurement-" + (t + 3));
                if (s.normalWork(a, 45) != 45 || !s.payAtSupplier(a).allow()) {
                    throw new IllegalStateException("normal work was refused");
                }
                long t0 = System.nanoTime();
                s.gateway(a, "GET", "read", GuardScenario.HR + "employees/4711/salary");
                s.nextAlert(Duration.ofSeconds(10)).orElseThrow(() -> new IllegalStateException("no suspension"));
                long t1 = System.nanoTime();
                s.awaitSupplierRefusal(a, Duration.ofSeconds(10)).orElseThrow(() -> new IllegalStateException("the supplier never refused"));
                long t2 = System.nanoTime();
                if (t >= 0) {
                    toSuspension[t] = (t1 - t0) / 1e6;
                    toRefusal[t] = (t2 - t0) / 1e6;
                }
            }
        }
        System.out.printf("JVM %s, %d cores, %d trials (after 3 warm-up trials)%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), trials);
        print("offending call -> guard suspension recorded", toSuspension);
        print("offending call -> supplier's verifier refuses", toRefusal);
    }

    private static void print(String label, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf("%-48s median %6.1f ms  p90 %6.1f ms  max %6.1f ms%n", label, s[s.length / 2],
                s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.9) - 1)], s[s.length - 1]);
    }
}
