package dev.mandate.agent.authz;

import com.sun.net.httpserver.HttpServer;
import dev.mandate.agent.Capability;
import dev.mandate.agent.Fixtures;
import dev.mandate.agent.Fixtures.Party;
import dev.mandate.agent.Reason;
import dev.mandate.agent.TimeWindow;
import dev.mandate.agent.chain.Chains;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.http.MandateHttpFilter;
import dev.mandate.agent.http.MandateInterceptor;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import jakarta.json.JsonObject;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static dev.mandate.agent.Fixtures.CLOCK;
import static dev.mandate.agent.Fixtures.NOW;
import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthorizerTest {
    static final String API = "https://api.supplier.example/";
    static final Party ORG = Party.ed(), AGENT = Party.ed(), SUB = Party.ed();
    static final JsonObject ROOT, LINK;

    static {
        try {
            ROOT = Fixtures.root(ORG, AGENT, 1,
                    cap("pay", API + "orders/", cons().methods("POST").maxAmount(new BigDecimal("500"), "EUR").ratePerMinute(2).build()),
                    cap("read", API + "orders/", cons().methods("GET").build()));
            LINK = Fixtures.delegate(ROOT, AGENT, SUB, 0, cap("read", API + "orders/history/", cons().methods("GET").build()));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Authorizer authorizer(Clock clock, TrustPolicy policy) {
        return Authorizer.builder(Fixtures.VERIFIER, policy).clock(clock).build();
    }

    static Authorizer authorizer() throws Exception {
        return authorizer(CLOCK, TrustPolicy.trusting(ORG.did(), 2, API));
    }

    static SimpleRequest signed(Party who, List<JsonObject> chain, String method, String url, String body, Intent intent) throws Exception {
        RequestSigner s = new RequestSigner(who.did(), who.vm(), who.key().signer(), chain, CLOCK, Duration.ofSeconds(30));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new SimpleRequest(method, url, s.headers(method, url, b, intent), b);
    }

    static void denied(Decision d, Reason.Code code) {
        assertFalse(d.allow(), "allowed: " + d.toJson());
        assertEquals(code, d.reasons().get(0).code(), d.toJson().toString());
    }

    @Test
    void subAgentReadIsAllowedWithAFullExplanation() throws Exception {
        String url = API + "orders/history/2026?page=2";
        Decision d = authorizer().authorize(signed(SUB, List.of(ROOT, LINK), "GET", url, "", new Intent("read", API + "orders/history/")));
        assertTrue(d.allow(), d.toJson().toString());
        assertEquals(SUB.did(), d.agentDid());
        assertEquals("read", d.matchedCapability().orElseThrow().action());
        assertEquals(2, d.chain().size());
        JsonObject json = d.toJson();
        assertTrue(json.getBoolean("allow"));
        assertTrue(json.getJsonArray("checks").toString().contains("holder binding"));
    }

    @Test
    void subAgentCannotPayOrReadOutsideItsDelegation() throws Exception {
        Authorizer az = authorizer();
        denied(az.authorize(signed(SUB, List.of(ROOT, LINK), "POST", API + "orders/9", "{\"amount\":\"10\",\"currency\":\"EUR\"}",
                new Intent("pay", API + "orders/9"))), Reason.Code.INTENT_MISMATCH);
        denied(az.authorize(signed(SUB, List.of(ROOT, LINK), "GET", API + "orders/9", "", new Intent("read", API + "orders/9"))),
                Reason.Code.INTENT_MISMATCH);
        denied(az.authorize(signed(SUB, List.of(ROOT, LINK), "GET", API + "orders/history/1", "", new Intent("read", API + "orders/9"))),
                Reason.Code.INTENT_MISMATCH);
    }

    @Test
    void replayIsRefused() throws Exception {
        Authorizer az = authorizer();
        SimpleRequest r = signed(SUB, List.of(ROOT, LINK), "GET", API + "orders/history/1", "", new Intent("read", API + "orders/history/1"));
        assertTrue(az.authorize(r).allow());
        denied(az.authorize(r), Reason.Code.REPLAY);
    }

    /**
     * The request proof (mandate-req+jwt) goes through CompactJws.parse, so a proof whose Ed25519 signature
     * is re-spelled in its 4 spare bits (same bytes, still a valid signature) is refused as malformed
     * before it can use up the nonce; the original is still accepted afterwards. Padding is refused too.
     */
    @Test
    void proofWithNonCanonicalBase64UrlIsRefused() throws Exception {
        Authorizer az = authorizer();
        SimpleRequest r = signed(SUB, List.of(ROOT, LINK), "GET", API + "orders/history/1", "", new Intent("read", API + "orders/history/1"));
        String auth = r.headers().get("Authorization");
        String sig = auth.substring(auth.lastIndexOf('.') + 1);
        assertEquals(2, sig.length() % 4); // 86 characters: the last one has 4 spare bits
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = sig.charAt(sig.length() - 1);
        String respelled = auth.substring(0, auth.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
        assertEquals(java.util.Arrays.toString(java.util.Base64.getUrlDecoder().decode(sig)),
                java.util.Arrays.toString(java.util.Base64.getUrlDecoder().decode(respelled.substring(respelled.lastIndexOf('.') + 1))));
        Decision d = az.authorize(r.withHeader("Authorization", respelled));
        denied(d, Reason.Code.PROOF_INVALID);
        assertEquals("proof is not a compact JWS: JWS signature is not canonical base64url (non-zero trailing bits); re-encode it",
                d.reasons().get(0).message());
        denied(az.authorize(r.withHeader("Authorization", auth + "==")), Reason.Code.PROOF_INVALID);
        assertTrue(az.authorize(r).allow(), "the canonical proof is accepted and its nonce was not used up");
    }

    @Test
    void proofIsBoundToMethodUrlBodyAndChain() throws Exception {
        Authorizer az = authorizer();
        SimpleRequest r = signed(AGENT, List.of(ROOT), "POST", API + "orders/7", "{\"amount\":\"100\",\"currency\":\"EUR\"}",
                new Intent("pay", API + "orders/7", eur("100")));
        denied(az.authorize(r.withBody("{\"amount\":\"499\",\"currency\":\"EUR\"}".getBytes(StandardCharsets.UTF_8))), Reason.Code.REQUEST_MISMATCH);
        denied(az.authorize(new SimpleRequest("PUT", r.uri(), r.headers(), r.body())), Reason.Code.REQUEST_MISMATCH);
        denied(az.authorize(new SimpleRequest("POST", API + "orders/8", r.headers(), r.body())), Reason.Code.REQUEST_MISMATCH);
        denied(az.authorize(r.withHeader(Chains.HEADER, Chains.encodeHeader(List.of(ROOT, LINK)))), Reason.Code.CHAIN_DIGEST_MISMATCH);
        denied(az.authorize(r.withHeader("Authorization", "Bearer x")), Reason.Code.PROOF_MISSING);
        String auth = r.headers().get("Authorization");
        denied(az.authorize(r.withHeader("Authorization", auth.substring(0, auth.length() - 4) + "AAAA")), Reason.Code.PROOF_INVALID);
        assertTrue(az.authorize(r).allow(), "the untouched request is still fresh");
    }

    @Test
    void verifierChallengeIsBound() throws Exception {
        RequestSigner s = new RequestSigner(SUB.did(), SUB.vm(), SUB.key().signer(), List.of(ROOT, LINK), CLOCK, Duration.ofSeconds(30));
        String url = API + "orders/history/1";
        Intent intent = new Intent("read", url);
        java.util.Map<String, String> h = new java.util.HashMap<>(s.headers("GET", url, new byte[0], intent));
        h.put("Authorization", "Mandate " + s.proof("GET", url, new byte[0], intent, "ch-42"));
        SimpleRequest r = new SimpleRequest("GET", url, h, new byte[0]);
        denied(authorizer().authorize(r, "ch-43"), Reason.Code.REQUEST_MISMATCH);
        assertTrue(authorizer().authorize(r, "ch-42").allow());
        denied(authorizer().authorize(signed(SUB, List.of(ROOT, LINK), "GET", url, "", intent), "ch-42"), Reason.Code.REQUEST_MISMATCH);
    }

    /** An empty challenge is not read as "none" on either side: signing with one fails, and checking against one denies. */
    @Test
    void anEmptyChallengeIsNotReadAsNone() throws Exception {
        RequestSigner s = new RequestSigner(SUB.did(), SUB.vm(), SUB.key().signer(), List.of(ROOT, LINK), CLOCK, Duration.ofSeconds(30));
        String url = API + "orders/history/2";
        Intent intent = new Intent("read", url);
        dev.mandate.agent.CapabilityException empty = assertThrows(dev.mandate.agent.CapabilityException.class,
                () -> s.proof("GET", url, new byte[0], intent, ""));
        assertEquals("the verifier's challenge is empty; sign without one with proof(method, url, body, intent) when the verifier"
                + " handed out none", empty.getMessage());
        assertEquals("challenge", assertThrows(NullPointerException.class, () -> s.proof("GET", url, new byte[0], intent, null)).getMessage());

        java.util.Map<String, String> h = new java.util.HashMap<>(s.headers("GET", url, new byte[0], intent));
        String plain = s.proof("GET", url, new byte[0], intent);
        assertFalse(dev.mandate.vc.jose.CompactJws.parse(plain, 10_000).payloadObject(dev.mandate.vc.json.BoundedJson.Limits.DEFAULT)
                .containsKey("challenge"), "a proof without a challenge carries no challenge claim");
        h.put("Authorization", "Mandate " + plain);
        SimpleRequest r = new SimpleRequest("GET", url, h, new byte[0]);
        assertTrue(authorizer().authorize(r).allow(), "no challenge handed out: the proof without one is allowed");
        Decision d = authorizer().authorize(r, "");
        denied(d, Reason.Code.REQUEST_MISMATCH);
        assertTrue(d.reasons().get(0).message().contains("challenge is empty"), d.toJson().toString());
        assertThrows(NullPointerException.class, () -> authorizer().authorize(r, (String) null));
    }

    @Test
    void expiredOrLongLivedProofsAreRefused() throws Exception {
        SimpleRequest r = signed(SUB, List.of(ROOT, LINK), "GET", API + "orders/history/1", "", new Intent("read", API + "orders/history/"));
        Clock later = Clock.fixed(NOW.plusSeconds(120), ZoneOffset.UTC);
        denied(authorizer(later, TrustPolicy.trusting(ORG.did(), 2, API)).authorize(r), Reason.Code.PROOF_EXPIRED);
        RequestSigner s = new RequestSigner(SUB.did(), SUB.vm(), SUB.key().signer(), List.of(ROOT, LINK), CLOCK, Duration.ofHours(1));
        SimpleRequest longLived = new SimpleRequest("GET", API + "orders/history/1", s.headers("GET", API + "orders/history/1", new byte[0],
                new Intent("read", API + "orders/history/")), new byte[0]);
        denied(authorizer().authorize(longLived), Reason.Code.PROOF_EXPIRED);
    }

    @Test
    void proofMustComeFromTheLeafAgent() throws Exception {
        denied(authorizer().authorize(signed(AGENT, List.of(ROOT, LINK), "GET", API + "orders/history/1", "",
                new Intent("read", API + "orders/history/"))), Reason.Code.HOLDER_MISMATCH);
    }

    static Amount eur(String decimal) throws Exception {
        return Amount.of(decimal, "EUR");
    }

    static SimpleRequest pay(int order, String body, Intent intent) throws Exception {
        return signed(AGENT, List.of(ROOT), "POST", API + "orders/" + order, body, intent);
    }

    @Test
    void theSignedAmountIsCheckedAgainstMaxAmount() throws Exception {
        Authorizer az = authorizer();
        String url = API + "orders/1";
        Decision ok = az.authorize(pay(1, "{\"amount\":499.5,\"currency\":\"EUR\"}", new Intent("pay", url, eur("499.50"))));
        assertTrue(ok.allow(), ok.toJson().toString());
        assertTrue(ok.checks().toString().contains("declared amount 499.50 EUR"), ok.checks().toString());
        denied(az.authorize(pay(1, "{\"amount\":\"500.01\",\"currency\":\"EUR\"}", new Intent("pay", url, eur("500.01")))), Reason.Code.AMOUNT_NOT_ALLOWED);
        denied(az.authorize(pay(1, "{\"amount\":\"5\",\"currency\":\"USD\"}", new Intent("pay", url, Amount.of("5", "USD")))), Reason.Code.AMOUNT_NOT_ALLOWED);
        denied(az.authorize(pay(1, "{}", new Intent("pay", url))), Reason.Code.AMOUNT_MISSING);
        denied(az.authorize(pay(1, "{\"amount\":\"12\",\"currency\":\"EUR\"}", new Intent("pay", url))), Reason.Code.AMOUNT_MISSING);
        // a body that is neither JSON nor a form: the signed amount alone decides
        assertTrue(az.authorize(pay(2, "<pay amount='12.00'/>", new Intent("pay", API + "orders/2", eur("12")))
                .withHeader("Content-Type", "application/xml")).allow());
    }

    @Test
    void theBodyQueryAndHeaderMayOnlyAgreeWithTheSignedAmount() throws Exception {
        // a fresh authorizer for each request: the pay capability allows 2 per minute
        Intent ten = new Intent("pay", API + "orders/3", eur("10"));
        assertTrue(authorizer().authorize(pay(3, "{\"amount\":\"10.00\",\"currency\":\"EUR\"}", ten)).allow(), "100 == 100.00: decimals compare numerically");
        assertTrue(authorizer().authorize(pay(3, "{\"amount\":1E1,\"currency\":\"EUR\",\"item\":\"paper\"}", ten)).allow());
        assertTrue(authorizer().authorize(pay(3, "{\"amount\":\"10\"}", ten)).allow(), "a member the body does not state is not compared");
        assertTrue(authorizer().authorize(pay(3, "{\"item\":\"paper\"}", ten).withHeader(Authorizer.AMOUNT_HEADER, "10.0 EUR")).allow());
        denied(authorizer().authorize(pay(3, "{\"amount\":\"11\",\"currency\":\"EUR\"}", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "{\"amount\":\"10\",\"currency\":\"eur\"}", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "{\"Amount\":100000,\"currency\":\"EUR\"}", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "{\"amount\":\"1e5\",\"currency\":\"EUR\"}", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "{\"amount\":{\"value\":10},\"currency\":\"EUR\"}", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "{\"amount\":\"10\",\"amount\":\"100000\"}", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "[{\"amount\":\"10\",\"currency\":\"EUR\"}]", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "{\"amount\":\"10\",", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "amount=10&amount=100000", ten)), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "{\"amount\":\"10\"}", ten).withHeader("Content-Encoding", "gzip")), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "", ten).withHeader(Authorizer.AMOUNT_HEADER, "1 EUR")), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "", ten).withHeader(Authorizer.AMOUNT_HEADER, "ten EUR")), Reason.Code.AMOUNT_MISMATCH);
        denied(authorizer().authorize(pay(3, "", new Intent("pay", API + "orders/3")).withHeader(Authorizer.AMOUNT_HEADER, "1 EUR")), Reason.Code.AMOUNT_MISMATCH);
        String q = API + "orders/3?amount=100000";
        denied(authorizer().authorize(signed(AGENT, List.of(ROOT), "POST", q, "", new Intent("pay", API + "orders/3", eur("10")))), Reason.Code.AMOUNT_MISMATCH);
    }

    @Test
    void ratePerMinuteIsEnforcedPerAgent() throws Exception {
        Authorizer az = authorizer();
        for (int i = 0; i < 2; i++) {
            assertTrue(az.authorize(signed(AGENT, List.of(ROOT), "POST", API + "orders/" + i, "{\"amount\":\"1\",\"currency\":\"EUR\"}",
                    new Intent("pay", API + "orders/" + i, eur("1")))).allow());
        }
        denied(az.authorize(signed(AGENT, List.of(ROOT), "POST", API + "orders/3", "{\"amount\":\"1\",\"currency\":\"EUR\"}",
                new Intent("pay", API + "orders/3", eur("1")))), Reason.Code.RATE_LIMITED);
        denied(az.authorize(signed(AGENT, List.of(ROOT), "GET", API + "orders/3", "", new Intent("pay", API + "orders/3"))),
                Reason.Code.METHOD_NOT_ALLOWED);
    }

    @Test
    void timeOfDayAndAudienceAreEnforced() throws Exception {
        Capability night = cap("read", API, cons().timeOfDay(TimeWindow.parse("22:00-06:00")).build());
        Capability aud = cap("write", API, cons().audience("did:web:supplier.example").build());
        JsonObject root = Fixtures.root(ORG, AGENT, 0, night, aud);
        TrustPolicy p = TrustPolicy.trusting(ORG.did(), 0, API);
        denied(authorizer(CLOCK, p).authorize(signed(AGENT, List.of(root), "GET", API + "x", "", new Intent("read", API + "x"))),
                Reason.Code.OUTSIDE_TIME_WINDOW);
        denied(authorizer(CLOCK, p).authorize(signed(AGENT, List.of(root), "PUT", API + "x", "", new Intent("write", API + "x"))),
                Reason.Code.AUDIENCE_MISMATCH);
        assertTrue(authorizer(CLOCK, p.withAudience("did:web:supplier.example"))
                .authorize(signed(AGENT, List.of(root), "PUT", API + "x", "", new Intent("write", API + "x"))).allow());
    }

    @Test
    void untrustedRootIsRefused() throws Exception {
        denied(authorizer(CLOCK, TrustPolicy.trusting(SUB.did(), 2, API)).authorize(signed(SUB, List.of(ROOT, LINK), "GET",
                API + "orders/history/1", "", new Intent("read", API + "orders/history/"))), Reason.Code.UNTRUSTED_ISSUER);
    }

    @Test
    void okHttpInterceptorAndJdkFilterWorkEndToEndOnLoopback() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try {
            String origin = "http://127.0.0.1:" + server.getAddress().getPort();
            JsonObject root = new dev.mandate.agent.CapabilityIssuer().grant(Fixtures.grant(AGENT, 0, Duration.ofMinutes(5),
                    cap("pay", origin + "/orders/", cons().maxAmount(new BigDecimal("500"), "EUR").build())), ORG.signing());
            Clock system = Clock.systemUTC();
            dev.mandate.vc.verifier.Verifier v = dev.mandate.vc.verifier.Verifier.builder(Fixtures.RESOLVER).build();
            Authorizer az = Authorizer.builder(v, TrustPolicy.trusting(ORG.did(), 0, origin + "/")).clock(system).build();
            server.createContext("/", ex -> {
                Decision d = (Decision) ex.getAttribute(MandateHttpFilter.ATTRIBUTE);
                byte[] body = ex.getRequestBody().readAllBytes();
                byte[] out = ("ok " + d.agentDid() + " " + body.length).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
                ex.close();
            }).getFilters().add(new MandateHttpFilter(az, origin, 1 << 20));
            server.start();
            RequestSigner signer = new RequestSigner(AGENT.did(), AGENT.vm(), AGENT.key().signer(), List.of(root), system, Duration.ofSeconds(30));
            OkHttpClient client = new OkHttpClient.Builder()
                    .addInterceptor(new MandateInterceptor(signer, r -> new Intent("pay", r.url().toString(),
                            new Amount(new BigDecimal(r.url().encodedPath().endsWith("/77") ? "120.00" : "900"), "EUR")))).build();
            String body = "{\"amount\":\"120.00\",\"currency\":\"EUR\"}";
            try (Response resp = client.newCall(new Request.Builder().url(origin + "/orders/77")
                    .post(RequestBody.create(body, MediaType.get("application/json"))).build()).execute()) {
                assertEquals(200, resp.code());
                assertEquals("ok " + AGENT.did() + " " + body.length(), resp.body().string());
            }
            try (Response resp = client.newCall(new Request.Builder().url(origin + "/orders/78")
                    .post(RequestBody.create("{\"amount\":\"900\",\"currency\":\"EUR\"}", MediaType.get("application/json"))).build()).execute()) {
                assertEquals(403, resp.code());
                assertTrue(resp.body().string().contains("AMOUNT_NOT_ALLOWED"));
            }
            try (Response resp = new OkHttpClient().newCall(new Request.Builder().url(origin + "/orders/79").build()).execute()) {
                assertEquals(401, resp.code());
            }
        } finally {
            server.stop(0);
        }
    }

    /**
     * A URL with a query is allowed when the capability covers its path: the intent names the resource (no
     * query), the proof's htu binds the query. An intent that puts the query in its resource is refused at
     * signing, naming the fix, instead of being denied for every such URL.
     */
    @Test
    void urlsWithAQueryAreAllowedWhenTheIntentLeavesTheQueryOut() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        try {
            String origin = "http://127.0.0.1:" + server.getAddress().getPort();
            JsonObject root = new dev.mandate.agent.CapabilityIssuer().grant(Fixtures.grant(AGENT, 0, Duration.ofMinutes(5),
                    cap("read", origin + "/orders/", cons().build())), ORG.signing());
            Clock system = Clock.systemUTC();
            Authorizer az = Authorizer.builder(dev.mandate.vc.verifier.Verifier.builder(Fixtures.RESOLVER).build(),
                    TrustPolicy.trusting(ORG.did(), 0, origin + "/")).clock(system).build();
            server.createContext("/", ex -> {
                byte[] out = ("ok " + ex.getRequestURI().getRawQuery()).getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, out.length);
                ex.getResponseBody().write(out);
                ex.close();
            }).getFilters().add(new MandateHttpFilter(az, origin, 1 << 20));
            server.start();
            RequestSigner signer = new RequestSigner(AGENT.did(), AGENT.vm(), AGENT.key().signer(), List.of(root), system, Duration.ofSeconds(30));
            OkHttpClient client = new OkHttpClient.Builder()
                    .addInterceptor(new MandateInterceptor(signer, r -> Intent.forRequest("read", r.url().toString()))).build();
            try (Response resp = client.newCall(new Request.Builder().url(origin + "/orders/?status=open&page=2").build()).execute()) {
                assertEquals(200, resp.code());
                assertEquals("ok status=open&page=2", resp.body().string());
            }
            try (Response resp = client.newCall(new Request.Builder().url(origin + "/invoices/?status=open").build()).execute()) {
                assertEquals(403, resp.code(), "the query does not widen the capability");
            }
            OkHttpClient wrong = new OkHttpClient.Builder()
                    .addInterceptor(new MandateInterceptor(signer, r -> new Intent("read", r.url().toString()))).build();
            java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> wrong.newCall(new Request.Builder().url(origin + "/orders/?status=open").build()).execute());
            assertTrue(e.getMessage().contains("Intent.forRequest"), e.getMessage());
            assertEquals("https://a.example/x/", Intent.forRequest("read", "https://a.example/x/?q=1#frag").resource());
            assertEquals("https://a.example/x", Intent.forRequest("read", "https://a.example/x#f?q").resource());
        } finally {
            server.stop(0);
        }
    }
}
