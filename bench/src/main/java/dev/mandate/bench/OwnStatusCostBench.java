package dev.mandate.bench;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.registry.PublishedList;
import dev.mandate.registry.StatusService;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.FetchedList;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchException;
import dev.mandate.vc.verifier.status.StatusListFetcher;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the server's own status entries add to one verification, in-process and single-threaded, in thread CPU time
 * (which depends much less on what else the machine runs than wall time does). The built-in 1 KB agent-capability
 * credential is signed with eddsa-rdfc-2022 twice by a {@link StatusService} on SQLite: without status and with a
 * revocation and a suspension entry. Each operation starts from the request's JSON text, as the server's
 * {@code POST /credentials/verify} does. Lines:
 * <ul>
 *   <li>{@code plain}: the credential without status;</li>
 *   <li>{@code entries-ignored}: the credential with the two entries, status not checked (the cost of the larger
 *       document alone);</li>
 *   <li>{@code checked-cached-versions}: status checked, list versions known without a read;</li>
 *   <li>{@code checked-version-read}: status checked with one read of the list versions from the store per check;</li>
 *   <li>{@code request-plain}, {@code request-status}, {@code request-entries-ignored}: what {@code POST
 *       /credentials/verify} does but HTTP: the request body's bytes parsed ({@code BoundedJson}), the credential
 *       verified ({@code verifyWithView}, status checked with known versions, or ignored) and the answer written
 *       ({@code CompactJson});</li>
 *   <li>{@code recheck-plain}, {@code recheck-status}: what a hit of the server's result cache adds,
 *       {@link Verifier#recheck} of the credential admitted earlier (validity period, and the status entries with
 *       known versions).</li>
 * </ul>
 * Each line also gives the bytes allocated per operation. With several threads (the second argument) every operation
 * runs on all of them at once and the figures are per thread: on 2 cores, 8 threads made the larger document cost
 * about twice what it costs on one, which is how a busy server pays for what it allocates and reads.
 * Run: {@code java -cp cli/target/mandate.jar:bench/target/classes dev.mandate.bench.OwnStatusCostBench [iterations [threads]]}.
 */
public final class OwnStatusCostBench {
    private OwnStatusCostBench() {}

    /**
     * Runs the measurement.
     *
     * @param args optional iterations per round and thread (default 4000), then threads (default 1)
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path dir = Files.createTempDirectory("mandate-bench");
        KeyMaterial k = KeyMaterial.generate(KeyType.ED25519);
        IssuerKey key = IssuerKey.didKey(k, "eddsa-rdfc-2022");
        JsonObject unsigned;
        try (InputStream in = Issuer.class.getResourceAsStream("agent-capability-credential.json")) {
            unsigned = Jsonp.PROVIDER.createReader(in).readObject();
        }
        unsigned = Jsonp.PROVIDER.createObjectBuilder(unsigned).add("issuer", key.did()).build();
        try (Store store = Stores.open("jdbc:sqlite:" + dir.resolve("own.db"))) {
            StatusService service = new StatusService(store, "https://status.bench.example/lists/", key, new Issuer());
            String plain = wrap(service.issue(unsigned, dev.mandate.registry.IssueOptions.noStatus()));
            String status = wrap(service.issue(unsigned,
                    dev.mandate.registry.IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)));
            Map<String, Long> fixed = service.versions();
            Verifier ignoring = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).ignoreCredentialStatus().build();
            Verifier cached = verifier(service, () -> fixed);
            Verifier reading = verifier(service, () -> {
                try {
                    return service.versions();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] plainBody = request(plain);
            byte[] statusBody = request(status);
            dev.mandate.vc.verifier.VerifiedCredential plainAdmitted = cached.verifyWithView(
                    Jsonp.PROVIDER.createReader(new java.io.StringReader(plain)).readObject(), VerifyOptions.none()).credential().orElseThrow();
            dev.mandate.vc.verifier.VerifiedCredential statusAdmitted = cached.verifyWithView(
                    Jsonp.PROVIDER.createReader(new java.io.StringReader(status)).readObject(), VerifyOptions.none()).credential().orElseThrow();
            String[] names = {"plain", "entries-ignored", "checked-cached-versions", "checked-version-read",
                "request-plain", "request-status", "request-entries-ignored", "recheck-plain", "recheck-status"};
            Runnable[] ops = {
                () -> expect(cached.verify(plain, VerifyOptions.none()), false),
                () -> expect(ignoring.verify(status, VerifyOptions.none()), false),
                () -> expect(cached.verify(status, VerifyOptions.none()), true),
                () -> expect(reading.verify(status, VerifyOptions.none()), true),
                () -> answer(plainBody, cached, false),
                () -> answer(statusBody, cached, true),
                () -> answer(statusBody, ignoring, false),
                () -> expect(cached.recheck(plainAdmitted, VerifyOptions.none()).result(), false),
                () -> expect(cached.recheck(statusAdmitted, VerifyOptions.none()).result(), true),
            };
            double[] best = new double[ops.length];
            long[] allocated = new long[ops.length];
            java.util.Arrays.fill(best, Double.MAX_VALUE);
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < ops.length; i++) {
                    long[] perThread = measure(ops[i], n, threads); // CPU ns, allocated bytes: sums over the threads
                    if (round >= 3) {
                        best[i] = Math.min(best[i], perThread[0] / 1e3 / n / threads);
                        allocated[i] = perThread[1] / n / threads;
                    }
                }
            }
            System.out.printf("load average %s; %d thread(s)%n", Files.readString(Path.of("/proc/loadavg")).trim(), threads);
            for (int i = 0; i < ops.length; i++) {
                int base = i < 4 ? 0 : i < 7 ? 4 : 7;
                System.out.printf("%-26s %7.2f us CPU  ratio to %-13s %.3f  %,8d bytes allocated%n", names[i], best[i],
                        names[base], best[base] / best[i], allocated[i]);
            }
        } finally {
            try (var files = Files.walk(dir)) { // leave nothing in the temporary directory
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Runs {@code op} {@code n} times on each of {@code threads} threads at once; CPU ns and bytes allocated, summed. */
    private static long[] measure(Runnable op, int n, int threads) throws InterruptedException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] cpu = new long[threads];
        long[] bytes = new long[threads];
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        Thread[] all = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int k = t;
            all[t] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long c0 = mx.getCurrentThreadCpuTime();
                long a0 = mx.getCurrentThreadAllocatedBytes();
                for (int j = 0; j < n; j++) {
                    op.run();
                }
                cpu[k] = mx.getCurrentThreadCpuTime() - c0;
                bytes[k] = mx.getCurrentThreadAllocatedBytes() - a0;
            });
            all[t].start();
        }
        go.countDown();
        for (Thread t : all) {
            t.join();
        }
        return new long[] {java.util.Arrays.stream(cpu).sum(), java.util.Arrays.stream(bytes).sum()};
    }

    /** A {@code POST /credentials/verify} body holding the credential. */
    private static byte[] request(String credential) {
        return ("{\"verifiableCredential\":" + credential + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** The server's work on a request body but HTTP: parse, verify, write the answer. */
    private static void answer(byte[] body, Verifier verifier, boolean status) {
        try {
            JsonObject request = dev.mandate.vc.json.BoundedJson.parseObject(body, dev.mandate.vc.json.BoundedJson.Limits.DEFAULT);
            dev.mandate.vc.verifier.Verification v = verifier.verifyWithView(request.getJsonObject("verifiableCredential"),
                    VerifyOptions.none());
            expect(v.result(), status);
            if (dev.mandate.vc.json.CompactJson.utf8(v.result().toJson()).length == 0) {
                throw new IllegalStateException("empty answer");
            }
        } catch (dev.mandate.vc.json.JsonInputException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String wrap(JsonObject vc) {
        return Jsonp.PROVIDER.createObjectBuilder().add("verifiableCredential", vc).build().getJsonObject("verifiableCredential")
                .toString();
    }

    private static void expect(VerificationResult r, boolean status) {
        if (!r.verified() || r.checks().contains("status") != status) {
            throw new IllegalStateException(r.toJson().toString());
        }
    }

    private static Verifier verifier(StatusService service, Supplier<Map<String, Long>> versions) {
        StatusListFetcher fetcher = new StatusListFetcher() {
            @Override
            public FetchedList fetch(String url) throws StatusFetchException {
                try {
                    String id = service.listId(url).orElseThrow();
                    PublishedList p = service.publish(id).orElseThrow();
                    return new FetchedList(p.credential().toString().getBytes(StandardCharsets.UTF_8), 0, true,
                            Long.toString(p.list().version()));
                } catch (Exception e) {
                    throw new StatusFetchException(e.toString());
                }
            }

            @Override
            public StatusListFetcher forCheck() {
                Map<String, Long> v = versions.get();
                StatusListFetcher outer = this;
                return new StatusListFetcher() {
                    @Override
                    public FetchedList fetch(String url) throws StatusFetchException {
                        return outer.fetch(url);
                    }

                    @Override
                    public Optional<String> version(String url) {
                        return service.listId(url).map(v::get).map(x -> Long.toString(x));
                    }
                };
            }
        };
        return Verifier.builder(new DidMethodResolver(DidResolvers.offline()))
                .statusChecker(StatusChecker.builder().fetcher(fetcher).build()).build();
    }
}
