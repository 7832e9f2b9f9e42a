package dev.mandate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.server.TestSupport.Reply;
import dev.mandate.server.config.Limits;
import dev.mandate.server.config.ServerConfig;
import dev.mandate.server.config.Tls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Slow clients (loopback only, bounded in count and time): a request whose headers or body trickle in is cut
 * off by {@code limits.requestReadTimeout} and {@code limits.minRequestBytesPerSecond}, and while hundreds of
 * bodies trickle in, ordinary requests are still answered, because a request waiting for its body holds neither
 * a worker thread nor a {@code maxConcurrentRequests} slot.
 *
 * <p>The tests run side by side (server's surefire configuration): each starts its own server on a free port and
 * spends seconds waiting for a read deadline or a trickle, not using the CPU; their bounds (a cut within twice the 2 s
 * deadline, a verification within 5 s) hold on a loaded machine.
 */
class SlowClientTest {
    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final long DEADLINE_MS = DEADLINE.toMillis();
    private static byte[] verifyBody;

    @BeforeAll
    static void credential() throws Exception {
        verifyBody = TestSupport.verifyRequest(TestSupport.signedCredential(TestSupport.ed25519())).getBytes(StandardCharsets.UTF_8);
    }

    private static MandateServer start(Limits limits) throws Exception {
        return MandateServer.builder(ServerConfig.defaults().withPort(0).withLimits(limits)).accessLog(l -> { }).start();
    }

    /** Only the deadline: the rate check is off. */
    private static Limits deadlineOnly() {
        return Limits.defaults().withMinRequestBytesPerSecond(0).withRequestReadTimeout(DEADLINE);
    }

    /** Only the rate (the default 1024 B/s): the deadline is far away. */
    private static Limits rateOnly() {
        return Limits.defaults().withRequestReadTimeout(Duration.ofSeconds(60));
    }

    private static byte[] verifyHeaders(int contentLength) {
        return ("POST /credentials/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBodyTricklingInIsAnswered408WhenTheDeadlinePasses() throws Exception {
        try (MandateServer server = start(deadlineOnly())) {
            Outcome o = trickle(server, verifyHeaders(verifyBody.length), verifyBody, 1000);
            assertTrue(o.response.startsWith("HTTP/1.1 408 "), o::toString);
            assertTrue(o.response.toLowerCase(Locale.ROOT).contains("connection: close"), o::toString);
            assertTrue(o.millis >= DEADLINE_MS - 300, "cut before the deadline: " + o);
            assertTrue(o.millis < 2 * DEADLINE_MS, "not cut within twice the deadline: " + o);
            assertEquals(200, TestSupport.post(TestSupport.client(), server, "/credentials/verify",
                    new String(verifyBody, StandardCharsets.UTF_8)).status(), "the server is fine afterwards");
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aBodyTricklingInBelowTheMinimumRateIsAnswered408() throws Exception {
        try (MandateServer server = start(rateOnly())) {
            // Jetty 12.1's MinimumDataRateHandler, used before, divided the bytes read from all requests since the
            // start by this request's time: after these ~30 KB it let a 1 B/s body through for half a minute
            OkHttpClient client = TestSupport.client();
            for (int i = 0; i < 20; i++) {
                assertEquals(200, TestSupport.post(client, server, "/credentials/verify", new String(verifyBody, StandardCharsets.UTF_8)).status());
            }
            Outcome o = trickle(server, verifyHeaders(verifyBody.length), verifyBody, 1000);
            assertTrue(o.response.startsWith("HTTP/1.1 408 "), o::toString);
            assertTrue(o.millis < 2 * DEADLINE_MS, "1 B/s was not cut off by the 1024 B/s minimum rate: " + o);
            String metrics = TestSupport.get(TestSupport.client(), server, "/metrics").body();
            assertTrue(metrics.contains("mandate_slow_requests_cut_total{phase=\"body\"} 1"), metrics);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void headersTricklingInHaveTheConnectionClosedWhenTheDeadlinePasses() throws Exception {
        try (MandateServer server = start(deadlineOnly())) {
            Outcome o = trickle(server, new byte[0], verifyHeaders(10), 1000);
            assertEquals("", o.response, "no request yet, so no answer: the connection is just closed");
            assertTrue(o.closed, o::toString);
            assertTrue(o.millis >= DEADLINE_MS - 300, "cut before the deadline: " + o);
            assertTrue(o.millis < 2 * DEADLINE_MS, "not cut within twice the deadline: " + o);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void headersTricklingInBelowTheMinimumRateHaveTheConnectionClosed() throws Exception {
        try (MandateServer server = start(rateOnly())) {
            byte[] headers = verifyHeaders(10);
            Outcome o = trickle(server, java.util.Arrays.copyOf(headers, 1), java.util.Arrays.copyOfRange(headers, 1, headers.length), 1000);
            assertEquals("", o.response);
            assertTrue(o.closed, o::toString);
            assertTrue(o.millis < 2 * DEADLINE_MS, "1 B/s headers were not cut off by the 1024 B/s minimum rate: " + o);
            String metrics = TestSupport.get(TestSupport.client(), server, "/metrics").body();
            assertTrue(metrics.contains("mandate_slow_requests_cut_total{phase=\"headers\"} 1"), metrics);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void aKeptAliveConnectionMayWaitBetweenRequestsAndARequestWithinTheLimitsIsNotCut() throws Exception {
        try (MandateServer server = start(Limits.defaults().withRequestReadTimeout(DEADLINE));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(readResponse(in).startsWith("HTTP/1.1 200 "));
            // idle between requests for longer than the read deadline: only the idle timeout (30 s) applies
            Thread.sleep(DEADLINE_MS + 1000);
            // a request in three parts, 400 ms apart: slow, but within 2 s and far above 1 KiB/s
            int half = verifyBody.length / 2;
            out.write(verifyHeaders(verifyBody.length));
            out.flush();
            Thread.sleep(400);
            out.write(verifyBody, 0, half);
            out.flush();
            Thread.sleep(400);
            out.write(verifyBody, half, verifyBody.length - half);
            out.flush();
            String r = readResponse(in);
            assertTrue(r.startsWith("HTTP/1.1 200 "), r);
            assertTrue(r.contains("\"verified\":true"), r);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void overTlsASilentConnectionAndSlowHeadersAreClosedAtTheDeadline(@TempDir Path dir) throws Exception {
        TestSupport.Cert cert = TestSupport.Cert.generate();
        Path certPem = Files.writeString(dir.resolve("server.crt.pem"), cert.certificatePem());
        Path keyPem = Files.writeString(dir.resolve("server.key.pem"), cert.privateKeyPem());
        ServerConfig config = ServerConfig.defaults().withPort(0).withTls(new Tls.Pem(certPem, keyPem))
                .withLimits(deadlineOnly());
        try (MandateServer server = MandateServer.builder(config).accessLog(l -> { }).start()) {
            // connects and never starts the handshake
            Outcome silent = trickle(server, new byte[0], new byte[0], 1000);
            assertTrue(silent.closed, silent::toString);
            assertTrue(silent.millis >= DEADLINE_MS - 300 && silent.millis < 2 * DEADLINE_MS, silent::toString);
            // completes the handshake, then sends its headers at 1 B/s
            long start = System.nanoTime();
            SSLSocket tls = (SSLSocket) cert.sslContext().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.port());
            tls.startHandshake();
            Outcome slow = trickle(tls, start, new byte[0], verifyHeaders(10), 1000);
            assertTrue(slow.closed, slow::toString);
            assertEquals("", slow.response, slow::toString);
            assertTrue(slow.millis >= DEADLINE_MS - 300 && slow.millis < 2 * DEADLINE_MS, slow::toString);
        }
    }

    /**
     * 300 connections send their headers and then trickle their bodies in (a byte every half second each, with
     * the cut-offs set so that they stay open: no minimum rate, a 60 s deadline). Meanwhile ordinary
     * verification requests must keep being answered; before the fix each of those connections held a worker
     * thread and a concurrency slot, and verification requests timed out.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT)
    void threeHundredTricklingBodiesDoNotStarveOrdinaryRequests() throws Exception {
        Limits patient = Limits.defaults().withMinRequestBytesPerSecond(0).withRequestReadTimeout(Duration.ofSeconds(60));
        OkHttpClient client = TestSupport.client().newBuilder().callTimeout(15, TimeUnit.SECONDS).build();
        String body = new String(verifyBody, StandardCharsets.UTF_8);
        try (MandateServer server = start(patient)) {
            for (int i = 0; i < 10; i++) { // warm-up
                assertEquals(200, TestSupport.post(client, server, "/credentials/verify", body).status());
            }
            long[] baseline = timeVerifications(client, server, body, 20);

            int connections = 300;
            List<Socket> sockets = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger broken = new AtomicInteger();
            Thread trickler = new Thread(() -> {
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
                while (!stop.get() && System.nanoTime() < giveUp) {
                    synchronized (sockets) {
                        for (Socket s : sockets) {
                            if (!s.isClosed()) {
                                try {
                                    s.getOutputStream().write(' ');
                                } catch (IOException e) {
                                    broken.incrementAndGet();
                                    closeQuietly(s);
                                }
                            }
                        }
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "slow-body-trickler");
            trickler.setDaemon(true);
            try {
                for (int i = 0; i < connections; i++) {
                    Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    s.getOutputStream().write(verifyHeaders(100_000));
                    s.getOutputStream().write('{');
                    synchronized (sockets) {
                        sockets.add(s);
                    }
                }
                trickler.start();
                Thread.sleep(1500); // the server has taken in every one of them
                assertEquals(0, server.inFlightRequests(), "requests still sending their bodies were handed to the API"
                        + " (each holding a slot and a worker thread)");

                long[] underAttack = timeVerifications(client, server, body, 20);
                int open = connections - broken.get();
                System.out.printf(Locale.ROOT, "SlowClientTest: verify ms, baseline median %d max %d; with %d trickling bodies open"
                        + " median %d max %d%n", baseline[baseline.length / 2], baseline[baseline.length - 1], open,
                        underAttack[underAttack.length / 2], underAttack[underAttack.length - 1]);
                assertTrue(open >= connections - 10, "the trickling connections were meant to stay open: only " + open);
                assertTrue(underAttack[underAttack.length - 1] < 5_000, "a verification took "
                        + underAttack[underAttack.length - 1] + " ms while bodies trickled in (baseline max "
                        + baseline[baseline.length - 1] + " ms)");
            } finally {
                stop.set(true);
                trickler.interrupt();
                synchronized (sockets) {
                    sockets.forEach(SlowClientTest::closeQuietly);
                }
            }
            // every body byte held for those requests is given back once their clients are gone
            String held = "";
            for (int i = 0; i < 100; i++) {
                held = TestSupport.get(client, server, "/metrics").body().lines()
                        .filter(l -> l.startsWith("mandate_http_request_body_bytes_held ")).findFirst().orElse("");
                if (held.endsWith(" 0")) {
                    break;
                }
                Thread.sleep(50);
            }
            assertEquals("mandate_http_request_body_bytes_held 0", held);
        }
    }

    /** Sends {@code n} verification requests one after the other; each must be 200. Returns their times, sorted (ms). */
    private static long[] timeVerifications(OkHttpClient client, MandateServer server, String body, int n) {
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            Reply r = TestSupport.post(client, server, "/credentials/verify", body);
            ms[i] = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.status(), r::toString);
        }
        java.util.Arrays.sort(ms);
        return ms;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** How a trickling connection ended: after how long (from connecting), what the server sent, whether it closed. */
    record Outcome(long millis, String response, boolean closed) {
    }

    /**
     * Connects, sends {@code atOnce}, then {@code slowly} one byte every {@code intervalMs} from another thread,
     * and reads until the server closes the connection (at most 10 s).
     */
    private static Outcome trickle(MandateServer server, byte[] atOnce, byte[] slowly, long intervalMs) throws Exception {
        long start = System.nanoTime();
        return trickle(new Socket(InetAddress.getLoopbackAddress(), server.port()), start, atOnce, slowly, intervalMs);
    }

    private static Outcome trickle(Socket connected, long start, byte[] atOnce, byte[] slowly, long intervalMs) throws Exception {
        try (Socket socket = connected) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(atOnce);
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    for (byte b : slowly) {
                        Thread.sleep(intervalMs);
                        out.write(b);
                        out.flush();
                    }
                } catch (InterruptedException | IOException e) {
                    // cut off, or the test is over
                }
            }, "trickle");
            writer.setDaemon(true);
            writer.start();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            boolean closed = false;
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                }
                closed = true;
            } catch (SocketTimeoutException e) {
                closed = false;
            } catch (SocketException reset) {
                closed = true; // closed with a reset: also the end of the connection
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            writer.interrupt();
            Outcome o = new Outcome(millis, got.toString(StandardCharsets.UTF_8), closed);
            System.out.printf(Locale.ROOT, "SlowClientTest: after %d ms closed=%s, answer: %s%n", millis, closed,
                    o.response.isEmpty() ? "none" : o.response.lines().findFirst().orElse(""));
            return o;
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length body. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + head.toString(StandardCharsets.UTF_8));
            }
            head.write(c);
            matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
