package dev.mandate.vc.verifier.status;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Subscribes a {@link StatusChecker} to a status host's change stream (server-sent events, as served by
 * {@code mandate serve}): every {@code status} event names a list, which the checker drops at once, so a
 * revocation is seen in well under a second instead of after the list's ttl. On every (re)connection the
 * whole cache is dropped, since events may have been missed while disconnected; reconnects back off from
 * 100 ms to 5 s and resume with {@code Last-Event-ID}. The polling path (ttl) stays the fallback.
 *
 * <p>The stream URL is checked like a status list URL ({@link StatusFetchOptions}: HTTPS, SSRF policy);
 * event lines are bounded (64 KiB). {@link #close()} stops the subscription.
 */
public final class StatusPushSubscriber implements AutoCloseable {
    private static final long MAX_LINE = 64 * 1024;

    private final HttpUrl url;
    private final StatusChecker checker;
    private final OkHttpClient client;
    private final Thread thread;
    private final AtomicLong events = new AtomicLong();
    private volatile boolean closed;
    private volatile boolean connected;
    private volatile Call call;
    private volatile String lastEventId = "";

    private StatusPushSubscriber(HttpUrl url, StatusChecker checker, OkHttpClient client) {
        this.url = url;
        this.checker = checker;
        this.client = client;
        this.thread = new Thread(this::run, "mandate-status-push");
        this.thread.setDaemon(true);
    }

    /**
     * Starts listening to {@code streamUrl} in a background thread.
     *
     * @param streamUrl   the SSE endpoint, e.g. {@code https://issuer.example/status-lists/events}
     * @param checker     the checker whose cache the events invalidate
     * @param options     safety options (HTTPS, SSRF, connect timeout)
     * @param idleTimeout how long the stream may be silent before it is reopened (the server sends keep-alives)
     * @return the running subscriber; {@link #close()} stops it
     * @throws StatusFetchException if the URL is refused by the options
     */
    public static StatusPushSubscriber start(String streamUrl, StatusChecker checker, StatusFetchOptions options, Duration idleTimeout)
            throws StatusFetchException {
        Objects.requireNonNull(checker, "checker");
        HttpUrl u = HttpStatusListFetcher.checkUrl(streamUrl, options, HttpStatusListFetcher.policy(options));
        StatusPushSubscriber s = new StatusPushSubscriber(u, checker, HttpStatusListFetcher.client(options, idleTimeout.toMillis(), 0));
        s.thread.start();
        return s;
    }

    /** {@return true while the stream is open} */
    public boolean connected() {
        return connected;
    }

    /**
     * Whether this stream, while connected, delivers the changes of the list at {@code statusListUrl}: a Mandate
     * server serves its lists next to its stream ({@code .../status-lists/events} covers {@code .../status-lists/*}).
     *
     * @param statusListUrl a list's URL, as credentials name it
     * @return false while disconnected, or for a list in another directory
     */
    public boolean covers(String statusListUrl) {
        return connected && covers(url.toString(), statusListUrl);
    }

    /** Whether a stream at {@code streamUrl} covers the list at {@code statusListUrl}: same directory, by exact prefix. */
    static boolean covers(String streamUrl, String statusListUrl) {
        if (statusListUrl == null) {
            return false;
        }
        String prefix = streamUrl.substring(0, streamUrl.lastIndexOf('/') + 1);
        return prefix.length() > "https://".length() && statusListUrl.startsWith(prefix) && statusListUrl.length() > prefix.length()
                && statusListUrl.indexOf('/', prefix.length()) < 0 && statusListUrl.indexOf('?') < 0 && statusListUrl.indexOf('#') < 0;
    }

    /** {@return status events received so far} */
    public long eventsReceived() {
        return events.get();
    }

    private void run() {
        long backoff = 100;
        while (!closed) {
            Request.Builder rb = new Request.Builder().url(url).header("Accept", "text/event-stream").header("User-Agent", "mandate-status-push");
            if (!lastEventId.isEmpty()) {
                rb.header("Last-Event-ID", lastEventId);
            }
            Call c = client.newCall(rb.build());
            call = c;
            try (Response response = c.execute()) {
                if (response.code() == 200) {
                    connected = true;
                    checker.invalidateAll();
                    backoff = 100;
                    read(response.body().source());
                }
            } catch (IOException | RuntimeException e) {
                // reconnect below
            } finally {
                connected = false;
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(5000, backoff * 2);
        }
    }

    private void read(BufferedSource source) throws IOException {
        String event = "";
        StringBuilder data = new StringBuilder();
        String id = "";
        while (!closed) {
            String line;
            try {
                line = source.readUtf8LineStrict(MAX_LINE);
            } catch (EOFException e) {
                return;
            }
            if (line.isEmpty()) {
                dispatch(event, data.toString(), id);
                event = "";
                data.setLength(0);
                id = "";
            } else if (line.startsWith(":")) {
                continue; // comment / keep-alive
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (data.length() + line.length() > MAX_LINE) {
                    throw new IOException("event data too large");
                }
                data.append(data.length() == 0 ? "" : "\n").append(line.substring(5).strip());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            }
        }
    }

    private void dispatch(String event, String data, String id) {
        if (!id.isEmpty()) {
            lastEventId = id;
        }
        if (!"status".equals(event) || data.isEmpty()) {
            return;
        }
        try {
            JsonObject o = BoundedJson.parseObject(data, BoundedJson.Limits.DEFAULT.withMaxBytes((int) MAX_LINE));
            if (o.get("statusListCredential") instanceof JsonString s) {
                checker.invalidate(s.getString());
                events.incrementAndGet();
            }
        } catch (JsonInputException e) {
            // ignore a malformed event; the ttl still bounds staleness
        }
    }

    @Override
    public void close() {
        closed = true;
        Call c = call;
        if (c != null) {
            c.cancel();
        }
        thread.interrupt();
    }
}
