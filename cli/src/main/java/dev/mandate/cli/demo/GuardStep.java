package dev.mandate.cli.demo;

import dev.mandate.agent.authz.Decision;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.guard.service.Alert;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditVerification;
import dev.mandate.registry.audit.InclusionProof;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.time.Duration;

import static dev.mandate.cli.demo.GuardScenario.ERP;
import static dev.mandate.cli.demo.GuardScenario.HR;

/**
 * The behaviour guard end to end: the procurement agent, registered and holding a suspendable capability
 * credential, works normally through the organisation's gateway ({@code POST /authorize}, every decision
 * written to the audit log); then it queries the HR database. The guard, reading the log, suspends it
 * through the status list and the registry and records the evidence; the supplier's verifier, subscribed
 * to the organisation's status stream, refuses the agent's next payment. {@code mandate audit verify}
 * finds the log intact and {@code mandate audit prove} proves the suspension entry.
 */
final class GuardStep implements DemoStep {
    /** Held so the level set below sticks (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger GUARD_LOG = java.util.logging.Logger.getLogger("dev.mandate.guard");
    private static final int CALLS = 60;

    @Override
    public String title() {
        return "Behaviour guard: the procurement agent queries the HR database and is suspended everywhere, with evidence in the audit log";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        // the demo prints the guard's alert itself; its log line would repeat it on stderr
        java.util.logging.Level before = GUARD_LOG.getLevel();
        GUARD_LOG.setLevel(java.util.logging.Level.SEVERE);
        ctx.onClose((AutoCloseable) () -> GUARD_LOG.setLevel(before));
        KeyMaterial org = ctx.get(DemoValues.ORG_KEY);
        GuardScenario s = ctx.onClose(new GuardScenario(ctx.workDir(), org));
        ctx.say("organisation gateway %s decides agents' calls to its ERP and HR APIs (POST /authorize); every decision goes to the audit log,"
                + " which the guard reads (learning period: 40 calls)", s.gatewayUri());
        GuardScenario.AgentSetup agent = s.newAgent("procurement");
        String short24 = agent.did().substring(0, 24);
        ctx.say("registry: procurement agent %s... registered and activated by alice@org.example", short24);
        ctx.say("capability credential (read %s, write purchase orders, pay the supplier <= 500 EUR) issued with revocation and suspension entries;"
                + " recorded for the agent: %s", ERP, s.registry().credentials(agent.did()).contains(agent.credential().getString("id")));

        int allowed = s.normalWork(agent, CALLS);
        require(allowed == CALLS, "all " + CALLS + " normal calls should be allowed, " + allowed + " were");
        require(s.payAtSupplier(agent).allow(), "the supplier should accept the first payment");
        ctx.say("normal work: %d ERP calls allowed by the gateway (list suppliers, read one, raise a purchase order, check it and its invoice)", CALLS);
        ctx.say("the supplier's verifier, subscribed to the organisation's status stream, allows a 120.00 EUR payment");

        long t0 = System.nanoTime();
        JsonObject hr = s.gateway(agent, "GET", "read", HR + "employees/4711/salary");
        ctx.say("the agent reads %semployees/4711/salary -> gateway %s", HR, hr.getBoolean("allow") ? "ALLOW"
                : "DENY " + hr.getJsonArray("reasons").getJsonObject(0).getString("code"));
        Alert alert = s.nextAlert(Duration.ofSeconds(10)).orElseThrow(() -> new IllegalStateException("the guard should have suspended the agent"));
        ctx.say("guard: %s", alert.line());
        Decision refused = s.awaitSupplierRefusal(agent, Duration.ofSeconds(5))
                .orElseThrow(() -> new IllegalStateException("the supplier should refuse the suspended agent"));
        ctx.say("the supplier's verifier refuses the agent's next payment %.0f ms after the HR call: %s", (System.nanoTime() - t0) / 1e6,
                refused.reasons().get(0));
        var history = s.registry().history(agent.did());
        ctx.say("registry: the agent is %s (by %s)", s.registry().agent(agent.did()).orElseThrow().state().token(),
                history.get(history.size() - 1).actor());

        s.writer().flush(Duration.ofSeconds(10));
        AuditLog log = new AuditLog(s.store());
        log.signTreeHead(org.signer(), DidKey.verificationMethodId(org.publicKey()));
        AuditVerification v = log.verifyAll(org.publicKey());
        require(v.intact(), "the audit log should verify: " + v);
        ctx.say("mandate audit verify: %d entries (registry, issuance, %d authorization decisions, status, guard) intact under the signed tree head",
                v.entries(), CALLS + 1);
        InclusionProof proof = log.prove(alert.guardSeq());
        require(proof.check(org.publicKey()).isEmpty(), "the proof should check: " + proof.check(org.publicKey()));
        JsonObject details = Jsonp.PROVIDER.createReader(new StringReader(proof.entry().details())).readObject();
        ctx.say("mandate audit prove %d: the suspension entry (rules %s) is in the signed tree of %d entries: a %d-hash proof the partner checks without the log",
                alert.guardSeq(), details.getJsonObject("verdict").getJsonArray("signals").stream()
                        .map(x -> x.asJsonObject().getString("rule")).toList(), proof.treeSize(), proof.path().size());
        ctx.say("a person resumes it after the investigation: mandate agent resume %s... --reason '...'", short24);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
