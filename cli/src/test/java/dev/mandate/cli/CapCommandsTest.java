package dev.mandate.cli;

import com.sun.net.httpserver.HttpServer;
import dev.mandate.agent.authz.Authorizer;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.http.MandateHttpFilter;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mandate cap grant|delegate|show}, {@code mandate request} and {@code mandate authorize}, in-process, loopback only. */
class CapCommandsTest {
    @TempDir
    Path dir;
    CliHarness cli;
    HttpServer server;
    String origin;
    String org, agent, sub;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliHarness(dir);
        Files.createDirectories(cli.workDir);
        org = did("org");
        agent = did("agent");
        sub = did("sub");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
        DidMethodResolver resolver = new DidMethodResolver(DidResolvers.offline());
        Authorizer az = Authorizer.builder(Verifier.builder(resolver).build(),
                TrustPolicy.trusting(org, 2, origin + "/")).build();
        server.createContext("/", ex -> {
            byte[] out = "{\"orders\":[]}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        }).getFilters().add(new MandateHttpFilter(az, origin, 1 << 20));
        server.start();
        write("policy.json", "{\"maxDepth\":2,\"trust\":[{\"issuer\":\"" + org + "\",\"resources\":[\"" + origin + "/\"]}]}");
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    String did(String name) {
        CliHarness.Result r = ok("key", "generate", "--type", "Ed25519", "--name", name);
        return "did:key:" + r.json().getString("publicKeyMultibase");
    }

    CliHarness.Result ok(String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(0, r.exit(), r.toString());
        return r;
    }

    CliHarness.Result fails(int code, String... args) {
        CliHarness.Result r = cli.run(args);
        assertEquals(code, r.exit(), r.toString());
        return r;
    }

    void write(String name, String text) throws Exception {
        Files.writeString(cli.workDir.resolve(name), text);
    }

    String read(String name) throws Exception {
        return Files.readString(cli.workDir.resolve(name));
    }

    void grantAndDelegate() throws Exception {
        String pay = "{\"action\":\"pay\",\"resource\":\"" + origin + "/orders/\",\"constraints\":{\"methods\":[\"POST\"],\"maxAmount\":\"500\",\"currency\":\"EUR\"}}";
        String readAll = "{\"action\":\"read\",\"resource\":\"" + origin + "/orders/\",\"constraints\":{\"methods\":[\"GET\"]}}";
        write("root.json", ok("cap", "grant", "--key", "org", "--subject", agent, "--capability", pay, "--capability", readAll,
                "--depth", "1", "--valid-for", "10m", "--workload-id", "spiffe://example.com/procurement").out());
        String readHistory = "{\"action\":\"read\",\"resource\":\"" + origin + "/orders/history/\",\"constraints\":{\"methods\":[\"GET\"]}}";
        write("chain.json", ok("cap", "delegate", "--key", "agent", "--parent", "root.json", "--subject", sub,
                "--capability", readHistory, "--valid-for", "5m").out());
    }

    @Test
    void grantDelegateShow() throws Exception {
        grantAndDelegate();
        JsonObject root = Json.createReader(new StringReader(read("root.json"))).readObject();
        assertEquals("eddsa-jcs-2022", root.getJsonObject("proof").getString("cryptosuite"));
        JsonArray chain = Json.createReader(new StringReader(read("chain.json"))).readArray();
        assertEquals(2, chain.size());
        String shown = ok("cap", "show", "chain.json").out();
        assertTrue(shown.contains("delegation") && shown.contains(sub) && shown.contains("/orders/history/"), shown);
        assertTrue(shown.contains("spiffe://example.com/procurement"), shown);
        CliHarness.Result wider = fails(ExitCode.NEGATIVE, "cap", "delegate", "--key", "agent", "--parent", "root.json", "--subject", sub,
                "--capability", "{\"action\":\"delete\",\"resource\":\"" + origin + "/\"}");
        assertTrue(wider.err().contains("not within the parent"), wider.err());
        fails(ExitCode.USAGE, "cap", "grant", "--key", "org", "--subject", agent, "--capability", "{\"action\":\"read\",\"resource\":\"" + origin + "/a/../b\"}");
    }

    @Test
    void requestIsSignedSentAndAuthorizedOffline() throws Exception {
        grantAndDelegate();
        CliHarness.Result sent = ok("request", "--key", "sub", "--cap", "chain.json", "--save", "req.json", origin + "/orders/history/2026");
        assertEquals("{\"orders\":[]}", sent.out());
        assertTrue(sent.err().contains("HTTP 200"), sent.err());

        CliHarness.Result allowed = ok("authorize", "--policy", "policy.json", "req.json");
        assertTrue(allowed.json().getBoolean("allow"));
        assertTrue(allowed.err().contains("ALLOW " + sub), allowed.err());

        // issue 16: --dry-run without --save printed nothing; it prints the request file, and sends nothing
        CliHarness.Result dry = ok("request", "--key", "sub", "--cap", "chain.json", "--dry-run", "http://127.0.0.1:9/orders/history/7");
        jakarta.json.JsonObject file = dry.json();
        assertEquals("GET", file.getString("method"));
        assertTrue(file.getJsonObject("headers").getString("Authorization").startsWith("Mandate "), file.toString());
        assertFalse(dry.err().contains("HTTP "), "nothing was sent: " + dry.err());


        JsonObject req = Json.createReader(new StringReader(read("req.json"))).readObject();
        write("altered.json", Json.createObjectBuilder(req).add("body", "{\"x\":1}").build().toString());
        CliHarness.Result denied = fails(ExitCode.NEGATIVE, "authorize", "--policy", "policy.json", "altered.json");
        assertFalse(denied.json().getBoolean("allow"));
        assertEquals("REQUEST_MISMATCH", denied.json().getJsonArray("reasons").getJsonObject(0).getString("code"));

        String store = "jdbc:sqlite:" + dir.resolve("decisions.db");
        ok("authorize", "--policy", "policy.json", "--store", store, "--verifier-name", "gateway", "req.json");
        fails(ExitCode.NEGATIVE, "authorize", "--policy", "policy.json", "--store", store, "altered.json");
        try (dev.mandate.registry.Store s = dev.mandate.registry.Stores.open(store)) {
            var entries = new dev.mandate.registry.audit.AuditLog(s).entries(0, 10);
            assertEquals(2, entries.size());
            assertEquals("authorization", entries.get(0).type());
            assertEquals("gateway", entries.get(0).actor());
            assertEquals(sub, entries.get(0).subject());
            assertTrue(entries.get(0).details().contains("\"allow\":true"), entries.get(0).details());
            assertEquals("mandate-authorize", entries.get(1).actor());
            assertTrue(entries.get(1).details().contains("REQUEST_MISMATCH"), entries.get(1).details());
        }

        CliHarness.Result pay = fails(ExitCode.NEGATIVE, "request", "--key", "sub", "--cap", "chain.json", "-X", "POST",
                "--action", "pay", "-d", "{\"amount\":\"10\",\"currency\":\"EUR\"}", origin + "/orders/5");
        assertTrue(pay.err().contains("HTTP 403") && pay.out().contains("INTENT_MISMATCH"), pay.toString());

        ok("request", "--key", "agent", "--cap", "root.json", "--action", "pay", "-d", "{\"amount\":\"499\",\"currency\":\"EUR\"}", origin + "/orders/5");
        fails(ExitCode.USAGE, "authorize", "--policy", "chain.json", "req.json");
    }

    /** The amount is signed: --amount, or what the body states; a contradiction is refused before signing. */
    @Test
    void requestSignsTheAmount() throws Exception {
        grantAndDelegate();
        String url = origin + "/orders/5";
        CliHarness.Result inferred = ok("request", "--key", "agent", "--cap", "root.json", "--action", "pay", "--dry-run", "--save", "a.json",
                "-d", "\ufeff {\"amount\":\"499\",\"currency\":\"EUR\"}", "-H", "Content-Type: application/JSON", url);
        assertTrue(inferred.err().contains("signing amount 499 EUR"), inferred.err());
        assertTrue(ok("authorize", "--policy", "policy.json", "a.json").json().getBoolean("allow"));

        ok("request", "--key", "agent", "--cap", "root.json", "--action", "pay", "--amount", "12.50 EUR", "--dry-run", "--save", "x.json",
                "-d", "<order total='12.50'/>", "-H", "Content-Type: application/xml", url);
        assertTrue(ok("authorize", "--policy", "policy.json", "x.json").json().getBoolean("allow"), "the signed amount alone decides for XML");
        ok("request", "--key", "agent", "--cap", "root.json", "--action", "pay", "--amount", "501 EUR", "-X", "POST", "--dry-run", "--save", "big.json", url);
        CliHarness.Result big = fails(ExitCode.NEGATIVE, "authorize", "--policy", "policy.json", "big.json");
        assertTrue(big.err().contains("AMOUNT_NOT_ALLOWED"), big.err());
        ok("request", "--key", "agent", "--cap", "root.json", "--action", "pay", "--dry-run", "--save", "none.json", "-d", "{}", url);
        CliHarness.Result none = fails(ExitCode.NEGATIVE, "authorize", "--policy", "policy.json", "none.json");
        assertTrue(none.err().contains("AMOUNT_MISSING"), none.err());

        CliHarness.Result contradicted = fails(ExitCode.USAGE, "request", "--key", "agent", "--cap", "root.json", "--action", "pay", "--amount", "1 EUR",
                "--dry-run", "-d", "amount=100000&currency=EUR", "-H", "Content-Type: application/x-www-form-urlencoded", url);
        assertTrue(contradicted.err().contains("100000"), contradicted.err());
        fails(ExitCode.USAGE, "request", "--key", "agent", "--cap", "root.json", "--amount", "ten EUR", "--dry-run", url);
        CliHarness.Result path = fails(ExitCode.USAGE, "request", "--key", "agent", "--cap", "root.json", "--dry-run", origin + "/orders/..;/admin");
        assertTrue(path.err().contains("matrix parameter"), path.err());
    }

    @Test
    void grantWithStatusAndDelegateAreAuditedAndRecordedForTheRegisteredAgent() throws Exception {
        String store = "jdbc:sqlite:" + dir.resolve("org.db");
        cli.env.put("MANDATE_STORE", store);
        ok("agent", "register", "--did", agent, "--name", "procurement", "--owner", "team:procurement");
        ok("agent", "activate", agent, "--reason", "approved");
        String cap = "{\"action\":\"read\",\"resource\":\"" + origin + "/orders/\"}";
        CliHarness.Result root = ok("cap", "grant", "--key", "org", "--subject", agent, "--depth", "1", "--status", "both",
                "--status-url", "https://org.example/status-lists/", "--capability", cap);
        JsonObject vc = root.json();
        assertEquals(2, vc.getJsonArray("credentialStatus").size(), vc.toString());
        write("root.json", root.out());
        ok("cap", "delegate", "--key", "agent", "--parent", "root.json", "--subject", sub, "--capability", cap);
        assertEquals(List.of(vc.getString("id")), ok("agent", "show", agent).json().getJsonArray("credentials")
                .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals("active", ok("status", "show", vc.getString("id")).json().getString("status"));
        try (dev.mandate.registry.Store s = dev.mandate.registry.Stores.open(store)) {
            var entries = new dev.mandate.registry.audit.AuditLog(s).entries(0, 100);
            assertEquals(List.of("registry", "registry", "issuance", "delegation"), entries.stream().map(e -> e.type()).toList());
            assertEquals(agent, entries.get(3).actor(), "the delegating agent signed it");
            assertEquals(sub, entries.get(3).subject());
        }
    }
}
