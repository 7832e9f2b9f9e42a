package dev.mandate.cli;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityIssuer;
import dev.mandate.agent.Constraints;
import dev.mandate.vc.model.Workload;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.state.redis.RedisTestSupport;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three {@code mandate serve} processes from the fat jar on loopback, one PostgreSQL store (own schema) and one
 * Redis (own key prefix), as behind a load balancer: a signed request allowed at A is a replay at B and C;
 * {@code ratePerMinute} is one limit across the three; a challenge from A is used once, at B, and refused at C.
 * Then {@code mandate authorize --redis} shares the same replay cache, and refuses with exit 3 when Redis is gone.
 * Each runs the behaviour guard ({@code --guard}, alerts to a loopback webhook naming the instance): one acts, and
 * after {@code kill -9} of that one a standby takes over and acts (last, since it kills an instance).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SharedStateIT {
    static final String API = "https://api.supplier.example/orders/";
    static final int RATE = 4;
    static Path dir;
    static String schema;
    static String storeUrl;
    static String prefix;
    static final List<Process> servers = new ArrayList<>();
    static final List<URI> urls = new ArrayList<>();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static String orgDid;
    static KeyMaterial org;
    static KeyMaterial agent;
    /** The guard's alerts as the webhook received them: "instance event agent". */
    static final List<String> alerts = new CopyOnWriteArrayList<>();
    static HttpServer alertReceiver;

    @BeforeAll
    static void startThree() throws Exception {
        PgTestDatabase.assumeAvailable();
        RedisTestSupport.assumeAvailable();
        dir = Files.createTempDirectory("mandate-shared-it");
        String[] name = new String[1];
        storeUrl = PgTestDatabase.createSchema(name);
        schema = name[0];
        prefix = RedisTestSupport.uniquePrefix("it");
        org = KeyMaterial.generate(KeyType.ED25519);
        agent = KeyMaterial.generate(KeyType.ED25519);
        orgDid = DidKey.didFor(org.publicKey());
        Files.writeString(dir.resolve("policy.json"), "{\"maxDepth\": 2, \"trust\": [{\"issuer\": \"" + orgDid + "\", \"resources\": [\"" + API + "\"]}]}");
        // a guard that acts from an agent's first call (no learning period), so one out-of-scope request suspends
        Files.writeString(dir.resolve("guard.json"), "{\"learning\": {\"minObservations\": 0, \"minDuration\": \"PT0S\"},"
                + " \"enforcement\": {\"mode\": \"enforce\", \"observeFor\": \"PT0S\"}}");
        alertReceiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alertReceiver.createContext("/", ex -> {
            JsonObject a = json(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            alerts.add(ex.getRequestURI().getPath().substring(1) + " " + a.getString("event") + " " + a.getString("agent", ""));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        alertReceiver.start();
        Files.writeString(dir.resolve("server.json"), "{\"auth\": {\"open\": [\"verify\", \"challenges\"]},"
                + " \"accessLog\": \"off\","
                + " \"sharedState\": {\"redis\": \"" + RedisTestSupport.url() + "\", \"keyPrefix\": \"" + prefix + "\", \"timeoutMillis\": 2000}}");
        List<CompletableFuture<URI>> starting = new ArrayList<>();
        for (String instance : List.of("A", "B", "C")) {
            Process p = launch(instance);
            servers.add(p);
            starting.add(CompletableFuture.supplyAsync(() -> awaitListening(p, instance)));
        }
        for (CompletableFuture<URI> f : starting) {
            urls.add(f.get(90, TimeUnit.SECONDS));
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Process p : servers) {
            p.destroy();
        }
        for (Process p : servers) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        if (alertReceiver != null) alertReceiver.stop(0);
        if (prefix != null) RedisTestSupport.deleteKeys(prefix);
        PgTestDatabase.dropSchema(schema);
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    static List<String> java() {
        Path jar = Path.of(System.getProperty("mandate.jar", "target/mandate.jar"));
        assertTrue(Files.isRegularFile(jar), "fat jar built at " + jar);
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString()));
    }

    static Process launch(String instance) throws Exception {
        List<String> cmd = java();
        cmd.addAll(List.of("serve", "--config", dir.resolve("server.json").toString(), "--port", "0",
                "--authorize-policy", dir.resolve("policy.json").toString(), "--store", storeUrl, "--verifier-name", "gateway-" + instance,
                "--guard", "--guard-config", dir.resolve("guard.json").toString(),
                "--guard-webhook", "http://127.0.0.1:" + alertReceiver.getAddress().getPort() + "/" + instance));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove(RedisOption.REDIS_VAR);
        pb.environment().put("HOME", dir.toString());
        pb.redirectError(dir.resolve("stderr-" + instance).toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    static URI awaitListening(Process p, String instance) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null) {
                throw new AssertionError("instance " + instance + " exited: " + Files.readString(dir.resolve("stderr-" + instance)));
            }
            return URI.create(json(line).getString("url"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonObject json(String s) {
        try (JsonReader r = Json.createReader(new StringReader(s))) {
            return r.readObject();
        }
    }

    record Reply(int status, String body) {
        JsonObject json() {
            return SharedStateIT.json(body);
        }
    }

    static Reply post(int instance, String path, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(urls.get(instance).resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    /** A capability credential for the agent (its own id, so its own rate window). */
    static RequestSigner signer(Constraints constraints) throws Exception {
        return signer(agent, constraints);
    }

    /** A capability credential to read the API for {@code agent}. */
    static RequestSigner signer(KeyMaterial agent, Constraints constraints) throws Exception {
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject cap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(agentDid, List.of(Capability.of("read", API, constraints)), 0,
                Workload.NONE, Duration.ofMinutes(5)), IssuerKey.didKey(org, "eddsa-jcs-2022"));
        return new RequestSigner(agentDid, DidKey.verificationMethodId(agent.publicKey()), agent.signer(), List.of(cap), Clock.systemUTC(),
                Duration.ofSeconds(30));
    }

    static String request(RequestSigner signer, String url) throws Exception {
        return new SimpleRequest("GET", url, signer.headers("GET", url, new byte[0], new Intent("read", url)), new byte[0]).toJson().toString();
    }

    @Test
    void aRequestAllowedAtAIsAReplayAtBAndC() throws Exception {
        String req = request(signer(Constraints.NONE), API + "1");
        Reply a = post(0, "/authorize", req);
        assertEquals(200, a.status(), a::toString);
        for (int i = 1; i <= 2; i++) {
            Reply r = post(i, "/authorize", req);
            assertEquals(403, r.status(), r::toString);
            assertEquals("REPLAY", r.json().getJsonArray("reasons").getJsonObject(0).getString("code"), r::toString);
        }
    }

    @Test
    void ratePerMinuteIsOneLimitAcrossTheThree() throws Exception {
        RequestSigner s = signer(Constraints.builder().ratePerMinute(RATE).build());
        int allowed = 0;
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 3 * RATE; i++) {
            Reply r = post(i % 3, "/authorize", request(s, API + "rate/" + i));
            seen.append("ABC".charAt(i % 3)).append(r.status()).append(' ');
            if (r.status() == 200) {
                allowed++;
            } else {
                assertEquals("RATE_LIMITED", r.json().getJsonArray("reasons").getJsonObject(0).getString("code"), r::toString);
            }
        }
        assertEquals(RATE, allowed, "ratePerMinute " + RATE + " across three instances, not " + RATE + " each: " + seen);
    }

    @Test
    void aChallengeFromAIsUsedAtBExactlyOnceAndRefusedAtC() throws Exception {
        Reply c = post(0, "/challenges", "{}");
        assertEquals(200, c.status(), c::toString);
        String challenge = c.json().getString("challenge");
        KeyMaterial holder = agent;
        JsonObject cap = new CapabilityIssuer().grant(new CapabilityIssuer.Grant(DidKey.didFor(holder.publicKey()),
                List.of(Capability.of("read", API, Constraints.NONE)), 0, Workload.NONE, Duration.ofMinutes(5)),
                IssuerKey.didKey(org, "eddsa-jcs-2022"));
        JsonObject vp = new Issuer().present(List.of(cap), IssuerKey.didKey(holder, "eddsa-jcs-2022"), challenge);
        String body = Json.createObjectBuilder().add("verifiablePresentation", vp)
                .add("options", Json.createObjectBuilder().add("challenge", challenge)).build().toString();
        Reply atB = post(1, "/presentations/verify", body);
        assertEquals(200, atB.status(), atB::toString);
        assertTrue(atB.json().getBoolean("verified"), atB::toString);
        Reply atC = post(2, "/presentations/verify", body);
        assertEquals(400, atC.status(), atC::toString);
        assertTrue(atC.body().contains("already used"), atC::toString);
        Reply atA = post(0, "/presentations/verify", body);
        assertEquals(400, atA.status(), atA::toString);
    }

    @Test
    void mandateAuthorizeSharesTheReplayCacheAndFailsClosedWithoutRedis() throws Exception {
        String req = request(signer(Constraints.NONE), API + "cli");
        Path file = Files.writeString(dir.resolve("req.json"), req);
        assertEquals(200, post(1, "/authorize", req).status());
        Run shared = run("authorize", "--policy", dir.resolve("policy.json").toString(), "--redis", RedisTestSupport.url(),
                "--redis-key-prefix", prefix, file.toString());
        assertEquals(1, shared.exit(), shared::toString);
        assertTrue(shared.err().contains("REPLAY"), shared::toString);
        int dead = RedisTestSupport.deadPort();
        Run down = run("authorize", "--policy", dir.resolve("policy.json").toString(), "--redis",
                "redis://gw:pw-never-shown@127.0.0.1:" + dead + "/0", dir.resolve("req.json").toString());
        assertEquals(3, down.exit(), down::toString);
        assertTrue(down.err().contains("STATE_UNAVAILABLE"), down::toString);
        assertTrue(!down.err().contains("pw-never-shown") && !down.out().contains("pw-never-shown"), down::toString);
        Run bad = run("authorize", "--policy", dir.resolve("policy.json").toString(), "--redis", "http://127.0.0.1:6379", file.toString());
        assertEquals(2, bad.exit(), bad::toString);
        assertTrue(bad.err().contains("is not a Redis URL"), bad::toString);
    }

    /** The guard's webhook alerts about {@code did} so far: "instance event" each. */
    static List<String> alertsAbout(String did) {
        return alerts.stream().filter(a -> a.endsWith(" " + did)).map(a -> a.substring(0, a.length() - did.length() - 1)).toList();
    }

    /** The guard's {@code suspend} entries for {@code did} in the one log. */
    static long guardSuspensions(String did) throws Exception {
        try (Store store = Stores.open(storeUrl)) {
            return new AuditLog(store).entries(0, 1_000_000).stream().filter(e -> e.type().equals("guard") && e.subject().equals(did)
                    && e.details().contains("\"action\":\"suspend\"")).count();
        }
    }

    static String awaitAlertAbout(String did) throws InterruptedException {
        for (int i = 0; i < 1500 && alertsAbout(did).isEmpty(); i++) Thread.sleep(20);
        assertTrue(!alertsAbout(did).isEmpty(), "no guard alert about " + did + "; received: " + alerts);
        return alertsAbout(did).get(0);
    }

    static String stderr(int instance) throws Exception {
        return Files.readString(dir.resolve("stderr-" + "ABC".charAt(instance)));
    }

    @Test
    @Order(Integer.MAX_VALUE) // kills an instance: the last test
    void oneGuardActsAndAfterKillMinus9OfItAStandbyTakesOverAndActsOnce() throws Exception {
        KeyMaterial x = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial y = KeyMaterial.generate(KeyType.ED25519);
        String xDid = DidKey.didFor(x.publicKey());
        String yDid = DidKey.didFor(y.publicKey());
        String hr = "https://hr.example/employees/4711";
        int standingBy = 0;
        for (int i = 0; i < 3; i++) standingBy += stderr(i).contains("another guard holds the store's guard lock; standing by") ? 1 : 0;
        assertEquals(2, standingBy, "one guard of three leads, two stand by");

        // X reads the API through each instance, then the HR database (outside its capability) at B: one suspension
        RequestSigner sx = signer(x, Constraints.NONE);
        for (int i = 0; i < 3; i++) assertEquals(200, post(i, "/authorize", request(sx, API + "x/" + i)).status());
        assertEquals(403, post(1, "/authorize", request(sx, hr)).status());
        String first = awaitAlertAbout(xDid);
        String leader = first.substring(0, 1);
        Thread.sleep(1_000); // time for a second guard to act too, were there one
        assertEquals(List.of(leader + " agent.suspended"), alertsAbout(xDid), "only the leader acts");
        assertEquals(1, guardSuspensions(xDid));

        int dead = "ABC".indexOf(leader);
        long t0 = System.nanoTime();
        servers.get(dead).destroyForcibly(); // kill -9
        assertTrue(servers.get(dead).waitFor(30, TimeUnit.SECONDS));
        String taker = null;
        while (taker == null && System.nanoTime() - t0 < 30_000_000_000L) {
            for (int i = 0; i < 3; i++) {
                if (i != dead && stderr(i).contains("guard: took the store's guard lock")) taker = "ABC".substring(i, i + 1);
            }
            if (taker == null) Thread.sleep(20);
        }
        long tookMs = (System.nanoTime() - t0) / 1_000_000; // an upper bound: from the signal to the line seen in the log
        assertTrue(taker != null, "no standby took over within 30 s of the kill");

        // Y does the same at a surviving instance: the new leader acts, once; X is not suspended a second time
        int alive = dead == 0 ? 1 : 0;
        RequestSigner sy = signer(y, Constraints.NONE);
        assertEquals(200, post(alive, "/authorize", request(sy, API + "y/1")).status());
        long y0 = System.nanoTime();
        assertEquals(403, post(alive, "/authorize", request(sy, hr)).status());
        String second = awaitAlertAbout(yDid);
        long actedMs = (System.nanoTime() - y0) / 1_000_000;
        Thread.sleep(1_000);
        assertEquals(List.of(taker + " agent.suspended"), alertsAbout(yDid), "the standby that took the lock acts, alone");
        assertEquals(1, guardSuspensions(yDid));
        assertEquals(1, guardSuspensions(xDid), "no double suspension after the takeover");
        assertEquals(List.of(leader + " agent.suspended"), alertsAbout(xDid));
        System.out.println("SharedStateIT: guard leader " + leader + " killed with -9; " + taker + " took the guard lock at most " + tookMs
                + " ms after the kill; its alert for the next offending call came " + actedMs + " ms after the call (" + second + ")");
    }

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + out + "\nstderr: " + err;
        }
    }

    static Run run(String... args) throws Exception {
        List<String> cmd = java();
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove(RedisOption.REDIS_VAR);
        pb.environment().put("HOME", dir.toString());
        File out = Files.createTempFile(dir, "out", ".txt").toFile();
        File err = Files.createTempFile(dir, "err", ".txt").toFile();
        pb.redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished");
        return new Run(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
