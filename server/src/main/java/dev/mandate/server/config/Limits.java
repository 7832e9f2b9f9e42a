package dev.mandate.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Request limits and timeouts.
 *
 * @param maxBodyBytes          largest request body (413 beyond), default 1 MiB
 * @param maxJsonDepth          deepest JSON nesting accepted, default 64
 * @param maxHeaderBytes        largest request line plus headers (431 beyond), default 8 KiB
 * @param maxConcurrentRequests requests handled at once; more wait up to {@code maxQueueWait}, then 503. A request
 *                              takes a slot only once its body has arrived, so slow clients never hold one.
 *                              Default: twice the processor count, at least 2 ({@link #defaultMaxConcurrentRequests()})
 * @param maxQueueWait          how long a request waits for a free slot before 503
 * @param idleTimeout           a connection with no traffic for this long is closed
 * @param minRequestBytesPerSecond a request (line, headers and body) arriving slower than this on average,
 *                              after a one-second allowance, is cut off (0 disables the rate check)
 * @param requestReadTimeout    the longest a request (line, headers and body) may take to arrive, from its first
 *                              byte (on a new connection: from the connection's opening); default 10 s
 * @param maxThreads            largest HTTP worker thread pool
 * @param shutdownGrace         on shutdown, how long in-flight requests may take to finish
 */
public record Limits(int maxBodyBytes, int maxJsonDepth, int maxHeaderBytes, int maxConcurrentRequests,
                     Duration maxQueueWait, Duration idleTimeout, long minRequestBytesPerSecond,
                     Duration requestReadTimeout, int maxThreads, Duration shutdownGrace) {
    /** The default {@link #requestReadTimeout()}. */
    public static final Duration DEFAULT_REQUEST_READ_TIMEOUT = Duration.ofSeconds(10);

    /**
     * Checks ranges.
     *
     * @param maxBodyBytes             1 to 16 MiB
     * @param maxJsonDepth             1 to 512
     * @param maxHeaderBytes           1 KiB to 1 MiB
     * @param maxConcurrentRequests    1 to 100 000
     * @param maxQueueWait             not negative
     * @param idleTimeout              positive
     * @param minRequestBytesPerSecond 0 (off) to {@code Integer.MAX_VALUE}
     * @param requestReadTimeout       positive, at most an hour
     * @param maxThreads               4 to 10 000
     * @param shutdownGrace            not negative
     * @throws NullPointerException     if a duration is null
     * @throws IllegalArgumentException naming the first value out of range
     */
    public Limits {
        range("maxBodyBytes", maxBodyBytes, 1, 16 * 1024 * 1024);
        range("maxJsonDepth", maxJsonDepth, 1, 512);
        range("maxHeaderBytes", maxHeaderBytes, 1024, 1024 * 1024);
        range("maxConcurrentRequests", maxConcurrentRequests, 1, 100_000);
        range("maxThreads", maxThreads, 4, 10_000);
        range("minRequestBytesPerSecond", minRequestBytesPerSecond, 0, Integer.MAX_VALUE);
        positiveOrZero("maxQueueWait", maxQueueWait);
        positiveOrZero("idleTimeout", idleTimeout);
        positiveOrZero("requestReadTimeout", requestReadTimeout);
        positiveOrZero("shutdownGrace", shutdownGrace);
        if (idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (requestReadTimeout.isZero() || requestReadTimeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("requestReadTimeout must be positive and at most an hour: " + requestReadTimeout);
        }
    }

    /**
     * The limits as before {@code requestReadTimeout} existed: that one is {@link #DEFAULT_REQUEST_READ_TIMEOUT}.
     *
     * @param maxBodyBytes             largest body
     * @param maxJsonDepth             deepest JSON
     * @param maxHeaderBytes           largest request line plus headers
     * @param maxConcurrentRequests    requests handled at once
     * @param maxQueueWait             longest wait for a slot
     * @param idleTimeout              idle connection timeout
     * @param minRequestBytesPerSecond minimum request data rate, 0 for none
     * @param maxThreads               worker threads
     * @param shutdownGrace            grace period on shutdown
     * @throws IllegalArgumentException naming the first value out of range
     */
    public Limits(int maxBodyBytes, int maxJsonDepth, int maxHeaderBytes, int maxConcurrentRequests, Duration maxQueueWait,
                  Duration idleTimeout, long minRequestBytesPerSecond, int maxThreads, Duration shutdownGrace) {
        this(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                minRequestBytesPerSecond, DEFAULT_REQUEST_READ_TIMEOUT, maxThreads, shutdownGrace);
    }

    /**
     * 1 MiB bodies, depth 64, 8 KiB headers, {@link #defaultMaxConcurrentRequests()} concurrent requests, 5 s queue
     * wait, 30 s idle, 1 KiB/s minimum, 10 s to read a request, 200 threads, 10 s grace.
     *
     * @return the default limits
     */
    public static Limits defaults() {
        return new Limits(1024 * 1024, 64, 8 * 1024, defaultMaxConcurrentRequests(), Duration.ofSeconds(5), Duration.ofSeconds(30),
                1024, DEFAULT_REQUEST_READ_TIMEOUT, 200, Duration.ofSeconds(10));
    }

    /**
     * Twice the processors this JVM may use, at least 2. Verification is CPU-bound: more requests at once than
     * the cores can run only share them, so each takes longer (on 2 cores with 64 connections: p99 224 ms with
     * 256 at once, 44 ms with 2, the same throughput); the rest wait in the queue, in order.
     *
     * @return the default {@link #maxConcurrentRequests()} on this JVM
     */
    public static int defaultMaxConcurrentRequests() {
        return Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * These limits with another body-size bound.
     *
     * @param bytes largest request body, 1 to 16 MiB
     * @return new limits
     * @throws IllegalArgumentException if out of range
     */
    public Limits withMaxBodyBytes(int bytes) {
        return new Limits(bytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
    }

    /**
     * These limits with another number of requests handled at once.
     *
     * @param n 1 to 100 000
     * @return new limits
     * @throws IllegalArgumentException if out of range
     */
    public Limits withMaxConcurrentRequests(int n) {
        return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, n, maxQueueWait, idleTimeout,
                minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
    }

    /**
     * These limits with another idle timeout.
     *
     * @param d positive
     * @return new limits
     * @throws IllegalArgumentException if not positive
     */
    public Limits withIdleTimeout(Duration d) {
        return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, d,
                minRequestBytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
    }

    /**
     * These limits with another minimum request data rate.
     *
     * @param bytesPerSecond average bytes per second a request must arrive at; 0 turns the check off
     * @return new limits
     * @throws IllegalArgumentException if negative or above {@code Integer.MAX_VALUE}
     */
    public Limits withMinRequestBytesPerSecond(long bytesPerSecond) {
        return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                bytesPerSecond, requestReadTimeout, maxThreads, shutdownGrace);
    }

    /**
     * These limits with another deadline for reading a request.
     *
     * @param d positive, at most an hour
     * @return new limits
     * @throws IllegalArgumentException if out of range
     */
    public Limits withRequestReadTimeout(Duration d) {
        return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                minRequestBytesPerSecond, d, maxThreads, shutdownGrace);
    }

    /**
     * These limits with another shutdown grace period.
     *
     * @param d how long in-flight requests may take to finish on shutdown; not negative
     * @return new limits
     * @throws IllegalArgumentException if negative
     */
    public Limits withShutdownGrace(Duration d) {
        return new Limits(maxBodyBytes, maxJsonDepth, maxHeaderBytes, maxConcurrentRequests, maxQueueWait, idleTimeout,
                minRequestBytesPerSecond, requestReadTimeout, maxThreads, d);
    }

    private static void range(String name, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + ": " + v);
        }
    }

    private static void positiveOrZero(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
    }
}
