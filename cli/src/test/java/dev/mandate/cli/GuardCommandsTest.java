package dev.mandate.cli;

import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.service.GuardService;
import dev.mandate.guard.sim.TrafficGenerator;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate guard config|replay|baseline}, in-process on a real SQLite store holding synthetic decisions. */
class GuardCommandsTest {
    @TempDir
    Path dir;
    CliHarness cli;
    String store;
    TrafficGenerator.Traffic traffic;
    String procurement;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        store = "jdbc:sqlite:" + dir.resolve("org.db");
        cli.env.put("MANDATE_STORE", store);
        traffic = new TrafficGenerator(3, 4, Duration.ofDays(2)).generate();
        procurement = traffic.agents().stream().filter(a -> a.role() == TrafficGenerator.Role.PROCUREMENT).findFirst().orElseThrow().id();
        try (Store s = Stores.open(store)) {
            List<AuditDraft> drafts = new ArrayList<>();
            for (Observation o : traffic.observations()) {
                drafts.add(draft(o));
            }
            new AuditLog(s).appendAll(drafts);
        }
    }

    static AuditDraft draft(Observation o) {
        return dev.mandate.guard.service.DecisionAuditor.draft(o, "gateway", List.of());
    }

    private CliHarness.Result run(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        return r;
    }

    @Test
    void configPrintsTheDefaultsAndChecksAFile() throws Exception {
        JsonObject d = run(0, "guard", "config").json();
        assertEquals(GuardConfig.defaults().toJson(), d);
        Files.writeString(cli.workDir.resolve("g.json"), "{\"threshold\": 2.5, \"learning\": {\"minObservations\": 10}}");
        JsonObject merged = run(0, "guard", "config", "--config", "g.json").json();
        assertEquals(2.5, merged.getJsonNumber("threshold").doubleValue());
        assertEquals(10, merged.getJsonObject("learning").getInt("minObservations"));
        assertEquals(d.getJsonObject("silence"), merged.getJsonObject("silence"), "missing fields take the defaults");
        Files.writeString(cli.workDir.resolve("bad.json"), "{\"treshold\": 2}");
        CliHarness.Result bad = run(2, "guard", "config", "--config", "bad.json");
        assertTrue(bad.err().startsWith("mandate: bad.json: ") && bad.err().contains("treshold") && bad.err().lines().count() == 1, bad.err());
        Files.writeString(cli.workDir.resolve("broken.json"), "{\"threshold\": ");
        assertTrue(run(2, "guard", "config", "--config", "broken.json").err().startsWith("mandate: broken.json: "));
    }

    @Test
    void replayMatchesWhatWasRecordedAndShowsWhatAnotherConfigWouldDo() throws Exception {
        try (Store s = Stores.open(store)) {
            Observation hr = new Observation(0, traffic.observations().get(traffic.observations().size() - 1).at().plusSeconds(5), procurement,
                    "read", "https://hr.example.com/employees/12", false, List.of("INTENT_MISMATCH"),
                    traffic.agents().stream().filter(a -> a.id().equals(procurement)).findFirst().orElseThrow().scope());
            new AuditLog(s).appendAll(List.of(draft(hr)));
            assertEquals(1, GuardService.builder(s, new Guard(GuardConfig.defaults())).build().runOnce().size());
        }
        JsonObject same = run(0, "guard", "replay").json();
        assertTrue(same.getBoolean("matches"));
        assertEquals(1, same.getJsonArray("recorded").size());
        assertEquals(procurement, same.getJsonArray("replayed").getJsonObject(0).getString("agent"));

        Files.writeString(cli.workDir.resolve("lenient.json"), "{\"threshold\": 50}");
        CliHarness.Result differs = run(1, "guard", "replay", "--config", "lenient.json");
        assertFalse(differs.json().getBoolean("matches"));
        assertEquals(0, differs.json().getJsonArray("replayed").size());
        assertTrue(differs.err().contains("(DIFFERENT)"), differs.err());
    }

    @Test
    void baselineShowsWhatWasLearnedAboutAnAgent() {
        JsonObject b = run(0, "guard", "baseline", procurement).json();
        assertEquals(procurement, b.getString("agent"));
        assertTrue(b.getJsonNumber("observations").longValue() > 50, b.toString());
        CliHarness.Result none = run(1, "guard", "baseline", "did:key:z6MkNobody");
        assertTrue(none.err().contains("no authorization decisions for this agent"), none.err());
    }

    @Test
    void agentResumeLiftsTheGuardsSuspensionEverywhere() throws Exception {
        String chainCredential = "urn:uuid:chain-credential-seen-by-the-gateway";
        try (Store s = Stores.open(store)) {
            var registry = new dev.mandate.registry.agents.AgentRegistry(s);
            registry.register(procurement, "procurement", "team:procurement", "", dev.mandate.vc.model.Workload.NONE, "alice");
            registry.activate(procurement, "alice", "approved");
            s.allocate(chainCredential, "did:key:z6MkOrg", java.util.EnumSet.of(dev.mandate.vc.status.StatusPurpose.SUSPENSION), "");
            Observation hr = new Observation(0, traffic.observations().get(traffic.observations().size() - 1).at().plusSeconds(5), procurement,
                    "read", "https://hr.example.com/employees/12", false, List.of("INTENT_MISMATCH"),
                    traffic.agents().stream().filter(a -> a.id().equals(procurement)).findFirst().orElseThrow().scope());
            new AuditLog(s).appendAll(List.of(dev.mandate.guard.service.DecisionAuditor.draft(hr, "gateway", List.of(chainCredential))));
            assertEquals(1, GuardService.builder(s, new Guard(GuardConfig.defaults())).build().runOnce().size());
        }
        assertEquals("suspended", run(0, "status", "show", chainCredential).json().getString("status"));
        assertEquals("suspended", run(0, "agent", "show", procurement).json().getString("state"));

        JsonObject resumed = run(0, "agent", "resume", procurement, "--reason", "the HR read was a test", "--by", "bob").json();
        assertEquals("active", resumed.getString("state"));
        assertEquals(List.of(chainCredential), resumed.getJsonArray("reinstated").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        assertEquals("active", run(0, "status", "show", chainCredential).json().getString("status"));
        assertTrue(run(0, "guard", "replay").json().getBoolean("matches"), "the resume is part of the replayable log");
        CliHarness.Result again = run(2, "agent", "resume", procurement, "--reason", "twice");
        assertTrue(again.err().contains("active"), again.err());
    }
}
