package dev.mandate.bench;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.service.DecisionAuditor;
import dev.mandate.guard.service.GuardService;
import dev.mandate.guard.sim.TrafficGenerator;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a guard restart costs (a developer tool, not a test): a week of synthetic decisions for N agents is
 * written to a SQLite audit log, then a {@link GuardService} starts on it, reading the whole log to rebuild
 * every baseline before it acts on new entries; then the same with a checkpoint of the baselines (written by
 * the previous guard when it stopped), read instead of the log before it.
 *
 * <pre>java -cp ... dev.mandate.bench.GuardStartupBench [agents=100] [days=7]</pre>
 */
public final class GuardStartupBench {
    private GuardStartupBench() {}

    public static void main(String[] args) throws Exception {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        List<Observation> traffic = new TrafficGenerator(1, agents, Duration.ofDays(days)).generate().observations();
        Path dir = Files.createTempDirectory("mandate-guard-startup");
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("audit.db"))) {
            AuditLog log = new AuditLog(store);
            long w0 = System.nanoTime();
            List<AuditDraft> batch = new ArrayList<>(5000);
            for (Observation o : traffic) {
                batch.add(DecisionAuditor.draft(o, "gateway", List.of()));
                if (batch.size() == 5000) {
                    log.appendAll(batch);
                    batch.clear();
                }
            }
            log.appendAll(batch);
            double write = (System.nanoTime() - w0) / 1e9;
            System.out.printf("JVM %s, %d cores: %,d decisions of %d agents over %d days written in %.1f s (%,.0f/s); database %,d MB%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), traffic.size(), agents, days, write,
                    traffic.size() / write, Files.size(dir.resolve("audit.db")) / (1024 * 1024));
            for (int round = 0; round < 3; round++) {
                long s0 = System.nanoTime();
                try (GuardService service = GuardService.builder(store, new Guard(GuardConfig.defaults())).build().start()) {
                    double secs = (System.nanoTime() - s0) / 1e9;
                    System.out.printf("start (read the whole log, rebuild baselines): %.2f s = %,.0f entries/s; position %,d; %d suspensions decided%n",
                            secs, service.position() / secs, service.position(), service.decided().size());
                }
            }
            // with checkpoints: a leader writes one when it stops; the next start reads it and only the tail
            try (GuardService service = GuardService.builder(store, new Guard(GuardConfig.defaults())).checkpointEvery(Long.MAX_VALUE).build().start()) {
                System.out.printf("start with checkpoints on, no checkpoint yet: position %,d%n", service.position());
            }
            var cp = dev.mandate.guard.service.Checkpoints.latest(store).orElseThrow();
            System.out.printf("checkpoint at entry %,d: %,d bytes of baselines (gzip)%n", cp.position(), cp.state().length);
            for (int round = 0; round < 3; round++) {
                long s0 = System.nanoTime();
                try (GuardService service = GuardService.builder(store, new Guard(GuardConfig.defaults())).checkpointEvery(Long.MAX_VALUE).build().start()) {
                    double secs = (System.nanoTime() - s0) / 1e9;
                    System.out.printf("start from the checkpoint (verify it against the log, read it, then the tail): %.3f s; started at %,d, position %,d%n",
                            secs, service.startedAt(), service.position());
                }
            }
        }
    }
}
