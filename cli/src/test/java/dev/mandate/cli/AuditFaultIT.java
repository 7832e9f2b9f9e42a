package dev.mandate.cli;

import dev.mandate.vc.issuer.IssuerKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditEntry;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.SignedTreeHead;
import jakarta.json.JsonObject;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults against real {@code mandate serve} processes (the fat jar) on the real PostgreSQL: under load, every
 * decision a client got an answer for (200 or 403) is in the audit log after SIGTERM and after kill -9; while the
 * log cannot be written the server answers 503, never a silent allow; two instances on one store sign each tree
 * size once, and a graceful stop signs the final head.
 */
class AuditFaultIT {
    static final String API = "https://erp.example/orders/";

    @TempDir
    Path dir;
    String schema;
    String storeUrl;
    RequestSigner signer;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<Process> started = new ArrayList<>();

    /** What the clients were told: request URL to HTTP status (only answered decisions: 200 and 403). */
    final Map<String, Integer> answered = new ConcurrentHashMap<>();
    final AtomicInteger unavailable = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] name = new String[1];
        storeUrl = PgTestDatabase.createSchema(name);
        schema = name[0];
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial agent = KeyMaterial.generate(KeyType.ED25519);
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject cap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid,
                        List.of(Capability.of("read", API, Constraints.NONE)), 0, dev.mandate.vc.model.Workload.NONE, Duration.ofMinutes(10)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        signer = new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(cap),
                Clock.systemUTC(), Duration.ofSeconds(60));
        Files.writeString(dir.resolve("policy.json"), "{\"maxDepth\":2,\"trust\":[{\"issuer\":\"" + orgDid + "\",\"resources\":[\"" + API + "\"]}]}");
        Files.writeString(dir.resolve("pass"), "fault test passphrase\n");
        Files.writeString(dir.resolve("server.json"), "{\"issuers\": [{\"name\": \"org\", \"key\": \"org\", \"default\": true}],"
                + " \"keyStore\": {\"path\": \"keystore\", \"passphraseFile\": \"pass\"}, \"accessLog\": \"off\","
                + " \"audit\": {\"maxUnpersistedSeconds\": 2}}");
        Process gen = process("key", "generate", "--type", "ed25519", "--name", "org", "--passphrase-file", "pass");
        assertTrue(gen.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, gen.exitValue(), Files.readString(dir.resolve("key-generate.err")));
    }

    @AfterEach
    void tearDown() {
        started.forEach(Process::destroyForcibly);
        PgTestDatabase.dropSchema(schema);
    }

    private Process process(String... args) throws Exception {
        Path jar = Path.of(System.getProperty("mandate.jar", "target/mandate.jar"));
        assertTrue(Files.isRegularFile(jar), "fat jar built at " + jar);
        // the key store is written with 1,000 PBKDF2 iterations instead of 600,000 (FatJarIT checks the real default):
        // the key generation and every serve's unlock then take milliseconds instead of ~1.5 s of CPU each
        // and they compile with C1 only (as SharedStateIT's): these JVMs live seconds, too short for C2 to pay off
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-D" + CliEnvironment.TEST_ITERATIONS_PROPERTY + "=1000", "-jar", jar.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove(CliEnvironment.PASSPHRASE_VAR);
        pb.environment().put(CliEnvironment.KEYSTORE_VAR, dir.resolve("keystore").toString());
        pb.environment().put("HOME", dir.toString());
        String tag = args[0] + "-" + (args.length > 1 && !args[1].startsWith("-") ? args[1] : started.size());
        pb.redirectOutput(dir.resolve(tag + ".out").toFile()).redirectError(dir.resolve(tag + ".err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        started.add(p);
        return p;
    }

    record Serve(Process process, URI uri, Path err) {}

    private Serve serve(String... extra) throws Exception {
        int n = started.size();
        List<String> args = new ArrayList<>(List.of("serve", "--config", "server.json", "--port", "0", "--store", storeUrl,
                "--authorize-policy", "policy.json", "--audit-sign-every", "200ms", "--verifier-name", "gw-" + n));
        args.addAll(List.of(extra));
        Process p = process(args.toArray(String[]::new));
        Path out = dir.resolve("serve-" + n + ".out");
        Path err = dir.resolve("serve-" + n + ".err");
        Pattern port = Pattern.compile("\"port\":(\\d+)");
        for (int i = 0; i < 600; i++) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            Matcher m = port.matcher(text);
            if (m.find()) {
                return new Serve(p, URI.create("http://127.0.0.1:" + m.group(1) + "/"), err);
            }
            assertTrue(p.isAlive(), () -> "serve exited: " + read(err));
            Thread.sleep(100);
        }
        throw new AssertionError("serve did not start: " + read(err));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static final AtomicInteger IDS = new AtomicInteger();

    /** Sends distinct signed requests to {@code target} until {@code stop}, recording every answered decision. */
    private Runnable load(Serve target, AtomicBoolean stop) {
        return () -> {
            while (!stop.get()) {
                String url = API + "o" + IDS.incrementAndGet() + "-" + System.nanoTime();
                try {
                    byte[] b = new byte[0];
                    Map<String, String> headers = signer.headers("GET", url, b, new Intent("read", url));
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(target.uri().resolve("/authorize"))
                            .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(new SimpleRequest("GET", url, headers, b).toJson().toString()))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 || r.statusCode() == 403) {
                        answered.put(url, r.statusCode());
                    } else if (r.statusCode() == 503) {
                        unavailable.incrementAndGet();
                        // the log cannot be written, the server is stopping, or (on a loaded machine) its request queue is full:
                        // nothing was decided (an assertion failing here would end this load thread silently)
                        assertTrue(r.body().contains("AUDIT_UNAVAILABLE") || r.body().contains("stopping") || r.body().contains("busy"), r.body());
                    }
                } catch (Exception e) {
                    // connection refused or reset while the process stops: no answer, nothing to check
                    if (!target.process().isAlive()) {
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }
        };
    }

    /** Every URL a client got a 200 or 403 for is in the log, with the same allow value. */
    private List<AuditEntry> assertNothingAnsweredIsMissing() throws Exception {
        try (Store store = Stores.open(storeUrl)) {
            AuditLog log = new AuditLog(store);
            List<AuditEntry> all = log.entries(0, 1_000_000);
            Set<String> logged = new HashSet<>();
            for (AuditEntry e : all) {
                if (!e.type().equals("authorization")) continue; // the guard's checkpoints
                JsonObject d = jakarta.json.Json.createReader(new java.io.StringReader(e.details())).readObject();
                logged.add(d.getString("url") + "|" + (d.getBoolean("allow") ? 200 : 403));
            }
            List<String> missing = answered.entrySet().stream().map(en -> en.getKey() + "|" + en.getValue())
                    .filter(k -> !logged.contains(k)).toList();
            assertEquals(List.of(), missing, missing.size() + " of " + answered.size() + " answered decisions are missing from the log");
            return all;
        }
    }

    @Test
    void sigtermAndKillMinus9UnderLoadLoseNoAnsweredDecisionAndEachSizeIsSignedOnce() throws Exception {
        Serve a = serve();
        Serve b = serve();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        for (int i = 0; i < 3; i++) {
            pool.submit(load(a, stop));
            pool.submit(load(b, stop));
        }
        // until the load is well under way (a fixed window got too few answers on a saturated machine), then stop
        // the instances in the middle of it
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (answered.size() < 60 && System.nanoTime() < warm) {
            Thread.sleep(100);
        }
        Thread.sleep(500);
        a.process().destroy(); // SIGTERM in the middle of the load
        Thread.sleep(300);
        b.process().destroyForcibly(); // kill -9 in the middle of the load
        assertTrue(a.process().waitFor(60, TimeUnit.SECONDS));
        assertTrue(b.process().waitFor(60, TimeUnit.SECONDS));
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertTrue(answered.size() > 20, "the load got answers: " + answered.size());

        List<AuditEntry> all = assertNothingAnsweredIsMissing();
        String errA = read(a.err());
        assertTrue(a.process().exitValue() == 143 || a.process().exitValue() == 0, "SIGTERM ends the JVM with 143: " + errA);
        assertFalse(errA.contains("signing the audit tree head failed"), errA);
        assertFalse(errA.contains("LOST"), errA);
        assertTrue(errA.contains("mandate serve: stopping"), errA);
        System.out.println("AuditFaultIT: " + answered.size() + " answered decisions, " + all.size() + " log entries, all answered present");
        try (Store store = Stores.open(storeUrl)) {
            List<SignedTreeHead> heads = new AuditLog(store).signedTreeHeads();
            assertTrue(heads.size() >= 2, "heads were signed while serving: " + heads.size());
            assertEquals(heads.size(), heads.stream().map(SignedTreeHead::treeSize).distinct().count(),
                    "two instances signed some tree size twice");
            long aOnly = all.stream().filter(e -> e.actor().equals("gw-0")).mapToLong(AuditEntry::seq).max().orElse(-1);
            assertTrue(heads.stream().anyMatch(h -> h.treeSize() > aOnly), "A's graceful stop signed a head covering its last decision");
        }
    }

    @Test
    void whileTheLogCannotBeWrittenTheServerAnswers503AndAStopLosesNoAnsweredDecision() throws Exception {
        // the guard's webhook: it must say when decisions stop being recorded within the bound, and when they are again
        List<JsonObject> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = webhook(alerts);
        try {
            Serve a = serve("--guard", "--guard-webhook", "http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts");
            whileTheLogCannotBeWritten(a, alerts);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void withAuditSyncADecisionThatCannotBeRecordedIsRefusedAndTheGuardAlertsOncePerOutage() throws Exception {
        List<JsonObject> alerts = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer hook = webhook(alerts);
        try {
            Serve a = serve("--audit-sync", "--guard", "--guard-webhook", "http://127.0.0.1:" + hook.getAddress().getPort() + "/alerts");
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            for (int i = 0; i < 3; i++) {
                pool.submit(load(a, stop));
            }
            awaitAnswers(10);
            PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry RENAME TO audit_entry_away"); // each append now fails
            // counted from when the rename committed: from then on no entry commits, so only the (at most 3) requests in
            // flight then, whose entries had committed, may still be answered; counting from before the rename ran
            // also took in what a loaded machine answered, rightly, while the rename waited for its lock or its CPU
            int before = answered.size();
            for (int i = 0; i < 750 && (unavailable.get() < 5 || alerts.isEmpty()); i++) Thread.sleep(20);
            int during = answered.size() - before;
            assertTrue(unavailable.get() >= 5, "requests were refused with 503 while their decisions could not be recorded");
            assertEquals(List.of("audit.failing"), alerts.stream().map(x -> x.getString("event")).toList(),
                    () -> "one alert for the outage, however many requests failed; the server said: " + read(a.err()));
            assertTrue(alerts.get(0).getString("writer").startsWith("gw-"), alerts::toString);
            assertEquals(0, alerts.get(0).getInt("lost"), alerts::toString);
            PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry_away RENAME TO audit_entry");
            for (int i = 0; i < 1500 && alerts.size() < 2; i++) Thread.sleep(20);
            assertEquals(List.of("audit.failing", "audit.recovered"), alerts.stream().map(x -> x.getString("event")).toList());
            assertEquals(0, alerts.get(1).getInt("lost"), "refused decisions were not answered, so none is lost: " + alerts.get(1));
            awaitAnswers(before + during + 10);
            stopGracefullyAndCheckTheLog(a, stop, pool);
            assertTrue(during <= 6, "only requests whose entries committed before the outage were answered during it: " + during);
        } finally {
            hook.stop(0);
        }
    }

    /** SIGTERM to the server, then the load stops: every decision it answered must be in the log. */
    private void stopGracefullyAndCheckTheLog(Serve a, AtomicBoolean stop, ExecutorService pool) throws Exception {
        a.process().destroy();
        assertTrue(a.process().waitFor(60, TimeUnit.SECONDS));
        stop.set(true);
        pool.shutdown();
        assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
        assertNothingAnsweredIsMissing();
    }

    /** The guard's webhook on loopback: each alert it receives is added to {@code alerts}. */
    private static com.sun.net.httpserver.HttpServer webhook(List<JsonObject> alerts) throws java.io.IOException {
        com.sun.net.httpserver.HttpServer hook = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/alerts", ex -> {
            alerts.add(jakarta.json.Json.createReader(ex.getRequestBody()).readObject());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.start();
        return hook;
    }

    private void whileTheLogCannotBeWritten(Serve a, List<JsonObject> alerts) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            pool.submit(load(a, stop));
        }
        awaitAnswers(10); // the load is under way before the log breaks
        int before = answered.size();
        PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry RENAME TO audit_entry_away"); // the log cannot be written
        Thread.sleep(4_000);
        int during = answered.size() - before;
        assertTrue(unavailable.get() > 0, "requests were refused with 503 while the log could not be written");
        for (int i = 0; i < 750 && alerts.isEmpty(); i++) Thread.sleep(20); // the webhook is posted off the guard's thread
        assertEquals(List.of("audit.behind"), alerts.stream().map(x -> x.getString("event")).toList(),
                () -> "one alert, raised during the outage; the server said: " + read(a.err()));
        assertTrue(alerts.get(0).getString("writer").startsWith("gw-"), alerts::toString);
        // raised once the oldest unrecorded decision is more than the 2 s bound behind; behindMillis is truncated
        // to whole milliseconds, so 2.0004 s reads 2000
        assertTrue(alerts.get(0).getJsonNumber("behindMillis").longValue() >= 2_000, alerts::toString);
        PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry_away RENAME TO audit_entry");
        for (int i = 0; i < 1500 && alerts.size() < 2; i++) Thread.sleep(20);
        assertEquals(List.of("audit.behind", "audit.recovered"), alerts.stream().map(x -> x.getString("event")).toList());
        assertEquals(0, alerts.get(1).getInt("lost"), "nothing lost: the writer kept what it could not write: " + alerts.get(1));
        awaitAnswers(before + during + 10); // answers resume (bounded wait: a loaded machine is slow, not wrong)
        stopGracefullyAndCheckTheLog(a, stop, pool);
        assertTrue(answered.size() > before + during, "answers resumed after the database recovered");
        assertTrue(during <= 20, "at most the requests committed just before the outage were answered during it: " + during);

        // and with the log broken at the moment of a kill -9: still no answered decision missing
        Serve b = serve();
        AtomicBoolean stop2 = new AtomicBoolean();
        ExecutorService pool2 = Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            pool2.submit(load(b, stop2));
        }
        awaitAnswers(answered.size() + 10);
        PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry RENAME TO audit_entry_away");
        Thread.sleep(1_000);
        b.process().destroyForcibly();
        assertTrue(b.process().waitFor(60, TimeUnit.SECONDS));
        stop2.set(true);
        pool2.shutdown();
        assertTrue(pool2.awaitTermination(60, TimeUnit.SECONDS));
        PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry_away RENAME TO audit_entry");
        assertNothingAnsweredIsMissing();
    }

    /** Waits (at most 60 s) until at least {@code n} decisions have been answered. */
    private void awaitAnswers(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answered.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
