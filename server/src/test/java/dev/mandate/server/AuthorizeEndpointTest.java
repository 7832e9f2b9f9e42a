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
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.ServerConfig;
import jakarta.json.JsonObject;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /authorize: the partner's gateway asks the server to decide an agent's signed request. */
class AuthorizeEndpointTest {
    static final String API = "https://api.supplier.example/orders/";
    static MandateServer server;
    static MandateServer unconfigured;
    static OkHttpClient client;
    static RequestSigner signer;

    @BeforeAll
    static void start() throws Exception {
        KeyMaterial org = TestSupport.ed25519();
        KeyMaterial agent = TestSupport.ed25519();
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject cap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid,
                        List.of(Capability.of("read", API, Constraints.NONE)), 0, dev.mandate.vc.model.Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        signer = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(cap),
                Clock.systemUTC(), Duration.ofSeconds(30));
        server = MandateServer.builder(ServerConfig.defaults().withPort(0)).authorizePolicy(TrustPolicy.trusting(orgDid, 2, API))
                .accessLog(l -> { }).start();
        unconfigured = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start();
        client = TestSupport.client();
    }

    @AfterAll
    static void stop() {
        server.close();
        unconfigured.close();
    }

    static String request(String method, String url, String intentAction, String body) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.headers(method, url, b, new Intent(intentAction, url));
        return new SimpleRequest(method, url, headers, b).toJson().toString();
    }

    @Test
    void anAllowedRequestIs200AndItsReplayIs403() throws Exception {
        String req = request("GET", API + "42", "read", "");
        Reply ok = post(client, server, "/authorize", req);
        assertEquals(200, ok.status(), ok::toString);
        assertTrue(ok.json().getBoolean("allow"), ok::toString);
        Reply replay = post(client, server, "/authorize", req);
        assertEquals(403, replay.status(), replay::toString);
        assertFalse(replay.json().getBoolean("allow"));
        assertTrue(replay.body().contains("REPLAY"), replay::toString);
    }

    @Test
    void anActionOutsideTheCapabilityIs403WithTheReason() throws Exception {
        Reply r = post(client, server, "/authorize", request("POST", API + "42", "pay", "{\"amount\":\"10\"}"));
        assertEquals(403, r.status(), r::toString);
        assertFalse(r.json().getJsonArray("reasons").isEmpty(), r::toString);
    }

    @Test
    void malformedBodiesAndMissingPolicyAreClearErrors() {
        Reply bad = post(client, server, "/authorize", "{\"uri\": 5}");
        assertEquals(400, bad.status(), bad::toString);
        assertTrue(bad.body().contains("method"), bad::toString);
        assertEquals(400, post(client, server, "/authorize", "not json").status());
        Reply none = post(client, unconfigured, "/authorize", "{\"method\":\"GET\",\"uri\":\"" + API + "\"}");
        assertEquals(404, none.status(), none::toString);
        assertTrue(none.body().contains("--authorize-policy"), none::toString);
    }
}
