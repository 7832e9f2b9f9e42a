package dev.mandate.testvectors.attack;

import dev.mandate.testvectors.attack.MutationInputs.CompactCredential;
import dev.mandate.testvectors.attack.MutationInputs.Input;
import dev.mandate.testvectors.attack.MutationInputs.JwtPresentation;
import dev.mandate.testvectors.attack.MutationInputs.Mutant;
import dev.mandate.testvectors.attack.Mutations.Mutation;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verifier.Verification;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.jose.JoseAdapter;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static dev.mandate.testvectors.attack.Mutations.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attacks the verifier with rewrites that keep a proof valid. The property, for every signed input (an
 * agent capability credential in every securing format, alone and inside every presentation form) and
 * every applicable rewrite: <b>either the mutant is not verified, or it verifies and its policy-relevant
 * view ({@link PolicyView}, read from plain members as a naive consumer reads them) is exactly the
 * original's</b>. A verifier that lets an RDFC-secured credential rename {@code validUntil} through an inline
 * alias (same graph, same proof) while a consumer reads {@code validUntil} fails this test.
 *
 * <p>Stronger expectations where they are known:
 * <ul>
 * <li>positive controls (member order, whitespace, dropping or reordering SD-JWT disclosures) keep the
 * proof, so their mutants must verify with the same view;</li>
 * <li>rewrites of JOSE-signed bytes (a JWS payload, the JWT inside an envelope) cannot keep the signature:
 * they must be refused;</li>
 * <li>revoked inputs (checked through a real {@code StatusChecker} on in-memory signed lists) must be
 * refused whatever the rewrite: renaming {@code credentialStatus} must not make a revoked credential pass.</li>
 * </ul>
 * Inside presentations the holder is the attacker: after rewriting a credential it re-signs the
 * presentation, so the credential's own check is what is exercised.
 *
 * <p>A failure names the case ({@code input | mutation}) and shows both views. The {@code @AfterAll} summary
 * lists every mutant that verified: with the same view (what the proofs legitimately tolerate) or not.
 */
class ProofPreservingMutationTest {
    static final MutationInputs FIXTURE = new MutationInputs();
    static final Map<String, String> ORIGINAL_VIEWS = new ConcurrentHashMap<>();
    static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

    static Stream<Input> inputs() {
        return FIXTURE.inputs.stream();
    }

    static Stream<Arguments> cases() {
        return FIXTURE.inputs.stream().flatMap(in -> FIXTURE.mutations.stream()
                .flatMap(m -> in.mutate(m).stream().map(mutant -> Arguments.of(in + " | " + m, in, m, mutant))));
    }

    static Stream<Input> compactInputs() {
        return FIXTURE.inputs.stream().filter(i -> i instanceof CompactCredential || i instanceof JwtPresentation p && p.target < 0);
    }

    static Stream<Input> revokedPresentations() {
        return FIXTURE.inputs.stream().filter(i -> i.revoked && i.presentation());
    }

    static Verification verify(Verifier verifier, Object secured, VerifyOptions options) {
        return secured instanceof JsonObject o ? verifier.verifyWithView(o, options) : verifier.verifyWithView((String) secured, options);
    }

    static String originalView(Input in) {
        return ORIGINAL_VIEWS.computeIfAbsent(in.name, n -> {
            Verification v = verify(FIXTURE.ignoringStatus, in.original(), in.options());
            assertTrue(v.verified(), () -> "the unmutated input " + in + " does not verify: " + v.result().toJson());
            return PolicyView.of(v);
        });
    }

    // ------------------------------------------------------------------------------------------ sanity

    /** Without this the property proves nothing: every unmutated input verifies (and revoked ones only fail on status). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void unmutatedInputVerifies(Input in) {
        Verification ignoring = verify(FIXTURE.ignoringStatus, in.original(), in.options());
        assertTrue(ignoring.verified(), () -> ignoring.result().toJson().toString());
        Verification checking = verify(FIXTURE.checkingStatus, in.original(), in.options());
        if (in.revoked) {
            assertFalse(checking.verified(), "a revoked input must not verify with a status checker");
            assertTrue(hasProblem(checking.result(), ErrorType.CREDENTIAL_REVOKED), () -> checking.result().toJson().toString());
        } else {
            assertTrue(checking.verified(), () -> checking.result().toJson().toString());
            assertEquals(originalView(in), PolicyView.of(checking));
        }
        assertFalse(originalView(in).contains("!"), "the original view reads every member as a plain value");
    }

    /** The aliases the mutations define are exactly the bundled definitions, so they mean the same IRI. */
    @Test
    void aliasDefinitionsAreTheBundledOnes() throws IOException {
        JsonObject v2 = resource("/dev/mandate/contexts/credentials-v2.jsonld").getJsonObject("@context");
        JsonObject vc = v2.getJsonObject("VerifiableCredential").getJsonObject("@context");
        JsonObject vp = v2.getJsonObject("VerifiablePresentation").getJsonObject("@context");
        JsonObject agent = resource("/dev/mandate/contexts/mandate/agent-v1.jsonld").getJsonObject("@context");
        for (String m : new String[] {"validUntil", "validFrom", "issuer", "credentialStatus", "credentialSubject"}) {
            assertEquals(vc.get(m), Mutations.DEFINITIONS.get(m), m);
        }
        for (String m : new String[] {"holder", "verifiableCredential"}) {
            assertEquals(vp.get(m), Mutations.DEFINITIONS.get(m), m);
        }
        for (String m : new String[] {"capability", "delegationDepth"}) {
            assertEquals(agent.get(m), Mutations.DEFINITIONS.get(m), m);
        }
    }

    private static JsonObject resource(String path) throws IOException {
        try (InputStream in = ProofPreservingMutationTest.class.getResourceAsStream(path)) {
            assertTrue(in != null, path);
            return JSON.createReader(in).readObject();
        }
    }

    /** JOSE outer forms are compact strings: there is no outer JSON to rewrite, only signed bytes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("compactInputs")
    void joseOuterJsonCannotBeRewritten(Input in) {
        String compact = (String) in.original();
        assertTrue(JoseAdapter.looksLikeJose(compact));
        assertThrows(JsonInputException.class, () -> BoundedJson.parse(compact));
        // Every JSON rewrite can only go into the signed payload, where the cases below require refusal.
        long rewrites = FIXTURE.mutations.stream().map(in::mutate).flatMap(Optional::stream).count();
        long stale = FIXTURE.mutations.stream().map(in::mutate).flatMap(Optional::stream).filter(Mutant::staleSignature).count();
        long sd = FIXTURE.mutations.stream().filter(m -> m.target() == Mutations.Target.SD_JWT).map(in::mutate).flatMap(Optional::stream).count();
        assertEquals(rewrites - sd, stale, "every JSON rewrite of a JOSE form rewrites signed bytes");
    }

    // ------------------------------------------------------------------------------------------ the property

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void proofPreservingRewriteDoesNotChangeWhatIsRead(String name, Input in, Mutation m, Mutant mutant) {
        Verification v = verify(in.verifier(), mutant.secured().get(), in.options());
        String seen = PolicyView.of(v);
        if (in.revoked) {
            OUTCOMES.put(name, v.verified() ? "VERIFIED (revoked!)" : "refused");
            assertFalse(v.verified(), () -> name + ": a rewrite of a revoked input verified:\n" + seen);
            return;
        }
        if (mutant.staleSignature()) {
            OUTCOMES.put(name, v.verified() ? "VERIFIED (stale JOSE signature!)" : "refused");
            assertFalse(v.verified(), () -> name + ": a rewrite of JOSE-signed bytes verified:\n" + seen);
            return;
        }
        String expected = originalView(in);
        OUTCOMES.put(name, !v.verified() ? "refused" : expected.equals(seen) ? "verified, same view" : "VERIFIED, VIEW DIFFERS");
        if (m.positive()) {
            assertTrue(v.verified(), () -> name + ": positive control: this rewrite keeps the proof and must verify: " + v.result().toJson());
        }
        if (v.verified()) {
            assertEquals(expected, seen, name + ": the mutant verified, so a plain reader of its view must see what the original says");
        }
    }

    // ------------------------------------------------------------------------------------------ revoked inside presentations

    @ParameterizedTest(name = "{0}")
    @MethodSource("revokedPresentations")
    void revokedCredentialFailsEveryPresentationForm(Input in) {
        Verification v = verify(FIXTURE.checkingStatus, in.original(), in.options());
        assertFalse(v.verified());
        assertTrue(v.result().credentialResults().stream().anyMatch(r -> hasProblem(r, ErrorType.CREDENTIAL_REVOKED)),
                () -> "CREDENTIAL_REVOKED expected in credentialResults: " + v.result().toJson());
    }

    static boolean hasProblem(VerificationResult r, ErrorType type) {
        return r.problems().stream().anyMatch(p -> p.type() == type)
                || r.credentialResults().stream().anyMatch(c -> hasProblem(c, type));
    }

    /** Prints which mutants verified (with the same view, or not): what the proofs tolerate, and what got through. */
    @AfterAll
    static void summary() {
        if (OUTCOMES.isEmpty()) return;
        Map<String, Integer> counts = new TreeMap<>();
        OUTCOMES.values().forEach(o -> counts.merge(o, 1, Integer::sum));
        StringBuilder b = new StringBuilder("ProofPreservingMutationTest: " + OUTCOMES.size() + " mutants " + counts + "\n");
        new TreeMap<>(OUTCOMES).forEach((k, v) -> {
            if (!v.equals("refused")) b.append("  ").append(v).append(": ").append(k).append('\n');
        });
        System.out.print(b);
    }
}
