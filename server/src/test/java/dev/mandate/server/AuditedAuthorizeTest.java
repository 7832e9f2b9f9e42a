package dev.mandate.server;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.guard.service.DecisionAuditor;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.registry.audit.SignedTreeHead;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuditConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import jakarta.json.JsonObject;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mandate.server.TestSupport.get;
import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /authorize with the decisions written to the audit log on the real PostgreSQL: an answer is sent only
 * once its decision is committed; while the log cannot be written the server answers 503 (fail closed) and
 * says so in /health/ready; closing drains the writer and signs the final head before the store closes.
 */
class AuditedAuthorizeTest {
    static final String API = "https://api.supplier.example/orders/";

    String schema;
    String url;
    Store store;
    AuditLog log;
    RequestSigner signer;
    String orgDid;
    KeyMaterial org;
    OkHttpClient client = TestSupport.client();

    @BeforeEach
    void setUp() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] name = new String[1];
        url = PgTestDatabase.createSchema(name);
        schema = name[0];
        store = Stores.open(url);
        log = new AuditLog(store);
        org = TestSupport.ed25519();
        KeyMaterial agent = TestSupport.ed25519();
        orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject cap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid,
                        List.of(Capability.of("read", API, Constraints.NONE)), 0, dev.mandate.vc.model.Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        signer = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(cap),
                Clock.systemUTC(), Duration.ofSeconds(30));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (store != null) {
            store.close();
        }
        PgTestDatabase.dropSchema(schema);
    }

    MandateServer start(AuditConfig audit, AuditWriter writer, Map<String, ReadinessCheck> checks) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withAudit(audit)
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)));
        MandateServer.Builder b = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", org)))
                .status(store, "http://127.0.0.1:1/status-lists/").signAuditLogEvery(Duration.ofHours(1))
                .authorizePolicy(TrustPolicy.trusting(orgDid, 2, API)).accessLog(l -> { })
                .onDecision(new DecisionAuditor(writer, "gw")).auditWriter(writer);
        checks.forEach(b::readinessCheck);
        return b.start();
    }

    String request(String id) throws Exception {
        String u = API + id;
        byte[] b = new byte[0];
        Map<String, String> headers = signer.headers("GET", u, b, new Intent("read", u));
        return new SimpleRequest("GET", u, headers, b).toJson().toString();
    }

    void sql(String statement) {
        PgTestDatabase.execute(statement.replace("ALTER TABLE ", "ALTER TABLE " + schema + "."));
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void everyAnsweredDecisionIsInTheLogWhenItsAnswerArrives() throws Exception {
        AuditWriter writer = new AuditWriter(new AuditLog(store));
        MandateServer server = start(AuditConfig.defaults(), writer, Map.of());
        try {
            for (int i = 0; i < 20; i++) {
                Reply r = post(client, server, "/authorize", request("o" + i));
                assertEquals(200, r.status(), r::toString);
                assertEquals(i + 1, log.size(), "the decision is committed before its answer is sent");
            }
            Reply denied = post(client, server, "/authorize", "{\"method\":\"GET\",\"uri\":\"" + API + "x\",\"headers\":{}}");
            assertEquals(403, denied.status(), denied::toString);
            assertEquals(21, log.size(), "a DENY is recorded before it is answered too");
            Reply ready = get(client, server, "/health/ready");
            assertEquals(200, ready.status(), ready::toString);
            assertEquals("ok", ready.json().getJsonObject("checks").getString("store"));
            assertEquals("ok", ready.json().getJsonObject("checks").getString("auditWriter"));
        } finally {
            server.close();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void whileTheLogCannotBeWrittenAuthorizeAnswers503AndReadinessNamesTheWriter() throws Exception {
        AuditWriter writer = new AuditWriter(new AuditLog(store));
        MandateServer server = start(new AuditConfig(Duration.ofSeconds(1), false), writer, Map.of());
        try {
            assertEquals(200, post(client, server, "/authorize", request("before")).status());
            sql("ALTER TABLE audit_entry RENAME TO audit_entry_away"); // every append now fails, like a full disk
            Reply refused = post(client, server, "/authorize", request("during"));
            assertEquals(503, refused.status(), refused::toString);
            assertTrue(refused.body().contains("AUDIT_UNAVAILABLE") && refused.body().contains("audit.maxUnpersistedSeconds"), refused::toString);
            Thread.sleep(300);
            Reply fast = post(client, server, "/authorize", request("during-2"));
            assertEquals(503, fast.status(), "the writer is past its bound: refused before deciding");
            assertTrue(fast.body().contains("behind"), fast::toString);
            Reply ready = get(client, server, "/health/ready");
            assertEquals(503, ready.status(), ready::toString);
            assertTrue(ready.json().getJsonObject("checks").getString("auditWriter").contains("audit.maxUnpersistedSeconds"), ready::toString);
            assertEquals(200, get(client, server, "/health/live").status(), "alive while not ready");
            assertEquals(200, get(client, server, "/health").status(), "/health stays liveness");

            sql("ALTER TABLE audit_entry_away RENAME TO audit_entry");
            assertTrue(writer.flush(Duration.ofSeconds(30)));
            Reply after = post(client, server, "/authorize", request("after"));
            assertEquals(200, after.status(), after::toString);
            assertEquals(200, get(client, server, "/health/ready").status());
            List<String> urls = log.entries(0, 100).stream().map(e -> e.details()).toList();
            assertTrue(urls.get(0).contains("before") && urls.get(urls.size() - 1).contains("after"), urls::toString);
            assertFalse(urls.stream().anyMatch(u -> u.contains("during-2")), "a request refused before deciding leaves no decision");
        } finally {
            server.close();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void failOpenAnswersWhileTheLogIsDownAndCountsWhatIsLost() throws Exception {
        AuditWriter writer = new AuditWriter(new AuditLog(store));
        MandateServer server = start(new AuditConfig(Duration.ofSeconds(1), true), writer, Map.of());
        sql("ALTER TABLE audit_entry RENAME TO audit_entry_away");
        try {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, post(client, server, "/authorize", request("open" + i)).status(), "onFailure allow answers anyway");
            }
        } finally {
            server.close();
        }
        assertEquals(3, writer.lost(), "the decisions the writer could not write on close are counted");
        sql("ALTER TABLE audit_entry_away RENAME TO audit_entry");
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void closingDrainsTheWriterAndSignsTheFinalHeadBeforeTheStoreCloses() throws Exception {
        AuditWriter writer = new AuditWriter(new AuditLog(store));
        MandateServer server = start(AuditConfig.defaults(), writer, Map.of());
        for (int i = 0; i < 5; i++) {
            assertEquals(200, post(client, server, "/authorize", request("c" + i)).status());
        }
        log.append("operator", "alice", "note", jakarta.json.Json.createObjectBuilder().build());
        server.close();
        assertFalse(writer.running());
        Optional<SignedTreeHead> last = log.signedTreeHeads().stream().reduce((a, b) -> b);
        assertEquals(6, last.orElseThrow().treeSize(), "the final signed head covers every entry");
        assertTrue(log.verifyAll(org.publicKey()).intact());
        assertEquals(0, writer.lost());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aFailingPluggedCheckMakesTheServerNotReadyAndIsNamed() throws Exception {
        AuditWriter writer = new AuditWriter(new AuditLog(store));
        boolean[] redisUp = {true};
        MandateServer server = start(AuditConfig.defaults(), writer,
                Map.of("redis", () -> redisUp[0] ? Optional.empty() : Optional.of("connection refused")));
        try {
            assertEquals(200, get(client, server, "/health/ready").status());
            redisUp[0] = false;
            Reply r = get(client, server, "/health/ready");
            assertEquals(503, r.status(), r::toString);
            assertEquals("connection refused", r.json().getJsonObject("checks").getString("redis"));
            assertEquals("not ready", r.json().getString("status"));
            redisUp[0] = true;
            sql("ALTER TABLE schema_version RENAME TO schema_version_away"); // the store check reads it
            Reply s = get(client, server, "/health/ready");
            assertEquals(503, s.status(), s::toString);
            assertTrue(s.json().getJsonObject("checks").getString("store").contains("postgresql store cannot be read"), s::toString);
            sql("ALTER TABLE schema_version_away RENAME TO schema_version");
            Reply post = post(client, server, "/health/ready", "{}");
            assertEquals(405, post.status());
        } finally {
            server.close();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void twoServersOnOneStoreSignEachTreeSizeOnce() throws Exception {
        try (Store second = Stores.open(url)) {
            ServerConfig config = ServerConfig.defaults().withPort(0).withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)))
                    .withAccessLog(new AccessLog.Off());
            MandateServer a = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", org)))
                    .status(store, "http://127.0.0.1:1/status-lists/").signAuditLogEvery(Duration.ofMillis(20)).start();
            MandateServer b = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", org)))
                    .status(second, "http://127.0.0.1:1/status-lists/").signAuditLogEvery(Duration.ofMillis(20)).start();
            try {
                for (int i = 0; i < 30; i++) {
                    log.append("operator", "alice", "n" + i, jakarta.json.Json.createObjectBuilder().build());
                    Thread.sleep(15);
                }
            } finally {
                a.close();
                b.close();
            }
        }
        List<SignedTreeHead> heads = log.signedTreeHeads();
        assertEquals(heads.size(), heads.stream().map(SignedTreeHead::treeSize).distinct().count(), "each size signed once: " + heads.size());
        assertEquals(30, heads.get(heads.size() - 1).treeSize());
        assertTrue(log.verifyAll(org.publicKey()).intact());
    }
}
