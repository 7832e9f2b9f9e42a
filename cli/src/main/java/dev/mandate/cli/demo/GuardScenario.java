package dev.mandate.cli.demo;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.authz.Decision;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Amount;
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
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.server.KeySource;
import dev.mandate.server.MandateServer;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.status.HttpStatusListFetcher;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verifier.status.StatusPushSubscriber;
import jakarta.json.JsonObject;

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
 * The organisation, the procurement agents and the supplier of the guard demo, reusable by the demo step
 * and by {@code GuardLatencyBench}: the organisation's store (SQLite), registry, audit writer and guard
 * (learning period of 40 calls), its gateway ({@code mandate serve} with {@code POST /authorize}, every
 * decision audited) hosting the status lists, and the supplier's verifier subscribed to their stream.
 */
public final class GuardScenario implements AutoCloseable {
    /** The organisation's ERP API. */
    public static final String ERP = "https://erp.example.com/";
    /** The organisation's HR database API. */
    public static final String HR = "https://hr.example.com/";
    /** The supplier's API. */
    public static final String SUPPLIER = "https://api.supplier.example/";
    /** The demo's guard: the defaults with a learning period of 40 calls (the defaults want 200 calls and a day). */
    public static final String GUARD_CONFIG = "{\"learning\": {\"minObservations\": 40, \"minDuration\": \"PT0S\"}}";
    private static final String[][] WORKFLOW = {{"GET", "read", ERP + "suppliers"}, {"GET", "read", ERP + "suppliers/%d"},
            {"POST", "write", ERP + "purchase-orders/"}, {"GET", "read", ERP + "purchase-orders/%d"}, {"GET", "read", ERP + "invoices/%d"}};
    private static final byte[] PAY_BODY = "{\"amount\":\"120.00\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8);

    /** One registered agent with its key, its suspendable capability credential and a request signer. */
    public record AgentSetup(String did, KeyMaterial key, JsonObject credential, RequestSigner signer) {}

    private final java.util.Deque<AutoCloseable> closeables = new java.util.ArrayDeque<>();
    private final KeyMaterial org;
    private final String orgDid;
    private final Store store;
    private final AgentRegistry registry;
    private final AuditWriter writer;
    private final LinkedBlockingQueue<Alert> alerts = new LinkedBlockingQueue<>();
    private final MandateServer server;
    private final String token;
    private final StatusService status;
    private final Authorizer supplier;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Sets everything up in {@code workDir} with the organisation key {@code org}. */
    public GuardScenario(java.nio.file.Path workDir, KeyMaterial org) throws Exception {
        this.org = org;
        this.orgDid = DidKey.didFor(org.publicKey());
        try {
            store = keep(Stores.open("jdbc:sqlite:" + workDir.resolve("org.db"), StoreOptions.defaults().withListTtl(Duration.ofHours(1))));
            registry = new AgentRegistry(store);
            writer = keep(new AuditWriter(new AuditLog(store)));
            GuardConfig config = dev.mandate.cli.guard.GuardCommand.parse("demo guard config", GUARD_CONFIG);
            GuardService guard = keep(GuardService.builder(store, new Guard(config)).alert(alerts::add)
                    .pollInterval(Duration.ofMillis(100)).build().start());
            writer.onCommitted(e -> guard.poke());

            int port = ServeStep.freePort();
            String base = "http://127.0.0.1:" + port + "/status-lists/";
            token = ServeStep.token();
            ServerConfig sc = ServerConfig.defaults().withBind("127.0.0.1").withPort(port)
                    .withIssuers(List.of(IssuerConfig.of("org", "org")))
                    .withAuth(new AuthConfig(List.of(new Token("gateway", Token.hash(token), Set.of("verify", "status"))), Set.of()))
                    .withAccessLog(new AccessLog.Off());
            server = keep(MandateServer.builder(sc).keys(KeySource.of(Map.of("org", org)))
                    .status(store, base, "org")
                    .authorizePolicy(TrustPolicy.trusting(orgDid, 2, ERP, HR))
                    .onDecision(new DecisionAuditor(writer, "org-gateway")).start());
            status = new StatusService(store, base,
                    new IssuerKey(orgDid, DidKey.verificationMethodId(org.publicKey()), "eddsa-jcs-2022", org.signer()), new Issuer());

            StatusFetchOptions fetch = StatusFetchOptions.builder().allowHttpOnLoopback(true).build();
            StatusChecker checker = StatusChecker.builder().fetcher(new HttpStatusListFetcher(fetch)).maxStaleness(Duration.ofHours(1)).build();
            StatusPushSubscriber push = keep(StatusPushSubscriber.start(base + "events", checker, fetch, Duration.ofSeconds(5)));
            for (int i = 0; i < 400 && !push.connected(); i++) {
                Thread.sleep(5);
            }
            DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
            supplier = Authorizer.builder(Verifier.builder(resolver).statusChecker(checker).build(),
                    TrustPolicy.trusting(orgDid, 2, SUPPLIER)).build();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        closeables.push(c);
        return c;
    }

    /** The gateway's URL. */
    public java.net.URI gatewayUri() { return server.uri(); }
    /** The organisation's store. */
    public Store store() { return store; }
    /** The registry. */
    public AgentRegistry registry() { return registry; }
    /** The batching audit writer behind the gateway. */
    public AuditWriter writer() { return writer; }

    /**
     * Registers and activates an agent and issues it a capability credential (read the ERP, write purchase
     * orders, pay the supplier up to 500 EUR) with revocation and suspension entries.
     */
    public AgentSetup newAgent(String name) throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        String did = DidKey.didFor(key.publicKey());
        registry.register(did, name, "team:procurement", "orders office supplies from approved suppliers",
                dev.mandate.vc.model.Workload.NONE, "alice@org.example");
        registry.activate(did, "alice@org.example", "approved by the procurement lead");
        List<Capability> caps = List.of(
                Capability.of("read", ERP, Constraints.builder().methods("GET").build()),
                Capability.of("write", ERP + "purchase-orders/", Constraints.builder().methods("POST").build()),
                Capability.of("pay", SUPPLIER + "orders/", Constraints.builder().methods("POST").maxAmount(new BigDecimal("500.00"), "EUR").build()));
        CapabilityIssuer.Grant grant = new CapabilityIssuer.Grant(did, caps, 0, Workload.builder().workloadId("spiffe://org.example/" + name).build(),
                Duration.ofHours(8));
        JsonObject credential = status.issue(new CapabilityIssuer().unsignedGrant(grant),
                dev.mandate.registry.IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION).withValidFor(grant.validFor()));
        RequestSigner signer = new RequestSigner(did, DidKey.verificationMethodId(key.publicKey()), key.signer(), List.of(credential),
                Clock.systemUTC(), Duration.ofSeconds(30));
        return new AgentSetup(did, key, credential, signer);
    }

    /** {@code calls} calls of the usual workflow through the gateway; returns how many were allowed. */
    public int normalWork(AgentSetup a, int calls) throws Exception {
        int allowed = 0;
        for (int i = 0; i < calls; i++) {
            String[] step = WORKFLOW[i % WORKFLOW.length];
            String url = step[2].contains("%d") ? String.format(step[2], 1000 + i) : step[2];
            if (gateway(a, step[0], step[1], url).getBoolean("allow")) {
                allowed++;
            }
        }
        return allowed;
    }

    /** One call through the organisation's gateway; its decision as JSON. */
    public JsonObject gateway(AgentSetup a, String method, String action, String url) throws Exception {
        byte[] body = method.equals("POST") ? "{\"item\":\"paper\",\"quantity\":10}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        SimpleRequest req = new SimpleRequest(method, url, a.signer().headers(method, url, body, new Intent(action, url)), body);
        ServeStep.Reply r = ServeStep.post(http, server.uri().resolve("/authorize"), req.toJson(), token);
        if (r.status() != 200 && r.status() != 403) {
            throw new IllegalStateException("POST /authorize answered " + r.status() + ": " + r.body());
        }
        return r.json();
    }

    /** The agent asks the supplier to pay 120.00 EUR; the supplier's decision. */
    public Decision payAtSupplier(AgentSetup a) throws Exception {
        String url = SUPPLIER + "orders/77/payment";
        Intent pay = new Intent("pay", url, Amount.of("120.00", "EUR"));
        return supplier.authorize(new SimpleRequest("POST", url, a.signer().headers("POST", url, PAY_BODY, pay), PAY_BODY));
    }

    /** The next guard alert, waiting up to {@code wait}. */
    public Optional<Alert> nextAlert(Duration wait) throws InterruptedException {
        return Optional.ofNullable(alerts.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Polls the supplier every millisecond until it refuses the agent's payment (at most {@code wait}). */
    public Optional<Decision> awaitSupplierRefusal(AgentSetup a, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Decision d = payAtSupplier(a);
            if (!d.allow()) {
                return Optional.of(d);
            }
            Thread.sleep(1);
        }
        return Optional.empty();
    }

    /** Stops the server, the guard and the subscriptions, and closes the store. */
    @Override
    public void close() {
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }
}
