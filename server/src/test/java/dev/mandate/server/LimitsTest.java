package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;

/** Concurrency limit (503 when the queue wait runs out) and idle connections being closed. */
class LimitsTest {

    @Test
    void requestsBeyondTheConcurrencyLimitGet503AfterTheQueueWait() throws Exception {
        Limits oneAtATime = new Limits(1024 * 1024, 64, 8192, 1, Duration.ofMillis(200), Duration.ofSeconds(30), 0, 8,
                Duration.ofSeconds(5));
        String body = TestSupport.verifyRequest(TestSupport.signedCredential(TestSupport.ed25519()));
        // the one slot is held by a request being processed (waiting for its issuer's DID to resolve)
        TestSupport.HoldingResolver resolver = new TestSupport.HoldingResolver();
        try (MandateServer server = MandateServer.builder(ServerConfig.defaults().withPort(0).withLimits(oneAtATime))
                .resolver(resolver).accessLog(l -> { }).start()) {
            OkHttpClient client = TestSupport.client();
            CompletableFuture<Reply> holder = CompletableFuture.supplyAsync(() -> TestSupport.post(client, server,
                    "/credentials/verify", body));
            assertTrue(resolver.entered.await(10, TimeUnit.SECONDS));
            Reply busy = TestSupport.get(TestSupport.client(), server, "/health");
            assertEquals(503, busy.status(), busy::toString);
            assertEquals("application/problem+json", busy.contentType(), busy::toString);
            assertEquals("1", busy.headers().get("Retry-After"));
            resolver.release.countDown();
            assertEquals(200, holder.get(20, TimeUnit.SECONDS).status());
            assertEquals(200, TestSupport.get(TestSupport.client(), server, "/health").status());
        }
    }

    @Test
    void aRequestStillSendingItsBodyHoldsNoSlot() throws Exception {
        Limits oneAtATime = new Limits(1024 * 1024, 64, 8192, 1, Duration.ofMillis(200), Duration.ofSeconds(30), 0, 8,
                Duration.ofSeconds(5));
        byte[] body = TestSupport.verifyRequest(TestSupport.signedCredential(TestSupport.ed25519())).getBytes(StandardCharsets.UTF_8);
        try (MandateServer server = MandateServer.builder(ServerConfig.defaults().withPort(0).withLimits(oneAtATime))
                .accessLog(l -> { }).start()) {
            CountDownLatch started = new CountDownLatch(1);
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
                    sink.write(body, 0, 10);
                    sink.flush();
                    started.countDown();
                    try {
                        release.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    sink.write(body, 10, body.length - 10);
                }
            };
            OkHttpClient client = TestSupport.client();
            CompletableFuture<Reply> sending = CompletableFuture.supplyAsync(() -> TestSupport.call(client,
                    new Request.Builder().url(server.uri().resolve("/credentials/verify").toString()).post(slow).build()));
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Thread.sleep(300);
            assertEquals(0, server.inFlightRequests());
            assertEquals(200, TestSupport.get(TestSupport.client(), server, "/health").status(),
                    "the only slot went to a request whose body had not arrived");
            release.countDown();
            Reply r = sending.get(20, TimeUnit.SECONDS);
            assertEquals(200, r.status(), r::toString);
        }
    }

    /** A client that closes its side before the body it announced gets a 400 that says so (Jetty said "Early EOF"). */
    @Test
    void aBodyCutShortOfItsContentLengthIsAClearError() throws Exception {
        try (MandateServer server = MandateServer.builder(ServerConfig.defaults().withPort(0)).accessLog(l -> { }).start();
             Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /credentials/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                    + "{\"verifiable").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.shutdownOutput();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.contains("the request body ended after 12 of the 100 bytes its Content-Length declares"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        Limits quick = Limits.defaults().withIdleTimeout(Duration.ofSeconds(1));
        try (MandateServer server = MandateServer.builder(ServerConfig.defaults().withPort(0).withLimits(quick)).accessLog(l -> { }).start();
             Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /credentials/verify HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"verifiable".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            int total = 0;
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    total += n;
                }
            } catch (java.net.SocketException reset) {
                // closed with a reset: also the end of the connection
            }
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMs < 9_000, "the stalled connection was not closed (waited " + waitedMs + " ms, read " + total + " bytes)");
            assertTrue(waitedMs >= 500, "closed before the idle timeout: " + waitedMs + " ms");
        }
    }
}
