package dev.mandate.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.status.StatusListCredential;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.HttpStatusListFetcher;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verifier.status.StatusFetchOptions;
import dev.mandate.vc.verifier.status.StatusPushSubscriber;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The framework-independent endpoints and the push path, behind a real local HTTP server. */
class StatusApiAndPushTest {
    @TempDir
    Path dir;
    Store store;
    HttpServer server;
    String base;
    StatusService status;
    GrantService grants;
    ChangeFeed feed;
    StatusApi api;

    @BeforeEach
    void setUp() throws Exception {
        store = Stores.open("jdbc:sqlite:" + dir.resolve("s.db"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/status-lists/";
        IssuerKey key = StatusServiceTest.newKey("eddsa-jcs-2022");
        status = new StatusService(store, base, key, new Issuer());
        grants = new GrantService(status, Clock.systemUTC());
        feed = new ChangeFeed(store, status::listUrl, Duration.ofMillis(50));
        api = new StatusApi(status, grants, feed);
        server.createContext("/status-lists/", this::route);
        server.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        feed.close();
        server.stop(0);
        store.close();
    }

    void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/status-lists/".length());
        if (path.equals("events")) {
            sse(ex);
            return;
        }
        send(ex, api.getList(path, ex.getRequestHeaders().getFirst("If-None-Match")));
    }

    /** The SSE stream: events from the feed, a keep-alive comment every 200 ms. */
    void sse(HttpExchange ex) throws IOException {
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        try (AutoCloseable sub = feed.subscribe(e -> queue.add(e.toSse()))) {
            if (last != null) {
                for (StatusEvent e : feed.since(Long.parseLong(last))) {
                    queue.add(e.toSse());
                }
            }
            ex.getResponseHeaders().add("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                String next = queue.poll(200, TimeUnit.MILLISECONDS);
                out.write((next == null ? ": keep-alive\n\n" : next).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (Exception e) {
            // client went away
        } finally {
            ex.close();
        }
    }

    static void send(HttpExchange ex, StatusApi.Answer a) throws IOException {
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    JsonObject issue() throws Exception {
        return status.issue(StatusServiceTest.unsigned(), IssueOptions.purposes(StatusPurpose.REVOCATION, StatusPurpose.SUSPENSION)
                .withValidFor(Duration.ofMinutes(5)));
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void getListServesTheSignedListWithEtagAndCacheControl() throws Exception {
        issue();
        String listId = store.lists().get(0).id();
        StatusApi.Answer a = api.getList(listId, null);
        assertEquals(200, a.status());
        assertEquals("public, max-age=300", a.headers().get("Cache-Control"));
        assertEquals(base + listId, StatusListCredential.parse(json(a.body())).id());
        assertEquals(304, api.getList(listId, a.headers().get("ETag")).status());
        assertEquals(404, api.getList("nope", null).status());
    }

    @Test
    void vcApiStatusUpdatesValidateAndMapErrors() throws Exception {
        String id = issue().getString("id");
        String revoke = "{\"credentialId\":\"" + id + "\",\"credentialStatus\":{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\"},\"status\":true}";
        StatusApi.Answer a = api.updateStatus(revoke);
        assertEquals(200, a.status(), a.body());
        assertTrue(json(a.body()).getBoolean("changed"));
        assertEquals(1, store.entries(id).get(0).value());
        String undo = revoke.replace("\"status\":true", "\"status\":false");
        assertEquals(409, api.updateStatus(undo).status(), "a revocation cannot be undone");
        String suspend = revoke.replace("revocation", "suspension");
        assertEquals(200, api.updateStatus(suspend).status());
        assertEquals(200, api.updateStatus(suspend.replace("\"status\":true", "\"status\":false")).status());
        assertEquals(404, api.updateStatus(revoke.replace(id, "urn:unknown")).status());
        assertEquals(400, api.updateStatus("not json").status());
        assertEquals(400, api.updateStatus("{\"credentialId\":\"x\"}").status());
        assertEquals(400, api.updateStatus(revoke.replace("BitstringStatusListEntry", "StatusList2021Entry")).status());
        assertEquals(400, api.updateStatus(revoke.replace("\"status\":true", "\"status\":\"yes\"")).status());
    }

    @Test
    void grantEndpointsIssueCompleteAndCountUses() throws Exception {
        StatusApi.Answer g = api.issueGrant("{\"agent\":\"did:example:agent\",\"action\":\"read\",\"resource\":\"https://db.example/r\","
                + "\"ttl\":3,\"task\":\"t-1\",\"singleUse\":true}");
        assertEquals(201, g.status(), g.body());
        String id = json(g.body()).getString("id");
        String use = "{\"credentialId\":\"" + id + "\"}";
        assertEquals(200, api.useGrant(use).status());
        assertEquals(409, api.useGrant(use).status());
        assertEquals(404, api.useGrant("{\"credentialId\":\"urn:none\"}").status());
        assertEquals(400, api.issueGrant("{\"agent\":\"did:example:agent\",\"action\":\"read\",\"resource\":\"r\",\"ttl\":0,\"task\":\"t\"}").status());
        StatusApi.Answer done = api.completeTask("t-1");
        assertEquals(1, json(done.body()).getInt("revoked"));
        assertEquals(409, api.issueGrant("{\"agent\":\"did:example:agent\",\"action\":\"read\",\"resource\":\"r\",\"ttl\":3,\"task\":\"t-1\"}").status());
    }

    @Test
    void theFeedSeesChangesFromAnotherProcessAndResumes() throws Exception {
        String id = issue().getString("id");
        List<StatusEvent> seen = new CopyOnWriteArrayList<>();
        feed.subscribe(seen::add);
        long before = feed.lastSeq();
        try (Store other = Stores.open("jdbc:sqlite:" + dir.resolve("s.db"))) { // as the CLI would
            other.suspend(id);
        }
        await(() -> !seen.isEmpty(), "the feed to notice the change");
        StatusEvent e = seen.get(0);
        assertEquals(store.entries(id).get(1).listId(), e.listId());
        assertEquals(base + e.listId(), e.statusListCredential());
        assertEquals(1, e.listVersion());
        assertTrue(e.toSse().startsWith("id: " + e.seq() + "\nevent: status\ndata: {"));
        assertEquals(List.of(e), feed.since(before));
    }

    @Test
    void aSubscribedVerifierSeesASuspensionAtOnceDespiteALongTtl() throws Exception {
        JsonObject vc = issue();
        String id = vc.getString("id");
        StatusFetchOptions opts = StatusFetchOptions.builder().allowHttpOnLoopback(true).build();
        StatusChecker checker = StatusChecker.builder().fetcher(new HttpStatusListFetcher(opts)).maxStaleness(Duration.ofHours(1)).build();
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).statusChecker(checker).build();
        try (StatusPushSubscriber push = StatusPushSubscriber.start(base + "events", checker, opts, Duration.ofSeconds(5))) {
            await(push::connected, "the subscription");
            assertTrue(verifier.verify(vc, VerifyOptions.none()).verified());
            assertEquals(2, checker.cachedLists());

            String suspend = "{\"credentialId\":\"" + id + "\",\"credentialStatus\":{\"type\":\"BitstringStatusListEntry\","
                    + "\"statusPurpose\":\"suspension\"},\"status\":true}";
            assertEquals(200, api.updateStatus(suspend).status());
            await(() -> push.eventsReceived() >= 1, "the push event");
            VerificationResult r = verifier.verify(vc, VerifyOptions.none());
            assertFalse(r.verified());
            assertEquals(ErrorType.CREDENTIAL_SUSPENDED, r.problems().get(0).type());

            assertEquals(200, api.updateStatus(suspend.replace("\"status\":true", "\"status\":false")).status());
            await(() -> push.eventsReceived() >= 2, "the reinstatement event");
            assertTrue(verifier.verify(vc, VerifyOptions.none()).verified(), "reinstated");
        }
    }

    @Test
    void pushRefusesAStreamUrlTheSsrfPolicyForbids() {
        StatusChecker checker = StatusChecker.builder().build();
        assertThrowsFetch(() -> StatusPushSubscriber.start(base + "events", checker, StatusFetchOptions.defaults(), Duration.ofSeconds(5)));
        assertThrowsFetch(() -> StatusPushSubscriber.start("https://10.0.0.1/events", checker, StatusFetchOptions.defaults(), Duration.ofSeconds(5)));
    }

    static void assertThrowsFetch(org.junit.jupiter.api.function.Executable e) {
        org.junit.jupiter.api.Assertions.assertThrows(dev.mandate.vc.verifier.status.StatusFetchException.class, e);
    }

}
