package dev.mandate.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Date;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * A small HTTPS file server on 127.0.0.1 with a freshly generated self-signed certificate for
 * {@code localhost} and {@code 127.0.0.1}: the demo hosts {@code did.json} files on it. It serves
 * GET requests for regular files under one directory and nothing else.
 */
public final class LocalHttpsServer implements AutoCloseable {
    private static final char[] STORE_PASSWORD = "demo".toCharArray();

    private final HttpsServer server;
    private final ExecutorService executor;
    private final X509Certificate certificate;
    private final Path root;

    private LocalHttpsServer(HttpsServer server, ExecutorService executor, X509Certificate certificate, Path root) {
        this.server = server;
        this.executor = executor;
        this.certificate = certificate;
        this.root = root;
    }

    /** Starts serving {@code root} on an ephemeral port of 127.0.0.1. */
    public static LocalHttpsServer start(Path root) throws Exception {
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = kpg.generateKeyPair();
        X509Certificate cert = selfSigned(kp);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", kp.getPrivate(), STORE_PASSWORD, new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, STORE_PASSWORD);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, new SecureRandom());

        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "mandate-demo-https");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        Path base = root.toAbsolutePath().normalize();
        server.createContext("/", exchange -> serve(base, exchange));
        server.start();
        return new LocalHttpsServer(server, executor, cert, base);
    }

    private static X509Certificate selfSigned(KeyPair kp) throws Exception {
        X500Name name = new X500Name("CN=localhost, O=Mandate demo");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), name, kp.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    }

    private static void serve(Path base, HttpExchange ex) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Path file = base.resolve(ex.getRequestURI().getPath().replaceFirst("^/+", "")).normalize();
            if (!file.startsWith(base) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            ex.getResponseHeaders().set("Content-Type", file.toString().endsWith(".json") ? "application/did+json" : "application/octet-stream");
            ex.getResponseHeaders().set("Cache-Control", "max-age=60");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** The port the server listens on (on 127.0.0.1). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The served directory. */
    public Path root() {
        return root;
    }

    /** The server's self-signed certificate, to trust explicitly. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
