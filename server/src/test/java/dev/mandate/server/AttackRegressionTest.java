package dev.mandate.server;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.issuer.jose.PresentationOptions;
import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks from the security review, run against a real {@code mandate serve} on loopback: one server that
 * issues (org key), hosts its status lists from a real SQLite store, verifies, hands out challenges and
 * decides {@code POST /authorize} under a policy trusting the org. Every test builds the attack with real
 * keys and signatures and asserts the secure outcome: the verification core must decide only on what is
 * signed. Where an honest document is shown next to the attack, it must still get its honest answer.
 */
class AttackRegressionTest {
    /** The protected API the policy trusts the org for; never contacted. */
    static final String API = "https://api.supplier.example/";
    static final String STATUS_TOKEN = "status-token-0123456789";

    @TempDir
    static Path dir;
    static MandateServer server;
    static Store store;
    static OkHttpClient client;
    static String base;
    static final KeyMaterial ORG = TestSupport.ed25519();
    static final KeyMaterial AGENT = TestSupport.ed25519();
    static final String ORG_DID = DidKey.didFor(ORG.publicKey());
    static final String AGENT_DID = DidKey.didFor(AGENT.publicKey());

    @BeforeAll
    static void start() throws Exception {
        store = Stores.open("jdbc:sqlite:" + dir.resolve("org.db"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port + "/status-lists/";
        AuthConfig auth = new AuthConfig(List.of(
                new Token("ops", Token.hash(STATUS_TOKEN), Set.of("status")),
                new Token("issuing", Token.hash(TestSupport.ISSUE_TOKEN), Set.of("issue"))), Set.of("verify", "challenges"));
        ServerConfig config = ServerConfig.defaults().withPort(port).withAuth(auth)
                .withIssuers(List.of(IssuerConfig.of("org", "org-key").asDefault(true)));
        server = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", ORG))).status(store, base)
                .authorizePolicy(TrustPolicy.trusting(ORG_DID, 1, API)).accessLog(l -> { }).start();
        client = TestSupport.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        store.close();
    }

    // ------------------------------------------------------------------------------------------ 1. forged capability root

    /**
     * Attack 1, forged capability root (critical). The attacker self-issues a vc+jwt with its own key and
     * wraps it in an EnvelopedVerifiableCredential whose unsigned outer members claim the trusted org as
     * issuer and grant the attacker {@code pay} on the whole API. Only the inner JWT was verified; issuer and
     * capabilities came from the envelope, and {@code POST /authorize} answered 200. Secure: 403. The org's
     * genuine root is still allowed.
     */
    @Test
    void forgedEnvelopedCapabilityRootIs403() throws Exception {
        JsonObject root = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(AGENT_DID,
                        List.of(Capability.of("pay", API + "orders/", Constraints.NONE)), 0, Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(ORG, "eddsa-jcs-2022"));
        Reply honest = authorize(List.of(root), "{\"amount\":\"100\",\"currency\":\"EUR\"}");
        assertEquals(200, honest.status(), honest::toString);

        String jwt = new JoseIssuer().issueJwt(unsignedCapability(AGENT_DID, "read", API + "catalog/"), IssuerKey.jose(AGENT_DID, vm(AGENT), AGENT.signer()), Duration.ofMinutes(5));
        Reply inner = verifyCredential(Attacks.envelope("EnvelopedVerifiableCredential", "application/vc+jwt", jwt));
        assertEquals(200, inner.status(), () -> "the inner JWT is genuine, the attacker's own: " + inner);
        JsonArray everything = Json.createArrayBuilder().add(Json.createObjectBuilder().add("action", "pay").add("resource", API)).build();
        JsonObject forged = Attacks.forgedEnvelope(jwt, ORG_DID, AGENT_DID, everything);

        Reply r = authorize(List.of(forged), "{\"amount\":\"1000000\",\"currency\":\"EUR\"}");
        assertEquals(403, r.status(), () -> "a root whose issuer and capabilities are not signed by that issuer must be denied: " + r);
        assertFalse(r.json().getBoolean("allow"), r::toString);
    }

    // ------------------------------------------------------------------------------------------ 2. renamed signed fields

    /**
     * Attack 2, renamed validUntil: an expired eddsa-rdfc-2022 credential with {@code vu} defined inline as
     * credentials#validUntil and {@code validUntil} renamed {@code vu}; same graph, same proof, no expiry seen.
     * Secure: 400, not verified, the reason names {@code vu}.
     */
    @Test
    void expiredCredentialWithValidUntilRenamedIs400() throws Exception {
        JsonObject unsigned = Json.createObjectBuilder(TestSupport.unsignedCredential())
                .add("validFrom", "2020-01-01T00:00:00Z").add("validUntil", "2021-01-01T00:00:00Z").build();
        JsonObject expired = new Issuer().issue(unsigned, new IssuerKey(ORG_DID, vm(ORG), "eddsa-rdfc-2022", ORG.signer()));
        Reply honest = verifyCredential(expired);
        assertEquals(400, honest.status(), honest::toString);
        assertTrue(honest.body().contains("VALIDITY_PERIOD_ERROR"), honest::toString);

        refusedNaming("vu", verifyCredential(Attacks.alias(expired, "validUntil", "vu", Attacks.VALID_UNTIL)));
    }

    /**
     * Attack 2, renamed credentialStatus: a credential issued by the server with a revocation entry, revoked
     * through {@code POST /credentials/status}, then {@code cs} defined inline as credentials#credentialStatus
     * ({@code "@type": "@id"}, as in the v2 context) and {@code credentialStatus} renamed {@code cs}: the
     * status check never ran. Secure: 400, not verified, naming {@code cs}.
     */
    @Test
    void revokedCredentialWithCredentialStatusRenamedIs400() throws Exception {
        JsonObject vc = issueWithRevocation(Json.createObjectBuilder(TestSupport.unsignedCredential()).remove("id").build());
        assertEquals(200, verifyCredential(vc).status(), "active before the revocation");
        revoke(vc.getString("id"));
        Reply honest = verifyCredential(vc);
        assertEquals(400, honest.status(), honest::toString);
        assertTrue(honest.body().contains("CREDENTIAL_REVOKED"), honest::toString);

        refusedNaming("cs", verifyCredential(Attacks.alias(vc, "credentialStatus", "cs", Attacks.CREDENTIAL_STATUS)));
    }

    /** Attack 2, renamed subject id: {@code "who": "@id"} inline, credentialSubject.id renamed {@code who}. Secure: 400 naming {@code who}. */
    @Test
    void credentialWithSubjectIdRenamedIs400() throws Exception {
        JsonObject vc = TestSupport.signedCredential(ORG);
        assertEquals(200, verifyCredential(vc).status(), "the honest credential verifies");
        refusedNaming("who", verifyCredential(Attacks.aliasSubjectId(vc, "who")));
    }

    /**
     * Attack 2, an inline context redefining the protected term {@code issuer} (the type-scoped VerifiableCredential
     * context defines it again, so graph and proof are unchanged). Secure: 400 naming {@code issuer}.
     */
    @Test
    void credentialRedefiningIssuerInlineIs400() throws Exception {
        JsonObject vc = TestSupport.signedCredential(ORG);
        assertEquals(200, verifyCredential(vc).status(), "the honest credential verifies");
        refusedNaming("issuer", verifyCredential(Attacks.redefineIssuer(vc)));
    }

    /**
     * Attack 2 through authorization: a capability root issued by the server (eddsa-rdfc-2022, revocation
     * entry) is allowed, then revoked and denied; with its credentialStatus renamed {@code cs} the server's
     * status check never saw it and {@code POST /authorize} answered 200. Secure: 403.
     */
    @Test
    void revokedCapabilityRootWithCredentialStatusRenamedIs403() throws Exception {
        JsonObject root = issueWithRevocation(unsignedCapability(AGENT_DID, "pay", API + "orders/"));
        Reply active = authorize(List.of(root), "{\"amount\":\"10\",\"currency\":\"EUR\"}");
        assertEquals(200, active.status(), active::toString);
        revoke(root.getString("id"));
        Reply honest = authorize(List.of(root), "{\"amount\":\"10\",\"currency\":\"EUR\"}");
        assertEquals(403, honest.status(), honest::toString);

        Reply r = authorize(List.of(Attacks.alias(root, "credentialStatus", "cs", Attacks.CREDENTIAL_STATUS)),
                "{\"amount\":\"10\",\"currency\":\"EUR\"}");
        assertEquals(403, r.status(), () -> "a revoked root must not be allowed because its status member was renamed: " + r);
        assertFalse(r.json().getBoolean("allow"), r::toString);
    }

    // ------------------------------------------------------------------------------------------ 3. nested credentials

    /**
     * Attack 3a, a revoked vc+jwt (with a revocation entry in the server's store) inside a vp+jwt: refused
     * alone, but nested its status was never checked and {@code POST /presentations/verify} answered 200.
     * Secure: 400, with CREDENTIAL_REVOKED in the nested credential's result.
     */
    @Test
    void revokedJwtCredentialInsideAJwtPresentationIs400() throws Exception {
        String[] id = new String[1];
        String jwt = jwtWithRevocation(id);
        assertEquals(200, verifyJwtPresentation(jwt).status(), "verified while the credential is active");
        revokeAndCheckAlone(id[0], jwt);

        assertNestedRevoked(verifyJwtPresentation(jwt));
    }

    /**
     * Attack 3b, the same revoked vc+jwt as an EnvelopedVerifiableCredential inside a Data Integrity presentation:
     * the nested JWT was verified without its status. Secure: 400, CREDENTIAL_REVOKED in credentialResults.
     */
    @Test
    void revokedJwtCredentialEnvelopedInADataIntegrityPresentationIs400() throws Exception {
        String[] id = new String[1];
        String jwt = jwtWithRevocation(id);
        assertEquals(200, verifyDataIntegrityPresentation(jwt).status(), "verified while the credential is active");
        revokeAndCheckAlone(id[0], jwt);

        assertNestedRevoked(verifyDataIntegrityPresentation(jwt));
    }

    // ------------------------------------------------------------------------------------------ 4. smaller ones

    /**
     * Attack 4a, a dc+sd-jwt signed by the attacker (iss = its DID) whose payload also says
     * {@code "issuer": <the org>}. Secure: 400, not verified.
     */
    @Test
    void sdJwtVcWhoseIssuerDiffersFromIssIs400() throws Exception {
        KeyMaterial attacker = TestSupport.ed25519();
        JsonObject claims = TestSupport.json("{\"vct\":\"https://mandate.dev/vct/agent\",\"scopes\":[\"billing:pay\"]}");
        Reply honest = verifyCredential(Attacks.envelope("EnvelopedVerifiableCredential", "application/dc+sd-jwt", sdJwtVc(attacker, claims)));
        assertEquals(200, honest.status(), () -> "the attacker may sign for itself: " + honest);

        Reply r = verifyCredential(Attacks.envelope("EnvelopedVerifiableCredential", "application/dc+sd-jwt",
                sdJwtVc(attacker, Json.createObjectBuilder(claims).add("issuer", ORG_DID).build())));
        assertEquals(400, r.status(), () -> "issuer is not iss: " + r);
        assertFalse(r.json().getBoolean("verified"), r::toString);
    }

    /**
     * Attack 4b, a second encoding of a JWS signature (last base64url character differing only in unused
     * bits, same signature bytes). Secure: 400, not verified.
     */
    @Test
    void jwsWithANonCanonicalSignatureEncodingIs400() throws Exception {
        String jwt = new JoseIssuer().issueJwt(TestSupport.unsignedCredential(), IssuerKey.jose(ORG_DID, vm(ORG), ORG.signer()), Duration.ofMinutes(5));
        assertEquals(200, verifyCredential(Attacks.envelope("EnvelopedVerifiableCredential", "application/vc+jwt", jwt)).status());

        Reply r = verifyCredential(Attacks.envelope("EnvelopedVerifiableCredential", "application/vc+jwt", Attacks.sameBytesSignature(jwt)));
        assertEquals(400, r.status(), () -> "a non-canonical signature encoding must be refused: " + r);
        assertFalse(r.json().getBoolean("verified"), r::toString);
    }

    // ------------------------------------------------------------------------------------------ 5. request binding

    /**
     * Attack 5a, maxAmount bypass (high). Under {@code pay} up to 500 EUR, the body
     * {@code \ufeff{"amount":"100000","currency":"EUR"}} (a byte order mark first, Content-Type
     * {@code application/JSON}) with {@code Mandate-Amount: 1 EUR}: the authorizer parsed the body only when it
     * started with '{' or the Content-Type said lower-case json, so it trusted the header, while a JSON backend
     * books 100000. Secure: 403 AMOUNT_MISMATCH (the header states an amount the proof does not), and 403
     * AMOUNT_MISMATCH when the agent signs 1 EUR. The honest request declaring what its body states is 200.
     */
    @Test
    void bodyAmountBehindAByteOrderMarkIs403() throws Exception {
        List<JsonObject> chain = List.of(grant("pay", API + "orders/", Constraints.builder().maxAmount(new BigDecimal("500"), "EUR").build()));
        String url = API + "orders/5";
        Reply r = authorize(chain, url, Attacks.AMOUNT_BYPASS_BODY, Attacks.AMOUNT_BYPASS_HEADERS, new Intent("pay", url));
        deniedWith("AMOUNT_MISMATCH", r);
        Reply signedOne = authorize(chain, url, Attacks.AMOUNT_BYPASS_BODY, Attacks.AMOUNT_BYPASS_HEADERS, new Intent("pay", url, Amount.of("1", "EUR")));
        deniedWith("AMOUNT_MISMATCH", signedOne);
        assertTrue(signedOne.body().contains("100000"), signedOne::toString);
        deniedWith("AMOUNT_MISSING", authorize(chain, url, Attacks.AMOUNT_BYPASS_BODY, Map.of("Content-Type", "application/JSON"), new Intent("pay", url)));

        Reply honest = authorize(chain, url, Attacks.AMOUNT_BYPASS_BODY.replace("100000", "100"),
                Map.of("Content-Type", "application/JSON", "Mandate-Amount", "100.00 EUR"), new Intent("pay", url, Amount.of("100", "EUR")));
        assertEquals(200, honest.status(), honest::toString);
    }

    /**
     * Attack 5b, scope escape through a path form backends normalise (medium). With {@code read} on
     * {@code /orders/} only, a proof the agent signed for {@code /orders/..;/admin/users} was allowed; Tomcat and
     * Spring read it as {@code /admin/users}. Secure: 403 URL_NOT_CANONICAL. An ordinary URL with a query and an
     * encoded space is 200.
     */
    @Test
    void pathEscapeThroughAMatrixParameterIs403() throws Exception {
        List<JsonObject> chain = List.of(grant("read", API + "orders/", Constraints.NONE));
        Intent intent = new Intent("read", API + "orders/");
        SimpleRequest escape = Attacks.signedVerbatim(new SimpleRequest("GET", API + Attacks.PATH_ESCAPE, Map.of(), new byte[0]),
                AGENT, AGENT_DID, vm(AGENT), chain, intent);
        Reply r = post(client, server, "/authorize", escape.toJson().toString());
        deniedWith("URL_NOT_CANONICAL", r);
        assertTrue(r.body().contains("matrix parameter"), r::toString);

        SimpleRequest ordinary = Attacks.signedVerbatim(new SimpleRequest("GET", API + "orders/summer%20sale?page=2", Map.of(), new byte[0]),
                AGENT, AGENT_DID, vm(AGENT), chain, intent);
        Reply ok = post(client, server, "/authorize", ordinary.toJson().toString());
        assertEquals(200, ok.status(), ok::toString);
    }

    /** A root from the org granting the agent {@code action} on {@code resource}. */
    static JsonObject grant(String action, String resource, Constraints constraints) throws Exception {
        return new CapabilityIssuer().grant(new CapabilityIssuer.Grant(AGENT_DID, List.of(Capability.of(action, resource, constraints)), 0,
                Workload.NONE, Duration.ofMinutes(5)), IssuerKey.didKey(ORG, "eddsa-jcs-2022"));
    }

    /** The agent signs (with {@link RequestSigner}) a POST of {@code body} with {@code headers}; the server decides it. */
    static Reply authorize(List<JsonObject> chain, String url, String body, Map<String, String> headers, Intent intent) throws Exception {
        RequestSigner signer = new RequestSigner(AGENT_DID, vm(AGENT), AGENT.signer(), chain, Clock.systemUTC(), Duration.ofSeconds(30));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putAll(signer.headers("POST", url, b, intent));
        return post(client, server, "/authorize", new SimpleRequest("POST", url, all, b).toJson().toString());
    }

    /** 403, not allowed, one reason with {@code code}. */
    static void deniedWith(String code, Reply r) {
        assertEquals(403, r.status(), r::toString);
        assertFalse(r.json().getBoolean("allow"), r::toString);
        assertEquals(code, r.json().getJsonArray("reasons").getJsonObject(0).getString("code"), r::toString);
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String vm(KeyMaterial key) {
        return DidKey.verificationMethodId(key.publicKey());
    }

    /** The agent signs a {@code pay} request with {@code chain} and the server decides it. */
    static Reply authorize(List<JsonObject> chain, String body) throws Exception {
        RequestSigner signer = new RequestSigner(AGENT_DID, vm(AGENT), AGENT.signer(), chain, Clock.systemUTC(), Duration.ofSeconds(30));
        String url = API + "orders/5";
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.headers("POST", url, b, new Intent("pay", url));
        return post(client, server, "/authorize", new SimpleRequest("POST", url, headers, b).toJson().toString());
    }

    static Reply verifyCredential(JsonObject vc) {
        return post(client, server, "/credentials/verify", TestSupport.verifyRequest(vc));
    }

    /** 400, not verified, and the reason names {@code member}. */
    static void refusedNaming(String member, Reply r) {
        assertEquals(400, r.status(), () -> "a credential whose signed member was renamed " + member + " must be refused: " + r);
        assertFalse(r.json().getBoolean("verified"), r::toString);
        assertTrue(Pattern.compile("(^|[^A-Za-z0-9])" + Pattern.quote(member) + "([^A-Za-z0-9]|$)").matcher(r.body()).find(),
                () -> "the reason names " + member + ": " + r);
    }

    /** {@code unsigned} issued by the server's org issuer with a revocation entry; checks it is eddsa-rdfc-2022. */
    static JsonObject issueWithRevocation(JsonObject unsigned) {
        JsonObject named = unsigned.containsKey("issuer") ? unsigned : Json.createObjectBuilder(unsigned).add("issuer", ORG_DID).build();
        String body = Json.createObjectBuilder().add("credential", named).add("options", Json.createObjectBuilder()
                .add("credentialStatus", Json.createObjectBuilder().add("type", "BitstringStatusListEntry")
                        .add("statusPurpose", "revocation"))).build().toString();
        Reply r = post(client, server, "/credentials/issue", body, TestSupport.ISSUE_TOKEN);
        assertEquals(201, r.status(), r::toString);
        JsonObject vc = r.json().getJsonObject("verifiableCredential");
        assertEquals("eddsa-rdfc-2022", vc.getJsonObject("proof").getString("cryptosuite"), "the rename attacks need an RDFC proof");
        return vc;
    }

    static void revoke(String credentialId) {
        Reply r = post(client, server, "/credentials/status", "{\"credentialId\":\"" + credentialId + "\",\"credentialStatus\":"
                + "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\"},\"status\":true}", STATUS_TOKEN);
        assertEquals(200, r.status(), r::toString);
    }

    /**
     * A vc+jwt signed by the org with a revocation entry allocated in the server's store (issuance over HTTP
     * adds entries to Data Integrity credentials only); its id goes to {@code id[0]}. Verifies, status checked.
     */
    static String jwtWithRevocation(String[] id) throws Exception {
        id[0] = "urn:uuid:" + UUID.randomUUID();
        IssuerKey key = new IssuerKey(ORG_DID, vm(ORG), "eddsa-rdfc-2022", ORG.signer());
        JsonObject unsigned = StatusListIssuer.withStatus(Json.createObjectBuilder(unsignedCapability(AGENT_DID, "read", API + "orders/"))
                .add("id", id[0]).build(), new dev.mandate.registry.StatusService(store, base, key, new Issuer())
                .allocate(id[0], Set.of(StatusPurpose.REVOCATION)));
        String jwt = new JoseIssuer().issueJwt(unsigned, IssuerKey.jose(ORG_DID, vm(ORG), ORG.signer()), Duration.ofMinutes(10));
        Reply alone = verifyCredential(Attacks.envelope("EnvelopedVerifiableCredential", "application/vc+jwt", jwt));
        assertEquals(200, alone.status(), alone::toString);
        assertTrue(alone.json().getJsonArray("checks").toString().contains("status"), alone::toString);
        return jwt;
    }

    static void revokeAndCheckAlone(String id, String jwt) {
        revoke(id);
        Reply alone = verifyCredential(Attacks.envelope("EnvelopedVerifiableCredential", "application/vc+jwt", jwt));
        assertEquals(400, alone.status(), alone::toString);
        assertTrue(alone.body().contains("CREDENTIAL_REVOKED"), alone::toString);
    }

    static String challenge() {
        Reply r = post(client, server, "/challenges", "{}");
        assertEquals(200, r.status(), r::toString);
        return r.json().getString("challenge");
    }

    static Reply verifyPresentation(JsonObject vp, String challenge) {
        return post(client, server, "/presentations/verify", Json.createObjectBuilder().add("verifiablePresentation", vp)
                .add("options", Json.createObjectBuilder().add("challenge", challenge)).build().toString());
    }

    /** The agent presents {@code jwt} in a vp+jwt for a fresh server challenge. */
    static Reply verifyJwtPresentation(String jwt) throws Exception {
        String c = challenge();
        String vp = new JoseIssuer().presentJwt(List.of(jwt), IssuerKey.jose(AGENT_DID, vm(AGENT), AGENT.signer()),
                PresentationOptions.none().withNonce(c));
        return verifyPresentation(Attacks.envelope("EnvelopedVerifiablePresentation", "application/vp+jwt", vp), c);
    }

    /** The agent presents {@code jwt}, enveloped, in a Data Integrity presentation for a fresh server challenge. */
    static Reply verifyDataIntegrityPresentation(String jwt) throws Exception {
        String c = challenge();
        JsonObject vp = TestSupport.present(AGENT, List.of(Attacks.envelope("EnvelopedVerifiableCredential", "application/vc+jwt", jwt)), c, null);
        return verifyPresentation(vp, c);
    }

    /** 400, not verified, and the nested credential's result carries a CREDENTIAL_REVOKED problem. */
    static void assertNestedRevoked(Reply r) {
        assertEquals(400, r.status(), () -> "a presentation of a revoked credential must not verify: " + r);
        JsonObject result = r.json();
        assertFalse(result.getBoolean("verified"), r::toString);
        boolean revoked = result.getJsonArray("credentialResults").stream().map(JsonValue::asJsonObject)
                .flatMap(c -> c.getJsonArray("problems").stream().map(JsonValue::asJsonObject))
                .anyMatch(p -> p.getString("title", "").equals("CREDENTIAL_REVOKED") || p.getString("type", "").endsWith("#CREDENTIAL_REVOKED"));
        assertTrue(revoked, () -> "credentialResults must carry the nested credential's CREDENTIAL_REVOKED: " + r);
    }

    /** A dc+sd-jwt of {@code claims} signed by {@code key}'s did:key. */
    static String sdJwtVc(KeyMaterial key, JsonObject claims) throws Exception {
        return new JoseIssuer().issueSdJwtVc(claims, IssuerKey.jose(DidKey.didFor(key.publicKey()), vm(key), key.signer()),
                SdJwtOptions.disclosing(List.of()).withValidFor(Duration.ofMinutes(10)));
    }

    /** An unsigned AgentCapabilityCredential for {@code subject}. */
    static JsonObject unsignedCapability(String subject, String action, String resource) {
        return Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(Attacks.V2).add(Attacks.AGENT_CONTEXT))
                .add("type", Json.createArrayBuilder().add("VerifiableCredential").add("AgentCapabilityCredential"))
                .add("credentialSubject", Json.createObjectBuilder().add("id", subject)
                        .add("capability", Json.createArrayBuilder().add(Json.createObjectBuilder().add("action", action).add("resource", resource))))
                .build();
    }
}
