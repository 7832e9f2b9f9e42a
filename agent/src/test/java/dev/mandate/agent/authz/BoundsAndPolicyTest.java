package dev.mandate.agent.authz;

import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Fixtures;
import dev.mandate.agent.Fixtures.Party;
import dev.mandate.agent.chain.ChainResult;
import dev.mandate.agent.chain.ChainVerifier;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.ReplayCache;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import static dev.mandate.agent.Fixtures.NOW;
import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundsAndPolicyTest {
    static final String API = "https://api.example/";

    @Test
    void replayCacheIsBoundedAndEvictsExpiredNonces() {
        dev.mandate.agent.request.InMemoryReplayCache c = new dev.mandate.agent.request.InMemoryReplayCache(2);
        assertEquals(ReplayCache.Outcome.FRESH, c.checkAndRecord("a", 100, 50));
        assertEquals(ReplayCache.Outcome.REPLAY, c.checkAndRecord("a", 100, 60));
        assertEquals(ReplayCache.Outcome.FRESH, c.checkAndRecord("b", 200, 60));
        assertEquals(ReplayCache.Outcome.FULL, c.checkAndRecord("c", 200, 60));
        assertEquals(ReplayCache.Outcome.FRESH, c.checkAndRecord("c", 300, 150)); // "a" expired and was dropped
        assertEquals(2, c.size());
    }

    @Test
    void rateLimiterSlidesAndIsBoundedInKeys() {
        RateLimiter r = new InMemoryRateLimiter(1);
        assertTrue(r.tryAcquire("x", 2, 0));
        assertTrue(r.tryAcquire("x", 2, 10));
        assertFalse(r.tryAcquire("x", 2, 59_000));
        assertFalse(r.tryAcquire("y", 2, 59_000)); // no room for a second live key
        assertTrue(r.tryAcquire("x", 2, 60_001)); // the first request left the window
        assertTrue(r.tryAcquire("y", 2, 200_000)); // x went idle and was dropped
    }

    @Test
    void policyJsonParsesAndRejectsBadInput() throws Exception {
        String org = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
        TrustPolicy p = TrustPolicy.parse("{\"maxDepth\":2,\"audience\":[\"did:web:s\"],\"trust\":[{\"issuer\":\"" + org
                + "\",\"resources\":[\"https://API.example/a/\"]}]}");
        assertEquals(2, p.maxDepth());
        assertEquals(List.of("did:web:s"), p.audience());
        assertTrue(p.trusts(org, dev.mandate.agent.ResourcePattern.parse("https://api.example/a/b")));
        assertFalse(p.trusts(org, dev.mandate.agent.ResourcePattern.parse("https://api.example/b")));
        assertThrows(CapabilityException.class, () -> TrustPolicy.parse("{\"maxDepth\":99,\"trust\":[]}"));
        assertThrows(CapabilityException.class, () -> TrustPolicy.parse("{\"maxDepth\":1,\"trust\":[{\"issuer\":\"x\"}]}"));
        assertThrows(CapabilityException.class, () -> TrustPolicy.parse("{\"maxDepth\":1,\"trust\":[{\"issuer\":\"x\",\"resources\":[\"https://a/../b\"]}]}"));
        assertThrows(CapabilityException.class, () -> TrustPolicy.parse("not json"));
    }

    @Test
    void aPolicyRootThatIsNotAUsableDidIsRefused() {
        for (String root : List.of("did:key:z1", "did:key:z6Mk\u2026", "ORG", "did:web:127.1")) {
            CapabilityException e = assertThrows(CapabilityException.class, () -> TrustPolicy.parse(
                    "{\"maxDepth\":1,\"trust\":[{\"issuer\":\"" + root + "\",\"resources\":[\"https://api.example/\"]}]}"));
            assertTrue(e.getMessage().startsWith("policy trust[0].issuer " + root + ": not a"), e.getMessage());
        }
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = NOW;
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    @Test
    void chainCacheNeverOutlivesALinkOrItsTtl() throws Exception {
        Party org = Party.ed(), agent = Party.ed();
        JsonObject root = Fixtures.root(org, agent, 0, cap("read", API, cons().build())); // valid 1 h from NOW
        MovingClock clock = new MovingClock();
        Verifier v = Verifier.builder(Fixtures.RESOLVER).clock(clock).build();
        Authorizer az = Authorizer.builder(v, TrustPolicy.trusting(org.did(), 0, API))
                .clock(clock).chainCacheTtl(Duration.ofHours(5)).build();
        RequestSigner s = new RequestSigner(agent.did(), agent.vm(), agent.key().signer(), List.of(root), clock, Duration.ofSeconds(30));
        assertTrue(az.authorize(new SimpleRequest("GET", API + "a", s.headers("GET", API + "a", new byte[0], new Intent("read", API + "a")), new byte[0])).allow());
        clock.now = NOW.plus(Duration.ofMinutes(59));
        assertTrue(az.authorize(new SimpleRequest("GET", API + "a", s.headers("GET", API + "a", new byte[0], new Intent("read", API + "a")), new byte[0])).allow());
        clock.now = NOW.plus(Duration.ofMinutes(61));
        Decision late = az.authorize(new SimpleRequest("GET", API + "a", s.headers("GET", API + "a", new byte[0], new Intent("read", API + "a")), new byte[0]));
        assertFalse(late.allow(), "a cached chain was used past its validUntil");
        assertEquals(dev.mandate.agent.Reason.Code.LINK_NOT_VERIFIED, late.reasons().get(0).code());
    }

    @Test
    void rdfcSignedChainsVerifyToo() throws Exception {
        Party org = Party.ed(), agent = Party.ed(), sub = Party.ed();
        dev.mandate.agent.CapabilityIssuer issuer = new dev.mandate.agent.CapabilityIssuer(Fixtures.CLOCK);
        JsonObject root = issuer.grant(Fixtures.grant(agent, 1, Duration.ofHours(1),
                cap("read", API, cons().methods("GET").dataClassification("internal").build())), org.signing("eddsa-rdfc-2022"));
        JsonObject link = issuer.delegate(root, Fixtures.grant(sub, 0, Duration.ofMinutes(5), cap("read", API + "x/", cons().methods("GET").dataClassification("public").build())),
                agent.signing("eddsa-rdfc-2022"));
        ChainResult r = new ChainVerifier(Fixtures.VERIFIER).verify(List.of(root, link), TrustPolicy.trusting(org.did(), 1, API), NOW);
        assertTrue(r.valid(), r.reasons().toString());
        assertEquals("eddsa-rdfc-2022", link.getJsonObject("proof").getString("cryptosuite"));
    }
}
