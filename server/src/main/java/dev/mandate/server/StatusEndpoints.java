package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.registry.ChangeFeed;
import dev.mandate.registry.StatusApi;
import dev.mandate.registry.StatusEvent;
import dev.mandate.vc.verifier.status.StatusStreamLink;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.FutureCallback;

/**
 * The status-list and grant routes of {@code mandate serve}, over {@link StatusApi} and {@link ChangeFeed}:
 * <ul>
 *   <li>{@code GET /status-lists/{id}}: the signed BitstringStatusListCredential, ETag, Cache-Control from the
 *       list's ttl, 304 on If-None-Match, and a {@link StatusStreamLink} header naming the event stream; open to
 *       everyone (verifiers fetch it).</li>
 *   <li>{@code GET /status-lists/events}: server-sent events, one {@code status} event per changed list
 *       (resume with Last-Event-ID), a keep-alive comment every 15 s; open.</li>
 *   <li>{@code POST /credentials/status} (VC-API shape), {@code POST /grants}, {@code POST /grants/{task}/complete},
 *       {@code POST /grants/use}: need a token with the {@code status} scope.</li>
 * </ul>
 */
final class StatusEndpoints implements AutoCloseable {
    static final String LISTS = "/status-lists/";
    static final String EVENTS = "/status-lists/events";
    /** Most event streams served at once (each holds a worker thread). */
    static final int MAX_STREAMS = 64;
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    /** What the API handler lends: token checks and bounded bodies. */
    interface Access {
        /** True if the request may change status; otherwise a 401/403 has been sent. */
        boolean authorize(Exchange ex);

        /** The request body within the limits, or empty after answering 4xx. */
        Optional<byte[]> body(Exchange ex);
    }

    private final StatusApi api;
    private final ChangeFeed feed;
    private final BooleanSupplier stopping;
    private final AtomicInteger streams = new AtomicInteger();

    StatusEndpoints(StatusApi api, ChangeFeed feed, BooleanSupplier stopping) {
        this.api = api;
        this.feed = feed;
        this.stopping = stopping;
    }

    /** Handles the request if it is one of these routes; false if it is not. */
    boolean handle(Exchange ex, String path, Access access) {
        if (path.equals(EVENTS)) {
            if (method(ex, EVENTS, "GET")) {
                events(ex);
            }
            return true;
        }
        if (path.startsWith(LISTS) && path.length() > LISTS.length() && path.indexOf('/', LISTS.length()) < 0) {
            if (method(ex, "/status-lists/{id}", "GET")) {
                ex.response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
                ex.response.getHeaders().put(HttpHeader.LINK, StatusStreamLink.HEADER_VALUE); // where verifiers find the stream
                answer(ex, api.getList(path.substring(LISTS.length()), ex.request.getHeaders().get(HttpHeader.IF_NONE_MATCH)));
            }
            return true;
        }
        if (path.equals("/credentials/status")) {
            post(ex, "/credentials/status", access, body -> api.updateStatus(body));
            return true;
        }
        if (path.equals("/grants")) {
            post(ex, "/grants", access, body -> api.issueGrant(body));
            return true;
        }
        if (path.equals("/grants/use")) {
            post(ex, "/grants/use", access, body -> api.useGrant(body));
            return true;
        }
        if (path.startsWith("/grants/") && path.endsWith("/complete")) {
            String task = path.substring("/grants/".length(), path.length() - "/complete".length());
            if (method(ex, "/grants/{task}/complete", "POST") && access.authorize(ex)) {
                answer(ex, task.isEmpty() || task.contains("/") ? error(400, "the task id is missing")
                        : api.completeTask(java.net.URLDecoder.decode(task, StandardCharsets.UTF_8)));
            }
            return true;
        }
        return false;
    }

    private void post(Exchange ex, String route, Access access, java.util.function.Function<String, StatusApi.Answer> call) {
        if (!method(ex, route, "POST") || !access.authorize(ex)) {
            return;
        }
        Optional<byte[]> body = access.body(ex);
        body.ifPresent(b -> answer(ex, call.apply(new String(b, StandardCharsets.UTF_8))));
    }

    private static StatusApi.Answer error(int status, String message) {
        return new StatusApi.Answer(status, java.util.Map.of("Content-Type", "application/json"),
                Jsonp.PROVIDER.createObjectBuilder().add("error", message).build().toString());
    }

    private static void answer(Exchange ex, StatusApi.Answer a) {
        a.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("Content-Type")) {
                ex.response.getHeaders().put(k, v);
            }
        });
        if (a.status() >= 400) {
            String detail = a.body();
            try (var r = Jsonp.PROVIDER.createReader(new StringReader(a.body()))) {
                JsonObject o = r.readObject();
                if (o.get("error") instanceof JsonString s) {
                    detail = s.getString();
                }
            } catch (RuntimeException ignored) {
                // keep the raw body as detail
            }
            String title = switch (a.status()) {
                case 400 -> "Bad Request";
                case 404 -> "Not Found";
                case 409 -> "Conflict";
                case 503 -> "Service Unavailable";
                default -> "Error";
            };
            ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            ex.problem(a.status(), Exchange.ERRORS + title.toUpperCase(java.util.Locale.ROOT).replace(' ', '_'), title, detail);
            return;
        }
        if (a.body().isEmpty()) {
            ex.send(a.status(), a.headers().getOrDefault("Content-Type", Exchange.JSON), new byte[0]);
            return;
        }
        ex.send(a.status(), a.headers().getOrDefault("Content-Type", Exchange.JSON), a.body().getBytes(StandardCharsets.UTF_8));
    }

    private static boolean method(Exchange ex, String route, String allowed) {
        ex.request.setAttribute(Exchange.ATTR_ROUTE, route);
        if (ex.request.getMethod().equals(allowed)) {
            return true;
        }
        ex.response.getHeaders().put(HttpHeader.ALLOW, allowed);
        ex.problem(405, Exchange.ERRORS + "METHOD_NOT_ALLOWED", "Method Not Allowed", route + " accepts " + allowed + " only");
        return false;
    }

    /** The event stream: blocks this worker until the client leaves or the server stops. */
    private void events(Exchange ex) {
        if (streams.incrementAndGet() > MAX_STREAMS) {
            streams.decrementAndGet();
            ex.problem(503, Exchange.ERRORS + "TOO_MANY_STREAMS", "Service Unavailable",
                    "too many event streams are open; poll the status lists (their ttl) or retry later");
            return;
        }
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(10_000);
        try (AutoCloseable sub = feed.subscribe(e -> queue.offer(e.toSse()))) {
            String last = ex.request.getHeaders().get("Last-Event-ID");
            if (last != null && last.matches("[0-9]{1,18}")) {
                for (StatusEvent e : feed.since(Long.parseLong(last))) {
                    queue.offer(e.toSse());
                }
            }
            ex.response.setStatus(200);
            ex.response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            ex.response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            write(ex, ": mandate status events\n\n");
            long lastWrite = System.nanoTime();
            while (!stopping.getAsBoolean()) {
                String next = queue.poll(500, TimeUnit.MILLISECONDS);
                if (next != null) {
                    StringBuilder b = new StringBuilder(next);
                    for (String more = queue.poll(); more != null; more = queue.poll()) {
                        b.append(more);
                    }
                    write(ex, b.toString());
                    lastWrite = System.nanoTime();
                } else if (System.nanoTime() - lastWrite > KEEP_ALIVE.toNanos()) {
                    write(ex, ": keep-alive\n\n");
                    lastWrite = System.nanoTime();
                }
            }
            ex.response.write(true, ByteBuffer.allocate(0), ex.callback);
        } catch (Exception e) {
            ex.callback.failed(e); // the client went away (or the server stops): end the exchange
        } finally {
            streams.decrementAndGet();
        }
    }

    private static void write(Exchange ex, String text) throws Exception {
        FutureCallback done = new FutureCallback();
        ex.response.write(false, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), done);
        done.get(10, TimeUnit.SECONDS);
    }

    /** Open event streams. */
    int streams() {
        return streams.get();
    }

    @Override
    public void close() {
        feed.close();
    }
}
