package dev.mandate.agent.chain;

import dev.mandate.agent.Capability;
import dev.mandate.agent.CapabilityException;
import dev.mandate.agent.Constraints;
import dev.mandate.agent.Fixtures;
import dev.mandate.agent.Fixtures.Party;
import dev.mandate.agent.TimeWindow;
import jakarta.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.mandate.agent.Fixtures.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random chains, each link attenuated at random; then one random escalation at a random link. */
class ChainPropertyTest {
    static final Party ORG = Party.ed();
    static final String API = "https://api.example/";
    static final List<String> SEGS = List.of("a", "b", "c");
    static final ChainVerifier CHAINS = new ChainVerifier(Fixtures.VERIFIER);

    /** Narrows a capability at random (possibly not at all). */
    static Capability narrow(Capability c, Random rnd) throws CapabilityException {
        String res = c.resource().toString();
        if (c.resource().isPrefix() && rnd.nextBoolean()) {
            res = res + SEGS.get(rnd.nextInt(3)) + (rnd.nextBoolean() ? "/" : "");
        }
        Constraints k = c.constraints();
        Constraints.Builder b = k.toBuilder();
        if (k.maxAmount().isPresent() && rnd.nextBoolean()) b.maxAmount(k.maxAmount().get().subtract(BigDecimal.valueOf(rnd.nextInt(5))).max(BigDecimal.ZERO), k.currency().get());
        if (k.ratePerMinute().isPresent() && rnd.nextBoolean()) b.ratePerMinute(Math.max(1, k.ratePerMinute().get() - rnd.nextInt(3)));
        if (k.ratePerMinute().isEmpty() && rnd.nextInt(4) == 0) b.ratePerMinute(1 + rnd.nextInt(50));
        return Capability.of(c.action(), res, b.build());
    }

    /** Widens a capability in one of several ways; the result is never within the original. */
    static Capability escalate(Capability c, int kind) throws CapabilityException {
        Constraints k = c.constraints();
        return switch (kind) {
            case 0 -> Capability.of("delete", c.resource().toString(), k);
            case 1 -> Capability.of(c.action(), "https://api.example/", k.toBuilder().build()).resource().equals(c.resource())
                    ? Capability.of(c.action(), "https://other.example/", k) : Capability.of(c.action(), "https://api.example/", k);
            case 2 -> Capability.of(c.action(), c.resource().toString(), k.toBuilder().maxAmount(k.maxAmount().get().add(BigDecimal.ONE), "EUR").build());
            case 3 -> Capability.of(c.action(), c.resource().toString(), k.toBuilder().methods("DELETE").build());
            case 4 -> Capability.of(c.action(), c.resource().toString(), k.toBuilder().timeOfDay(TimeWindow.parse("00:00-00:00")).build()).constraints()
                    .equals(k) ? Capability.of(c.action(), "https://other.example/", k) : Capability.of(c.action(), c.resource().toString(), k.toBuilder().timeOfDay(TimeWindow.parse("00:00-00:00")).build());
            default -> Capability.of(c.action(), c.resource().toString(), without(k));
        };
    }

    static Constraints without(Constraints k) throws CapabilityException {
        Constraints.Builder b = Constraints.builder();
        b.methods(k.methods().toArray(String[]::new));
        k.timeOfDay().ifPresent(b::timeOfDay);
        return b.build(); // drops maxAmount (always present at the root)
    }

    static Capability rootCap(String action) throws CapabilityException {
        return Capability.of(action, API, Constraints.builder().methods("GET", "POST").maxAmount(new BigDecimal("100"), "EUR")
                .timeOfDay(TimeWindow.parse("06:00-22:00")).build());
    }

    record Built(List<JsonObject> chain, List<Party> parties, List<Capability> leafCaps) {}

    static Built build(int depth, long seed) throws Exception {
        Random rnd = new Random(seed);
        List<Party> parties = new ArrayList<>();
        for (int i = 0; i <= depth; i++) parties.add(Party.ed());
        List<Capability> caps = List.of(rootCap("read"), rootCap("pay"));
        List<JsonObject> chain = new ArrayList<>();
        chain.add(Fixtures.root(ORG, parties.get(0), depth, caps.toArray(Capability[]::new)));
        for (int i = 1; i <= depth; i++) {
            List<Capability> next = new ArrayList<>();
            for (Capability c : caps) if (next.isEmpty() || rnd.nextBoolean()) next.add(narrow(c, rnd));
            chain.add(Fixtures.delegate(chain.get(i - 1), parties.get(i - 1), parties.get(i), depth - i, next.toArray(Capability[]::new)));
            caps = next;
        }
        return new Built(chain, parties, caps);
    }

    @Provide
    Arbitrary<Long> seeds() { return Arbitraries.longs(); }

    @Property(tries = 60)
    void attenuatedChainsVerify(@ForAll @IntRange(min = 0, max = 3) int depth, @ForAll("seeds") long seed) throws Exception {
        Built b = build(depth, seed);
        ChainResult r = CHAINS.verify(b.chain(), TrustPolicy.trusting(ORG.did(), 3, API), NOW);
        assertTrue(r.valid(), r.reasons().toString());
        assertEquals(b.parties().get(depth).did(), r.agentDid());
    }

    @Property(tries = 120)
    void noEscalationIsEverAllowed(@ForAll @IntRange(min = 1, max = 3) int depth, @ForAll("seeds") long seed,
                                   @ForAll @IntRange(min = 0, max = 5) int kind, @ForAll @IntRange(min = 1, max = 3) int at) throws Exception {
        int link = Math.min(at, depth);
        Built b = build(depth, seed);
        List<JsonObject> chain = new ArrayList<>(b.chain().subList(0, link));
        JsonObject parent = chain.get(link - 1);
        Capability base = dev.mandate.agent.Fixtures.parseVerified(parent).capabilities().get(0);
        Capability wider = escalate(base, kind);
        chain.add(Fixtures.forgeDelegation(parent, b.parties().get(link - 1), b.parties().get(link), depth - link,
                NOW.plusSeconds(60), x -> x, wider));
        for (int i = link + 1; i <= depth; i++) {
            chain.add(Fixtures.forgeDelegation(chain.get(i - 1), b.parties().get(i - 1), b.parties().get(i), depth - i,
                    NOW.plusSeconds(60), x -> x, wider));
        }
        ChainResult r = CHAINS.verify(chain, TrustPolicy.trusting(ORG.did(), 3, API), NOW);
        assertFalse(r.valid(), "escalation " + kind + " at link " + link + " was allowed: " + wider);
        assertEquals(link, r.reasons().get(0).link(), r.reasons().toString());
    }
}
