package dev.mandate.bench.ab;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A/B speed of two builds in one JVM: {@link VerifyOps} is loaded against each build's fat jar in its own class
 * loader, and short bursts of the same operation alternate between the two, so the noise of a shared machine
 * (which moves {@code mandate bench} figures by 30% from run to run here) falls on both alike. Prints, per
 * operation, each build's median ops/s and the median of the per-round ratios new/base.
 *
 * <p>{@code java -cp bench/target/classes dev.mandate.bench.ab.AbCompare BASE.jar NEW.jar [ROUNDS] [BURST_SECONDS]}
 * (see {@code bench/ab.sh}, which builds the jars).
 */
public final class AbCompare {
    private AbCompare() {}

    /** Loads {@link VerifyOps} from this class's own bytes, but resolving everything else in {@code jar}. */
    @SuppressWarnings("unchecked")
    static Map<String, BooleanSupplier> load(Path jar) throws Exception {
        String name = "dev.mandate.bench.ab.VerifyOps"; // a string: this JVM must not load it against its own class path
        byte[] bytes;
        try (InputStream in = AbCompare.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String n) throws ClassNotFoundException {
                return n.equals(name) ? defineClass(n, bytes, 0, bytes.length) : super.findClass(n);
            }
        };
        return (Map<String, BooleanSupplier>) loader.loadClass(name).getMethod("ops").invoke(null);
    }

    static double burst(BooleanSupplier op, long nanos) {
        long start = System.nanoTime();
        long end = start + nanos;
        long now;
        int n = 0;
        boolean ok = true;
        do {
            ok &= op.getAsBoolean();
            n++;
            now = System.nanoTime();
        } while (now < end);
        if (!ok) {
            throw new IllegalStateException("an input stopped verifying");
        }
        return n / ((now - start) / 1e9);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: AbCompare BASE.jar NEW.jar [ROUNDS (15)] [BURST_SECONDS (0.4)]");
            System.exit(2);
        }
        Map<String, BooleanSupplier> base = load(Path.of(args[0]));
        Map<String, BooleanSupplier> next = load(Path.of(args[1]));
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        long burst = (long) ((args.length > 3 ? Double.parseDouble(args[3]) : 0.4) * 1e9);
        for (String op : base.keySet()) { // warm-up: the JIT sees both builds before anything counts
            burst(base.get(op), burst);
            burst(next.get(op), burst);
        }
        System.out.printf("%-32s %12s %12s %8s  %s%n", "operation", "base ops/s", "new ops/s", "new/base", "(ratio p25..p75)");
        for (String op : base.keySet()) {
            List<Double> b = new ArrayList<>();
            List<Double> n = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                double x;
                double y;
                if (r % 2 == 0) {
                    x = burst(base.get(op), burst);
                    y = burst(next.get(op), burst);
                } else {
                    y = burst(next.get(op), burst);
                    x = burst(base.get(op), burst);
                }
                b.add(x);
                n.add(y);
                ratios.add(y / x);
            }
            Collections.sort(b);
            Collections.sort(n);
            Collections.sort(ratios);
            System.out.printf("%-32s %12.0f %12.0f %8.3f  (%.3f..%.3f)%n", op, b.get(rounds / 2), n.get(rounds / 2),
                    ratios.get(rounds / 2), ratios.get(rounds / 4), ratios.get(3 * rounds / 4));
        }
    }
}
