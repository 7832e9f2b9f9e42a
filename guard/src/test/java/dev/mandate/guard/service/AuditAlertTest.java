package dev.mandate.guard.service;

import com.sun.net.httpserver.HttpServer;
import dev.mandate.guard.Guard;
import dev.mandate.guard.GuardConfig;
import dev.mandate.registry.PgTestDatabase;
import dev.mandate.registry.Store;
import dev.mandate.registry.Stores;
import dev.mandate.registry.audit.AuditDraft;
import dev.mandate.registry.audit.AuditLog;
import dev.mandate.registry.audit.AuditWriter;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard alerts, through its webhook, when a gateway's decisions cannot be recorded within
 * {@code audit.maxUnpersistedSeconds} (the real PostgreSQL store made to fail: its audit table renamed away), once
 * per episode, and when the writer recovers or stops, with the count of decisions lost.
 */
class AuditAlertTest {
    static final Duration BOUND = Duration.ofSeconds(1);
    String schema;
    Store store;
    HttpServer receiver;
    final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        PgTestDatabase.assumeAvailable();
        String[] name = new String[1];
        store = Stores.open(PgTestDatabase.createSchema(name));
        schema = name[0];
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/alerts", ex -> {
            received.add(Jsonp.PROVIDER.createReader(new StringReader(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)))
                    .readObject());
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        receiver.stop(0);
        store.close();
        PgTestDatabase.dropSchema(schema);
    }

    static AuditDraft draft(int i) {
        return new AuditDraft(DecisionAuditor.TYPE, "gw-test", "did:example:agent",
                Jsonp.PROVIDER.createObjectBuilder().add("allow", true).add("url", "https://erp.example/orders/" + i).build());
    }

    private void breakTheLog() {
        PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry RENAME TO audit_entry_away");
    }

    private void repairTheLog() {
        PgTestDatabase.execute("ALTER TABLE " + schema + ".audit_entry_away RENAME TO audit_entry");
    }

    private JsonObject next(String event) throws InterruptedException {
        JsonObject a = received.poll(30, TimeUnit.SECONDS);
        assertNotNull(a, "no " + event + " alert reached the webhook");
        assertEquals(event, a.getString("event"), a::toString);
        return a;
    }

    @Test
    void oneAlertWhenDecisionsAreNotRecordedInTimeOneWhenTheyAreAgainWithTheCountLost() throws Exception {
        AuditWriter writer = new AuditWriter(new AuditLog(store), 8, 4); // a small queue, so the outage drops some
        Webhook webhook = new Webhook(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts"));
        List<Alert> agentAlerts = new CopyOnWriteArrayList<>();
        try (webhook;
             GuardService service = GuardService.builder(store, new Guard(GuardConfig.defaults())).alertAll(webhook).alert(agentAlerts::add)
                     .watchAudit(writer, BOUND, "gw-test").pollInterval(Duration.ofMillis(50)).build().start()) {
            for (int i = 0; i < 3; i++) writer.submit(draft(i));
            assertTrue(writer.flush(Duration.ofSeconds(10)));
            assertNull(received.poll(600, TimeUnit.MILLISECONDS), "no alert while decisions are recorded in time");

            breakTheLog();
            for (int i = 3; i < 7; i++) assertTrue(writer.submit(draft(i)));
            JsonObject behind = next(AuditAlert.BEHIND);
            assertEquals("gw-test", behind.getString("writer"));
            assertTrue(behind.getJsonNumber("behindMillis").longValue() >= BOUND.toMillis(), behind::toString); // more than the bound, truncated to whole ms
            assertEquals(1, behind.getInt("boundSeconds"));
            assertEquals(4, behind.getInt("waiting"), behind::toString);
            assertEquals(0, behind.getJsonNumber("lost").longValue(), behind::toString);
            assertTrue(behind.getString("cause").contains("audit_entry"), "the store's failure is named: " + behind);
            assertTrue(behind.getString("summary").contains("audit.maxUnpersistedSeconds"), behind::toString);

            int accepted = 4; // more decisions while it is down: the queue of 8 takes some and drops the rest
            for (int i = 7; i < 27; i++) if (writer.submit(draft(i))) accepted++;
            long dropped = writer.dropped();
            assertTrue(dropped > 0, "the queue of 8 dropped some of 24");
            assertNull(received.poll(1_500, TimeUnit.MILLISECONDS), "one alert per episode, not one per check or per loss");

            repairTheLog();
            JsonObject recovered = next(AuditAlert.RECOVERED);
            assertEquals(dropped, recovered.getJsonNumber("lost").longValue(), "the decisions lost in the episode: " + recovered);
            assertTrue(recovered.getJsonNumber("lastedMillis").longValue() >= 1_000, recovered::toString);
            assertTrue(recovered.getString("summary").contains(dropped + " decision(s) LOST"), recovered::toString);
            assertTrue(writer.flush(Duration.ofSeconds(10)));
            assertEquals(3 + accepted, new AuditLog(store).entries(0, 1000).size(), "what was queued was recorded after the outage");

            // down again, and the writer stops before the store comes back: the decisions it held are lost, and said so
            breakTheLog();
            writer.submit(draft(100));
            writer.submit(draft(101));
            next(AuditAlert.BEHIND);
            writer.close(); // gives up after its retries
            assertEquals(2, writer.lost());
        } finally {
            writer.close();
        }
        JsonObject stopped = next(AuditAlert.STOPPED); // the guard's close reports it (its webhook then drained)
        assertEquals(2, stopped.getJsonNumber("lost").longValue(), stopped::toString);
        assertTrue(agentAlerts.isEmpty(), "sinks for agent alerts get none of these: " + agentAlerts);
        assertNull(received.poll(300, TimeUnit.MILLISECONDS), "nothing more: " + received);
        repairTheLog();
    }
}
