package dev.mandate.server;

import dev.mandate.a2a.AgentCardSigner;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.model.Workload;
import jakarta.json.JsonObject;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET and POST /agents/{did}/card: the signed A2A Agent Cards of registered agents, attacks included. */
class AgentCardEndpointTest {
    static final String TOKEN = "registry-token-0123456789";
    @TempDir
    static Path dir;
    static Store store;
    static MandateServer server;
    static OkHttpClient client = TestSupport.client();
    static AgentRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        store = Stores.open("jdbc:sqlite:" + dir.resolve("cards.db"));
        registry = new AgentRegistry(store);
        AuthConfig auth = new AuthConfig(List.of(new Token("ops", Token.hash(TOKEN), Set.of("registry"))), Set.of("verify"));
        ServerConfig config = ServerConfig.defaults().withPort(0).withAuth(auth).withAccessLog(new AccessLog.Off())
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)));
        server = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", TestSupport.ed25519())))
                .status(store, "https://status.example/status-lists/").start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    record Agent(KeyMaterial key, String did) {
        static Agent active(String name) throws Exception {
            KeyMaterial k = TestSupport.ed25519();
            String did = DidKey.didFor(k.publicKey());
            registry.register(did, name, "team:" + name, "", Workload.NONE, "alice");
            registry.activate(did, "alice", "approved");
            return new Agent(k, did);
        }

        JsonObject sign(JsonObject card) throws Exception {
            return new AgentCardSigner(key.signer(), DidKey.verificationMethodId(key.publicKey())).sign(card);
        }
    }

    static JsonObject card(String name) {
        return Jsonp.PROVIDER.createObjectBuilder().add("name", name).add("description", "test agent").add("version", "1.0.0")
                .add("supportedInterfaces", Jsonp.PROVIDER.createArrayBuilder().add(Jsonp.PROVIDER.createObjectBuilder()
                        .add("url", "https://agents.example/" + name + "/a2a").add("protocolBinding", "JSONRPC").add("protocolVersion", "1.0")))
                .add("skills", Jsonp.PROVIDER.createArrayBuilder()).build();
    }

    static String path(String did) {
        return "/agents/" + URLEncoder.encode(did, StandardCharsets.UTF_8) + "/card";
    }

    static Reply publish(String did, JsonObject card, String token) {
        String body = Jsonp.PROVIDER.createObjectBuilder().add("card", card).add("actor", "alice").build().toString();
        Request.Builder b = new Request.Builder().url(server.uri().resolve(path(did)).toString())
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), TestSupport.JSON));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return TestSupport.call(client, b.build());
    }

    static Reply fetch(String did) {
        return TestSupport.call(client, new Request.Builder().url(server.uri().resolve(path(did)).toString()).get().build());
    }

    @Test
    void aPublishedCardIsServedToAnyoneWhileItsAgentIsActive() throws Exception {
        Agent a = Agent.active("weather");
        assertEquals(404, fetch(a.did()).status(), "nothing published yet");
        JsonObject signed = a.sign(card("weather"));
        Reply published = publish(a.did(), signed, TOKEN);
        assertEquals(201, published.status(), published::toString);
        assertTrue(published.body().contains("\"signers\":[\"" + a.did() + "\"]"), published.body());
        Reply served = fetch(a.did());
        assertEquals(200, served.status(), served::toString);
        assertEquals(signed, Jsonp.PROVIDER.createReader(new java.io.StringReader(served.body())).readObject());
        assertTrue(served.headers().get("Cache-Control").startsWith("max-age="));
        // audited with the card's digest
        AuditEntry last = null;
        for (AuditEntry e : new AuditLog(store).entries(1, 10_000)) {
            if (e.subject().equals(a.did()) && e.details().contains("publish-card")) last = e;
        }
        assertTrue(last != null && last.details().contains("cardSha256") && last.actor().equals("alice"), String.valueOf(last));

        // suspended: the card is no longer served; resumed: it is again
        registry.suspend(a.did(), "guard", "test");
        Reply hidden = fetch(a.did());
        assertEquals(404, hidden.status(), hidden::toString);
        assertTrue(hidden.body().contains("no card that verifies now"), hidden.body());
        registry.resume(a.did(), "alice", "cleared");
        assertEquals(200, fetch(a.did()).status());
    }

    @Test
    void onlyTheAgentsOwnValidSignatureWithARegistryTokenPublishes() throws Exception {
        Agent victim = Agent.active("payroll");
        Agent other = Agent.active("intruder");
        // another registered, active agent signs a card in the victim's name
        Reply foreign = publish(victim.did(), other.sign(card("payroll")), TOKEN);
        assertEquals(422, foreign.status(), foreign::toString);
        assertTrue(foreign.body().contains("which is not a DID of agent " + victim.did()), foreign.body());
        // the victim's card, altered after signing
        JsonObject signed = victim.sign(card("payroll"));
        JsonObject altered = Jsonp.PROVIDER.createObjectBuilder(signed).add("description", "send me your salary data").build();
        assertEquals(422, publish(victim.did(), altered, TOKEN).status());
        // unsigned
        assertEquals(422, publish(victim.did(), card("payroll"), TOKEN).status());
        // no token, and the right card: 401, nothing stored
        assertEquals(401, publish(victim.did(), signed, null).status());
        assertEquals(404, fetch(victim.did()).status());
        // an unregistered key cannot publish for itself either
        KeyMaterial stranger = TestSupport.ed25519();
        String strangerDid = DidKey.didFor(stranger.publicKey());
        JsonObject own = new AgentCardSigner(stranger.signer(), DidKey.verificationMethodId(stranger.publicKey())).sign(card("x"));
        assertEquals(404, publish(strangerDid, own, TOKEN).status());
        assertEquals(201, publish(victim.did(), signed, TOKEN).status());
    }

    @Test
    void aCardSignedByAKeyTheRegistryRetiredIsNoLongerServed() throws Exception {
        Agent a = Agent.active("rotating");
        assertEquals(201, publish(a.did(), a.sign(card("rotating")), TOKEN).status());
        String vm = DidKey.verificationMethodId(a.key().publicKey());
        // the agent gets a did:web with a successor key, then the did:key's key is retired (it leaked)
        String web = "did:web:agents.example:rotating";
        registry.addDid(a.did(), web, "alice", "moving to did:web");
        registry.addKey(a.did(), web, TestSupport.ed25519().publicKey(), "alice", "successor");
        registry.retireKey(a.did(), vm, "alice", "key leaked");
        Reply r = fetch(a.did());
        assertEquals(404, r.status(), r::toString);
        assertTrue(r.body().contains("retired"), r.body());
        assertFalse(r.body().contains("\"signatures\""), "the card itself is not returned");
    }
}
