package dev.mandate.vc.verifier.jose;

import dev.mandate.vc.verifier.SecuredDocument;
import dev.mandate.vc.verify.ProofCheck;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/** What one JOSE adapter run has found so far; {@link #done} turns it into the adapter's output. */
final class Run {
    final String kind;
    final String format;
    SecuredDocument.Model model = SecuredDocument.Model.W3C;
    final List<String> checks = new ArrayList<>(8);
    final List<Problem> problems = new ArrayList<>(2);
    final List<ProofCheck> proofs = new ArrayList<>(1);
    String kid = "";
    String party = "";
    boolean signed;
    List<JsonValue> nested = List.of();
    String nestedPath = "";

    Run(String kind, String format) {
        this.kind = kind;
        this.format = format;
    }

    void problem(Problem p) {
        problems.add(p);
    }

    SecuredDocument fail(Problem p) {
        problems.add(p);
        return done(null);
    }

    /** The adapter's output; {@code view} is the signed JSON (null when nothing authentic could be decoded). */
    SecuredDocument done(JsonObject view) {
        boolean authentic = signed && view != null;
        return new SecuredDocument(kind, format, model, authentic ? view : JsonValue.EMPTY_JSON_OBJECT, authentic, party,
                checks, problems, proofs, authentic ? nested : List.of(), nestedPath);
    }
}
