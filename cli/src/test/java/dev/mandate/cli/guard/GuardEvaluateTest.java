package dev.mandate.cli.guard;

import dev.mandate.cli.CliEnvironment;
import dev.mandate.cli.Mandate;
import dev.mandate.did.keystore.EncryptedKeyStore;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.Observation;
import dev.mandate.guard.service.DecisionAuditor;
import dev.mandate.guard.sim.LabelledTraffic;
import dev.mandate.guard.sim.Models;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate guard evaluate}: on a model, and replayed from an exported audit log with labels, which must agree. */
class GuardEvaluateTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(Map<String, String> vars, String... args) {
        CliEnvironment env = new CliEnvironment(dir, vars, dir.resolve("home"), new PrintWriter(out, true), new PrintWriter(err, true),
                new ByteArrayInputStream(new byte[0]), p -> Optional.empty(), EncryptedKeyStore.MIN_ITERATION_COUNT);
        return Mandate.run(env, args);
    }

    @Test
    void aModelRunAndTheSameTrafficReplayedFromTheLogGiveTheSameTables() throws Exception {
        assertEquals(0, run(Map.of(), "guard", "evaluate", "--model", "archetypes", "--seeds", "21", "--agents", "10", "--days", "14"), err::toString);
        String fromModel = out.toString();
        assertTrue(fromModel.startsWith("runs 1, observations "), fromModel);
        assertTrue(fromModel.contains("| time-of-day | 2 | 2 | 2 | 1.00 |"), fromModel);
        assertTrue(fromModel.contains("| nightly-etl | 2 | 0 |"), fromModel);

        // export: the same traffic as authorization entries in a SQLite store, and its labels
        LabelledTraffic t = Models.generate("archetypes", 21, 10, 14, GuardConfig.defaults());
        String url = "jdbc:sqlite:" + dir.resolve("copy.db");
        try (Store s = Stores.open(url)) {
            List<AuditDraft> drafts = new ArrayList<>();
            for (Observation o : t.observations()) drafts.add(DecisionAuditor.draft(o, "gateway", List.of()));
            new AuditLog(s).appendAll(drafts);
        }
        Files.writeString(dir.resolve("labels.json"), t.labelsJson().toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run(Map.of("MANDATE_STORE", url), "guard", "evaluate", "--from-log", "--labels", "labels.json"), err::toString);
        String fromLog = out.toString();
        // the model's own tables are those the model run printed (Scorecard.tables of the same traffic): scoring it a
        // third time here would only repeat that run
        assertEquals(fromModel.substring(fromModel.indexOf('\n')), fromLog.substring(fromLog.indexOf('\n')),
                "the replayed log scores exactly as the model (amounts included)");
    }

    @Test
    void badLabelsAndOptionsAreOneLineUsageErrors() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{\"injections\": [{\"agent\": \"did:x\", \"name\": \"n\", \"rule\": \"r\", \"from\": \"yesterday\"}]}");
        assertEquals(2, run(Map.of("MANDATE_STORE", "jdbc:sqlite:" + dir.resolve("e.db")), "guard", "evaluate", "--from-log", "--labels", "bad.json"));
        assertTrue(err.toString().contains("injections[0].from must be an ISO-8601 instant"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
        err.getBuffer().setLength(0);
        assertEquals(2, run(Map.of(), "guard", "evaluate", "--model", "nope"));
        assertTrue(err.toString().contains("unknown traffic model \"nope\" (known: generator, archetypes, jobs)"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run(Map.of(), "guard", "evaluate", "--agents", "0"));
        assertTrue(err.toString().contains("--agents 0"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run(Map.of(), "guard", "evaluate", "--labels", "bad.json"));
        assertTrue(err.toString().contains("labels go with --from-log"), err.toString());
    }

    @Test
    void dismissAndEnforceRefuseWhatTheyMust() {
        Map<String, String> vars = Map.of("MANDATE_STORE", "jdbc:sqlite:" + dir.resolve("d.db"));
        assertEquals(1, run(vars, "guard", "dismiss", "did:example:nobody", "--by", "alice", "--reason", "x"));
        assertTrue(err.toString().contains("the guard has no suspension of did:example:nobody to dismiss"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run(vars, "guard", "dismiss", "did:example:nobody", "--reason", "x"));
        assertTrue(err.toString().contains("--by"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run(vars, "guard", "enforce", "--by", "guard"));
        assertTrue(err.toString().contains("operator's name"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, run(vars, "guard", "enforce", "--by", "alice"), err::toString);
        assertTrue(err.toString().contains("enforcing from audit entry 0"), err.toString());
    }
}
