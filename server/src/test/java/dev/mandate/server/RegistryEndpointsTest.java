package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.did.web.DidWebOptions;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.agents.AgentRegistry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.server.TestSupport.Cert;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ResolverConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Tls;
import dev.mandate.server.config.Token;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent-registry and audit routes of mandate serve over a real SQLite store, on HTTPS with a test certificate,
 * and the registry's did:web documents resolved by the project's did:web resolver.
 */
class RegistryEndpointsTest {
    static final String TOKEN = "registry-token-0123456789";
    static final String VERIFY_ONLY = "verify-only-token-0123456789";
    static MandateServer server;
    static Store store;
    static OkHttpClient client;
    static KeyMaterial orgKey = TestSupport.ed25519();
    /** Deleted by JUnit after the class, with the database and the TLS private key written into it. */
    @org.junit.jupiter.api.io.TempDir
    static Path dir;
    static Path certPem;
    static String base;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        store = Stores.open("jdbc:sqlite:" + dir.resolve("registry.db"));
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Cert cert = Cert.generate();
        certPem = Files.writeString(dir.resolve("server.crt.pem"), cert.certificatePem());
        Path keyPem = Files.writeString(dir.resolve("server.key.pem"), cert.privateKeyPem());
        base = "https://localhost:" + port + "/status-lists/";
        AuthConfig auth = new AuthConfig(List.of(
                new Token("ops", Token.hash(TOKEN), Set.of("registry")),
                new Token("verifier", Token.hash(VERIFY_ONLY), Set.of("verify"))), Set.of("verify", "resolve"));
        ServerConfig config = ServerConfig.defaults().withBind("127.0.0.1").withPort(port).withTls(new Tls.Pem(certPem, keyPem)).withAuth(auth)
                .withResolver(new ResolverConfig(true, false, List.of(certPem), Duration.ofSeconds(5)))
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)));
        server = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", orgKey))).accessLog(l -> { })
                .status(store, base).start();
        client = cert.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    static String url(String path) {
        return "https://localhost:" + port + path;
    }

    static Reply get(String path, String token) {
        Request.Builder b = new Request.Builder().url(url(path)).get();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestSupport.call(client, b.build());
    }

    static Reply post(String path, String body, String token) {
        Request.Builder b = new Request.Builder().url(url(path)).post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), TestSupport.JSON));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestSupport.call(client, b.build());
    }

    /** The DID for a path: percent-encoded once, except a did:web with a port (Jetty refuses %25), which goes as is. */
    static String enc(String did) {
        return did.contains("%") ? did : URLEncoder.encode(did, StandardCharsets.UTF_8);
    }

    static String body(Object... kv) {
        var b = Jsonp.PROVIDER.createObjectBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            b.add((String) kv[i], kv[i + 1].toString());
        }
        return b.build().toString();
    }

    static Reply register(String did) {
        return post("/agents", body("did", did, "name", "procurement", "owner", "team:procurement", "actor", "alice"), TOKEN);
    }

    /** A did:web resolver like a verifier's, trusting the test certificate, without a result cache. */
    static DidResolver resolver() throws Exception {
        return DidResolvers.standard(DidWebOptions.builder().allowLoopback(true)
                .trustedCertificates(TlsSupport.readCertificates(certPem, "test")).maxCacheTtl(Duration.ZERO).build());
    }

    @Test
    void everyRouteNeedsARegistryToken() {
        for (String path : List.of("/agents", "/agents/" + enc("did:example:x"), "/audit/tree-head", "/audit/entries", "/audit/proof/0")) {
            Reply none = get(path, null);
            assertEquals(401, none.status(), path + " " + none);
            assertEquals("application/problem+json", none.contentType());
            assertFalse(none.body().contains("\n"), none.body());
            Reply wrong = get(path, VERIFY_ONLY);
            assertEquals(403, wrong.status(), path + " " + wrong);
            Reply bogus = get(path, "not-a-token");
            assertEquals(401, bogus.status(), path + " " + bogus);
        }
        assertEquals(401, post("/agents", body("did", "did:example:x", "name", "n", "owner", "o", "actor", "a"), null).status());
        assertEquals(401, post("/agents/" + enc("did:example:x") + "/retire", body("actor", "a", "reason", "r"), null).status());
    }

    @Test
    void agentsAreRegisteredChangedAndShown() throws Exception {
        String did = "did:example:lifecycle";
        Reply reg = register(did);
        assertEquals(201, reg.status(), reg::toString);
        assertEquals("registered", reg.json().getString("state"));
        assertEquals(409, register(did).status());
        Reply act = post("/agents/" + enc(did) + "/activate", body("actor", "alice", "reason", "approved"), TOKEN);
        assertEquals(200, act.status(), act::toString);
        assertEquals("active", act.json().getString("state"));
        Reply illegal = post("/agents/" + enc(did) + "/resume", body("actor", "alice", "reason", "again"), TOKEN);
        assertEquals(409, illegal.status(), illegal::toString);
        assertTrue(illegal.json().getString("detail").contains("active"), illegal::toString);
        Reply suspended = post("/agents/" + enc(did) + "/suspend", body("actor", "alice", "reason", "investigating"), TOKEN);
        assertEquals("suspended", suspended.json().getString("state"), suspended::toString);
        Reply resumed = post("/agents/" + enc(did) + "/resume", body("actor", "alice", "reason", "cleared"), TOKEN);
        assertEquals(200, resumed.status(), resumed::toString);
        assertEquals("active", resumed.json().getString("state"));
        assertEquals(0, resumed.json().getJsonArray("reinstated").size(), "it had no suspendable credentials");
        Reply noReason = post("/agents/" + enc(did) + "/suspend", body("actor", "alice"), TOKEN);
        assertEquals(400, noReason.status(), noReason::toString);
        assertTrue(noReason.json().getString("detail").contains("reason"), noReason::toString);
        assertEquals(400, post("/agents/" + enc(did) + "/suspend", "[1]", TOKEN).status());
        assertEquals(400, post("/agents/" + enc(did) + "/suspend", "{not json", TOKEN).status());
        assertEquals(404, post("/agents/" + enc(did) + "/explode", body("actor", "a", "reason", "r"), TOKEN).status());
        assertEquals(405, get("/agents/" + enc(did) + "/activate", TOKEN).status());
        assertEquals(404, get("/agents/" + enc("did:example:nobody"), TOKEN).status());
        assertEquals(400, TestSupport.call(client, new Request.Builder().url(url("/agents/did%3A%ZZ")).header("Authorization", "Bearer " + TOKEN)
                .header("Connection", "close").get().build()).status());
        assertEquals(400, post("/agents", body("did", "not-a-did", "name", "n", "owner", "o", "actor", "a"), TOKEN).status());

        Reply list = get("/agents?state=active", TOKEN);
        assertEquals(200, list.status(), list::toString);
        assertTrue(list.json().getJsonArray("agents").stream().anyMatch(a -> a.asJsonObject().getString("did").equals(did)));
        assertEquals(400, get("/agents?state=sleepy", TOKEN).status());

        Reply show = get("/agents/" + enc(did), TOKEN);
        assertEquals(200, show.status(), show::toString);
        JsonObject a = show.json();
        assertEquals(4, a.getJsonArray("history").size(), "registered, activated, suspended, resumed");
        assertEquals(did, a.getJsonArray("dids").getJsonObject(0).getString("did"));
        assertTrue(a.getJsonArray("keys").isEmpty());

        Reply retire = post("/agents/" + enc(did) + "/retire", body("actor", "alice", "reason", "done"), TOKEN);
        assertEquals(200, retire.status(), retire::toString);
        assertEquals("retired", retire.json().getString("state"));
        assertTrue(retire.json().containsKey("revoked"));
    }

    @Test
    void aRotatedDidWebKeyIsWhatVerifiersResolve() throws Exception {
        String did = "did:web:localhost%3A" + port + ":agents:procurement";
        KeyMaterial k1Material = TestSupport.ed25519();
        PublicKeyValue k1 = k1Material.publicKey();
        PublicKeyValue k2 = TestSupport.ed25519().publicKey();
        assertEquals(201, register(did).status());
        assertEquals(200, post("/agents/" + enc(did) + "/activate", body("actor", "alice", "reason", "go"), TOKEN).status());
        DidResolver verifier = resolver();
        assertFalse(verifier.resolve(did).isSuccess(), "no key yet: nothing is published");

        Reply added = post("/agents/" + enc(did) + "/keys", body("publicKeyMultibase", k1.toMultikey(), "actor", "alice", "reason", "first key"), TOKEN);
        assertEquals(201, added.status(), added::toString);
        String k1Id = added.json().getString("id");
        assertEquals(did + "#" + k1.toMultikey(), k1Id);
        ResolutionResult before = verifier.resolve(did);
        assertTrue(before.isSuccess(), before::toString);
        assertEquals(List.of(k1Id), ids(before.didDocument().orElseThrow()));
        // a credential the agent signs with its key verifies for a verifier resolving the did:web over HTTPS
        JsonObject signedByOldKey = new Issuer().issue(TestSupport.unsignedCredential(), new IssuerKey(did, k1Id, "eddsa-rdfc-2022", k1Material.signer()));
        dev.mandate.vc.verifier.Verifier vcVerifier = dev.mandate.vc.verifier.Verifier.builder(
                new dev.mandate.vc.verifier.DidMethodResolver(verifier)).build();
        assertTrue(vcVerifier.verify(signedByOldKey, dev.mandate.vc.verifier.VerifyOptions.none()).verified());

        Reply doc = TestSupport.call(client, new Request.Builder().url(url("/agents/procurement/did.json")).get().build());
        assertEquals(200, doc.status(), doc::toString);
        assertEquals("max-age=" + RegistryEndpoints.DOCUMENT_MAX_AGE, doc.headers().get("Cache-Control"));
        // another Host (as behind a proxy that rewrites it): the only agent DID hosted at this path
        Reply otherHost = TestSupport.call(client, new Request.Builder().url("https://127.0.0.1:" + port + "/agents/procurement/did.json").get().build());
        assertEquals(200, otherHost.status(), otherHost::toString);
        assertEquals(did, otherHost.json().getString("id"));
        assertEquals(404, TestSupport.call(client, new Request.Builder().url(url("/agents/nobody/did.json")).get().build()).status());

        Reply lastKey = post("/agents/" + enc(did) + "/retire-key", body("key", k1Id, "actor", "alice", "reason", "r"), TOKEN);
        assertEquals(409, lastKey.status(), lastKey::toString);
        assertEquals(400, post("/agents/" + enc(did) + "/rotate-key", body("oldKey", k1Id, "publicKeyMultibase", "z123", "actor", "a", "reason", "r"),
                TOKEN).status());
        Reply huge = post("/agents/" + enc(did) + "/keys", body("publicKeyMultibase", "z" + "1".repeat(100_000), "actor", "a", "reason", "r"), TOKEN);
        assertEquals(400, huge.status(), huge::toString);

        Reply rotated = post("/agents/" + enc(did) + "/rotate-key",
                body("oldKey", k1Id, "publicKeyMultibase", k2.toMultikey(), "actor", "alice", "reason", "quarterly"), TOKEN);
        assertEquals(200, rotated.status(), rotated::toString);
        assertEquals("retired", rotated.json().getJsonObject("oldKey").getString("state"));
        String k2Id = rotated.json().getJsonObject("newKey").getString("id");
        ResolutionResult after = verifier.resolve(did);
        assertTrue(after.isSuccess(), after::toString);
        assertEquals(List.of(k2Id), ids(after.didDocument().orElseThrow()));
        assertTrue(after.didDocument().orElseThrow().verificationMethod(k1Id).isEmpty(), "the old key is gone");
        var refused = vcVerifier.verify(signedByOldKey, dev.mandate.vc.verifier.VerifyOptions.none());
        assertFalse(refused.verified(), "signed with the retired key: " + refused);

        // the server's own resolver endpoint sees the same document
        Reply viaServer = get("/1.0/identifiers/" + enc(did), null);
        assertEquals(200, viaServer.status(), viaServer::toString);

        Reply retired = post("/agents/" + enc(did) + "/retire", body("actor", "alice", "reason", "done"), TOKEN);
        assertEquals(200, retired.status());
        assertFalse(resolver().resolve(did).isSuccess(), "a retired agent's document is no longer served");
    }

    static List<String> ids(DidDocument d) {
        return d.verificationMethods().stream().map(m -> m.id()).toList();
    }

    @Test
    void rotatingADidKeyAgentReissuesItsCredentialsWithTheServersIssuer() throws Exception {
        KeyMaterial k1 = TestSupport.ed25519();
        PublicKeyValue k2 = TestSupport.ed25519().publicKey();
        String did1 = DidKey.didFor(k1.publicKey());
        assertEquals(201, register(did1).status());
        assertEquals(200, post("/agents/" + enc(did1) + "/activate", body("actor", "alice", "reason", "go"), TOKEN).status());
        assertEquals(409, post("/agents/" + enc(did1) + "/keys", body("publicKeyMultibase", k1.publicKey().toMultikey(), "actor", "a", "reason", "r"),
                TOKEN).status());
        StatusService issuer = new StatusService(store, base, new IssuerKey(DidKey.didFor(orgKey.publicKey()),
                DidKey.verificationMethodId(orgKey.publicKey()), "eddsa-rdfc-2022", orgKey.signer()), new Issuer());
        JsonObject unsigned = Jsonp.PROVIDER.createObjectBuilder(TestSupport.unsignedCredential())
                .add("credentialSubject", Jsonp.PROVIDER.createObjectBuilder().add("id", did1)).build();
        JsonObject vc = issuer.issue(unsigned, dev.mandate.registry.IssueOptions.purposes(StatusPurpose.REVOCATION));
        new AgentRegistry(store).recordCredential(did1, vc);

        Reply rotated = post("/agents/" + enc(did1) + "/rotate-key", body("oldKey", DidKey.verificationMethodId(k1.publicKey()),
                "publicKeyMultibase", k2.toMultikey(), "actor", "alice", "reason", "rotation"), TOKEN);
        assertEquals(200, rotated.status(), rotated::toString);
        JsonObject r = rotated.json();
        assertEquals(DidKey.didFor(k2), r.getString("newDid"));
        assertEquals(List.of(vc.getString("id")), r.getJsonArray("revoked").getValuesAs(jakarta.json.JsonString.class).stream()
                .map(jakarta.json.JsonString::getString).toList());
        JsonObject fresh = r.getJsonArray("credentials").getJsonObject(0);
        Reply verified = post("/credentials/verify", TestSupport.verifyRequest(fresh), null);
        assertEquals(200, verified.status(), verified::toString);
        Reply old = post("/credentials/verify", TestSupport.verifyRequest(vc), null);
        assertTrue(old.body().contains("REVOKED"), old::toString);
        // any of its DIDs finds the agent, shown with its credentials' status
        JsonObject shown = get("/agents/" + enc(DidKey.didFor(k2)), TOKEN).json();
        assertEquals(did1, shown.getString("did"));
        assertEquals(1, shown.getJsonArray("credentials").getJsonObject(0).getJsonObject("status").getInt("revocation"));
        assertEquals(0, shown.getJsonArray("credentials").getJsonObject(1).getJsonObject("status").getInt("revocation"));
    }

    @Test
    void theAuditLogIsReadableAndProvable() throws Exception {
        register("did:example:audited");
        Reply head = get("/audit/tree-head", TOKEN);
        assertEquals(200, head.status(), head::toString);
        long size = head.json().getJsonNumber("treeSize").longValue();
        assertTrue(size > 0);
        assertFalse(head.json().containsKey("signed"));
        Reply page = get("/audit/entries?from=0&max=1", TOKEN);
        assertEquals(200, page.status(), page::toString);
        assertEquals(1, page.json().getJsonArray("entries").size());
        assertEquals(1, page.json().getInt("next"));
        assertEquals(400, get("/audit/entries?max=100000", TOKEN).status());
        assertEquals(400, get("/audit/entries?from=-1", TOKEN).status());
        assertEquals(400, get("/audit/proof/abc", TOKEN).status());
        Reply unsigned = get("/audit/proof/0", TOKEN);
        assertEquals(404, unsigned.status(), unsigned::toString);
        assertTrue(unsigned.json().getString("detail").contains("signed tree head"), unsigned::toString);

        AuditLog log = new AuditLog(store);
        log.signTreeHead(orgKey.signer(), "org");
        Reply proof = get("/audit/proof/0", TOKEN);
        assertEquals(200, proof.status(), proof::toString);
        assertEquals(Optional.empty(), dev.mandate.registry.audit.InclusionProof.fromJson(proof.json()).check(orgKey.publicKey()));
        assertTrue(get("/audit/tree-head", TOKEN).json().containsKey("signed"));
        assertEquals(405, post("/audit/tree-head", "{}", TOKEN).status());
    }

    @Test
    void aDidThatIsNotUsableIsRefusedWith400NamingTheFieldAndNothingIsRegistered() throws Exception {
        for (String bad : List.of("did:key:z6Mk\u2026", "did:key:AGENT", "did:key:z6Mk...", "AGENT", "did:web:127.1", "did:Key:z6Mk")) {
            Reply r = register(bad);
            assertEquals(400, r.status(), r::toString);
            String detail = r.json().getString("detail");
            assertTrue(detail.startsWith("\"did\": " + bad + ": not a"), detail);
            assertTrue(detail.endsWith("; send the agent's full DID"), detail);
            assertEquals(404, get("/agents/" + enc(bad), TOKEN).status(), "not registered: " + bad);
        }
        Reply placeholder = register("did:key:z6Mk\u2026");
        assertEquals("\"did\": did:key:z6Mk\u2026: not a DID (the method-specific id has a character that is not allowed: '\u2026' (U+2026)"
                + " at position 12); send the agent's full DID", placeholder.json().getString("detail"));

        String did = "did:example:adds-dids";
        assertEquals(201, register(did).status());
        Reply added = post("/agents/" + enc(did) + "/dids", body("did", "did:key:AGENT", "actor", "alice", "reason", "r"), TOKEN);
        assertEquals(400, added.status(), added::toString);
        assertTrue(added.json().getString("detail").startsWith("\"did\": did:key:AGENT: not a valid did:key ("), added::toString);
        assertEquals(1, get("/agents/" + enc(did), TOKEN).json().getJsonArray("dids").size());
    }
}
