package dev.mandate.server;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * The {@link SlowClientGuard}'s handler in front of the concurrency limit: reads each request's body asynchronously
 * (no thread waits for a slow client) into memory, at most {@code maxBodyBytes + 1} bytes, and only then hands the
 * request on, with the body replayed from memory. The bodies held at once (read, not yet answered) are bounded by
 * the guard's budget; a request that would exceed it is answered 503 with {@code Retry-After} and the connection
 * closed. Through {@link Watch} the guard's watchdog learns what each connection's request is doing, and may time
 * out a body that does not arrive in time (408).
 */
final class BodyGate extends Handler.Wrapper {
    /** What the gate tells the watchdog about the request on one connection. */
    interface Watch {
        /**
         * The headers are in and the body is being read.
         *
         * @param timeOut answers 408 with {@code Connection: close} if the body is still being read
         * @param now     the time, from {@link NanoTime#now()}
         */
        void reading(Runnable timeOut, long now);

        /** The request is being handled and answered: no read limits. */
        void processing();

        /** The exchange is complete: the connection is between requests. */
        void idle();
    }

    private final int maxBodyBytes;
    private final long bufferBudget;
    private final AtomicLong buffered;
    private final Function<Connection, Watch> watches;

    /**
     * A gate sharing the guard's budget and trackers.
     *
     * @param next         the handler requests go to once their body is in (the concurrency limit)
     * @param maxBodyBytes the most a body may have; one byte more is read so that the API answers 413
     * @param bufferBudget the most held in bodies at once
     * @param buffered     the bytes held now, counted here
     * @param watches      the watchdog's record of a connection, or null for one it does not watch
     */
    BodyGate(Handler next, int maxBodyBytes, long bufferBudget, AtomicLong buffered, Function<Connection, Watch> watches) {
        super(next);
        this.maxBodyBytes = maxBodyBytes;
        this.bufferBudget = bufferBudget;
        this.buffered = buffered;
        this.watches = watches;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Watch tracker = watches.apply(request.getConnectionMetaData().getConnection());
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            // answered 413 without reading a byte of it
            if (tracker != null) {
                tracker.processing();
            }
            handOn(request, response, new Finish(callback, tracker, null));
            return true;
        }
        BodyRead read = new BodyRead(request, response, callback, tracker, declared);
        if (tracker != null) {
            tracker.reading(read::timeOut, NanoTime.now());
        }
        read.run();
        return true;
    }

    void handOn(Request request, Response response, Callback callback) {
        try {
            if (!super.handle(request, response, callback)) {
                Response.writeError(request, response, callback, 404);
            }
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }

    /** One body being read; {@link #run()} is also the demand callback. */
    private final class BodyRead implements Runnable {
        private final Request request;
        private final Response response;
        private final Finish finish;
        private final Watch tracker;
        /** The body so far: {@code buf[0..len)}. */
        private byte[] buf;
        private int len;
        private final long declared;
        private boolean reading = true;

        BodyRead(Request request, Response response, Callback callback, Watch tracker, long declared) {
            this.request = request;
            this.response = response;
            this.tracker = tracker;
            this.declared = declared;
            this.finish = new Finish(callback, tracker, this);
        }

        @Override
        public void run() {
            Runnable next;
            synchronized (this) {
                next = readAvailable();
            }
            next.run();
        }

        /** Reads what has arrived; returns the next step (demand more, hand on, answer). */
        private Runnable readAvailable() {
            while (reading) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    return () -> request.demand(this);
                }
                if (Content.Chunk.isFailure(chunk)) {
                    reading = false;
                    Throwable failure = chunk.getFailure();
                    if (failure instanceof TimeoutException) {
                        return () -> answer(408);
                    }
                    if (failure instanceof org.eclipse.jetty.io.EofException && declared > 0) {
                        // the client closed its side before the body it announced (Jetty's own answer: "Early EOF")
                        return () -> answer(400, "the request body ended after " + len + " of the " + declared
                                + " bytes its Content-Length declares; send the whole body");
                    }
                    // another broken body (bad chunking): Jetty's error handling answers or closes
                    return () -> Response.writeError(request, response, finish, failure);
                }
                ByteBuffer data = chunk.getByteBuffer();
                int take = (int) Math.min(data.remaining(), maxBodyBytes + 1L - len);
                if (take > 0) {
                    if (!reserve(take)) {
                        chunk.release();
                        reading = false;
                        return () -> answer(503);
                    }
                    if (buf == null || buf.length - len < take) {
                        int want = buf == null && declared > 0 ? (int) declared : Math.max(len + take, 2 * len);
                        buf = java.util.Arrays.copyOf(buf == null ? new byte[0] : buf, Math.min(want, maxBodyBytes + 1));
                    }
                    data.get(buf, len, take);
                    len += take;
                }
                boolean last = chunk.isLast();
                chunk.release();
                if (last || len > maxBodyBytes) {
                    // complete, or one byte over the limit: the API answers 413 for the latter
                    reading = false;
                    if (tracker != null) {
                        tracker.processing();
                    }
                    ByteBuffer body = buf == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(buf, 0, len);
                    buf = null;
                    return () -> handOn(new Replay(request, body), response, finish);
                }
            }
            return () -> { };
        }

        private boolean reserve(int n) {
            while (true) {
                long now = buffered.get();
                if (now + n > bufferBudget) {
                    return false;
                }
                if (buffered.compareAndSet(now, now + n)) {
                    finish.reserved += n;
                    return true;
                }
            }
        }

        /** Called by the watchdog: the body did not arrive in time. */
        void timeOut() {
            synchronized (this) {
                if (!reading) {
                    return;
                }
                reading = false;
                buf = null;
            }
            answer(408);
        }

        private void answer(int status) {
            answer(status, null);
        }

        /** Answers with a problem; {@code detail} null gives the status's standard detail. */
        private void answer(int status, String detail) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Exchange.PROBLEM_JSON);
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            if (status == 503) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            }
            byte[] body = JsonErrorHandler.body(status, detail, "");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), finish);
        }
    }

    /** Completes the exchange: gives back the buffered bytes and marks the connection idle. */
    private final class Finish implements Callback {
        private final Callback delegate;
        private final Watch tracker;
        private final Object lock;
        private final AtomicBoolean done = new AtomicBoolean();
        /** Bytes reserved from the budget; written under {@code lock} while reading. */
        long reserved;

        Finish(Callback delegate, Watch tracker, Object lock) {
            this.delegate = delegate;
            this.tracker = tracker;
            this.lock = lock == null ? this : lock;
        }

        private void complete() {
            if (done.compareAndSet(false, true)) {
                long r;
                synchronized (lock) {
                    r = reserved;
                    reserved = 0;
                }
                buffered.addAndGet(-r);
                if (tracker != null) {
                    tracker.idle();
                }
            }
        }

        @Override
        public void succeeded() {
            complete();
            delegate.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            complete();
            delegate.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return delegate.getInvocationType();
        }
    }

    /** The request with its body, already read, replayed from memory. */
    private static final class Replay extends Request.Wrapper {
        private final Content.Source body;

        Replay(Request request, ByteBuffer bytes) {
            super(request);
            this.body = new ByteBufferContentSource(bytes);
        }

        @Override
        public Content.Chunk read() {
            return body.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
            body.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
            body.fail(failure);
        }

        @Override
        public boolean consumeAvailable() {
            return true;
        }
    }
}
