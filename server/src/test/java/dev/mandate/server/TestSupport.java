package dev.mandate.server;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Shared helpers: an HTTP client, JSON, test keys and credentials, generated TLS certificates. */
final class TestSupport {
    static final MediaType JSON = MediaType.get("application/json");
    /** The token the tests configure, and its scopes. */
    static final String ISSUE_TOKEN = "issue-token-0123456789";
    static final String ORG_ONLY_TOKEN = "org-only-token-0123456789";
    static final String VERIFY_TOKEN = "verify-token-0123456789";

    private TestSupport() {
    }

    /**
     * A client whose idle connections are closed after 100 ms (OkHttp keeps them 5 minutes): a server closed while a
     * client still holds an idle keep-alive connection waits {@link JettySetup#SHUTDOWN_IDLE_MILLIS} in its graceful
     * stop for it to go, and most tests close their server right after their last request. Requests of a test follow each other closer than
     * that, so they still share a connection.
     */
    static OkHttpClient client() {
        return new OkHttpClient.Builder().connectTimeout(5, TimeUnit.SECONDS).readTimeout(20, TimeUnit.SECONDS)
                .writeTimeout(20, TimeUnit.SECONDS).retryOnConnectionFailure(false)
                .connectionPool(new okhttp3.ConnectionPool(5, 100, TimeUnit.MILLISECONDS)).build();
    }

    /** One HTTP exchange's outcome. */
    record Reply(int status, String contentType, String body, okhttp3.Headers headers) {
        JsonObject json() {
            try (JsonReader r = Json.createReader(new StringReader(body))) {
                return r.readObject();
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    static Reply call(OkHttpClient client, Request request) {
        try (Response r = client.newCall(request).execute()) {
            String body = r.body() == null ? "" : r.body().string();
            return new Reply(r.code(), r.header("Content-Type", ""), body, r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Reply post(OkHttpClient client, MandateServer server, String path, String body) {
        return post(client, server, path, body, null);
    }

    static Reply post(OkHttpClient client, MandateServer server, String path, String body, String token) {
        Request.Builder b = new Request.Builder().url(server.uri().resolve(path).toString())
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), JSON));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return call(client, b.build());
    }

    static Reply get(OkHttpClient client, MandateServer server, String path) {
        return call(client, new Request.Builder().url(server.uri().resolve(path).toString()).get().build());
    }

    static JsonObject json(String text) {
        try (JsonReader r = Json.createReader(new StringReader(text))) {
            return r.readObject();
        }
    }

    static String resource(String path) {
        try (InputStream in = TestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in 1 KB agent capability credential (unsigned, no issuer). */
    static JsonObject unsignedCredential() {
        return json(resource("/dev/mandate/vc/issuer/agent-capability-credential.json"));
    }

    /** The credential signed by {@code key}'s did:key with eddsa-rdfc-2022, valid for an hour. */
    static JsonObject signedCredential(KeyMaterial key) throws Exception {
        return new Issuer().issue(unsignedCredential(), new IssuerKey(DidKey.didFor(key.publicKey()), DidKey.verificationMethodId(key.publicKey()), "eddsa-rdfc-2022", key.signer()), Duration.ofHours(1));
    }

    /** A POST /credentials/issue body for the test credential, issued by {@code issuerDid} with status entries of these purposes. */
    static String issueWithStatus(String issuerDid, String... purposes) {
        jakarta.json.JsonArrayBuilder p = jakarta.json.Json.createArrayBuilder();
        for (String purpose : purposes) {
            p.add(purpose);
        }
        return jakarta.json.Json.createObjectBuilder().add("credential", jakarta.json.Json.createObjectBuilder(unsignedCredential())
                .add("issuer", issuerDid)).add("options", jakarta.json.Json.createObjectBuilder().add("credentialStatus",
                jakarta.json.Json.createObjectBuilder().add("type", "BitstringStatusListEntry").add("statusPurpose", p))).build().toString();
    }

    static String verifyRequest(JsonObject credential) {
        return Json.createObjectBuilder().add("verifiableCredential", credential).build().toString();
    }

    /** A presentation of {@code credentials} by {@code holder}'s did:key for a challenge and domain. */
    static JsonObject present(KeyMaterial holder, List<JsonObject> credentials, String challenge, String domain) throws Exception {
        IssuerKey key = new IssuerKey(DidKey.didFor(holder.publicKey()), DidKey.verificationMethodId(holder.publicKey()),
                "eddsa-rdfc-2022", holder.signer());
        return domain == null ? new Issuer().present(credentials, key, challenge) : new Issuer().present(credentials, key, challenge, domain);
    }

    /**
     * A DID resolver that holds every resolution until {@link #release} opens: a verification request waits in
     * it, being processed (holding a concurrency slot and a worker), for as long as a test wants.
     */
    static final class HoldingResolver implements dev.mandate.did.resolve.DidResolver {
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        private final dev.mandate.did.resolve.DidResolver next = dev.mandate.did.resolve.DidResolvers.offline();

        @Override
        public dev.mandate.did.resolve.ResolutionResult resolve(String did) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return next.resolve(did);
        }
    }

    static KeyMaterial ed25519() {
        return KeyMaterial.generate(KeyType.ED25519);
    }

    /** Collects access-log lines. */
    static final class LogLines {
        final List<String> lines = new CopyOnWriteArrayList<>();

        void add(String line) {
            lines.add(line);
        }
    }

    /** A self-signed server certificate for localhost and 127.0.0.1, with its key pair. */
    record Cert(KeyPair keyPair, X509Certificate certificate) {
        static Cert generate() throws Exception {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(256);
            KeyPair kp = kpg.generateKeyPair();
            X500Name name = new X500Name("CN=localhost, O=Mandate test");
            long now = System.currentTimeMillis();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 60_000),
                    new Date(now + 3_600_000), name, kp.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
            return new Cert(kp, cert);
        }

        String certificatePem() throws Exception {
            return pem("CERTIFICATE", certificate.getEncoded());
        }

        String privateKeyPem() {
            return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
        }

        /** An HTTP client that trusts only this certificate. */
        OkHttpClient client() throws Exception {
            X509TrustManager tm = trustManager();
            return TestSupport.client().newBuilder().sslSocketFactory(sslContext().getSocketFactory(), tm).build();
        }

        /** A TLS context that trusts only this certificate. */
        SSLContext sslContext() throws Exception {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
            return ctx;
        }

        private X509TrustManager trustManager() throws Exception {
            java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("server", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return (X509TrustManager) tmf.getTrustManagers()[0];
        }

        private static String pem(String type, byte[] der) {
            String b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
            return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
        }
    }
}
