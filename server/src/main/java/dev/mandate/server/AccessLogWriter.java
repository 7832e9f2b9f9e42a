package dev.mandate.server;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Writes the access log: one JSON object per line per request, with time, request id, method, path (no
 * query string), route template, status, latency, byte counts, client address and the name of the access
 * token used (never the token). Request and response bodies are never logged.
 */
final class AccessLogWriter implements AutoCloseable {
    private static final int MAX_PATH = 512;

    private final Consumer<String> sink;
    private final AutoCloseable closer;

    private AccessLogWriter(Consumer<String> sink, AutoCloseable closer) {
        this.sink = sink;
        this.closer = closer;
    }

    /** A log that writes each line to {@code out} (flushed per line; the stream is closed with the log if {@code owned}). */
    static AccessLogWriter to(OutputStream out, boolean owned) {
        Object lock = new Object();
        return new AccessLogWriter(line -> {
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (lock) {
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException e) {
                    // a full disk must not fail requests; the log line is lost
                }
            }
        }, owned ? out : () -> { });
    }

    /** A log that hands each line to {@code sink} (for tests and embedding). */
    static AccessLogWriter to(Consumer<String> sink) {
        return new AccessLogWriter(sink, () -> { });
    }

    /** A log that drops everything. */
    static AccessLogWriter off() {
        return new AccessLogWriter(line -> { }, () -> { });
    }

    /** One entry. */
    record Entry(Instant time, String requestId, String method, String path, String route, int status, double latencyMs,
                 long bytesIn, long bytesOut, String remote, String token) {
    }

    void write(Entry e) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"time\":\"").append(e.time()).append('"');
        str(b, "requestId", e.requestId());
        str(b, "method", e.method());
        str(b, "path", e.path().length() > MAX_PATH ? e.path().substring(0, MAX_PATH) + "..." : e.path());
        str(b, "route", e.route());
        b.append(",\"status\":").append(e.status());
        b.append(",\"latencyMs\":").append(Math.round(e.latencyMs() * 1000) / 1000.0);
        b.append(",\"bytesIn\":").append(e.bytesIn());
        b.append(",\"bytesOut\":").append(e.bytesOut());
        str(b, "remote", e.remote());
        if (!e.token().isEmpty()) {
            str(b, "token", e.token());
        }
        b.append('}');
        sink.accept(b.toString());
    }

    private static void str(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"':
                    b.append("\\\"");
                    break;
                case '\\':
                    b.append("\\\\");
                    break;
                default:
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        b.append('"');
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            // nothing more to do
        }
    }
}
