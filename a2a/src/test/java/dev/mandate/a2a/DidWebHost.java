package dev.mandate.a2a;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mandate.did.web.DidWebOptions;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A real HTTPS server on 127.0.0.1 with a freshly generated certificate for {@code localhost}, hosting did:web
 * documents for tests, and the resolver options that reach it: loopback allowed, this certificate trusted,
 * {@code localhost} mapped to 127.0.0.1 without any DNS lookup, nothing cached. Test code only.
 */
final class DidWebHost implements AutoCloseable {
    final X509Certificate certificate;
    final AtomicInteger requests = new AtomicInteger();
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "a2a-test-https");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    DidWebHost() throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(256);
        KeyPair kp = kpg.generateKeyPair();
        X500Name name = new X500Name("CN=localhost");
        long now = System.currentTimeMillis();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now), new Date(now - 60_000),
                new Date(now + 3_600_000), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        certificate = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
        char[] pw = "test".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", kp.getPrivate(), pw, new Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(loopback(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(ctx));
        server.createContext("/", ex -> {
            try (ex) {
                requests.incrementAndGet();
                String path = ex.getRequestURI().getPath();
                hits.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
                Integer status = statuses.get(path);
                byte[] body = documents.get(path);
                if (status != null) {
                    ex.sendResponseHeaders(status, -1);
                } else if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    ex.getResponseHeaders().set("Content-Type", "application/did+json");
                    ex.getResponseHeaders().set("Cache-Control", "no-store");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    private static InetAddress loopback() throws UnknownHostException {
        return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code did:web:localhost%3APORT:path...}. */
    String did(String... path) {
        StringBuilder sb = new StringBuilder("did:web:localhost%3A" + port());
        for (String p : path) {
            sb.append(':').append(p);
        }
        return sb.toString();
    }

    /** Serves {@code json} at {@code path} (e.g. {@code /agents/a1/did.json}). */
    void host(String path, String json) {
        statuses.remove(path);
        documents.put(path, json.getBytes(StandardCharsets.UTF_8));
    }

    /** How often {@code path} was requested. */
    int hits(String path) {
        AtomicInteger n = hits.get(path);
        return n == null ? 0 : n.get();
    }

    /** Answers {@code path} with a bare status code. */
    void fail(String path, int status) {
        statuses.put(path, status);
    }

    /** Resolver options that reach this server and nothing else. */
    DidWebOptions options() {
        return options(true);
    }

    /** As {@link #options()}, with loopback addresses allowed or (as by default) refused. */
    DidWebOptions options(boolean allowLoopback) {
        return DidWebOptions.builder()
                .allowLoopback(allowLoopback)
                .trustedCertificates(List.of(certificate))
                .hostResolver(host -> {
                    if (!"localhost".equals(host)) {
                        throw new UnknownHostException(host + " (tests resolve only localhost)");
                    }
                    return List.of(loopback());
                })
                .defaultCacheTtl(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
