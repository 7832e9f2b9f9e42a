package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.server.TestSupport.Cert;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ResolverConfig;
import dev.mandate.server.config.SecretSource;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.ServerConfigException;
import dev.mandate.server.config.Tls;
import dev.mandate.server.config.Token;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** TLS termination from PEM and PKCS#12 files, and a did:web issuer whose document this server hosts over HTTPS. */
class TlsTest {
    @TempDir
    static Path dir;
    static Cert cert;
    static Path certPem;
    static Path keyPem;

    @BeforeAll
    static void certificates() throws Exception {
        cert = Cert.generate();
        certPem = Files.writeString(dir.resolve("server.crt.pem"), cert.certificatePem());
        keyPem = Files.writeString(dir.resolve("server.key.pem"), cert.privateKeyPem());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void pemCertificateAndKeyServeHttps() throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withTls(new Tls.Pem(certPem, keyPem));
        try (MandateServer server = MandateServer.builder(config).accessLog(l -> { }).start()) {
            assertTrue(server.uri().toString().startsWith("https://127.0.0.1:"), server.uri().toString());
            Reply r = TestSupport.get(cert.client(), server, "/health");
            assertEquals(200, r.status(), r::toString);
            // a client that does not trust the certificate cannot talk to it
            assertThrows(java.io.UncheckedIOException.class, () -> TestSupport.get(TestSupport.client(), server, "/health"));
            // plain HTTP to the TLS port does not reach the API
            OkHttpClient plain = TestSupport.client();
            Request req = new Request.Builder().url("http://127.0.0.1:" + server.port() + "/health").build();
            try (okhttp3.Response resp = plain.newCall(req).execute()) {
                assertTrue(resp.code() >= 400, "plain HTTP answered " + resp.code());
            } catch (java.io.IOException expected) {
                // the connection was closed: also fine
            }
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aPkcs12FileWithAPasswordFileServesHttps() throws Exception {
        char[] pw = "p12-password".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", cert.keyPair().getPrivate(), pw, new Certificate[] {cert.certificate()});
        Path p12 = dir.resolve("server.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            ks.store(out, pw);
        }
        Path pwFile = Files.writeString(dir.resolve("p12.pass"), "p12-password\n");
        ServerConfig config = ServerConfig.defaults().withPort(0).withTls(new Tls.Pkcs12(p12, new SecretSource.FromFile(pwFile)));
        try (MandateServer server = MandateServer.builder(config).accessLog(l -> { }).start()) {
            assertEquals(200, TestSupport.get(cert.client(), server, "/health").status());
        }
        ServerConfig fromEnv = config.withTls(new Tls.Pkcs12(p12, new SecretSource.FromEnv("TLS_PW")));
        try (MandateServer server = MandateServer.builder(fromEnv).environment(Map.of("TLS_PW", "p12-password")).accessLog(l -> { }).start()) {
            assertEquals(200, TestSupport.get(cert.client(), server, "/health").status());
        }
        Path wrong = Files.writeString(dir.resolve("wrong.pass"), "nope");
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> MandateServer.builder(
                config.withTls(new Tls.Pkcs12(p12, new SecretSource.FromFile(wrong)))).accessLog(l -> { }).start());
        assertTrue(e.getMessage().startsWith("tls.pkcs12: cannot open"), e.getMessage());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aKeyThatIsNotPemIsAConfigurationError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a key");
        ServerConfigException e = assertThrows(ServerConfigException.class, () -> MandateServer.builder(
                ServerConfig.defaults().withPort(0).withTls(new Tls.Pem(certPem, junk))).accessLog(l -> { }).start());
        assertTrue(e.getMessage().startsWith("tls.privateKey:"), e.getMessage());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aDidWebIssuerHostedHereIsResolvedOverHttpsWhenItsCredentialIsVerified() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        String did = "did:web:127.0.0.1%3A" + port;
        KeyMaterial orgKey = TestSupport.ed25519();
        ServerConfig config = ServerConfig.defaults().withPort(port).withTls(new Tls.Pem(certPem, keyPem))
                .withDidWeb(List.of(new HostedDid.FromKey(did, "org")))
                .withIssuers(List.of(IssuerConfig.of("org", "org").withDid(did)))
                .withResolver(new ResolverConfig(true, false, List.of(certPem), Duration.ofSeconds(5)))
                .withAuth(new AuthConfig(List.of(new Token("ops", Token.hash(TestSupport.ISSUE_TOKEN), Set.of("issue"))),
                        Set.of("verify", "resolve")));
        try (MandateServer server = MandateServer.builder(config).keys(KeySource.of(Map.of("org", orgKey))).accessLog(l -> { }).start()) {
            OkHttpClient client = cert.client();
            Reply issued = TestSupport.post(client, server, "/credentials/issue",
                    Json.createObjectBuilder().add("credential", Json.createObjectBuilder(TestSupport.unsignedCredential()).add("issuer", did))
                            .build().toString(), TestSupport.ISSUE_TOKEN);
            assertEquals(201, issued.status(), issued::toString);
            JsonObject vc = issued.json().getJsonObject("verifiableCredential");
            assertEquals(did, vc.getString("issuer"));
            assertEquals(did + "#" + orgKey.publicKey().toMultikey(), vc.getJsonObject("proof").getString("verificationMethod"));

            Reply verified = TestSupport.post(client, server, "/credentials/verify", TestSupport.verifyRequest(vc));
            assertEquals(200, verified.status(), verified::toString);

            Reply resolved = TestSupport.get(client, server, "/1.0/identifiers/" + did);
            assertEquals(200, resolved.status(), resolved::toString);
            assertEquals(did, resolved.json().getJsonObject("didDocument").getString("id"));
            Reply missing = TestSupport.get(client, server, "/1.0/identifiers/" + did + ":nobody");
            assertEquals(404, missing.status(), missing::toString);
            assertEquals("notFound", missing.json().getJsonObject("didResolutionMetadata").getString("error"));
        }
    }
}
