package dev.mandate.cli.demo;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.server.KeySource;
import dev.mandate.server.MandateServer;
import dev.mandate.server.config.AccessLog;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.HostedDid;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ResolverConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Tls;
import dev.mandate.server.config.Token;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Two {@code mandate serve} instances on localhost: the organisation's (HTTPS) hosts its did:web and issues
 * the agent's credential; the partner's (HTTP) resolves that did:web over HTTPS, hands out a challenge and
 * accepts the agent's presentation once, refusing the replay.
 */
final class ServeStep implements DemoStep {
    private static final String DOMAIN = "api.supplier.example";

    @Override
    public String title() {
        return "Serve the organisation's did:web over HTTPS and verify the agent at the partner's HTTP endpoint (mandate serve)";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        KeyMaterial org = ctx.has(DemoValues.ORG_KEY) ? ctx.get(DemoValues.ORG_KEY) : KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial agent = ctx.has(DemoValues.AGENT_KEY) ? ctx.get(DemoValues.AGENT_KEY) : KeyMaterial.generate(KeyType.ED25519);
        String agentDid = DidKey.didFor(agent.publicKey());

        Path tls = Files.createDirectories(ctx.workDir().resolve("serve-tls"));
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = kpg.generateKeyPair();
        X509Certificate cert = selfSigned(kp);
        Path certPem = Files.writeString(tls.resolve("server.crt.pem"), pem("CERTIFICATE", cert.getEncoded()));
        Path keyPem = Files.writeString(tls.resolve("server.key.pem"), pem("PRIVATE KEY", kp.getPrivate().getEncoded()));
        ResolverConfig trustLocal = new ResolverConfig(true, false, List.of(certPem), Duration.ofSeconds(5));

        int port = freePort();
        String orgDid = "did:web:localhost%3A" + port;
        String issueToken = token();
        ServerConfig orgConfig = ServerConfig.defaults().withBind("127.0.0.1").withPort(port).withTls(new Tls.Pem(certPem, keyPem))
                .withDidWeb(List.of(new HostedDid.FromKey(orgDid, "org")))
                .withIssuers(List.of(IssuerConfig.of("org", "org").withDid(orgDid).withValidFor(Duration.ofMinutes(5))))
                .withAuth(new AuthConfig(List.of(new Token("demo-issuance", Token.hash(issueToken), Set.of("issue"))), Set.of("verify")))
                .withResolver(trustLocal).withAccessLog(new AccessLog.Off());
        MandateServer orgServer = ctx.onClose(MandateServer.builder(orgConfig).keys(KeySource.of(Map.of("org", org))).start());
        URI orgBase = URI.create("https://localhost:" + port + "/");
        ctx.say("organisation server: %s hosts %s at /.well-known/did.json", orgBase, orgDid);

        String partnerToken = token();
        ServerConfig partnerConfig = ServerConfig.defaults().withBind("127.0.0.1").withPort(0).withResolver(trustLocal)
                .withAuth(new AuthConfig(List.of(new Token("partner-app", Token.hash(partnerToken), Set.of("challenges"))),
                        Set.of("verify", "resolve")))
                .withAccessLog(new AccessLog.Off());
        MandateServer partner = ctx.onClose(MandateServer.builder(partnerConfig).start());
        ctx.say("partner verifier:    %s (verify open; challenges need the partner app's token)", partner.uri());

        HttpClient http = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(5)).build();

        JsonObject template = dev.mandate.cli.bench.BenchCommand.builtIn();
        JsonObject subject = Jsonp.PROVIDER.createObjectBuilder(template.getJsonObject("credentialSubject")).add("id", agentDid).build();
        JsonObject unsigned = Jsonp.PROVIDER.createObjectBuilder(template).add("issuer", orgDid).add("credentialSubject", subject).build();
        Reply issued = post(http, orgBase.resolve("/credentials/issue"), Jsonp.PROVIDER.createObjectBuilder().add("credential", unsigned).build(), issueToken);
        expect(201, issued, "issuing at the organisation server");
        JsonObject vc = issued.json().getJsonObject("verifiableCredential");
        ctx.say("POST %scredentials/issue (bearer token) -> %d: issuer %s, proof %s",
                orgBase, issued.status(), vc.getString("issuer"), vc.getJsonObject("proof").getString("cryptosuite"));

        Reply resolved = get(http, partner.uri().resolve("/1.0/identifiers/" + orgDid));
        expect(200, resolved, "resolving the organisation's did:web at the partner");
        ctx.say("GET %s1.0/identifiers/%s -> %d: the partner fetched the DID document over HTTPS (%s)", partner.uri(), orgDid,
                resolved.status(), resolved.json().getJsonObject("didResolutionMetadata").getString("contentType"));

        Reply challenge = post(http, partner.uri().resolve("/challenges"), JsonObject.EMPTY_JSON_OBJECT, partnerToken);
        expect(200, challenge, "getting a challenge from the partner");
        String c = challenge.json().getString("challenge");
        ctx.say("POST %schallenges -> %d: challenge %s", partner.uri(), challenge.status(), c);

        JsonObject vp = new Issuer().present(List.of(vc), new IssuerKey(agentDid, DidKey.verificationMethodId(agent.publicKey()), dev.mandate.cli.vc.Signing.defaultSuite(agent.keyType()), agent.signer()), c, DOMAIN);
        JsonObject request = Jsonp.PROVIDER.createObjectBuilder().add("verifiablePresentation", vp)
                .add("options", Jsonp.PROVIDER.createObjectBuilder().add("challenge", c).add("domain", DOMAIN)).build();
        Reply ok = post(http, partner.uri().resolve("/presentations/verify"), request, null);
        expect(200, ok, "verifying the agent's presentation at the partner");
        ctx.say("POST %spresentations/verify -> %d: verified=%s checks=%s", partner.uri(), ok.status(),
                ok.json().getBoolean("verified"), ok.json().getJsonArray("checks"));

        Reply replay = post(http, partner.uri().resolve("/presentations/verify"), request, null);
        expect(400, replay, "replaying the presentation");
        JsonObject problem = replay.json().getJsonArray("problems").getJsonObject(0);
        ctx.say("the same presentation again -> %d: %s: %s", replay.status(), problem.getString("title"), problem.getString("detail"));
        ctx.say("both servers stop gracefully when the demo ends (as on SIGTERM)");
        if (!orgServer.isRunning() || !partner.isRunning()) {
            throw new IllegalStateException("a demo server stopped early");
        }
    }

    record Reply(int status, String body) {
        JsonObject json() {
            try (JsonReader r = Jsonp.PROVIDER.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }
    }

    static void expect(int status, Reply r, String what) {
        if (r.status() != status) {
            throw new IllegalStateException(what + " answered HTTP " + r.status() + " instead of " + status + ": " + r.body());
        }
    }

    static Reply post(HttpClient http, URI uri, JsonObject body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    static Reply get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static String token() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static SSLContext trusting(X509Certificate cert) throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("demo", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    private static X509Certificate selfSigned(KeyPair kp) throws Exception {
        X500Name name = new X500Name("CN=localhost, O=Mandate demo");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
