package dev.mandate.bench.jose;

import dev.mandate.vc.verify.VerificationResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@link JoseBenchmarks} operations measured in thread CPU time instead of wall time, so the figure
 * holds on a machine shared with other work (JMH's wall-clock throughput drops when other processes
 * compete for the cores). Runs each operation for {@code seconds} (default 5) after as long a warm-up,
 * and prints operations per CPU-second.
 *
 * <p>Run: {@code java -cp <bench classpath> dev.mandate.bench.jose.JoseCpuTime [seconds]}.
 */
public final class JoseCpuTime {
    private JoseCpuTime() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        JoseBenchmarks b = new JoseBenchmarks();
        b.setup();
        Map<String, Callable<Object>> ops = new LinkedHashMap<>();
        ops.put("jose_eddsa_jwt_sign", b::jose_eddsa_jwt_sign);
        ops.put("jose_eddsa_jwt_verify", b::jose_eddsa_jwt_verify);
        ops.put("jose_es256_jwt_sign", b::jose_es256_jwt_sign);
        ops.put("jose_es256_jwt_verify", b::jose_es256_jwt_verify);
        ops.put("sd_jwt_present_verify", b::sd_jwt_present_verify);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Map.Entry<String, Callable<Object>> e : ops.entrySet()) {
            run(threads, e.getValue(), seconds); // warm-up
            double perSecond = run(threads, e.getValue(), seconds);
            System.out.printf("%-24s %10.0f ops per CPU-second (%.1f us/op)%n", e.getKey(), perSecond, 1e6 / perSecond);
        }
    }

    private static double run(ThreadMXBean threads, Callable<Object> op, double seconds) throws Exception {
        long cpuBudget = (long) (seconds * 1e9);
        long start = threads.getCurrentThreadCpuTime();
        long n = 0;
        while (threads.getCurrentThreadCpuTime() - start < cpuBudget) {
            for (int i = 0; i < 20; i++) {
                Object r = op.call();
                if (r instanceof VerificationResult && !((VerificationResult) r).verified()) {
                    throw new IllegalStateException("did not verify: " + ((VerificationResult) r).toJson());
                }
                n++;
            }
        }
        return n / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
    }
}
