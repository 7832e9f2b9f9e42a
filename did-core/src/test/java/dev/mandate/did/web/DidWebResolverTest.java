package dev.mandate.did.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DidWebResolverTest {
    private TestServer server;
    private final CountDownLatch release = new CountDownLatch(1);
    private final KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);

    @BeforeEach
    void start() throws Exception {
        server = TestServer.https("localhost", "example.com");
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private String did(String... path) {
        StringBuilder sb = new StringBuilder("did:web:localhost%3A" + server.port());
        for (String p : path) sb.append(':').append(p);
        return sb.toString();
    }

    private DidWebOptions.Builder options() {
        return DidWebOptions.builder().allowLoopback(true).trustedCertificates(List.of(server.certificate))
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5));
    }

    private DidWebResolver resolver() {
        return new DidWebResolver(options().build());
    }

    private String hosted(String did) throws Exception {
        return DidWeb.document(did, key.publicKey()).toPrettyJson();
    }

    @Test
    void resolvesADocumentHostedAtTheWellKnownPath() throws Exception {
        String did = did();
        server.json("/.well-known/did.json", hosted(did));
        ResolutionResult r = resolver().resolve(did);
        assertTrue(r.isSuccess(), r.toString());
        DidDocument doc = r.didDocument().orElseThrow();
        assertEquals(did, doc.id());
        assertEquals(key.publicKey(), doc.verificationMethod("#" + key.publicKey().toMultikey(), Relationship.ASSERTION_METHOD)
                .orElseThrow().method().publicKey());
    }

    @Test
    void resolvesADocumentWithAPathAndThroughTheStandardResolver() throws Exception {
        String did = did("agents", "a1");
        server.json("/agents/a1/did.json", hosted(did));
        assertTrue(DidResolvers.standard(options().build()).resolve(did).isSuccess());
        assertTrue(DidResolvers.standard(options().build()).dereference(did + "#" + key.publicKey().toMultikey()).verificationMethod().isPresent());
    }

    @Test
    void notFound() {
        ResolutionResult r = resolver().resolve(did("nobody"));
        assertEquals(ErrorCode.NOT_FOUND, r.error().orElseThrow(), r.toString());
        assertFalse(r.isDependencyFailure());
    }

    @Test
    void serverErrorIsADependencyFailure() {
        server.route("/.well-known/did.json", ex -> TestServer.respond(ex, 503, "text/plain", "down"));
        ResolutionResult r = resolver().resolve(did());
        assertEquals(ErrorCode.INTERNAL_ERROR, r.error().orElseThrow());
        assertTrue(r.isDependencyFailure());
    }

    @Test
    void idMismatchIsRefused() throws Exception {
        server.json("/.well-known/did.json", hosted("did:web:evil.example"));
        ResolutionResult r = resolver().resolve(did());
        assertEquals(ErrorCode.INVALID_DID_DOCUMENT, r.error().orElseThrow());
        assertTrue(r.errorMessage().orElseThrow().contains("did:web:evil.example"), r.toString());
    }

    @Test
    void nonJsonIsRefused() {
        server.route("/.well-known/did.json", ex -> TestServer.respond(ex, 200, "text/html", "<html>hello</html>"));
        ResolutionResult r = resolver().resolve(did());
        assertEquals(ErrorCode.INVALID_DID_DOCUMENT, r.error().orElseThrow());
        assertTrue(r.errorMessage().orElseThrow().contains("not valid JSON"), r.toString());
    }

    @Test
    void tenMegabyteBodyIsCutOffAtTheCap() {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        server.route("/.well-known/did.json", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to trust
            OutputStream out = ex.getResponseBody();
            for (int i = 0; i < 160; i++) out.write(chunk); // 10 MiB
        });
        ResolutionResult r = resolver().resolve(did());
        assertEquals(ErrorCode.INVALID_DID_DOCUMENT, r.error().orElseThrow());
        assertTrue(r.errorMessage().orElseThrow().contains("larger than the limit of 1048576"), r.toString());
    }

    @Test
    void declaredContentLengthOverTheCapIsRefusedUpFront() {
        server.route("/.well-known/did.json", ex -> {
            ex.sendResponseHeaders(200, 10L << 20);
            ex.getResponseBody().write(new byte[1024]);
        });
        ResolutionResult r = new DidWebResolver(options().maxDocumentBytes(4096).build()).resolve(did());
        assertEquals(ErrorCode.INVALID_DID_DOCUMENT, r.error().orElseThrow());
    }

    @Test
    void redirectToAnotherHostIsRefusedButSameOriginIsFollowed() throws Exception {
        server.route("/.well-known/did.json", ex -> {
            ex.getResponseHeaders().set("Location", "https://evil.example/did.json");
            ex.sendResponseHeaders(302, -1);
        });
        ResolutionResult r = resolver().resolve(did());
        assertEquals(ErrorCode.INVALID_DID_DOCUMENT, r.error().orElseThrow());
        assertTrue(r.errorMessage().orElseThrow().contains("evil.example"), r.toString());
        assertEquals(1, server.requests.get());

        String did = did("moved");
        server.route("/moved/did.json", ex -> {
            ex.getResponseHeaders().set("Location", "/new/did.json");
            ex.sendResponseHeaders(301, -1);
        });
        server.json("/new/did.json", hosted(did));
        assertTrue(resolver().resolve(did).isSuccess());

        server.route("/loop/did.json", ex -> {
            ex.getResponseHeaders().set("Location", "/loop/did.json");
            ex.sendResponseHeaders(302, -1);
        });
        assertEquals(ErrorCode.INVALID_DID_DOCUMENT, resolver().resolve(did("loop")).error().orElseThrow());
    }

    @Test
    void serverThatNeverAnswersTimesOut() {
        server.route("/.well-known/did.json", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        DidWebResolver r = new DidWebResolver(options().readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofMillis(800)).build());
        long start = System.nanoTime();
        ResolutionResult result = r.resolve(did());
        assertEquals(ErrorCode.INTERNAL_ERROR, result.error().orElseThrow());
        assertTrue(result.isDependencyFailure());
        assertEquals(DidWebResolver.unreachableMessage(did()), result.errorMessage().orElseThrow(), result.toString());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "did not hang");
    }

    @Test
    void tlsHandshakeThatNeverCompletesTimesOut() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept()); // accept and never speak
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            DidWebResolver r = new DidWebResolver(options().readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofMillis(800)).build());
            ResolutionResult result = r.resolve("did:web:localhost%3A" + silent.getLocalPort());
            assertEquals(ErrorCode.INTERNAL_ERROR, result.error().orElseThrow(), result.toString());
        } finally {
            for (Socket s : accepted) s.close();
        }
    }

    @Test
    void untrustedCertificateFails() throws Exception {
        server.json("/.well-known/did.json", hosted(did()));
        DidWebResolver systemTrust = new DidWebResolver(DidWebOptions.builder().allowLoopback(true).build());
        ResolutionResult r = systemTrust.resolve(did());
        assertEquals(ErrorCode.INTERNAL_ERROR, r.error().orElseThrow());
        assertEquals(DidWebResolver.unreachableMessage(did()), r.errorMessage().orElseThrow(), r.toString());
    }

    @Test
    void loopbackIsRefusedUnlessAllowedWithoutContactingTheHost() throws Exception {
        server.json("/.well-known/did.json", hosted(did()));
        DidWebResolver strict = new DidWebResolver(DidWebOptions.builder().trustedCertificates(List.of(server.certificate)).build());
        ResolutionResult byName = strict.resolve(did());
        assertEquals(ErrorCode.INTERNAL_ERROR, byName.error().orElseThrow(), byName.toString());
        assertEquals(DidWebResolver.unreachableMessage(did()), byName.errorMessage().orElseThrow(), byName.toString());
        String ipDid = "did:web:127.0.0.1%3A" + server.port();
        ResolutionResult byIp = strict.resolve(ipDid);
        assertEquals(DidWebResolver.unreachableMessage(ipDid), byIp.errorMessage().orElseThrow(), byIp.toString());
        // a host name that a (custom) DNS maps to a private address is refused before any connection
        DidWebResolver mapped = new DidWebResolver(DidWebOptions.builder()
                .hostResolver(h -> List.of(InetAddress.getByName("10.11.12.13"))).build());
        ResolutionResult priv = mapped.resolve("did:web:intranet.example");
        assertEquals(DidWebResolver.unreachableMessage("did:web:intranet.example"), priv.errorMessage().orElseThrow(), priv.toString());
        assertEquals(0, server.requests.get());
    }

    @Test
    void customHostResolverServesAVectorHostFromLocalhost() throws Exception {
        // a did:web on example.com served by the local server: host lookup override + certificate naming example.com
        // (the DID carries the server's port, since port 443 is not ours to bind in tests)
        String did = "did:web:example.com%3A" + server.port();
        server.json("/.well-known/did.json", hosted(did));
        DidWebResolver r = new DidWebResolver(options().hostResolver(h -> List.of(InetAddress.getByName("127.0.0.1"))).build());
        assertTrue(r.resolve(did).isSuccess());
    }

    @Test
    void plainHttpOnlyForLoopbackWhenAllowed() throws Exception {
        try (TestServer http = TestServer.http()) {
            String did = "did:web:localhost%3A" + http.port();
            http.json("/.well-known/did.json", hosted(did));
            assertTrue(new DidWebResolver(DidWebOptions.builder().allowLoopback(true).allowHttpOnLoopback(true).build()).resolve(did).isSuccess());
            // without the option the resolver insists on TLS, which a plain HTTP server cannot speak
            ResolutionResult tls = new DidWebResolver(DidWebOptions.builder().allowLoopback(true).readTimeout(Duration.ofSeconds(2)).build()).resolve(did);
            assertEquals(ErrorCode.INTERNAL_ERROR, tls.error().orElseThrow(), tls.toString());
        }
    }

    @Test
    void cacheHonoursMaxAgeAndNoStore() throws Exception {
        String cached = did("cached");
        server.json("/cached/did.json", hosted(cached), "Cache-Control", "max-age=300");
        String noStore = did("nostore");
        server.json("/nostore/did.json", hosted(noStore), "Cache-Control", "no-store");
        DidWebResolver r = resolver();
        assertTrue(r.resolve(cached).isSuccess());
        assertTrue(r.resolve(cached).isSuccess());
        assertEquals(1, server.requests.get());
        assertTrue(r.resolve(noStore).isSuccess());
        assertTrue(r.resolve(noStore).isSuccess());
        assertEquals(3, server.requests.get());
        DidWebResolver noCache = new DidWebResolver(options().cacheSize(0).build());
        noCache.resolve(cached);
        noCache.resolve(cached);
        assertEquals(5, server.requests.get());
    }

    @Test
    void malformedDidsNeverReachTheNetwork() {
        DidWebResolver r = resolver();
        assertEquals(ErrorCode.INVALID_DID, r.resolve("did:web:exa_mple.com").error().orElseThrow());
        assertEquals(ErrorCode.INVALID_DID, r.resolve("did:web:").error().orElseThrow());
        assertEquals(ErrorCode.METHOD_NOT_SUPPORTED, r.resolve("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK").error().orElseThrow());
        assertEquals(ErrorCode.INVALID_DID, r.resolve("nonsense").error().orElseThrow());
        assertEquals(0, server.requests.get());
    }
}
