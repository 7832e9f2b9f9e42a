package dev.mandate.server;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The server's metrics, rendered in the Prometheus text exposition format (version 0.0.4). Every label
 * value comes from a bounded set (route templates, a fixed list of methods, status codes, error types,
 * configured issuer names), so no request can create unbounded series.
 */
final class Metrics {
    /** Latency histogram bucket bounds, in seconds. */
    static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private final Map<String, LongAdder> requests = new ConcurrentSkipListMap<>();
    private final Map<String, Histogram> latency = new ConcurrentSkipListMap<>();
    private final Map<String, LongAdder> verifications = new ConcurrentSkipListMap<>();
    private final Map<ErrorType, LongAdder> problems = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> issued = new ConcurrentSkipListMap<>();
    private final LongAdder challengesIssued = new LongAdder();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder challengesConsumed = new LongAdder();
    private final long startMillis = System.currentTimeMillis();
    private volatile IntSupplier inFlight = () -> 0;
    private volatile IntSupplier challengesOutstanding = () -> 0;
    private volatile LongSupplier slowInHeaders = () -> 0;
    private volatile LongSupplier slowInBody = () -> 0;
    private volatile LongSupplier bodyBytesHeld = () -> 0;
    private volatile LongSupplier cacheNotKeptForEntries = () -> 0;
    private volatile LongSupplier cacheNotKeptForViews = () -> 0;
    private volatile LongSupplier cacheViewBytes = () -> 0;

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length + 1];
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            int i = 0;
            while (i < BUCKETS.length && seconds > BUCKETS[i]) {
                i++;
            }
            counts[i].increment();
            sum.add(seconds);
        }
    }

    void gauges(IntSupplier inFlightRequests, IntSupplier outstandingChallenges) {
        this.inFlight = inFlightRequests;
        this.challengesOutstanding = outstandingChallenges;
    }

    /** Where the counts of results the cache could not keep, by bound, and the bytes of its status views come from. */
    void verificationCache(LongSupplier notKeptForEntries, LongSupplier notKeptForViews, LongSupplier viewBytes) {
        this.cacheNotKeptForEntries = notKeptForEntries;
        this.cacheNotKeptForViews = notKeptForViews;
        this.cacheViewBytes = viewBytes;
    }

    /** Where the counts of requests cut off for arriving too slowly, and of request body bytes held, come from. */
    void slowClients(LongSupplier inHeaders, LongSupplier inBody, LongSupplier bodyBytes) {
        this.slowInHeaders = inHeaders;
        this.slowInBody = inBody;
        this.bodyBytesHeld = bodyBytes;
    }

    /** Records one finished request. */
    void request(String route, String method, int status, long nanos) {
        String m = METHODS.contains(method) ? method : "OTHER";
        String s = status >= 100 && status <= 599 ? Integer.toString(status) : "0";
        requests.computeIfAbsent(labels("route", route, "method", m, "status", s), k -> new LongAdder()).increment();
        latency.computeIfAbsent(route, k -> new Histogram()).observe(nanos / 1e9);
    }

    /** Records a verification outcome: verified, invalid, or error (could not verify), and each problem's type. */
    void verification(String endpoint, VerificationResult r) {
        String outcome = r.verified() ? "verified" : r.operationalFailure() ? "error" : "invalid";
        verifications.computeIfAbsent(labels("endpoint", endpoint, "result", outcome), k -> new LongAdder()).increment();
        for (Problem p : r.problems()) {
            problems.computeIfAbsent(p.type(), k -> new LongAdder()).increment();
        }
    }

    /**
     * A verification answered from the cache, counted as a cache hit: as verified when {@code r} is null (the stored
     * answer of a credential without status), else by the result of its recheck, problems included.
     */
    void cachedVerification(String endpoint, VerificationResult r) {
        if (r == null) {
            verifications.computeIfAbsent(labels("endpoint", endpoint, "result", "verified"), k -> new LongAdder()).increment();
        } else {
            verification(endpoint, r);
        }
        cacheHits.increment();
    }

    void cacheMiss() {
        cacheMisses.increment();
    }

    void issued(String issuer) {
        issued.computeIfAbsent(labels("issuer", issuer), k -> new LongAdder()).increment();
    }

    void challengeIssued() {
        challengesIssued.increment();
    }

    void challengeConsumed() {
        challengesConsumed.increment();
    }

    /** All metrics in the Prometheus text format. */
    String render() {
        StringBuilder b = new StringBuilder(4096);
        header(b, "mandate_http_requests_total", "counter", "HTTP requests by route template, method and status.");
        requests.forEach((l, v) -> line(b, "mandate_http_requests_total", l, v.sum()));
        header(b, "mandate_http_request_duration_seconds", "histogram", "Time from request start to response completion, by route template.");
        latency.forEach((route, h) -> {
            long cumulative = 0;
            for (int i = 0; i < h.counts.length; i++) {
                cumulative += h.counts[i].sum();
                String le = i < BUCKETS.length ? fmt(BUCKETS[i]) : "+Inf";
                line(b, "mandate_http_request_duration_seconds_bucket", labels("route", route, "le", le), cumulative);
            }
            b.append("mandate_http_request_duration_seconds_sum").append('{').append(labels("route", route)).append("} ")
                    .append(fmt(h.sum.sum())).append('\n');
            line(b, "mandate_http_request_duration_seconds_count", labels("route", route), cumulative);
        });
        header(b, "mandate_http_requests_in_flight", "gauge", "Requests being handled now.");
        b.append("mandate_http_requests_in_flight ").append(inFlight.getAsInt()).append('\n');
        header(b, "mandate_slow_requests_cut_total", "counter",
                "Requests cut off for arriving slower than limits.minRequestBytesPerSecond or limits.requestReadTimeoutSeconds, "
                        + "by phase (headers: connection closed; body: answered 408).");
        b.append("mandate_slow_requests_cut_total{phase=\"headers\"} ").append(slowInHeaders.getAsLong()).append('\n');
        b.append("mandate_slow_requests_cut_total{phase=\"body\"} ").append(slowInBody.getAsLong()).append('\n');
        header(b, "mandate_http_request_body_bytes_held", "gauge", "Bytes of request bodies read and held in memory until their requests are answered.");
        b.append("mandate_http_request_body_bytes_held ").append(bodyBytesHeld.getAsLong()).append('\n');
        header(b, "mandate_verifications_total", "counter", "Verifications by endpoint and result (verified, invalid, error = could not verify).");
        verifications.forEach((l, v) -> line(b, "mandate_verifications_total", l, v.sum()));
        header(b, "mandate_verification_problems_total", "counter", "Problems reported by failed verifications, by error type.");
        List<ErrorType> types = new ArrayList<>(problems.keySet());
        types.sort(null);
        for (ErrorType t : types) {
            line(b, "mandate_verification_problems_total", labels("type", t.name()), problems.get(t).sum());
        }
        header(b, "mandate_verification_cache_hits_total", "counter", "Credential verifications answered from the result cache.");
        b.append("mandate_verification_cache_hits_total ").append(cacheHits.sum()).append('\n');
        header(b, "mandate_verification_cache_misses_total", "counter", "Credential verifications not found in the result cache.");
        b.append("mandate_verification_cache_misses_total ").append(cacheMisses.sum()).append('\n');
        header(b, "mandate_verification_cache_not_kept_total", "counter", "Verified credentials the result cache did not remember, "
                + "by the bound that was reached (entries: verifier.cacheEntries; status_views: verifier.cacheStatusKilobytes, "
                + "for credentials with a credentialStatus).");
        b.append("mandate_verification_cache_not_kept_total{bound=\"entries\"} ").append(cacheNotKeptForEntries.getAsLong()).append('\n');
        b.append("mandate_verification_cache_not_kept_total{bound=\"status_views\"} ").append(cacheNotKeptForViews.getAsLong()).append('\n');
        header(b, "mandate_verification_cache_status_view_bytes", "gauge", "Request bytes of the credentials with a status the "
                + "result cache keeps with their verified views (bounded by verifier.cacheStatusKilobytes; about six times that in heap).");
        b.append("mandate_verification_cache_status_view_bytes ").append(cacheViewBytes.getAsLong()).append('\n');
        header(b, "mandate_credentials_issued_total", "counter", "Credentials issued, by issuer.");
        issued.forEach((l, v) -> line(b, "mandate_credentials_issued_total", l, v.sum()));
        header(b, "mandate_challenges_issued_total", "counter", "Challenges handed out by POST /challenges.");
        b.append("mandate_challenges_issued_total ").append(challengesIssued.sum()).append('\n');
        header(b, "mandate_challenges_consumed_total", "counter", "Challenges used by a presentation verification.");
        b.append("mandate_challenges_consumed_total ").append(challengesConsumed.sum()).append('\n');
        header(b, "mandate_challenges_outstanding", "gauge", "Challenges issued and not yet used or purged.");
        b.append("mandate_challenges_outstanding ").append(challengesOutstanding.getAsInt()).append('\n');
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        header(b, "mandate_jvm_heap_used_bytes", "gauge", "JVM heap in use.");
        b.append("mandate_jvm_heap_used_bytes ").append(heap.getUsed()).append('\n');
        header(b, "mandate_jvm_threads", "gauge", "Live JVM threads.");
        b.append("mandate_jvm_threads ").append(ManagementFactory.getThreadMXBean().getThreadCount()).append('\n');
        header(b, "mandate_uptime_seconds", "gauge", "Seconds since the server started.");
        b.append("mandate_uptime_seconds ").append(fmt((System.currentTimeMillis() - startMillis) / 1000.0)).append('\n');
        return b.toString();
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder b, String name, String labels, long value) {
        b.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    private static String labels(String... kv) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(kv[i]).append("=\"").append(escape(kv[i + 1])).append('"');
        }
        return b.toString();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return Double.toString(d);
    }
}
