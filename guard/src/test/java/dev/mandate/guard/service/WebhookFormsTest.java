package dev.mandate.guard.service;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Webhook}'s constructors {@code (url)} and {@code (url, token)} send what the deprecated
 * {@code (url, Optional)} sent (no {@code Authorization} header, or {@code Bearer <token>}; the same body), to a real
 * HTTP receiver on loopback; an empty token is refused in one line instead of being sent as {@code "Bearer "}.
 */
@SuppressWarnings("deprecation") // calling the deprecated form is the point of this test
class WebhookFormsTest {
    HttpServer receiver;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    URI url;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/alerts", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            received.add((auth == null ? "no-auth" : auth) + " " + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    static final AuditAlert ALERT = new AuditAlert(AuditAlert.BEHIND, "gw-test", Duration.ofSeconds(3), Duration.ofSeconds(1),
            Duration.ZERO, 2, 0, "the store is down");

    String send(Webhook webhook) throws Exception {
        try (webhook) {
            webhook.accept(ALERT);
            String got = received.poll(30, TimeUnit.SECONDS);
            assertTrue(got != null, "the alert reached the receiver");
            return got;
        }
    }

    @Test
    void sameRequestsAsTheOptionalForm() throws Exception {
        String plain = send(new Webhook(url));
        assertEquals(send(new Webhook(url, Optional.empty())), plain);
        assertTrue(plain.startsWith("no-auth {"), plain);
        String bearer = send(new Webhook(url, "s3cret"));
        assertEquals(send(new Webhook(url, Optional.of("s3cret"))), bearer);
        assertTrue(bearer.startsWith("Bearer s3cret {\"event\":\"audit.behind\""), bearer);
    }

    @Test
    void badInputIsRefusedInOneLine() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new Webhook(url, ""));
        assertEquals("the webhook token must not be empty; use new Webhook(url) for none", empty.getMessage());
        assertEquals("token", assertThrows(NullPointerException.class, () -> new Webhook(url, (String) null)).getMessage());
        assertEquals("url", assertThrows(NullPointerException.class, () -> new Webhook(null)).getMessage());
        IllegalArgumentException ftp = assertThrows(IllegalArgumentException.class, () -> new Webhook(URI.create("ftp://127.0.0.1/x"), "s3cret"));
        assertFalse(ftp.getMessage().contains("\n"));
        assertFalse(ftp.getMessage().contains("s3cret"), "the token is not in the message");
    }
}
