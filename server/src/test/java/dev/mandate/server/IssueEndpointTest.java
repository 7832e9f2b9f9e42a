package dev.mandate.server;

import static dev.mandate.server.TestSupport.ISSUE_TOKEN;
import static dev.mandate.server.TestSupport.ORG_ONLY_TOKEN;
import static dev.mandate.server.TestSupport.VERIFY_TOKEN;
import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Token;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /credentials/issue and /issuers/{name}/credentials/issue: tokens, scopes, data model, round trip. */
class IssueEndpointTest {
    static MandateServer server;
    static OkHttpClient client;
    static KeyMaterial orgKey = TestSupport.ed25519();
    static KeyMaterial partnerKey = KeyMaterial.generate(KeyType.P256);

    @BeforeAll
    static void start() throws Exception {
        AuthConfig auth = new AuthConfig(List.of(
                new Token("ops", Token.hash(ISSUE_TOKEN), Set.of("issue")),
                new Token("org-app", Token.hash(ORG_ONLY_TOKEN), Set.of("issue:org")),
                new Token("verifier", Token.hash(VERIFY_TOKEN), Set.of("verify"))), Set.of("verify"));
        ServerConfig config = ServerConfig.defaults().withPort(0).withAuth(auth).withIssuers(List.of(
                IssuerConfig.of("org", "org-key").asDefault(true),
                IssuerConfig.of("partner", "partner-key").withCryptosuite("ecdsa-jcs-2019").withValidFor(Duration.ofMinutes(10))));
        server = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", orgKey, "partner-key", partnerKey)))
                .accessLog(l -> { }).start();
        client = TestSupport.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String issueRequest(JsonObject credential) {
        return Json.createObjectBuilder().add("credential", credential).add("options", Json.createObjectBuilder()).build().toString();
    }

    /** The built-in unsigned credential naming {@code key}'s did:key as its issuer. */
    static JsonObject forIssuer(KeyMaterial key) {
        return Json.createObjectBuilder(TestSupport.unsignedCredential()).add("issuer", DidKey.didFor(key.publicKey())).build();
    }

    @Test
    void aCredentialWithoutAnIssuerIs400AndNothingIsFilledIn() {
        Reply r = post(client, server, "/credentials/issue", issueRequest(TestSupport.unsignedCredential()), ISSUE_TOKEN);
        assertEquals(400, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.json().getString("detail").contains("has no issuer; set \"issuer\" to this issuer's DID, "
                + DidKey.didFor(orgKey.publicKey())), r::toString);
        assertTrue(r.json().getJsonArray("problems").toString().contains("/issuer"), r::toString);
        assertFalse(r.body().contains("proofValue"), r::toString);
    }

    @Test
    void theDefaultIssuerIssues201AndTheCredentialVerifiesOverHttp() {
        Reply r = post(client, server, "/credentials/issue", issueRequest(forIssuer(orgKey)), ISSUE_TOKEN);
        assertEquals(201, r.status(), r::toString);
        JsonObject vc = r.json().getJsonObject("verifiableCredential");
        assertEquals(DidKey.didFor(orgKey.publicKey()), vc.getString("issuer"));
        assertEquals("eddsa-rdfc-2022", vc.getJsonObject("proof").getString("cryptosuite"));
        assertEquals(DidKey.verificationMethodId(orgKey.publicKey()), vc.getJsonObject("proof").getString("verificationMethod"));

        Reply v = post(client, server, "/credentials/verify", TestSupport.verifyRequest(vc));
        assertEquals(200, v.status(), v::toString);
        assertTrue(v.json().getBoolean("verified"));
    }

    @Test
    void aNamedIssuerUsesItsOwnSuiteAndValidity() {
        Reply r = post(client, server, "/issuers/partner/credentials/issue", issueRequest(forIssuer(partnerKey)), ISSUE_TOKEN);
        assertEquals(201, r.status(), r::toString);
        JsonObject vc = r.json().getJsonObject("verifiableCredential");
        assertEquals("ecdsa-jcs-2019", vc.getJsonObject("proof").getString("cryptosuite"));
        Duration validity = Duration.between(Instant.parse(vc.getString("validFrom")), Instant.parse(vc.getString("validUntil")));
        assertEquals(Duration.ofMinutes(10), validity);
        assertEquals(200, post(client, server, "/credentials/verify", TestSupport.verifyRequest(vc)).status());
    }

    @Test
    void withoutATokenIssuingIs401() {
        Reply r = post(client, server, "/credentials/issue", issueRequest(forIssuer(orgKey)));
        assertEquals(401, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertEquals("Bearer realm=\"mandate\"", r.headers().get("WWW-Authenticate"));
        assertEquals(401, r.json().getInt("status"));
    }

    @Test
    void aWrongTokenIs401() {
        Reply r = post(client, server, "/credentials/issue", issueRequest(forIssuer(orgKey)), "not-the-token");
        assertEquals(401, r.status(), r::toString);
        assertTrue(r.headers().get("WWW-Authenticate").contains("invalid_token"));
        Reply basic = TestSupport.call(client, new okhttp3.Request.Builder().url(server.uri().resolve("/credentials/issue").toString())
                .header("Authorization", "Basic dXNlcjpwYXNz")
                .post(okhttp3.RequestBody.create(issueRequest(forIssuer(orgKey)), TestSupport.JSON)).build());
        assertEquals(401, basic.status(), basic::toString);
    }

    @Test
    void aTokenForAnotherIssuerOrAnotherPurposeIs403() {
        Reply other = post(client, server, "/issuers/partner/credentials/issue", issueRequest(forIssuer(partnerKey)), ORG_ONLY_TOKEN);
        assertEquals(403, other.status(), other::toString);
        assertTrue(other.json().getString("detail").contains("issuer 'partner'"), other::toString);
        assertEquals(201, post(client, server, "/issuers/org/credentials/issue", issueRequest(forIssuer(orgKey)),
                ORG_ONLY_TOKEN).status());
        Reply verifier = post(client, server, "/credentials/issue", issueRequest(forIssuer(orgKey)), VERIFY_TOKEN);
        assertEquals(403, verifier.status(), verifier::toString);
    }

    @Test
    void anUnknownIssuerIs404() {
        Reply r = post(client, server, "/issuers/nobody/credentials/issue", issueRequest(forIssuer(orgKey)), ISSUE_TOKEN);
        assertEquals(404, r.status(), r::toString);
    }

    @Test
    void aCredentialThatViolatesTheDataModelIs400() {
        JsonObject noSubject = Json.createObjectBuilder(forIssuer(orgKey)).remove("credentialSubject").build();
        Reply r = post(client, server, "/credentials/issue", issueRequest(noSubject), ISSUE_TOKEN);
        assertEquals(400, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        JsonObject p = r.json();
        assertEquals("MALFORMED_VALUE_ERROR", p.getString("title"));
        assertTrue(p.getJsonArray("problems").toString().contains("/credentialSubject"), p::toString);
    }

    @Test
    void aCredentialNamingAnotherIssuerIs400() {
        JsonObject other = Json.createObjectBuilder(TestSupport.unsignedCredential()).add("issuer", "did:example:someone-else").build();
        Reply r = post(client, server, "/credentials/issue", issueRequest(other), ISSUE_TOKEN);
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.json().getString("detail").contains("did:example:someone-else"), r::toString);
    }

    @Test
    void anAlreadySignedCredentialOrAnUnknownContextIs400() {
        JsonObject unknownContext = Json.createObjectBuilder(forIssuer(orgKey))
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2").add("https://unknown.example/ctx")).build();
        Reply r = post(client, server, "/credentials/issue", issueRequest(unknownContext), ISSUE_TOKEN);
        assertEquals(400, r.status(), r::toString);
        assertFalse(r.body().contains("Exception"), r::toString);
    }

    @Test
    void aCredentialThatIsNotAnObjectIs400() {
        Reply r = post(client, server, "/credentials/issue", "{\"credential\":\"hello\"}", ISSUE_TOKEN);
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.json().getString("detail").contains("credential is a string"), r::toString);
        Reply opts = post(client, server, "/credentials/issue", "{\"credential\":{},\"options\":[]}", ISSUE_TOKEN);
        assertEquals(400, opts.status(), opts::toString);
    }

    @Test
    void withoutADefaultIssuerTheDefaultPathIs404() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withAuth(server.config().auth()).withIssuers(List.of(
                IssuerConfig.of("a", "org-key"), IssuerConfig.of("b", "org-key")));
        try (MandateServer s = MandateServer.builder(config).keys(KeySource.of(Map.of("org-key", orgKey))).accessLog(l -> { }).start()) {
            Reply r = post(client, s, "/credentials/issue", issueRequest(forIssuer(orgKey)), ISSUE_TOKEN);
            assertEquals(404, r.status(), r::toString);
            assertTrue(r.json().getString("detail").contains("/issuers/{name}/credentials/issue"));
            assertEquals(201, post(client, s, "/issuers/b/credentials/issue", issueRequest(forIssuer(orgKey)), ISSUE_TOKEN).status());
        }
    }
}
