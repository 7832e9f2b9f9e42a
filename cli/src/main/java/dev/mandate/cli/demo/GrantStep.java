package dev.mandate.cli.demo;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.StoreOptions;
import dev.mandate.registry.Stores;
import dev.mandate.server.KeySource;
import dev.mandate.server.MandateServer;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.HttpStatusListFetcher;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verifier.status.StatusPushSubscriber;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Just-in-time access and revocation: the organisation's server grants the agent a 3-second,
 * task-scoped credential; the partner's verifier (subscribed to the organisation's status stream)
 * accepts it during the task and refuses it the moment the task completes; a suspension and a
 * reinstatement of a longer-lived credential reach the verifier the same way.
 */
final class GrantStep implements DemoStep {
    @Override
    public String title() {
        return "A 3-second task grant, revoked on completion; a suspension and a reinstatement seen by a subscribed verifier";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        KeyMaterial org = ctx.get(DemoValues.ORG_KEY);
        KeyMaterial agent = ctx.get(DemoValues.AGENT_KEY);
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        int port = ServeStep.freePort();
        String base = "http://127.0.0.1:" + port + "/status-lists/";
        String statusToken = ServeStep.token();
        Store store = ctx.onClose(Stores.open("jdbc:sqlite:" + ctx.workDir().resolve("mandate.db"),
                StoreOptions.defaults().withListTtl(Duration.ofHours(1))));
        ServerConfig config = ServerConfig.defaults().withBind("127.0.0.1").withPort(port)
                .withIssuers(List.of(IssuerConfig.of("org", "org")))
                .withAuth(new AuthConfig(List.of(new Token("operator", Token.hash(statusToken), Set.of("status"))), Set.of("verify")))
                .withAccessLog(new AccessLog.Off());
        MandateServer server = ctx.onClose(MandateServer.builder(config).keys(KeySource.of(Map.of("org", org)))
                .status(store, base, "org").start());
        ctx.say("organisation server %s hosts status lists (SQLite %s) and their change stream", server.uri(), "mandate.db");

        StatusFetchOptions fetch = StatusFetchOptions.builder().allowHttpOnLoopback(true).build();
        StatusChecker checker = StatusChecker.builder().fetcher(new HttpStatusListFetcher(fetch)).maxStaleness(Duration.ofHours(1)).build();
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(checker).build();
        StatusPushSubscriber push = ctx.onClose(StatusPushSubscriber.start(base + "events", checker, fetch, Duration.ofSeconds(5)));
        for (int i = 0; i < 400 && !push.connected(); i++) {
            Thread.sleep(5);
        }
        ctx.say("the partner's verifier caches lists for up to an hour but subscribes to %sevents", base);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonObject grantRequest = Jsonp.PROVIDER.createObjectBuilder().add("agent", agentDid).add("action", "write")
                .add("resource", "https://db.example/reports/q3").add("ttl", 3).add("task", "report-q3").build();
        ServeStep.Reply granted = ServeStep.post(http, server.uri().resolve("/grants"), grantRequest, statusToken);
        ServeStep.expect(201, granted, "issuing the grant");
        JsonObject grant = granted.json();
        ctx.say("POST /grants -> 201: write https://db.example/reports/q3 for task report-q3, valid until %s", grant.getString("validUntil"));
        VerificationResult during = verifier.verify(grant, VerifyOptions.none());
        ctx.say("the agent uses it at once: verified=%s checks=%s", during.verified(), during.checks());
        require(during.verified(), "the grant during its task", during);

        long t0 = System.nanoTime();
        ServeStep.expect(200, ServeStep.post(http, server.uri().resolve("/grants/report-q3/complete"), JsonObject.EMPTY_JSON_OBJECT, statusToken),
                "completing the task");
        VerificationResult after = waitUntilRefused(verifier, grant);
        ctx.say("POST /grants/report-q3/complete; the verifier refuses the grant %.0f ms later: %s", (System.nanoTime() - t0) / 1e6,
                after.problems().get(0).message());

        IssuerKey key = new IssuerKey(orgDid, DidKey.verificationMethodId(org.publicKey()), "eddsa-rdfc-2022", org.signer());
        StatusService status = new StatusService(store, base, key, new Issuer());
        JsonObject unsigned = Jsonp.PROVIDER.createObjectBuilder(dev.mandate.cli.bench.BenchCommand.builtIn())
                .add("credentialSubject", Jsonp.PROVIDER.createObjectBuilder(dev.mandate.cli.bench.BenchCommand.builtIn()
                        .getJsonObject("credentialSubject")).add("id", agentDid)).build();
        JsonObject vc = status.issue(unsigned, dev.mandate.registry.IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)
                .withValidFor(Duration.ofHours(8)));
        require(verifier.verify(vc, VerifyOptions.none()).verified(), "the 8-hour credential", verifier.verify(vc, VerifyOptions.none()));
        ctx.say("an 8-hour capability credential with revocation and suspension entries verifies");

        t0 = System.nanoTime();
        ServeStep.expect(200, ServeStep.post(http, server.uri().resolve("/credentials/status"), statusChange(vc, true), statusToken), "suspending");
        VerificationResult suspended = waitUntilRefused(verifier, vc);
        ctx.say("POST /credentials/status (suspension=true) -> refused %.0f ms later: %s", (System.nanoTime() - t0) / 1e6,
                suspended.problems().get(0).type().name());
        t0 = System.nanoTime();
        ServeStep.expect(200, ServeStep.post(http, server.uri().resolve("/credentials/status"), statusChange(vc, false), statusToken), "reinstating");
        for (int i = 0; i < 2000 && !verifier.verify(vc, VerifyOptions.none()).verified(); i++) {
            Thread.sleep(1);
        }
        VerificationResult reinstated = verifier.verify(vc, VerifyOptions.none());
        require(reinstated.verified(), "the reinstated credential", reinstated);
        ctx.say("reinstated (suspension=false) -> verified again %.0f ms later", (System.nanoTime() - t0) / 1e6);
    }

    private static JsonObject statusChange(JsonObject vc, boolean suspended) {
        return Jsonp.PROVIDER.createObjectBuilder().add("credentialId", vc.getString("id"))
                .add("credentialStatus", Jsonp.PROVIDER.createObjectBuilder().add("type", "BitstringStatusListEntry").add("statusPurpose", "suspension"))
                .add("status", suspended).build();
    }

    private static VerificationResult waitUntilRefused(Verifier verifier, JsonObject vc) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            VerificationResult r = verifier.verify(vc, VerifyOptions.none());
            if (!r.verified()) {
                return r;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("the verifier still accepts a credential whose status changed");
    }

    private static void require(boolean ok, String what, VerificationResult r) {
        if (!ok) {
            throw new IllegalStateException(what + " did not verify: " + r.toJson());
        }
    }
}
