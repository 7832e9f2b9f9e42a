package dev.mandate.agent.authz;

import dev.mandate.agent.Fixtures;
import dev.mandate.agent.Fixtures.Party;
import dev.mandate.agent.chain.Chains;
import dev.mandate.agent.chain.TrustPolicy;
import dev.mandate.agent.request.Intent;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.agent.request.SimpleRequest;
import jakarta.json.JsonObject;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.mandate.agent.Fixtures.cap;
import static dev.mandate.agent.Fixtures.cons;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Garbage and single-character mutations never throw and are never allowed. */
class AuthorizerFuzzTest {
    static final String API = "https://api.example/";
    static final Party ORG = Party.ed(), AGENT = Party.ed();
    static final JsonObject ROOT;
    static final SimpleRequest VALID;

    static {
        try {
            ROOT = Fixtures.root(ORG, AGENT, 0, cap("read", API, cons().build()));
            RequestSigner s = new RequestSigner(AGENT.did(), AGENT.vm(), AGENT.key().signer(), List.of(ROOT), Fixtures.CLOCK, Duration.ofSeconds(30));
            VALID = new SimpleRequest("GET", API + "a", s.headers("GET", API + "a", new byte[0], new Intent("read", API + "a")), new byte[0]);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Authorizer az() throws Exception {
        return Authorizer.builder(Fixtures.VERIFIER, TrustPolicy.trusting(ORG.did(), 0, API)).clock(Fixtures.CLOCK).build();
    }

    @Property(tries = 300)
    void garbageHeadersAreDenied(@ForAll @StringLength(max = 300) String auth, @ForAll @StringLength(max = 300) String chainJson,
                                 @ForAll @StringLength(max = 200) String uri) throws Exception {
        SimpleRequest r = new SimpleRequest("GET", uri, Map.of("Authorization", "Mandate " + auth,
                Chains.HEADER, Base64.getUrlEncoder().encodeToString(chainJson.getBytes(StandardCharsets.UTF_8))), new byte[0]);
        assertFalse(az().authorize(r).allow());
    }

    @Property(tries = 300)
    void anySingleCharacterChangeToTheProofOrChainIsDenied(@ForAll @IntRange(min = 0, max = 100_000) int pos, @ForAll char c,
                                                          @ForAll boolean proof) throws Exception {
        String name = proof ? "Authorization" : Chains.HEADER;
        String v = VALID.headers().get(name);
        int i = (proof ? "Mandate ".length() : 0) + pos % (v.length() - (proof ? "Mandate ".length() : 0));
        if (v.charAt(i) == c) return;
        String mutated = v.substring(0, i) + c + v.substring(i + 1);
        Authorizer az = az();
        Decision d = az.authorize(VALID.withHeader(name, mutated));
        // Only a change that decodes to the same bytes (base64url slack bits in a segment's last
        // character) may be allowed; every real change must be refused.
        if (d.allow()) {
            assertTrue(sameBytes(v, mutated, proof), "a changed " + name + " was allowed at " + i + ": " + d.toJson());
        }
    }

    private static boolean sameBytes(String a, String b, boolean proof) {
        String[] as = (proof ? a.substring(8) : a).split("\\.", -1);
        String[] bs = (proof ? b.substring(8) : b).split("\\.", -1);
        if (as.length != bs.length) return false;
        try {
            for (int k = 0; k < as.length; k++) {
                if (!java.util.Arrays.equals(Base64.getUrlDecoder().decode(as[k]), Base64.getUrlDecoder().decode(bs[k]))) return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
