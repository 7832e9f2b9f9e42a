package dev.mandate.vc.json;

import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.ProofCheck;
import dev.mandate.vc.verify.StatusCheck;
import dev.mandate.vc.verify.ValidityCheck;
import dev.mandate.vc.verify.VerificationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link JsonSink}: a server writes its answers with {@link JsonSink.Text} and everything else reads
 * {@code toJson()}, built by {@link JsonSink.Tree} from the same method; the two must never differ by a byte.
 */
class JsonSinkTest {

    @Property(tries = 500)
    void aResultWrittenAsTextIsByteForByteItsTreeWrittenByCompactJson(@ForAll("results") VerificationResult r) {
        assertArrayEquals(CompactJson.utf8(r.toJson()), r.toJsonUtf8(), () -> r.toJson().toString());
    }

    @Test
    void theTreeHasTheWireShape() {
        VerificationResult nested = new VerificationResult(false, "credential", "vc+jwt", List.of(),
                List.of(new Problem(ErrorType.CREDENTIAL_REVOKED, "revoked \"now\"\n", "/credentialStatus/0")), List.of());
        VerificationResult r = new VerificationResult(false, "presentation", "data-integrity", List.of("proof"),
                List.of(Problem.of(ErrorType.PROOF_VERIFICATION_ERROR, "bad")), List.of(nested),
                List.of(new ProofCheck("DataIntegrityProof", "eddsa-rdfc-2022", "did:key:z6Mk#z6Mk", "authentication", true)),
                new ValidityCheck("", "2030-01-01T00:00:00Z", true),
                List.of(new StatusCheck("https://s.example/l/1", 7, "revocation", 1, "cached", false)));
        String expected = "{\"verified\":false,\"kind\":\"presentation\",\"format\":\"data-integrity\",\"checks\":[\"proof\"],"
                + "\"problems\":[{\"type\":\"" + ErrorType.PROOF_VERIFICATION_ERROR.typeUrl() + "\",\"code\":"
                + ErrorType.PROOF_VERIFICATION_ERROR.code() + ",\"title\":\"PROOF_VERIFICATION_ERROR\",\"detail\":\"bad\",\"path\":\"\"}],"
                + "\"proofs\":[{\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-rdfc-2022\",\"verificationMethod\":\"did:key:z6Mk#z6Mk\","
                + "\"proofPurpose\":\"authentication\",\"verified\":true}],"
                + "\"validity\":{\"validUntil\":\"2030-01-01T00:00:00Z\",\"valid\":true},"
                + "\"status\":[{\"statusListCredential\":\"https://s.example/l/1\",\"statusListIndex\":7,\"statusPurpose\":\"revocation\","
                + "\"value\":1,\"source\":\"cached\",\"valid\":false}],"
                + "\"credentialResults\":[{\"verified\":false,\"kind\":\"credential\",\"format\":\"vc+jwt\",\"checks\":[],"
                + "\"problems\":[{\"type\":\"" + ErrorType.CREDENTIAL_REVOKED.typeUrl() + "\",\"code\":" + ErrorType.CREDENTIAL_REVOKED.code()
                + ",\"title\":\"CREDENTIAL_REVOKED\",\"detail\":\"revoked \\\"now\\\"\\n\",\"path\":\"/credentialStatus/0\"}]}]}";
        assertEquals(expected, new String(r.toJsonUtf8(), StandardCharsets.UTF_8));
        assertEquals(expected, CompactJson.text(r.toJson()));
        assertEquals(7, r.toJson().getJsonArray("status").getJsonObject(0).getJsonNumber("statusListIndex").longValue());
    }

    @Test
    void aDocumentMustBeClosedBeforeItIsRead() {
        JsonSink.Text text = new JsonSink.Text();
        text.startObject();
        assertThrows(IllegalStateException.class, text::utf8);
        text.end();
        assertThrows(IllegalStateException.class, text::end, "nothing is open");
        assertEquals("{}", new String(text.utf8(), StandardCharsets.UTF_8));
        JsonSink.Tree tree = new JsonSink.Tree();
        tree.startObject();
        assertThrows(IllegalStateException.class, tree::object);
        tree.end();
        assertEquals(0, tree.object().size());
    }

    @Test
    void deepNestingGrowsTheTextWritersLevels() {
        JsonSink.Text text = new JsonSink.Text();
        text.startObject();
        for (int i = 0; i < 40; i++) {
            text.startArray("a");
            text.startObject();
        }
        for (int i = 0; i < 40; i++) {
            text.end();
            text.end();
        }
        text.end();
        String s = new String(text.utf8(), StandardCharsets.UTF_8);
        assertEquals("{" + "\"a\":[{".repeat(40) + "}]".repeat(40) + "}", s);
    }

    @Provide
    Arbitrary<VerificationResult> results() {
        return result(3);
    }

    private static Arbitrary<VerificationResult> result(int depth) {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(10); // control characters and lone surrogates too
        Arbitrary<Problem> problem = Combinators.combine(Arbitraries.of(ErrorType.values()), text, text).as(Problem::new);
        Arbitrary<ProofCheck> proof = Combinators.combine(text.filter(s -> !s.isEmpty()), text.filter(s -> !s.isEmpty()),
                text.filter(s -> !s.isEmpty()), text.filter(s -> !s.isEmpty()), Arbitraries.of(true, false)).as(ProofCheck::new);
        Arbitrary<ValidityCheck> validity = Arbitraries.oneOf(Arbitraries.just(ValidityCheck.NOT_CHECKED),
                Combinators.combine(text, text, Arbitraries.of(true, false)).as(ValidityCheck::new));
        Arbitrary<StatusCheck> status = Combinators.combine(text, Arbitraries.longs().between(0, Long.MAX_VALUE), text,
                Arbitraries.integers().between(0, 255), text, Arbitraries.of(true, false)).as(StatusCheck::new);
        Arbitrary<List<VerificationResult>> nested = depth == 0 ? Arbitraries.just(List.of())
                : Arbitraries.lazy(() -> result(depth - 1)).list().ofMaxSize(2);
        return Combinators.combine(text, text, text.list().ofMaxSize(4), problem.list().ofMaxSize(3), nested, proof.list().ofMaxSize(2),
                validity, status.list().ofMaxSize(3))
                .as((kind, format, checks, problems, results, proofs, period, entries) -> new VerificationResult(problems.isEmpty(), kind,
                        format, checks, problems, results, proofs, period, entries));
    }
}
