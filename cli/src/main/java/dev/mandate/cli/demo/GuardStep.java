package dev.mandate.cli.demo;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.guard.service.Alert;
import dev.mandate.guard.service.DecisionAuditor;
import dev.mandate.guard.service.GuardService;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditVerification;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.registry.audit.InclusionProof;
import dev.mandate.server.KeySource;
import dev.mandate.server.MandateServer;
import dev.mandate.server.ServerConfig;
import dev.mandate.server.ServerConfig.AuthConfig;
import dev.mandate.server.ServerConfig.IssuerConfig;
import dev.mandate.server.ServerConfig.Token;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.status.HttpStatusListFetcher;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verifier.status.StatusPushSubscriber;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The behaviour guard end to end: the procurement agent, registered and holding a suspendable capability
 * credential, works normally through the organisation's gateway ({@code POST /authorize}, every decision
 * written to the audit log); then it queries the HR database. The guard, reading the log, suspends it
 * through the status list and the registry and records the evidence; the supplier's verifier, subscribed
 * to the organisation's status stream, refuses the agent's next payment. {@code mandate audit verify}
 * finds the log intact and {@code mandate audit prove} proves the suspension entry.
 */
final class GuardStep implements DemoStep {
    static final String ERP = "https://erp.example.com/";
    static final String HR = "https://hr.example.com/";
    static final String SUPPLIER = "https://api.supplier.example/";
    /** The demo's guard: the defaults with a learning period of 40 calls (the defaults want 200 calls and a day). */
    static final String DEMO_GUARD_CONFIG = "{\"learning\": {\"minObservations\": 40, \"minDuration\": \"PT0S\"}}";

    @Override
    public String title() {
        return "Behaviour guard: the procurement agent queries the HR database and is suspended everywhere, with evidence in the audit log";
    }

    /** Held so the level set below sticks (JUL keeps loggers weakly). */
    private static final java.util.logging.Logger GUARD_LOG = java.util.logging.Logger.getLogger("dev.mandate.guard");

    @Override
    public void run(DemoContext ctx) throws Exception {
        // the demo prints the guard's alert itself; its log line would repeat it on stderr
        java.util.logging.Level before = GUARD_LOG.getLevel();
        GUARD_LOG.setLevel(java.util.logging.Level.SEVERE);
        ctx.onClose((AutoCloseable) () -> GUARD_LOG.setLevel(before));
        KeyMaterial org = ctx.get(DemoValues.ORG_KEY);
        KeyMaterial agent = KeyMaterial.generate(KeyType.ED25519);
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());

        // --- the organisation: store, registry, gateway with audit, guard
        Store store = ctx.onClose(Stores.open("jdbc:sqlite:" + ctx.workDir().resolve("org.db"),
                StoreOptions.defaults().withListTtl(Duration.ofHours(1))));
        AgentRegistry registry = new AgentRegistry(store);
        registry.register(agentDid, "procurement", "team:procurement", "orders office supplies from approved suppliers",
                dev.mandate.registry.agents.Workload.NONE, "alice@org.example");
        registry.activate(agentDid, "alice@org.example", "approved by the procurement lead");
        ctx.say("registry: procurement agent %s... registered and activated by alice@org.example", agentDid.substring(0, 24));

        AuditWriter writer = ctx.onClose(new AuditWriter(new AuditLog(store)));
        GuardConfig config = dev.mandate.cli.guard.GuardCommand.parse("demo guard config", DEMO_GUARD_CONFIG);
        LinkedBlockingQueue<Alert> alerts = new LinkedBlockingQueue<>();
        GuardService guard = ctx.onClose(GuardService.builder(store, new Guard(config)).alert(alerts::add)
                .pollInterval(Duration.ofMillis(100)).build().start());
        writer.onCommitted(e -> guard.poke());

        int port = ServeStep.freePort();
        String base = "http://127.0.0.1:" + port + "/status-lists/";
        String token = ServeStep.token();
        ServerConfig sc = ServerConfig.defaults().withBind("127.0.0.1").withPort(port)
                .withIssuers(List.of(IssuerConfig.of("org", "org")))
                .withAuth(new AuthConfig(List.of(new Token("gateway", Token.hash(token), Set.of("verify", "status"))), Set.of()))
                .withAccessLog(new ServerConfig.AccessLog.Off());
        MandateServer server = ctx.onClose(MandateServer.builder(sc).keys(KeySource.of(Map.of("org", org)))
                .status(store, base, "org")
                .authorizePolicy(TrustPolicy.trusting(orgDid, 2, ERP, HR))
                .onDecision(new DecisionAuditor(writer, "org-gateway")).start());
        ctx.say("organisation gateway %s decides the agent's calls to its ERP and HR APIs (POST /authorize); every decision goes to the audit log, which the guard reads", server.uri());

        // --- a suspendable capability credential for the agent
        List<Capability> caps = List.of(
                Capability.of("read", ERP, Constraints.builder().methods("GET").build()),
                Capability.of("write", ERP + "purchase-orders/", Constraints.builder().methods("POST").build()),
                Capability.of("pay", SUPPLIER + "orders/", Constraints.builder().methods("POST").maxAmount(new BigDecimal("500.00"), "EUR").build()));
        StatusService status = new StatusService(store, base,
                new IssuerKey(orgDid, DidKey.verificationMethodId(org.publicKey()), "eddsa-jcs-2022", org.signer()), new Issuer());
        CapabilityIssuer.Grant grant = new CapabilityIssuer.Grant(agentDid, caps, 0, new Workload("", "", "", "spiffe://org.example/procurement"),
                Duration.ofHours(8));
        JsonObject credential = status.issue(new CapabilityIssuer().unsignedGrant(grant),
                EnumSet.of(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION), "", Optional.of(grant.validFor()));
        ctx.say("capability credential (read %s, write purchase orders, pay the supplier <= 500 EUR) issued with revocation and suspension entries;"
                + " recorded for the agent: %s", ERP, registry.credentials(agentDid).contains(credential.getString("id")));

        // --- the supplier: its own verifier, subscribed to the organisation's status stream
        StatusFetchOptions fetch = StatusFetchOptions.builder().allowHttpOnLoopback(true).build();
        StatusChecker checker = StatusChecker.builder().fetcher(new HttpStatusListFetcher(fetch)).maxStaleness(Duration.ofHours(1)).build();
        StatusPushSubscriber push = ctx.onClose(StatusPushSubscriber.start(base + "events", checker, fetch, Duration.ofSeconds(5)));
        for (int i = 0; i < 400 && !push.connected(); i++) {
            Thread.sleep(5);
        }
        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Authorizer supplier = Authorizer.builder(Verifier.builder(resolver).statusChecker(checker).build(), resolver,
                TrustPolicy.trusting(orgDid, 2, SUPPLIER)).build();
        RequestSigner signer = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(credential),
                Clock.systemUTC(), Duration.ofSeconds(30));

        // --- normal work
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String[][] workflow = {{"GET", "read", ERP + "suppliers"}, {"GET", "read", ERP + "suppliers/%d"},
                {"POST", "write", ERP + "purchase-orders/"}, {"GET", "read", ERP + "purchase-orders/%d"}, {"GET", "read", ERP + "invoices/%d"}};
        int allowed = 0;
        int calls = 60;
        for (int i = 0; i < calls; i++) {
            String[] step = workflow[i % workflow.length];
            String url = step[2].contains("%d") ? String.format(step[2], 1000 + i) : step[2];
            if (gateway(http, server, token, signer, step[0], step[1], url).getBoolean("allow")) {
                allowed++;
            }
        }
        require(allowed == calls, "all " + calls + " normal calls should be allowed, " + allowed + " were");
        byte[] payBody = "{\"amount\":\"120.00\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);
        require(supplier.authorize(pay(signer, payBody)).allow(), "the supplier should accept the first payment");
        ctx.say("normal work: %d ERP calls allowed by the gateway (list suppliers, read one, raise a purchase order, check it and its invoice)", calls);
        ctx.say("the supplier's verifier allows a 120.00 EUR payment");

        // --- the HR database
        long t0 = System.nanoTime();
        JsonObject hr = gateway(http, server, token, signer, "GET", "read", HR + "employees/4711/salary");
        ctx.say("the agent reads %semployees/4711/salary -> gateway %s", HR, hr.getBoolean("allow") ? "ALLOW"
                : "DENY " + hr.getJsonArray("reasons").getJsonObject(0).getString("code"));
        Alert alert = alerts.poll(10, TimeUnit.SECONDS);
        require(alert != null, "the guard should have suspended the agent");
        ctx.say("guard: %s", alert.line());
        Decision refused = null;
        for (int i = 0; i < 5000; i++) {
            Decision d = supplier.authorize(pay(signer, payBody));
            if (!d.allow()) {
                refused = d;
                break;
            }
            Thread.sleep(1);
        }
        require(refused != null, "the supplier should refuse the suspended agent");
        ctx.say("the supplier's verifier refuses the agent's next payment %.0f ms after the HR call: %s", (System.nanoTime() - t0) / 1e6,
                refused.reasons().get(0));
        ctx.say("registry: the agent is %s (by %s)", registry.agent(agentDid).orElseThrow().state().token(),
                registry.history(agentDid).get(registry.history(agentDid).size() - 1).actor());

        // --- the audit log
        writer.flush(Duration.ofSeconds(10));
        AuditLog log = new AuditLog(store);
        log.signTreeHead(org.signer(), DidKey.verificationMethodId(org.publicKey()));
        AuditVerification v = log.verifyAll(org.publicKey());
        require(v.intact(), "the audit log should verify: " + v);
        ctx.say("mandate audit verify: %d entries (registry, issuance, %d authorization decisions, status, guard) intact under the signed tree head",
                v.entries(), calls + 1);
        InclusionProof proof = log.prove(alert.guardSeq());
        require(proof.check(org.publicKey()).isEmpty(), "the proof should check: " + proof.check(org.publicKey()));
        JsonObject details = Jsonp.PROVIDER.createReader(new StringReader(proof.entry().details())).readObject();
        ctx.say("mandate audit prove %d: the suspension entry (rules %s) is in the signed tree of %d entries: a %d-hash proof the partner checks without the log",
                alert.guardSeq(), details.getJsonObject("verdict").getJsonArray("signals").stream()
                        .map(s -> s.asJsonObject().getString("rule")).toList(), proof.treeSize(), proof.path().size());
        ctx.say("a person resumes it after the investigation: mandate agent resume %s... --reason '...'", agentDid.substring(0, 24));
    }

    private static JsonObject gateway(HttpClient http, MandateServer server, String token, RequestSigner signer, String method, String action,
                                    String url) throws Exception {
        byte[] body = method.equals("POST") ? "{\"item\":\"paper\",\"quantity\":10}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        SimpleRequest req = new SimpleRequest(method, url, signer.headers(method, url, body, new Intent(action, url)), body);
        ServeStep.Reply r = ServeStep.post(http, server.uri().resolve("/authorize"), req.toJson(), token);
        if (r.status() != 200 && r.status() != 403) {
            throw new IllegalStateException("POST /authorize answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    private static SimpleRequest pay(RequestSigner signer, byte[] body) throws Exception {
        String url = SUPPLIER + "orders/77/payment";
        return new SimpleRequest("POST", url, signer.headers("POST", url, body, new Intent("pay", url)), body);
    }

    private static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
