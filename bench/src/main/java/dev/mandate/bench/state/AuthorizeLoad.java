package dev.mandate.bench.state;

import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.keystore.EncryptedKeyStore;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /authorize} under load (a developer tool, not a test): signs {@code n} distinct requests with the
 * agent key named {@code agent} of the key store in {@code $MANDATE_KEYSTORE} (passphrase {@code $MANDATE_PASSPHRASE})
 * under the capability credential in {@code grant.json} (made by {@code mandate cap grant}), then sends each once
 * from {@code threads} threads to {@code url} (a server or a balancer on loopback) and prints the answers by
 * status and reason, the throughput and the latency percentiles. Then it sends the first 500 again: with shared
 * state none of them may be allowed a second time, whichever instance it reaches (a request refused the first time,
 * e.g. 503 when Redis timed out, was not recorded and may be allowed now). Proofs live 60 s (the verifier's
 * limit): keep {@code n} within what is sent in that time.
 *
 * <pre>java -cp ... dev.mandate.bench.state.AuthorizeLoad http://127.0.0.1:8080/authorize grant.json [n=6000] [threads=16]</pre>
 */
public final class AuthorizeLoad {
    private AuthorizeLoad() {}

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        if (!"127.0.0.1".equals(url.getHost()) && !"localhost".equals(url.getHost())) {
            throw new IllegalArgumentException("loopback URLs only: " + url);
        }
        JsonObject grant;
        try (JsonReader r = Json.createReader(new StringReader(Files.readString(Path.of(args[1]))))) {
            grant = r.readObject();
        }
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 6000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        char[] pass = System.getenv("MANDATE_PASSPHRASE").toCharArray();
        KeyMaterial agent = KeyMaterial.fromJwk(EncryptedKeyStore.at(Path.of(System.getenv("MANDATE_KEYSTORE"))).get(pass, "agent").jwk());
        RequestSigner signer = new RequestSigner(DidKey.didFor(agent.publicKey()), DidKey.verificationMethodId(agent.publicKey()),
                agent.signer(), List.of(grant), Clock.systemUTC(), Duration.ofSeconds(60));
        String resource = grant.getJsonObject("credentialSubject").getJsonArray("capability").getJsonObject(0).getString("resource");
        long t0 = System.nanoTime();
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String u = resource + "load/" + i;
            Map<String, String> h = signer.headers("GET", u, new byte[0], new Intent("read", u));
            bodies.add(new SimpleRequest("GET", u, h, new byte[0]).toJson().toString());
        }
        System.out.printf("signed %d requests in %.1f s; load average %s%n", n, (System.nanoTime() - t0) / 1e9,
                Files.readString(Path.of("/proc/loadavg")).trim());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(threads)).build();
        int[] first = run("first use", http, url, bodies, threads);
        int[] again = run("replays of the first 500", http, url, bodies.subList(0, Math.min(500, n)), threads);
        int twice = 0;
        for (int i = 0; i < again.length; i++) {
            if (first[i] == 200 && again[i] == 200) twice++;
        }
        System.out.printf("allowed twice (must be 0): %d; a replay allowed only where the first use was refused: %d%n", twice,
                java.util.stream.IntStream.range(0, again.length).filter(i -> again[i] == 200 && first[i] != 200).count());
        System.out.printf("load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        System.exit(0);
    }

    private static int[] run(String label, HttpClient http, URI url, List<String> bodies, int threads) throws Exception {
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        int[] status = new int[bodies.size()];
        long[] latencies = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    long s = System.nanoTime();
                    String key;
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bodies.get(i))).build(),
                                HttpResponse.BodyHandlers.ofString());
                        key = r.statusCode() + " " + reason(r.body());
                        status[i] = r.statusCode();
                    } catch (Exception e) {
                        key = "error " + e.getClass().getSimpleName();
                    }
                    latencies[i] = System.nanoTime() - s;
                    outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        System.out.printf("%s: %d requests in %.2f s = %.0f req/s, %d threads; p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %s%n",
                label, bodies.size(), seconds, bodies.size() / seconds, threads, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                latencies[latencies.length - 1] / 1e6, new TreeMap<>(outcomes));
        return status;
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static String reason(String body) {
        int i = body.indexOf("\"code\":\"");
        return i < 0 ? "" : body.substring(i + 8, body.indexOf('"', i + 8));
    }
}
