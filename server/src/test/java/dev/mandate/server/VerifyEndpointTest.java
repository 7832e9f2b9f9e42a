package dev.mandate.server;

import dev.mandate.vc.issuer.IssuerKey;
import static dev.mandate.server.TestSupport.get;
import static dev.mandate.server.TestSupport.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.ResolverConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.VerifierConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /credentials/verify: success and every kind of failure, through the real server. */
class VerifyEndpointTest {
    static MandateServer server;
    static MandateServer vectorServer;
    static OkHttpClient client;
    static KeyMaterial issuerKey;
    static JsonObject credential;

    @BeforeAll
    static void start() throws Exception {
        server = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start();
        vectorServer = MandateServer.builder(ServerConfig.defaults().withPort(0)
                .withVerifier(new VerifierConfig(false, Duration.ofSeconds(5)))).accessLog(l -> { }).start();
        client = TestSupport.client();
        issuerKey = TestSupport.ed25519();
        credential = TestSupport.signedCredential(issuerKey);
    }

    @AfterAll
    static void stop() {
        server.close();
        vectorServer.close();
    }

    @Test
    void aValidCredentialIs200WithTheVerificationResult() {
        Reply r = post(client, server, "/credentials/verify", TestSupport.verifyRequest(credential));
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.contentType().startsWith("application/json"), r.contentType());
        JsonObject result = r.json();
        assertTrue(result.getBoolean("verified"));
        assertEquals("credential", result.getString("kind"));
        assertEquals("data-integrity", result.getString("format"));
        assertTrue(result.getJsonArray("checks").toString().contains("proof"), result::toString);
        assertEquals(0, result.getJsonArray("problems").size());
        assertFalse(r.headers().get("X-Request-Id").isEmpty());
    }

    @Test
    void aTamperedCredentialIs400WithTheSameResultShape() {
        JsonObject forged = Json.createObjectBuilder(credential).add("description", "Lets the agent pay any amount.").build();
        Reply r = post(client, server, "/credentials/verify", TestSupport.verifyRequest(forged));
        assertEquals(400, r.status(), r::toString);
        JsonObject result = r.json();
        assertFalse(result.getBoolean("verified"));
        JsonObject problem = result.getJsonArray("problems").getJsonObject(0);
        assertEquals("PROOF_VERIFICATION_ERROR", problem.getString("title"));
        assertEquals("https://w3id.org/security#PROOF_VERIFICATION_ERROR", problem.getString("type"));
        assertEquals(-17, problem.getInt("code"));
    }

    @Test
    void anExpiredCredentialIs400WithAValidityPeriodError() throws Exception {
        JsonObject unsigned = Json.createObjectBuilder(TestSupport.unsignedCredential())
                .add("validFrom", "2020-01-01T00:00:00Z").add("validUntil", "2021-01-01T00:00:00Z").build();
        JsonObject expired = new dev.mandate.vc.issuer.Issuer().issue(unsigned, new dev.mandate.vc.issuer.IssuerKey(
                dev.mandate.did.key.DidKey.didFor(issuerKey.publicKey()),
                dev.mandate.did.key.DidKey.verificationMethodId(issuerKey.publicKey()), "eddsa-rdfc-2022", issuerKey.signer()));
        Reply r = post(client, server, "/credentials/verify", TestSupport.verifyRequest(expired));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("VALIDITY_PERIOD_ERROR"), r::toString);
    }

    static Stream<String> w3cVectors() {
        return Stream.of("eddsa-rdfc-2022/signedDataInt.json", "eddsa-jcs-2022/signedJCS.json",
                "Ed25519Signature2020/signedEdSig.json", "proof-set-chain/signedProofSet1.json",
                "proof-set-chain/signedProofSet2.json", "proof-set-chain/signedProofChain1.json",
                "proof-set-chain/signedProofChain2.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("w3cVectors")
    void theW3cSignedVectorsVerifyOverHttp(String vector) {
        JsonObject signed = TestSupport.json(TestSupport.resource("/vectors/vc-di-eddsa/" + vector));
        Reply r = post(client, vectorServer, "/credentials/verify", TestSupport.verifyRequest(signed));
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().getBoolean("verified"));

        JsonObject tampered = Json.createObjectBuilder(signed).add("name", "Forged Credential").build();
        Reply bad = post(client, vectorServer, "/credentials/verify", TestSupport.verifyRequest(tampered));
        assertEquals(400, bad.status(), bad::toString);
        assertFalse(bad.json().getBoolean("verified"));
    }

    @Test
    void theDefaultPolicyRejectsAVectorWhoseIssuerDoesNotControlTheKey() {
        JsonObject signed = TestSupport.json(TestSupport.resource("/vectors/vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json"));
        Reply r = post(client, server, "/credentials/verify", TestSupport.verifyRequest(signed));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("not by the issuer https://vc.example/issuers/5678"), r::toString);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"a bare string\"", "42", "[1,2]", "null", "true"})
    void aBodyThatIsNotAnObjectIs400ProblemDetails(String body) {
        Reply r = post(client, server, "/credentials/verify", body);
        assertEquals(400, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        JsonObject p = r.json();
        assertEquals(400, p.getInt("status"));
        assertEquals("https://www.w3.org/TR/vc-data-model#PARSING_ERROR", p.getString("type"));
        assertFalse(p.getString("requestId").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"eyJhbGciOiJFZERTQSJ9.e30.c2ln\"", "42", "[]", "null", "false"})
    void aVerifiableCredentialThatIsNotAnObjectIs400WithAResult(String value) {
        Reply r = post(client, server, "/credentials/verify", "{\"verifiableCredential\":" + value + "}");
        assertEquals(400, r.status(), r::toString);
        JsonObject result = r.json();
        assertFalse(result.getBoolean("verified"));
        JsonObject p = result.getJsonArray("problems").getJsonObject(0);
        assertEquals("PARSING_ERROR", p.getString("title"));
        assertEquals("/verifiableCredential", p.getString("path"));
    }

    @Test
    void aMissingVerifiableCredentialIs400() {
        Reply r = post(client, server, "/credentials/verify", "{\"options\":{}}");
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.json().getJsonArray("problems").getJsonObject(0).getString("detail").contains("missing"), r::toString);
    }

    @Test
    void anEnvelopedCredentialIsAcceptedAsAnObjectAndHandedToTheVerifier() {
        // The JOSE formats are the Verifier's business: the server passes the object on and returns its result as is.
        JsonObject envelope = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
                .add("id", "data:application/vc+jwt,eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxIn0.c2ln")
                .add("type", "EnvelopedVerifiableCredential").build();
        Reply r = post(client, server, "/credentials/verify", TestSupport.verifyRequest(envelope));
        assertEquals("application/json", r.contentType(), r::toString);
        JsonObject result = r.json();
        assertFalse(result.getBoolean("verified"), r::toString);
        assertEquals(400, r.status(), r::toString);
        assertTrue(result.containsKey("problems") && result.containsKey("checks"), r::toString);
    }

    @Test
    void aPresentationSentAsACredentialIs400() throws Exception {
        KeyMaterial holder = TestSupport.ed25519();
        JsonObject vp = TestSupport.present(holder, List.of(credential), "abc", null);
        Reply r = post(client, server, "/credentials/verify", TestSupport.verifyRequest(vp));
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("/presentations/verify"), r::toString);
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"{", "{\"verifiableCredential\": }", "{\"a\":1,\"a\":2}", "\u0000", "{}}"})
    void malformedJsonIs400ProblemDetailsNeverA500(String body) {
        Reply r = post(client, server, "/credentials/verify", body);
        assertEquals(400, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.json().getString("detail").startsWith("request body: input is not JSON"), r::toString);
        assertFalse(r.body().contains("Exception"), r::toString);
        assertFalse(r.body().contains("\tat "), r::toString);
    }

    @Test
    void invalidUtf8Is400() {
        byte[] bad = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Reply r = TestSupport.call(client, new Request.Builder().url(server.uri().resolve("/credentials/verify").toString())
                .post(RequestBody.create(bad, TestSupport.JSON)).build());
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.body().contains("not UTF-8"), r::toString);
    }

    @Test
    void jsonNestedTooDeeplyIs400LimitExceeded() {
        String deep = "{\"verifiableCredential\":" + "[".repeat(100) + "]".repeat(100) + "}";
        Reply r = post(client, server, "/credentials/verify", deep);
        assertEquals(400, r.status(), r::toString);
        assertEquals("https://mandate.dev/errors#LIMIT_EXCEEDED_ERROR", r.json().getString("type"));
    }

    @Test
    void aTwoMebibyteBodyIs413() {
        String big = "{\"verifiableCredential\":{\"pad\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}}";
        Reply r = post(client, server, "/credentials/verify", big);
        assertEquals(413, r.status(), r::toString);
        assertEquals("application/problem+json", r.contentType());
        assertTrue(r.json().getString("detail").contains("larger than 1048576 bytes"), r::toString);
        // the server is still fine afterwards
        assertEquals(200, post(client, server, "/credentials/verify", TestSupport.verifyRequest(credential)).status());
    }

    @Test
    void aTwoMebibyteChunkedBodyWithoutContentLengthIs413() {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        RequestBody chunked = new RequestBody() {
            @Override
            public okhttp3.MediaType contentType() {
                return TestSupport.JSON;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
                sink.writeUtf8("{\"verifiableCredential\":");
                for (int i = 0; i < 32; i++) {
                    sink.write(chunk);
                }
                sink.writeUtf8("{}}");
            }
        };
        Reply r;
        try {
            r = TestSupport.call(client, new Request.Builder().url(server.uri().resolve("/credentials/verify").toString()).post(chunked).build());
        } catch (java.io.UncheckedIOException e) {
            // the server may close the connection after answering while the client is still sending; ask what it answered
            r = null;
        }
        if (r != null) {
            assertEquals(413, r.status(), r::toString);
            assertTrue(r.json().getString("detail").contains("larger than 1048576 bytes"), r::toString);
        }
        String metrics = get(client, server, "/metrics").body();
        assertTrue(metrics.contains("mandate_http_requests_total{route=\"/credentials/verify\",method=\"POST\",status=\"413\"}"), metrics);
    }

    @Test
    void aNonJsonContentTypeIs415() {
        Reply r = TestSupport.call(client, new Request.Builder().url(server.uri().resolve("/credentials/verify").toString())
                .post(RequestBody.create(TestSupport.verifyRequest(credential).getBytes(StandardCharsets.UTF_8),
                        okhttp3.MediaType.get("text/plain"))).build());
        assertEquals(415, r.status(), r::toString);
    }

    @Test
    void anEmptyBodyIs400() {
        Reply r = post(client, server, "/credentials/verify", "");
        assertEquals(400, r.status(), r::toString);
        assertTrue(r.json().getString("detail").contains("empty"), r::toString);
    }

    @Test
    void optionsMustBeAnObject() {
        Reply r = post(client, server, "/credentials/verify",
                "{\"verifiableCredential\":" + credential + ",\"options\":\"fast\"}");
        assertEquals(400, r.status(), r::toString);
        assertEquals("/options", r.json().getJsonArray("problems").getJsonObject(0).getString("path"));
    }

    @Test
    void theWrongMethodIs405AndAnUnknownPathIs404() {
        Reply r = get(client, server, "/credentials/verify");
        assertEquals(405, r.status(), r::toString);
        assertEquals("POST", r.headers().get("Allow"));
        Reply nf = get(client, server, "/nothing/here");
        assertEquals(404, nf.status(), nf::toString);
        assertEquals("application/problem+json", nf.contentType());
    }

    @Test
    void trustedIssuersFromTheConfigurationRefuseOtherIssuers() throws Exception {
        KeyMaterial other = TestSupport.ed25519();
        String trusted = "did:key:" + issuerKey.publicKey().toMultikey();
        ServerConfig cfg = ServerConfig.parse("{\"port\": 0, \"verifier\": {\"trustedIssuers\": [\"" + trusted + "\"]}}", java.nio.file.Path.of("."));
        try (MandateServer trusting = MandateServer.builder(cfg).accessLog(l -> { }).start()) {
            assertEquals(200, post(client, trusting, "/credentials/verify", TestSupport.verifyRequest(credential)).status());
            Reply r = post(client, trusting, "/credentials/verify", TestSupport.verifyRequest(TestSupport.signedCredential(other)));
            assertEquals(400, r.status(), r::toString);
            assertEquals("UNTRUSTED_ISSUER_ERROR", r.json().getJsonArray("problems").getJsonObject(0).getString("title"));
        }
        ServerConfigException bad = org.junit.jupiter.api.Assertions.assertThrows(ServerConfigException.class,
                () -> ServerConfig.parse("{\"verifier\": {\"trustedIssuers\": [\"not a did\"]}}", java.nio.file.Path.of(".")));
        assertTrue(bad.getMessage().contains("verifier.trustedIssuers"), bad.getMessage());
    }

    /** A credential signed by {@code key} under a did:web issuer (the signature never gets checked: resolution fails first). */
    static JsonObject didWebCredential(String did, KeyMaterial key) throws Exception {
        return new dev.mandate.vc.issuer.Issuer().issue(TestSupport.unsignedCredential(),
                new dev.mandate.vc.issuer.IssuerKey(did, did + "#" + key.publicKey().toMultikey(), "eddsa-rdfc-2022", key.signer()),
                Duration.ofHours(1));
    }

    @Test
    void aClosedPortARefusedHostAndANonCanonicalHostGetTheSameAnswer() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        java.util.concurrent.atomic.AtomicInteger accepts = new java.util.concurrent.atomic.AtomicInteger();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
             MandateServer loopbackAllowed = MandateServer.builder(ServerConfig.defaults().withPort(0)
                     .withResolver(new ResolverConfig(true, false, List.of(), Duration.ofSeconds(3)))).accessLog(l -> { }).start()) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        listener.accept().close();
                        accepts.incrementAndGet();
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            String closedDid = "did:web:127.0.0.1%3A" + closed;
            JsonObject vc = didWebCredential(closedDid, issuerKey);
            Reply closedPort = post(client, loopbackAllowed, "/credentials/verify", TestSupport.verifyRequest(vc));
            Reply refusedHost = post(client, server, "/credentials/verify", TestSupport.verifyRequest(vc));
            String openDid = "did:web:127.0.0.1%3A" + listener.getLocalPort();
            Reply refusedOpen = post(client, server, "/credentials/verify", TestSupport.verifyRequest(didWebCredential(openDid, issuerKey)));
            String shortDid = "did:web:127.1%3A" + listener.getLocalPort();
            Reply nonCanonical = post(client, loopbackAllowed, "/credentials/verify",
                    TestSupport.verifyRequest(didWebCredential(shortDid, issuerKey)));

            JsonObject problem = closedPort.json().getJsonArray("problems").getJsonObject(0);
            assertTrue(problem.getString("detail").contains(closedDid + " could not be resolved: the host is not reachable or not allowed"),
                    closedPort::toString);
            assertEquals(502, closedPort.status(), closedPort::toString);
            for (Reply r : List.of(refusedHost, refusedOpen, nonCanonical)) {
                assertEquals(closedPort.status(), r.status(), r::toString);
            }
            assertEquals(closedPort.json().getJsonArray("problems"), refusedHost.json().getJsonArray("problems"));
            assertEquals(closedPort.json().getJsonArray("problems").toString(),
                    refusedOpen.json().getJsonArray("problems").toString().replace(openDid, closedDid));
            assertEquals(closedPort.json().getJsonArray("problems").toString(),
                    nonCanonical.json().getJsonArray("problems").toString().replace(shortDid, closedDid));
            assertEquals(0, accepts.get(), "neither the refused host nor the non-canonical host was contacted");
        }
    }
}
