package dev.mandate.server;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Cuts off clients that send a request too slowly, and keeps the ones still sending from holding a worker
 * thread or a {@code maxConcurrentRequests} slot.
 *
 * <p>Two parts work together:
 * <ul>
 *   <li>{@link #gate(Handler)}, the handler in front of the concurrency limit ({@link BodyGate}), reads each request's body
 *   asynchronously (no thread waits for a slow client) into memory, at most {@code maxBodyBytes + 1} bytes, and
 *   only then passes the request on, with the body replayed from memory. A request waiting for its body holds
 *   neither a thread nor a slot; the slots go to requests that can be processed.</li>
 *   <li>A watchdog, every {@value #TICK_MILLIS} ms, looks at every HTTP/1 connection: while a request is arriving
 *   (its line and headers, then its body) it must arrive within {@code requestReadTimeout} of its first byte (for
 *   a connection's first request: of the connection's opening, which also bounds a slow TLS handshake), and at
 *   {@code minRequestBytesPerSecond} on average, after a one-second allowance. A client too slow with its
 *   headers has its connection closed (there is no request yet to answer); one too slow with its body is
 *   answered 408 with {@code Connection: close}.</li>
 * </ul>
 *
 * <p>Why not Jetty's {@code MinimumDataRateHandler}: in Jetty 12.1 it divides the bytes its handler has read
 * from all requests since the server started by the time this one has been reading, so once the server has
 * read a few kilobytes in total no request is ever too slow; it only looks when the application asks for more
 * content (after the request has its concurrency slot and a blocked thread), and never at headers. Jetty's
 * idle timeout restarts with every byte, so a trickle defeats it.
 *
 * <p>The bodies held in memory at once (read but not yet answered) are bounded by {@link #bufferBudget}; a
 * request that would exceed it is answered 503 with {@code Retry-After} and the connection closed.
 *
 * <p>Whether a kept-alive connection has begun sending its next request is read from the HTTP/1 parser of
 * Jetty's {@code internal.HttpConnection} (no public API tells); the Jetty version is pinned in the parent pom.
 */
final class SlowClientGuard extends AbstractLifeCycle {
    /** How often the watchdog looks at the connections. */
    static final long TICK_MILLIS = 100;
    /** The rate is checked only after a request has been arriving for this long. */
    static final long RATE_ALLOWANCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** After a 408, the connection is closed outright if it is still open this much later. */
    static final long CLOSE_AFTER_ANSWER_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** The least that may be held in request bodies at once; raised to 4 x maxBodyBytes for larger limits. */
    static final long MIN_BUFFER_BUDGET = 64L * 1024 * 1024;

    private final long minBytesPerSecond;
    private final long deadlineNanos;
    private final int maxBodyBytes;
    private final long bufferBudget;
    private final AtomicLong buffered = new AtomicLong();
    private final Scheduler scheduler;
    private final Executor executor;
    private final Map<Connection, Tracker> trackers = new ConcurrentHashMap<>();
    private final LongAdder closedInHeaders = new LongAdder();
    private final LongAdder closedInBody = new LongAdder();
    private volatile Scheduler.Task tick;

    SlowClientGuard(long minBytesPerSecond, Duration requestReadTimeout, int maxBodyBytes, Scheduler scheduler, Executor executor) {
        this.minBytesPerSecond = minBytesPerSecond;
        this.deadlineNanos = requestReadTimeout.toNanos();
        this.maxBodyBytes = maxBodyBytes;
        this.bufferBudget = Math.max(MIN_BUFFER_BUDGET, 4L * maxBodyBytes);
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /** The handler that reads bodies before passing requests to {@code next} (the concurrency limit). */
    Handler gate(Handler next) {
        return new BodyGate(next, maxBodyBytes, bufferBudget, buffered, trackers::get);
    }

    /** Connections closed because their request line and headers came too slowly. */
    long closedInHeaders() {
        return closedInHeaders.sum();
    }

    /** Requests answered 408 because their body came too slowly. */
    long closedInBody() {
        return closedInBody.sum();
    }

    /** Bytes of request bodies held now. */
    long bufferedBytes() {
        return buffered.get();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        schedule();
    }

    @Override
    protected void doStop() throws Exception {
        Scheduler.Task t = tick;
        if (t != null) {
            t.cancel();
        }
        super.doStop();
    }

    private void schedule() {
        if (isStarting() || isStarted()) {
            tick = scheduler.schedule(this::sweep, TICK_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void sweep() {
        try {
            long now = NanoTime.now();
            for (Tracker t : trackers.values()) {
                Runnable action = t.check(now);
                if (action != null) {
                    executor.execute(action);
                }
            }
        } catch (Throwable t) {
            // the watchdog must keep running whatever one connection does
        } finally {
            schedule();
        }
    }

    /**
     * What the connector tells about its connections (add it with {@code addEventListener}); separate from the
     * guard so that the connector does not take on the guard's life cycle as well.
     */
    Connection.Listener connections() {
        return listener;
    }

    private final Connection.Listener listener = new Connection.Listener() {
        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof HttpConnection http) {
                trackers.put(connection, new Tracker(http, NanoTime.now()));
            }
        }

        @Override
        public void onClosed(Connection connection) {
            trackers.remove(connection);
        }
    };

    private enum Phase {
        /** Between requests on a kept-alive connection: only the idle timeout applies. */
        IDLE,
        /** The request line and headers are arriving. */
        HEADERS,
        /** The headers are in; the gate is reading the body. */
        BODY,
        /** The request is being handled and answered: no read limits. */
        PROCESSING,
        /** Cut off; closed outright if Jetty has not closed it shortly. */
        CUT
    }

    /** What the watchdog knows about one connection. Guarded by itself. */
    private final class Tracker implements BodyGate.Watch {
        private final HttpConnection connection;
        private Phase phase = Phase.HEADERS;
        /** When the request began arriving (for the first request: when the connection opened). */
        private long phaseStart;
        /** When its first byte was seen (0: none yet); the rate is measured from here. */
        private long rateStart;
        /** The connection's bytes in before this request. */
        private long baseBytes;
        /** While the body is being read: answers 408. */
        private Runnable timeOut;
        private long cutAt;

        Tracker(HttpConnection connection, long now) {
            this.connection = connection;
            this.phaseStart = now;
        }

        @Override
        public synchronized void reading(Runnable bodyTimeOut, long now) {
            if (phase == Phase.CUT) {
                return;
            }
            if (phase != Phase.HEADERS) {
                // the whole request arrived between two looks: measure the body from now
                phaseStart = now;
                rateStart = now;
            } else if (rateStart == 0) {
                rateStart = now;
            }
            phase = Phase.BODY;
            timeOut = bodyTimeOut;
        }

        @Override
        public synchronized void processing() {
            if (phase != Phase.CUT) {
                phase = Phase.PROCESSING;
                timeOut = null;
            }
        }

        @Override
        public synchronized void idle() {
            if (phase != Phase.CUT) {
                phase = Phase.IDLE;
                baseBytes = connection.getBytesIn();
                timeOut = null;
            }
        }

        /** Looks at the connection; returns what to do about it (outside the lock), or null. */
        synchronized Runnable check(long now) {
            switch (phase) {
                case IDLE -> {
                    HttpParser parser = connection.getParser();
                    if (parser.inHeaderState() && !parser.isStart()) {
                        phase = Phase.HEADERS;
                        phaseStart = now;
                        rateStart = now;
                    }
                    return null;
                }
                case HEADERS, BODY -> {
                    long bytes = connection.getBytesIn() - baseBytes;
                    if (rateStart == 0 && bytes > 0) {
                        rateStart = now;
                    }
                    boolean late = now - phaseStart > deadlineNanos;
                    long rated = now - rateStart - RATE_ALLOWANCE_NANOS;
                    boolean slow = minBytesPerSecond > 0 && rateStart != 0 && rated > 0
                            && bytes < minBytesPerSecond * (rated / 1e9);
                    if (!late && !slow) {
                        return null;
                    }
                    Phase was = phase;
                    Runnable answer = timeOut;
                    phase = Phase.CUT;
                    cutAt = now;
                    timeOut = null;
                    if (was == Phase.BODY && answer != null) {
                        closedInBody.increment();
                        return answer;
                    }
                    closedInHeaders.increment();
                    return this::close;
                }
                case CUT -> {
                    if (now - cutAt > CLOSE_AFTER_ANSWER_NANOS) {
                        cutAt = now;
                        return this::close;
                    }
                    return null;
                }
                default -> {
                    return null;
                }
            }
        }

        private void close() {
            connection.getEndPoint().close(new TimeoutException("the request did not arrive in time"));
        }
    }
}
