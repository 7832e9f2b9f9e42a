package dev.mandate.guard.service;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Posts each {@link GuardAlert} (about an agent or the audit log) as JSON to an operator's URL (an incident tool, a chat hook), off the guard's
 * thread: up to 3 attempts, 5 s timeout each, no redirects followed. An optional bearer token is sent in
 * {@code Authorization}; it is never logged. Failures are logged and counted, never thrown.
 */
public final class Webhook implements Consumer<GuardAlert>, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.mandate.guard");
    private final URI url;
    private final Optional<String> token;
    private final HttpClient http;
    private final ExecutorService sender;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * A webhook that sends no {@code Authorization} header.
     *
     * @param url an http or https URL
     * @throws IllegalArgumentException for a URL that is not absolute http(s)
     */
    public Webhook(URI url) {
        this(url, Optional.empty());
    }

    /**
     * A webhook that sends {@code Authorization: Bearer <token>}.
     *
     * @param url   an http or https URL
     * @param token the bearer token to send; not null or empty
     * @throws IllegalArgumentException for a URL that is not absolute http(s), or an empty token
     */
    public Webhook(URI url, String token) {
        this(url, Optional.of(nonEmpty(token)));
    }

    /**
     * @param url   an http or https URL
     * @param token a bearer token to send, or empty
     * @throws IllegalArgumentException for a URL that is not absolute http(s)
     * @deprecated use {@link #Webhook(URI)} for no token and {@link #Webhook(URI, String)} for one
     */
    @Deprecated
    public Webhook(URI url, Optional<String> token) {
        this.url = Objects.requireNonNull(url, "url");
        if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("the webhook must be an http(s) URL with a host, got " + url);
        }
        this.token = Objects.requireNonNull(token, "token");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mandate-guard-webhook");
            t.setDaemon(true);
            return t;
        });
    }

    private static String nonEmpty(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the webhook token must not be empty; use new Webhook(url) for none");
        }
        return token;
    }

    @Override
    public void accept(GuardAlert alert) {
        String body = alert.toJson().toString();
        sender.execute(() -> send(body, alert.subject()));
    }

    private void send(String body, String agent) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                HttpRequest.Builder r = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
                token.ifPresent(t -> r.header("Authorization", "Bearer " + t));
                HttpResponse<Void> resp = http.send(r.build(), HttpResponse.BodyHandlers.discarding());
                if (resp.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
                LOG.log(Level.WARNING, "guard webhook " + url + " answered " + resp.statusCode() + " for " + agent + " (attempt " + attempt + ")");
            } catch (java.io.IOException e) {
                LOG.log(Level.WARNING, "guard webhook " + url + " failed for " + agent + " (attempt " + attempt + "): " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(200L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        failed.incrementAndGet();
    }

    /** {@return the alerts delivered (answered 2xx) since this webhook was made} */
    public long delivered() { return delivered.get(); }
    /** {@return the alerts given up on after 3 failed attempts since this webhook was made} */
    public long failed() { return failed.get(); }

    /** Sends what is queued (up to 15 s), then stops. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
