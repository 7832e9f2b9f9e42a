package dev.mandate.did.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * did:web SSRF host rules: hosts are IP-parsed before any policy or DNS step, non-canonical spellings of an address
 * are refused without a connection or a lookup, and every refused or unreachable host gets the same message.
 * Everything here listens and connects on 127.0.0.1 only; host names are answered by an in-process resolver.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DidWebHostRulesTest {
    /** A loopback listener that counts the connections it accepts and closes them. */
    static final class CountingListener implements AutoCloseable {
        final ServerSocket socket;
        final AtomicInteger accepts = new AtomicInteger();
        private final List<Socket> held = new ArrayList<>();

        CountingListener(boolean hold) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = socket.accept();
                        accepts.incrementAndGet();
                        if (hold) {
                            synchronized (held) {
                                held.add(s); // accept and never speak (a TLS handshake that never completes)
                            }
                        } else {
                            s.close();
                        }
                    }
                } catch (IOException e) {
                    // closed
                }
            }, "counting-listener");
            t.setDaemon(true);
            t.start();
        }

        int port() { return socket.getLocalPort(); }

        @Override public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket s : held) s.close();
            }
        }
    }

    private CountingListener listener;
    private final AtomicInteger lookups = new AtomicInteger();
    /** An in-process DNS: counts lookups, knows two names, and fails for everything else. */
    private final HostResolver dns = host -> {
        lookups.incrementAndGet();
        if (host.equals("localhost") || host.equals("loopback.test")) return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
        throw new UnknownHostException(host + ": no such host (test resolver)");
    };

    @BeforeEach
    void listen() throws IOException {
        listener = new CountingListener(false);
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    private DidWebOptions.Builder options(boolean allowLoopback) {
        return DidWebOptions.builder().allowLoopback(allowLoopback).hostResolver(dns).cacheSize(0)
                .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(4));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "127.0.1", "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.0.0.1", "0X7F000001", "127.0.0.01",
        "017700000001", "0x7f.1", "%5B0%3A0%3A0%3A0%3A0%3A0%3A0%3A1%5D", "%5B0%3A%3A1%5D", "%5B%3A%3Affff%3A127.1%5D"})
    void aNonCanonicalAddressIsRefusedWithoutAConnectionOrALookupEvenWhereLoopbackIsAllowed(String host) {
        String did = "did:web:" + host + "%3A" + listener.port();
        for (boolean allowLoopback : new boolean[] {false, true}) {
            ResolutionResult r = new DidWebResolver(options(allowLoopback).build()).resolve(did);
            assertEquals(ErrorCode.INTERNAL_ERROR, r.error().orElseThrow(), r.toString());
            assertEquals(DidWebResolver.unreachableMessage(did), r.errorMessage().orElseThrow(), r.toString());
        }
        assertEquals(0, listener.accepts.get(), "no connection was attempted");
        assertEquals(0, lookups.get(), "nothing was looked up in DNS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "%5B%3A%3A1%5D", "%5B%3A%3Affff%3A127.0.0.1%5D", "0.0.0.0", "localhost", "loopback.test"})
    void aLoopbackHostIsRefusedByDefaultWithoutAConnection(String host) {
        String did = "did:web:" + host + "%3A" + listener.port();
        ResolutionResult r = new DidWebResolver(options(false).build()).resolve(did);
        assertEquals(ErrorCode.INTERNAL_ERROR, r.error().orElseThrow(), r.toString());
        assertEquals(DidWebResolver.unreachableMessage(did), r.errorMessage().orElseThrow(), r.toString());
        assertEquals(0, listener.accepts.get(), "no connection was attempted");
    }

    @Test
    void theCanonicalLoopbackAddressWorksWhenLoopbackIsAllowed() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        try (TestServer server = TestServer.https("localhost")) {
            String did = "did:web:127.0.0.1%3A" + server.port();
            server.json("/.well-known/did.json", DidWeb.document(did, key.publicKey()).toPrettyJson());
            ResolutionResult r = new DidWebResolver(options(true).trustedCertificates(List.of(server.certificate)).build()).resolve(did);
            assertTrue(r.isSuccess(), r.toString());
            assertEquals(did, r.didDocument().orElseThrow().id());
            assertEquals(0, lookups.get(), "an IP literal is not looked up");
            // the same server by name, through the in-process resolver
            String byName = "did:web:localhost%3A" + server.port();
            server.json("/.well-known/did.json", DidWeb.document(byName, key.publicKey()).toPrettyJson());
            assertTrue(new DidWebResolver(options(true).trustedCertificates(List.of(server.certificate)).build()).resolve(byName).isSuccess());
            assertEquals(1, lookups.get());
        }
    }

    @Test
    void everyRefusedOrUnreachableHostGetsTheSameMessage() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        String did = "did:web:127.0.0.1%3A" + closed;
        Map<String, ResolutionResult> results = new LinkedHashMap<>();
        // connection refused (loopback allowed, nothing listening)
        results.put(did + " closed port", new DidWebResolver(options(true).build()).resolve(did));
        // the same DID refused by the address policy
        results.put(did + " refused by policy", new DidWebResolver(options(false).build()).resolve(did));
        // a non-canonical spelling of the same address
        results.put("did:web:127.1%3A" + closed, new DidWebResolver(options(true).build()).resolve("did:web:127.1%3A" + closed));
        // a private address from a host name
        results.put("did:web:intranet.test", new DidWebResolver(options(true)
                .hostResolver(h -> List.of(InetAddress.getByAddress(h, new byte[] {10, 1, 2, 3}))).build()).resolve("did:web:intranet.test"));
        // DNS failure
        results.put("did:web:nowhere.test", new DidWebResolver(options(true).build()).resolve("did:web:nowhere.test"));
        try (TestServer server = TestServer.https("localhost"); CountingListener silent = new CountingListener(true)) {
            // TLS failure: a certificate nobody trusts
            String tls = "did:web:127.0.0.1%3A" + server.port();
            results.put(tls, new DidWebResolver(options(true).build()).resolve(tls));
            // timeout: a listener that never completes the handshake
            String hang = "did:web:127.0.0.1%3A" + silent.port();
            results.put(hang, new DidWebResolver(options(true).readTimeout(Duration.ofMillis(300)).callTimeout(Duration.ofMillis(800)).build())
                    .resolve(hang));
        }
        String expected = " could not be resolved: the host is not reachable or not allowed";
        for (Map.Entry<String, ResolutionResult> e : results.entrySet()) {
            String key = e.getKey();
            String resolved = key.contains(" ") ? key.substring(0, key.indexOf(' ')) : key;
            ResolutionResult r = e.getValue();
            assertEquals(ErrorCode.INTERNAL_ERROR, r.error().orElseThrow(), key + ": " + r);
            assertEquals(resolved + expected, r.errorMessage().orElseThrow(), key);
            assertTrue(r.isDependencyFailure(), key);
        }
        assertEquals(results.get(did + " closed port").toString(), results.get(did + " refused by policy").toString(),
                "closed port and refused host are indistinguishable");
    }

    @Test
    void theClientRefusesARefusedAddressEvenIfACallerSkipsTheHostCheck() {
        // OkHttp connects to IP-literal hosts (127.1 included, via InetAddress) without asking the DNS: the sockets check too
        OkHttpClient client = SafeHttp.client(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4), List.of(), dns,
                new AddressPolicy(false, false));
        for (String host : new String[] {"127.1", "127.0.0.1", "2130706433", "localhost"}) {
            Request req = new Request.Builder().url("http://" + host + ":" + listener.port() + "/").build();
            IOException e = assertThrows(IOException.class, () -> {
                try (Response r = client.newCall(req).execute()) {
                    r.code();
                }
            }, host);
            assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), host);
        }
        assertEquals(0, listener.accepts.get(), "no connection was made");
    }

    @Test
    void aHostNameIsLookedUpAndItsAddressesGoThroughThePolicy() {
        String did = "did:web:loopback.test%3A" + listener.port();
        ResolutionResult r = new DidWebResolver(options(false).build()).resolve(did);
        assertEquals(DidWebResolver.unreachableMessage(did), r.errorMessage().orElseThrow());
        assertEquals(1, lookups.get());
        assertEquals(0, listener.accepts.get());
    }
}
