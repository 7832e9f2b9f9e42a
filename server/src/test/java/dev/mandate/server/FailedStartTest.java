package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.server.TestSupport.Cert;
import dev.mandate.server.config.IssuerConfig;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Tls;
import dev.mandate.state.redis.RedisTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails late (the port is taken, after the status change feed, a pushed status stream, Redis and the
 * readiness checks were set up) closes all it opened: no thread of its own lives on, and the issuer it followed
 * serves no stream to it any more. Before, every failed start in a long-lived process (a retry loop, a test suite)
 * leaked them.
 */
class FailedStartTest {
    @TempDir
    Path dir;

    @Test
    void aPortInUseLeavesNoThreadOrConnectionBehind() throws Exception {
        RedisTestSupport.assumeAvailable(); // fails instead with MANDATE_REQUIRE_REDIS=1
        Cert cert = Cert.generate();
        Path certPem = Files.writeString(dir.resolve("server.crt.pem"), cert.certificatePem());
        Path keyPem = Files.writeString(dir.resolve("server.key.pem"), cert.privateKeyPem());
        try (Store issuerStore = Stores.open("jdbc:sqlite:" + dir.resolve("issuer.db"));
             MandateServer issuer = MandateServer.builder(ServerConfig.defaults().withPort(0).withTls(new Tls.Pem(certPem, keyPem))
                             .withIssuers(List.of(IssuerConfig.of("org", "org").asDefault(true))))
                     .keys(KeySource.of(Map.of("org", TestSupport.ed25519()))).accessLog(l -> { })
                     .status(issuerStore, "https://127.0.0.1/status-lists/").start();
             ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             Store store = Stores.open("jdbc:sqlite:" + dir.resolve("status.db"))) {
            ServerConfig config = ServerConfig.parse("{\"bind\": \"127.0.0.1\", \"port\": " + taken.getLocalPort() + ","
                    + " \"issuers\": [{\"name\": \"org\", \"key\": \"org-key\", \"default\": true}],"
                    + " \"verifier\": {\"statusStreams\": [\"https://127.0.0.1:" + issuer.port() + "/status-lists/events\"]},"
                    + " \"resolver\": {\"allowLoopback\": true, \"trustedCertificates\": [\"" + certPem + "\"]},"
                    + " \"sharedState\": {\"redis\": \"" + RedisTestSupport.url() + "\", \"keyPrefix\": \"mandate-failed-start:\"},"
                    + " \"accessLog\": \"off\"}", dir);
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            IOException e = assertThrows(IOException.class, () -> MandateServer.builder(config)
                    .keys(KeySource.of(Map.of("org-key", TestSupport.ed25519())))
                    .status(store, "https://status.example/status-lists/").start());
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());

            assertTrue(await(() -> started(before).isEmpty()), () -> "threads left running: " + started(before));
            assertTrue(await(() -> issuer.statusEventStreamsServed() == 0),
                    () -> "the issuer still serves " + issuer.statusEventStreamsServed() + " stream(s) to the server that failed to start");
            // the caller's store is the caller's: still open and usable
            assertEquals(store.schemaVersion(), store.schemaVersion());
        }
    }

    /** Threads of the server's own (named mandate-..., or Lettuce's) started since {@code before} and still alive. */
    private static List<String> started(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> n.startsWith("mandate-") || n.startsWith("lettuce-"))
                .sorted().toList();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
