package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.server.TestSupport.Cert;
import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.AuthConfig;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ResolverConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Tls;
import dev.mandate.server.config.Token;
import dev.mandate.server.config.VerifierConfig;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusListEntry;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.status.StatusStreamLink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A partner's {@code mandate serve} follows the push stream of a trusted issuer's {@code mandate serve} by itself,
 * found through the {@link StatusStreamLink} on the issuer's status lists (no {@code verifier.statusStreams}), both
 * servers in this JVM over loopback HTTPS; an untrusted issuer and a link to another origin open no stream.
 */
class StatusStreamDiscoveryTest {
    static final String STATUS_TOKEN = "status-token-0123456789";
    @TempDir
    static Path dir;
    static Cert cert;
    static Path certPem;
    static Path keyPem;
    final List<AutoCloseable> open = new ArrayList<>();
    OkHttpClient client;

    @BeforeAll
    static void certificates() throws Exception {
        cert = Cert.generate();
        certPem = Files.writeString(dir.resolve("server.crt.pem"), cert.certificatePem());
        keyPem = Files.writeString(dir.resolve("server.key.pem"), cert.privateKeyPem());
    }

    @AfterEach
    void close() throws Exception {
        if (client != null) { // idle keep-alive connections would hold each server's graceful stop for a second
            client.connectionPool().evictAll();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** An issuer: its own store, lists under https://127.0.0.1:port/status-lists/, grants with the status token. */
    MandateServer issuer(String name, KeyMaterial key) throws Exception {
        Store store = Stores.open("jdbc:sqlite:" + Files.createTempDirectory(dir, name).resolve("status.db"));
        open.add(store);
        int port = freePort();
        ServerConfig config = ServerConfig.defaults().withPort(port).withTls(new Tls.Pem(certPem, keyPem))
                .withAuth(new AuthConfig(List.of(new Token("ops", Token.hash(STATUS_TOKEN), Set.of("status"))), Set.of("verify")))
                .withIssuers(List.of(IssuerConfig.of("org", "org").asDefault(true)));
        MandateServer s = MandateServer.builder(config).keys(KeySource.of(Map.of("org", key))).accessLog(l -> { })
                .status(store, "https://127.0.0.1:" + port + "/status-lists/").start();
        open.add(s);
        return s;
    }

    /** A partner: trusts only {@code trusted}, no status stream configured, loopback HTTPS allowed with the test certificate. */
    MandateServer partner(List<String> trusted, Duration maxStaleness) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withTls(new Tls.Pem(certPem, keyPem))
                .withAuth(new AuthConfig(List.of(), Set.of("verify")))
                .withResolver(new ResolverConfig(true, false, List.of(certPem), Duration.ofSeconds(5)))
                .withVerifier(new VerifierConfig(true, Duration.ofSeconds(5), Duration.ofSeconds(60), 10_000, trusted, List.of(), maxStaleness));
        MandateServer s = MandateServer.builder(config).accessLog(l -> { }).start();
        open.add(s);
        return s;
    }

    OkHttpClient client() throws Exception {
        if (client == null) {
            client = cert.client();
        }
        return client;
    }

    JsonObject grant(MandateServer issuer, String task) throws Exception {
        Reply g = TestSupport.post(client(), issuer, "/grants", "{\"agent\":\"did:example:agent\",\"action\":\"read\","
                + "\"resource\":\"https://db.example/r\",\"ttl\":600,\"task\":\"" + task + "\",\"singleUse\":false}", STATUS_TOKEN);
        assertEquals(201, g.status(), g::toString);
        return g.json();
    }

    void complete(MandateServer issuer, String task) throws Exception {
        Reply done = TestSupport.post(client(), issuer, "/grants/" + task + "/complete", "", STATUS_TOKEN);
        assertEquals(200, done.status(), done::toString);
        assertEquals(1, done.json().getInt("revoked"));
    }

    JsonObject verify(MandateServer partner, JsonObject vc) throws Exception {
        Reply r = TestSupport.post(client(), partner, "/credentials/verify", TestSupport.verifyRequest(vc));
        assertTrue(r.status() == 200 || r.status() == 400, r::toString);
        return r.json();
    }

    static void await(BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what);
            Thread.sleep(5);
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aTrustedIssuersRevocationReachesThePartnerByPushWithoutAnyStreamConfigured() throws Exception {
        KeyMaterial orgKey = TestSupport.ed25519();
        MandateServer issuer = issuer("issuer", orgKey);
        // lists are cached for 300 s (max-age) and the staleness bound is an hour: only the push can make the partner refuse
        MandateServer partner = partner(List.of(DidKey.didFor(orgKey.publicKey())), Duration.ofHours(1));
        JsonObject vc = grant(issuer, "task-1");
        Reply list = TestSupport.get(client(), issuer, "/status-lists/"
                + vc.getJsonObject("credentialStatus").getString("statusListCredential").replaceAll(".*/", ""));
        assertEquals(StatusStreamLink.HEADER_VALUE, list.headers().get("Link"), "the issuer names its stream on every list");

        assertEquals(0, partner.statusSubscriptions());
        assertTrue(verify(partner, vc).getBoolean("verified"));
        assertEquals(1, partner.statusSubscriptions(), "meeting the trusted issuer's list subscribed to its stream");
        await(() -> issuer.statusEventStreamsServed() == 1, "the partner's stream at the issuer");
        assertTrue(verify(partner, vc).getBoolean("verified"));

        long t0 = System.nanoTime();
        complete(issuer, "task-1");
        await(() -> {
            try {
                return !verify(partner, vc).getBoolean("verified");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "the partner to see the revocation");
        System.out.printf("push: revocation at the issuer refused by the partner after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        JsonObject refused = verify(partner, vc);
        assertEquals("CREDENTIAL_REVOKED", refused.getJsonArray("problems").getJsonObject(0).getString("type").replaceAll(".*#", ""),
                refused::toString);

        // a second credential on the same list: still one stream, nothing new subscribed
        JsonObject second = grant(issuer, "task-2");
        assertTrue(verify(partner, second).getBoolean("verified"));
        assertEquals(1, partner.statusSubscriptions());
        assertEquals(1, issuer.statusEventStreamsServed());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void whileTheIssuersStreamIsDownTheStalenessBoundHolds() throws Exception {
        KeyMaterial orgKey = TestSupport.ed25519();
        MandateServer issuer = issuer("issuer-busy", orgKey);
        MandateServer partner = partner(List.of(DidKey.didFor(orgKey.publicKey())), Duration.ofSeconds(2));
        // the issuer's stream is down for the partner: every one of its event-stream slots is taken (it answers 503)
        OkHttpClient streaming = client().newBuilder().readTimeout(Duration.ZERO).build();
        List<okhttp3.Call> calls = new ArrayList<>();
        List<Response> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < StatusEndpoints.MAX_STREAMS; i++) {
                okhttp3.Call call = streaming.newCall(new Request.Builder().url(issuer.uri().resolve("/status-lists/events").toString()).build());
                calls.add(call);
                Response r = call.execute();
                hogs.add(r);
                assertEquals(200, r.code());
            }
            JsonObject vc = grant(issuer, "task-busy");
            assertTrue(verify(partner, vc).getBoolean("verified"));
            assertEquals(1, partner.statusSubscriptions(), "subscribed, though the stream is refused for now");
            long t0 = System.nanoTime();
            complete(issuer, "task-busy");
            await(() -> {
                try {
                    return !verify(partner, vc).getBoolean("verified");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "the partner to re-fetch the list within the staleness bound");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("stream down: revocation refused by the partner after %d ms (bound 2,000 ms; list max-age 300 s)%n", ms);
            // the bound is 2 s after the list was fetched; the slack is for a loaded machine, far below the 10 s default and 300 s ttl
            assertTrue(ms < 6_000, "a revoked credential was accepted " + ms + " ms after the revocation, beyond the 2 s bound");
            assertEquals(StatusEndpoints.MAX_STREAMS, issuer.statusEventStreamsServed(), "the partner's stream was never connected");
        } finally {
            // cancelled first: closing an unfinished body alone waits 100 ms per stream trying to drain it for reuse
            calls.forEach(okhttp3.Call::cancel);
            hogs.forEach(Response::close);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void anUntrustedIssuersListOpensNoStream() throws Exception {
        KeyMaterial trustedKey = TestSupport.ed25519();
        KeyMaterial otherKey = TestSupport.ed25519();
        MandateServer trusted = issuer("trusted", trustedKey);
        MandateServer untrusted = issuer("untrusted", otherKey);
        MandateServer partner = partner(List.of(DidKey.didFor(trustedKey.publicKey())), Duration.ofSeconds(10));

        MandateServer trustsAnyone = partner(List.of(), Duration.ofSeconds(10));
        JsonObject foreign = grant(untrusted, "task-u");
        // a partner that names no trusted issuers accepts the credential, reading its list, but follows no stream
        JsonObject accepted = verify(trustsAnyone, foreign);
        assertTrue(accepted.getBoolean("verified"), accepted::toString);
        assertEquals("fetched", accepted.getJsonArray("status").getJsonObject(0).getString("source"), accepted::toString);
        assertEquals(0, trustsAnyone.statusSubscriptions(), "a list of an issuer nobody named trusted made the partner subscribe");
        // a partner that trusts another issuer refuses the credential before reading its list
        JsonObject answer = verify(partner, foreign);
        assertFalse(answer.getBoolean("verified"));
        assertTrue(answer.toString().contains("UNTRUSTED_ISSUER_ERROR"), answer::toString);
        assertEquals(0, partner.statusSubscriptions(), "an untrusted issuer's list made the partner subscribe");

        assertTrue(verify(partner, grant(trusted, "task-t")).getBoolean("verified"));
        assertEquals(1, partner.statusSubscriptions());
        await(() -> trusted.statusEventStreamsServed() == 1, "the stream of the trusted issuer");
        assertEquals(0, untrusted.statusEventStreamsServed(), "a partner opened the untrusted issuer's stream");
        assertEquals(0, trustsAnyone.statusSubscriptions());
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aLinkToAnotherOriginOrDirectoryIsNotFollowed() throws Exception {
        KeyMaterial key = TestSupport.ed25519();
        IssuerKey issuerKey = IssuerKey.didKey(key, "eddsa-jcs-2022");
        MandateServer partner = partner(List.of(issuerKey.did()), Duration.ofSeconds(10));
        AtomicInteger otherOrigin = new AtomicInteger();
        try (ServerSocket elsewhere = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             FakeIssuer fake = new FakeIssuer(issuerKey)) {
            Thread counter = new Thread(() -> {
                while (!elsewhere.isClosed()) {
                    try (java.net.Socket s = elsewhere.accept()) {
                        otherOrigin.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            counter.setDaemon(true);
            counter.start();
            String crossOrigin = fake.list("cross", "<https://127.0.0.1:" + elsewhere.getLocalPort() + "/status-lists/events>; rel=\""
                    + StatusStreamLink.REL + "\"");
            String otherDirectory = fake.list("dir", "</elsewhere/events>; rel=\"" + StatusStreamLink.REL + "\"");
            String sameDirectory = fake.list("good", StatusStreamLink.HEADER_VALUE);

            assertTrue(verify(partner, fake.credential(crossOrigin)).getBoolean("verified"));
            assertTrue(verify(partner, fake.credential(otherDirectory)).getBoolean("verified"));
            assertEquals(0, partner.statusSubscriptions(), "a link off the list's origin or directory was followed");
            // the control: the same host linking its own directory's stream is followed
            assertTrue(verify(partner, fake.credential(sameDirectory)).getBoolean("verified"));
            assertEquals(1, partner.statusSubscriptions());
            await(() -> fake.hits("/lists/events") > 0, "the followed stream");
            assertEquals(0, otherOrigin.get(), "the partner connected to the other origin");
            assertEquals(0, fake.hits("/elsewhere/events"), "the partner connected to another directory");
        }
    }

    /** A status host over HTTPS (the JDK server) serving lists signed by one key, each with the Link header it is given. */
    static final class FakeIssuer implements AutoCloseable {
        final HttpsServer server;
        final IssuerKey key;
        final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
        final Map<String, String> links = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

        FakeIssuer(IssuerKey key) throws Exception {
            this.key = key;
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", cert.keyPair().getPrivate(), new char[0], new Certificate[] {cert.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(ctx));
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.createContext("/", ex -> {
                String path = ex.getRequestURI().getPath();
                hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                byte[] body = bodies.get(path);
                if (body == null) {
                    ex.sendResponseHeaders(404, -1);
                } else {
                    ex.getResponseHeaders().add("Link", links.get(path));
                    ex.getResponseHeaders().add("Cache-Control", "max-age=300");
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
                ex.close();
            });
            server.start();
        }

        /** Publishes a clear revocation list at /lists/{name} with {@code link}; returns its URL. */
        String list(String name, String link) throws Exception {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/lists/" + name;
            JsonObject signed = new StatusListIssuer(new Issuer()).sign(url, StatusPurpose.REVOCATION,
                    StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1), key);
            bodies.put("/lists/" + name, signed.toString().getBytes(StandardCharsets.UTF_8));
            links.put("/lists/" + name, link);
            return url;
        }

        /** A credential of this issuer with a revocation entry on the list at {@code listUrl}. */
        JsonObject credential(String listUrl) throws Exception {
            JsonObject unsigned = Json.createObjectBuilder(TestSupport.unsignedCredential()).add("issuer", key.did()).build();
            return new Issuer().issue(StatusListIssuer.withStatus(unsigned, List.of(StatusListEntry.of(StatusPurpose.REVOCATION, listUrl, 7))),
                    key, Duration.ofHours(1));
        }

        int hits(String path) {
            AtomicInteger n = hits.get(path);
            return n == null ? 0 : n.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
