package dev.mandate.cli.guard;

import dev.mandate.cli.CliEnvironment;
import dev.mandate.cli.Mandate;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.guard.Observation;
import dev.mandate.guard.service.DecisionAuditor;
import dev.mandate.guard.sim.TrafficGenerator;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.agents.AgentState;
import dev.mandate.vc.model.Workload;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.vc.status.StatusPurpose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate guard run}, in-process, watching a real SQLite store that another writer appends to. */
class GuardRunTest {
    @TempDir
    Path dir;

    @Test
    void theRunningGuardSuspendsAnAgentThatLeavesItsBaselineAndStopsCleanly() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("org.db");
        TrafficGenerator.Traffic traffic = new TrafficGenerator(5, 4, Duration.ofDays(2)).generate();
        TrafficGenerator.Agent procurement = traffic.agents().stream().filter(a -> a.role() == TrafficGenerator.Role.PROCUREMENT)
                .findFirst().orElseThrow();
        String credential = "urn:uuid:procurement-capability";
        try (Store s = Stores.open(url)) {
            AgentRegistry registry = new AgentRegistry(s);
            registry.register(procurement.id(), "procurement", "team:procurement", "", Workload.NONE, "alice");
            registry.activate(procurement.id(), "alice", "approved");
            s.allocate(credential, "did:key:z6MkOrg", EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), "");
            registry.recordCredential(procurement.id(), credential);
            List<AuditDraft> drafts = new ArrayList<>();
            for (Observation o : traffic.observations()) {
                drafts.add(DecisionAuditor.draft(o, "gateway", List.of()));
            }
            new AuditLog(s).appendAll(drafts);
        }

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(dir, Map.of("MANDATE_STORE", url), dir.resolve("home"), new PrintWriter(out, true),
                new PrintWriter(err, true), new ByteArrayInputStream(new byte[0]), p -> Optional.empty(), EncryptedKeyStore.MIN_ITERATION_COUNT);
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> Mandate.run(env, "guard", "run", "--poll", "20ms"));
        GuardCommand.Run.Running guard = null;
        for (int i = 0; i < 500 && guard == null; i++) {
            guard = GuardCommand.Run.RUNNING.get();
            if (guard == null) {
                Thread.sleep(20);
            }
        }
        assertTrue(guard != null, () -> "the guard did not start: " + err);
        try {
            assertTrue(err.toString().contains("watching " + url + " from entry ") && err.toString().contains("0 agent(s) suspended"), err.toString());
            assertTrue(guard.service().position() > traffic.observations().size(), "it read the existing log first");
            try (Store s = Stores.open(url)) {
                Observation hr = new Observation(0, traffic.observations().get(traffic.observations().size() - 1).at().plusSeconds(9),
                        procurement.id(), "read", "https://hr.example.com/salaries/7", false, List.of("INTENT_MISMATCH"), procurement.scope());
                new AuditLog(s).appendAll(List.of(DecisionAuditor.draft(hr, "gateway", List.of())));
                AgentRegistry registry = new AgentRegistry(s);
                for (int i = 0; i < 1000 && registry.agent(procurement.id()).orElseThrow().state() != AgentState.SUSPENDED; i++) {
                    Thread.sleep(10);
                }
                assertEquals(AgentState.SUSPENDED, registry.agent(procurement.id()).orElseThrow().state(), "suspended by the running guard");
                assertEquals(1, s.entries(credential).stream().filter(e -> e.purpose() == StatusPurpose.SUSPENSION).findFirst().orElseThrow().value());
            }
        } finally {
            guard.stop().countDown();
        }
        assertEquals(0, running.get(30, TimeUnit.SECONDS), err::toString);

        // restarted, it reads the checkpoint its orderly stop wrote, and only the log after it
        StringWriter err2 = new StringWriter();
        CliEnvironment env2 = new CliEnvironment(dir, Map.of("MANDATE_STORE", url), dir.resolve("home"), new PrintWriter(new StringWriter(), true),
                new PrintWriter(err2, true), new ByteArrayInputStream(new byte[0]), p -> Optional.empty(), EncryptedKeyStore.MIN_ITERATION_COUNT);
        CompletableFuture<Integer> again = CompletableFuture.supplyAsync(() -> Mandate.run(env2, "guard", "run", "--poll", "20ms"));
        GuardCommand.Run.Running second = null;
        for (int i = 0; i < 500 && second == null; i++) {
            second = GuardCommand.Run.RUNNING.get();
            if (second == null) {
                Thread.sleep(20);
            }
        }
        assertTrue(second != null, () -> "the guard did not start again: " + err2);
        try {
            assertTrue(err2.toString().contains("(baselines from the checkpoint at entry "), err2.toString());
            assertTrue(second.service().startedAt() > traffic.observations().size(), "started from the checkpoint");
            assertTrue(err2.toString().contains("1 agent(s) suspended"), err2.toString());
        } finally {
            second.stop().countDown();
        }
        assertEquals(0, again.get(30, TimeUnit.SECONDS), err2::toString);
    }

    @Test
    void aNegativeCheckpointIntervalIsRefused() {
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(dir, Map.of("MANDATE_STORE", "jdbc:sqlite:" + dir.resolve("x.db")), dir.resolve("home"),
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), new ByteArrayInputStream(new byte[0]), p -> Optional.empty(),
                EncryptedKeyStore.MIN_ITERATION_COUNT);
        assertEquals(2, Mandate.run(env, "guard", "run", "--checkpoint-every", "-5"));
        assertTrue(err.toString().contains("--checkpoint-every must be 0 (off) or a positive number of entries, got -5"), err.toString());
    }
}
