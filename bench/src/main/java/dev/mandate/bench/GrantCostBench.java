package dev.mandate.bench;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.registry.GrantService;
import dev.mandate.registry.StatusApi;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.Arrays;

/**
 * What one {@code POST /grants} costs the server in CPU, without HTTP and on one thread: {@link StatusApi#issueGrant}
 * (parse the body, allocate the revocation entry and record the grant, sign with eddsa-rdfc-2022, audit the
 * issuance, serialize the answer) called in a loop on one store, each grant in a new task as {@code bench/grant-post.lua}
 * sends them. Prints, per round, the calling thread's CPU time per grant (from {@link ThreadMXBean}: JIT compilation,
 * GC and other processes do not count, so it depends much less on the machine's load than a rate does) and the wall
 * time per grant (which includes the database's round trips), then the median round. Uses only API that older builds
 * have too, so a base build's jar can run it: {@code java -cp bench/target/classes:/tmp/base.jar
 * dev.mandate.bench.GrantCostBench URL}. Not part of CI.
 */
public final class GrantCostBench {
    private GrantCostBench() {}

    /**
     * Runs the benchmark.
     *
     * @param args the store's JDBC URL (a fresh schema is best), then optionally grants per round (default 1000), rounds
     *             (default 7) and warm-up grants (default 5000)
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GrantCostBench JDBC_URL [grants per round] [rounds] [warm-up grants]");
            System.exit(2);
        }
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        IssuerKey key = IssuerKey.didKey(KeyMaterial.generate(KeyType.ED25519), "eddsa-rdfc-2022");
        String prefix = "t-" + System.nanoTime() + "-";
        try (Store store = Stores.open(args[0])) {
            StatusService status = new StatusService(store, "https://status.bench.example/lists/", key, new Issuer());
            StatusApi api = new StatusApi(status, new GrantService(status, Clock.systemUTC()));
            int[] counter = {0};
            Runnable one = () -> {
                StatusApi.Answer a = api.issueGrant("{\"agent\":\"did:example:agent\",\"action\":\"read\",\"resource\":\"https://db.example/r\","
                        + "\"ttl\":600,\"task\":\"" + prefix + (counter[0]++) + "\",\"singleUse\":false}");
                if (a.status() != 201) {
                    throw new IllegalStateException("grant answered " + a.status() + ": " + a.body());
                }
            };
            for (int i = 0; i < warmup; i++) {
                one.run();
            }
            double[] cpu = new double[rounds];
            double[] wall = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    one.run();
                }
                cpu[r] = (mx.getCurrentThreadCpuTime() - c0) / 1000.0 / n;
                wall[r] = (System.nanoTime() - w0) / 1000.0 / n;
                System.out.printf("{\"round\":%d,\"grants\":%d,\"cpuMicrosPerGrant\":%.1f,\"wallMicrosPerGrant\":%.1f}%n", r + 1, n, cpu[r], wall[r]);
            }
            Arrays.sort(cpu);
            Arrays.sort(wall);
            System.out.printf("{\"medianCpuMicrosPerGrant\":%.1f,\"medianWallMicrosPerGrant\":%.1f,\"rounds\":%d,\"grantsPerRound\":%d}%n",
                    cpu[rounds / 2], wall[rounds / 2], rounds, n);
        }
    }
}
