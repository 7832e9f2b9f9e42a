package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.server.ServerConfig.Limits;
import dev.mandate.server.TestSupport.Reply;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

/** Many parallel verifications; graceful shutdown lets the request in flight finish and refuses new ones. */
class ConcurrencyAndShutdownTest {

    @Test
    void sixtyFourParallelVerificationsAllSucceed() throws Exception {
        JsonObject credential = TestSupport.signedCredential(TestSupport.ed25519());
        String body = TestSupport.verifyRequest(credential);
        ServerConfig uncached = ServerConfig.defaults().withPort(0)
                .withVerifier(ServerConfig.VerifierConfig.defaults().withCache(Duration.ZERO, 0));
        try (MandateServer server = MandateServer.builder(uncached).accessLog(l -> { }).start()) {
            OkHttpClient client = TestSupport.client().newBuilder()
                    .connectionPool(new okhttp3.ConnectionPool(64, 1, TimeUnit.MINUTES)).build();
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    replies.add(pool.submit(() -> {
                        go.await();
                        return TestSupport.post(client, server, "/credentials/verify", body);
                    }));
                }
                go.countDown();
                for (Future<Reply> f : replies) {
                    Reply r = f.get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.status(), r::toString);
                    assertTrue(r.json().getBoolean("verified"));
                }
            } finally {
                pool.shutdownNow();
            }
            String metrics = TestSupport.get(client, server, "/metrics").body();
            assertTrue(metrics.contains("mandate_verifications_total{endpoint=\"credentials\",result=\"verified\"} 64"), metrics);
            assertTrue(metrics.contains("mandate_verification_cache_hits_total 0"), metrics);
        }
    }

    @Test
    void shutdownLetsTheRequestInFlightFinishAndRefusesNewConnections() throws Exception {
        byte[] body = TestSupport.verifyRequest(TestSupport.signedCredential(TestSupport.ed25519())).getBytes(StandardCharsets.UTF_8);
        ServerConfig config = ServerConfig.defaults().withPort(0).withLimits(Limits.defaults().withShutdownGrace(Duration.ofSeconds(20)));
        MandateServer server = MandateServer.builder(config).accessLog(l -> { }).start();
        CountDownLatch firstHalfSent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RequestBody slow = new RequestBody() {
            @Override
            public MediaType contentType() {
                return TestSupport.JSON;
            }

            @Override
            public long contentLength() {
                return body.length;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                int half = body.length / 2;
                sink.write(body, 0, half);
                sink.flush();
                firstHalfSent.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sink.write(body, half, body.length - half);
            }
        };
        OkHttpClient client = TestSupport.client();
        CompletableFuture<Reply> inFlight = CompletableFuture.supplyAsync(() -> TestSupport.call(client,
                new Request.Builder().url(server.uri().resolve("/credentials/verify").toString()).post(slow).build()));
        assertTrue(firstHalfSent.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 200 && server.inFlightRequests() == 0; i++) {
            Thread.sleep(20);
        }
        assertEquals(1, server.inFlightRequests());

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        for (int i = 0; i < 200 && server.isRunning(); i++) {
            Thread.sleep(20);
        }
        assertFalse(server.isRunning());
        Thread.sleep(200);
        assertFalse(closing.isDone(), "close() returned while a request was still in flight");
        OkHttpClient fresh = TestSupport.client();
        assertThrows(java.io.UncheckedIOException.class, () -> TestSupport.get(fresh, server, "/health"),
                "a new connection was accepted during shutdown");

        release.countDown();
        Reply r = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, r.status(), r::toString);
        assertTrue(r.json().getBoolean("verified"));
        closing.get(30, TimeUnit.SECONDS);
    }
}
