package dev.mandate.agent.authz;

import com.nimbusds.jose.JOSEObjectType;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Fixtures;
import dev.mandate.agent.Fixtures.Party;
import dev.mandate.agent.chain.Chains;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Amount;
import dev.mandate.agent.request.ContentDigest;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.mandate.agent.Fixtures.CLOCK;
import static dev.mandate.agent.Fixtures.NOW;
import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reproduced attacks of the amount and path issue, through {@link Authorizer} with genuine chains
 * and validly signed proofs: an agent holding {@code pay} up to 500 EUR and {@code read} on
 * {@code /orders/} only. Each was ALLOWED before the fix.
 */
class RequestAttackTest {
    static final String API = "https://api.supplier.example/";
    static final Party ORG = Party.ed(), AGENT = Party.ed();
    static final JsonObject ROOT;

    static {
        try {
            ROOT = Fixtures.root(ORG, AGENT, 0,
                    cap("pay", API + "orders/", cons().maxAmount(new BigDecimal("500"), "EUR").build()),
                    cap("read", API + "orders/", cons().build()));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Authorizer authorizer() throws Exception {
        return Authorizer.builder(Fixtures.VERIFIER, TrustPolicy.trusting(ORG.did(), 0, API)).clock(CLOCK).build();
    }

    /** Denied for one reason, one line, whose code is one of {@code codes}. */
    static void denied(Decision d, String... codes) {
        assertFalse(d.allow(), "allowed: " + d.toJson());
        assertEquals(1, d.reasons().size(), d.toJson().toString());
        assertFalse(d.reasons().get(0).message().contains("\n"), "one line: " + d.reasons().get(0).message());
        assertTrue(List.of(codes).contains(d.reasons().get(0).code().name()), "expected one of " + List.of(codes) + ": " + d.toJson());
    }

    // ------------------------------------------------------------------ 1. maxAmount bypass

    static Stream<Arguments> amountBypasses() {
        String json = "{\"amount\":\"100000\",\"currency\":\"EUR\"}";
        return Stream.of(
                Arguments.of(" " + json, "application/json"),
                Arguments.of("\n" + json, "application/json"),
                Arguments.of("\r\n\t" + json, null),
                Arguments.of("\ufeff" + json, "application/JSON"),
                Arguments.of(" " + json, "application/JSON; charset=UTF-8"),
                Arguments.of(" " + json, null),
                Arguments.of(" " + json, "text/plain"),
                Arguments.of("amount=100000&currency=EUR", "application/x-www-form-urlencoded"),
                Arguments.of("currency=EUR&amount=100000", "Application/X-WWW-Form-Urlencoded; charset=utf-8"),
                Arguments.of("[" + json + "]", "application/json"),
                Arguments.of(" [" + json + "]", null));
    }

    /**
     * The body books 100000 EUR at any JSON or form backend, while {@code Mandate-Amount: 1 EUR} claims 1:
     * the authorizer read the header because the body did not start with {@code {} or its Content-Type was not
     * lower-case json. The proof, signed without an amount, must not pass a 500 EUR cap.
     */
    @ParameterizedTest
    @MethodSource("amountBypasses")
    void bodyAmountHiddenFromTheAuthorizerIsDenied(String body, String contentType) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) headers.put("Content-Type", contentType);
        headers.put(Authorizer.AMOUNT_HEADER, "1 EUR");
        SimpleRequest r = signed("POST", API + "orders/5", body, new Intent("pay", API + "orders/5"), headers);
        denied(authorizer().authorize(r), "AMOUNT_MISMATCH", "AMOUNT_MISSING");
        denied(authorizer().authorize(signed("POST", API + "orders/6", body, new Intent("pay", API + "orders/6"), Map.of())),
                "AMOUNT_MISSING");
    }

    /**
     * The same bodies under a proof that declares 1 EUR (the attacker's best move now that the amount is
     * signed): the body says otherwise, so AMOUNT_MISMATCH; the honest request that declares what its body
     * states is allowed in every one of these forms.
     */
    @ParameterizedTest
    @MethodSource("amountBypasses")
    void bodyContradictingTheSignedAmountIsDeniedAndTheHonestOneAllowed(String body, String contentType) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        if (contentType != null) headers.put("Content-Type", contentType);
        headers.put(Authorizer.AMOUNT_HEADER, "1 EUR");
        Decision d = authorizer().authorize(signed("POST", API + "orders/5", body, new Intent("pay", API + "orders/5", Amount.of("1", "EUR")), headers));
        denied(d, "AMOUNT_MISMATCH");
        assertTrue(d.reasons().get(0).message().contains("100000") || d.reasons().get(0).message().contains("array"), d.toJson().toString());

        String honest = body.replace("100000", "100");
        headers.put(Authorizer.AMOUNT_HEADER, "100.00 EUR");
        Decision ok = authorizer().authorize(signed("POST", API + "orders/5", honest, new Intent("pay", API + "orders/5", Amount.of("100.00", "EUR")), headers));
        if (honest.strip().replace("\ufeff", "").startsWith("[")) {
            denied(ok, "AMOUNT_MISMATCH"); // an array states no single amount, whatever it holds
        } else {
            assertTrue(ok.allow(), ok.toJson().toString());
        }
    }

    // ------------------------------------------------------------------ 2. scope escape through path forms

    /**
     * With {@code read} on {@code /orders/} only, paths that Tomcat/Spring ({@code ..;}), double-decoding
     * backends ({@code %252f}) and C backends ({@code %00}) read outside {@code /orders/} were allowed. The
     * proof is validly signed for exactly that URL (an agent can sign anything it likes).
     */
    @ParameterizedTest
    @ValueSource(strings = {"orders/..;/admin/users", "orders/.;/x", "orders/x/..%252f..%252fadmin", "orders/%00",
            "orders/..%3B/admin", "orders/x;jsessionid=1", "orders/..%20/admin", "orders/%2e%2e/admin", "orders/%c0%ae%c0%ae/admin"})
    void pathFormsThatBackendsNormaliseOutOfScopeAreDenied(String path) throws Exception {
        String url = API + path;
        SimpleRequest r = forged("GET", url, url, "", new Intent("read", API + "orders/"));
        Decision d = authorizer().authorize(r);
        denied(d, "URL_NOT_CANONICAL");
    }

    /** The refusal names the rule the URL breaks. */
    @ParameterizedTest
    @ValueSource(strings = {"orders/..;/admin/users|matrix parameter", "orders/x/..%252f..%252fadmin|%25", "orders/%00|control",
            "orders/%2e%2e/admin|encoded '.'", "orders/..%20/admin|dots and spaces", "orders//admin|empty path segment"})
    void theRefusalNamesTheRule(String pathAndRule) throws Exception {
        String[] parts = pathAndRule.split("\\|");
        Decision d = authorizer().authorize(forged("GET", API + parts[0], API + parts[0], "", new Intent("read", API + "orders/")));
        denied(d, "URL_NOT_CANONICAL");
        assertTrue(d.reasons().get(0).message().contains(parts[1]), d.reasons().get(0).message());
    }

    /** The signer refuses to sign a URL the authorizer would refuse; ordinary URLs with queries and encoded spaces are allowed. */
    @ParameterizedTest
    @ValueSource(strings = {"orders/17", "orders/17?expand=items&page=2", "orders/summer%20sale/items?q=a%20b", "orders/17?next=..%2F..%2Fadmin",
            "orders/v1.2/report.pdf", "orders/%7Eme/"})
    void ordinaryUrlsAreSignedAndAllowed(String path) throws Exception {
        Decision d = authorizer().authorize(signed("GET", API + path, "", new Intent("read", API + "orders/"), Map.of()));
        assertTrue(d.allow(), d.toJson().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders/..;/admin/users", "orders/.;/x", "orders/x/..%252f..%252fadmin", "orders/%00"})
    void theSignerRefusesAttackUrls(String path) {
        CapabilityException e = assertThrows(CapabilityException.class,
                () -> signed("GET", API + path, "", new Intent("read", API + "orders/"), Map.of()));
        assertTrue(e.getMessage().startsWith("URL not canonical: "), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    static SimpleRequest signed(String method, String url, String body, Intent intent, Map<String, String> extra) throws Exception {
        RequestSigner s = new RequestSigner(AGENT.did(), AGENT.vm(), AGENT.key().signer(), List.of(ROOT), CLOCK, Duration.ofSeconds(30));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new LinkedHashMap<>(extra);
        h.putAll(s.headers(method, url, b, intent));
        return new SimpleRequest(method, url, h, b);
    }

    /**
     * A request whose proof is signed by the agent's key with {@code htu} exactly as given (not through
     * {@link RequestSigner}, which refuses to sign a URL that is not canonical).
     */
    static SimpleRequest forged(String method, String url, String htu, String body, Intent intent) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        long now = NOW.getEpochSecond();
        JsonObject claims = Jsonp.PROVIDER.createObjectBuilder().add("iss", AGENT.did()).add("htm", method).add("htu", htu)
                .add("content_digest", ContentDigest.of(b)).add("chain_digest", Chains.digest(List.of(ROOT)))
                .add("jti", UUID.randomUUID().toString()).add("iat", now).add("exp", now + 30)
                .add("intent", Jsonp.PROVIDER.createObjectBuilder().add("action", intent.action()).add("resource", intent.resource())).build();
        String jws = CompactJws.sign(CompactJws.headerFor(AGENT.key().signer()).type(new JOSEObjectType(RequestSigner.TYP)).keyID(AGENT.vm()).build(),
                claims.toString().getBytes(StandardCharsets.UTF_8), AGENT.key().signer());
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Authorization", RequestSigner.SCHEME + " " + jws);
        h.put(Chains.HEADER, Chains.encodeHeader(List.of(ROOT)));
        return new SimpleRequest(method, url, h, b);
    }
}
