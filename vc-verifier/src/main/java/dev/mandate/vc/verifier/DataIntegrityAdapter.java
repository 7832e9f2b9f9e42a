package dev.mandate.vc.verifier;

import dev.mandate.vc.model.DateTimeStamp;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.ProofCheck;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.ValidityPeriod;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Data Integrity format adapter (VC Data Integrity 1.0, section "Verify Proof"): for every proof its
 * shape, a supported cryptosuite, the proof purpose (assertionMethod for credentials, authentication for
 * presentations), challenge and domain, created/expires with the clock skew, the verification method
 * resolved through the {@link MethodResolver} and listed under the purpose, its controller being the
 * issuer (or holder), and the signature over the suite's transformation of the document. The verified view
 * is the document itself; the pipeline's {@link dev.mandate.vc.model.JsonLdIntegrity} stage makes sure its
 * members mean what the signed graph says.
 */
final class DataIntegrityAdapter {
    private final MethodResolver resolver;
    private final Duration clockSkew;
    private final boolean issuerMustControlProofKey;

    DataIntegrityAdapter(MethodResolver resolver, Duration clockSkew, boolean issuerMustControlProofKey) {
        this.resolver = resolver;
        this.clockSkew = clockSkew;
        this.issuerMustControlProofKey = issuerMustControlProofKey;
    }

    SecuredDocument open(JsonObject doc, boolean presentation, VerifyOptions options, Instant now) {
        String kind = presentation ? "presentation" : "credential";
        List<String> checks = new ArrayList<>(2);
        List<Problem> problems = new ArrayList<>(2);
        List<ProofCheck> proofs = new ArrayList<>(1);
        String named = presentation ? id(doc.get("holder")).orElse("") : id(doc.get("issuer")).orElse("");
        String expected = presentation || issuerMustControlProofKey ? named : "";
        String purpose = presentation ? "authentication" : "assertionMethod";
        String controller = verifyProofs(doc, purpose, expected, presentation ? "holder" : "issuer",
                presentation ? options : VerifyOptions.none(), now, checks, problems, proofs);
        boolean authentic = problems.isEmpty() && controller != null;
        // The authenticated party is the one whose key signed: the named issuer/holder when it must control
        // the key (the default), else the key's controller, never a name nobody proved.
        String party = controller == null ? "" : expected.isEmpty() ? controller : named;
        List<JsonValue> nested = List.of();
        if (presentation && authentic) {
            JsonValue vcs = doc.get("verifiableCredential");
            nested = vcs instanceof JsonArray a ? a : vcs == null ? List.of() : List.of(vcs);
        }
        return new SecuredDocument(kind, Verifier.FORMAT_DATA_INTEGRITY, SecuredDocument.Model.W3C,
                authentic ? doc : JsonValue.EMPTY_JSON_OBJECT, authentic, party, checks, problems, proofs, nested, "/verifiableCredential");
    }

    /** Verifies every proof; returns the controller of the (first) proof's method when all verified, else null. */
    private String verifyProofs(JsonObject doc, String purpose, String expectedController, String controllerRole,
                                VerifyOptions options, Instant now, List<String> checks, List<Problem> problems, List<ProofCheck> proofs) {
        JsonValue proofValue = doc.get("proof");
        if (proofValue == null) {
            problems.add(new Problem(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "the document has no proof: it is not secured", "/proof"));
            return null;
        }
        if (!(proofValue instanceof JsonObject) && !(proofValue instanceof JsonArray)) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof must be an object or a list of objects", "/proof"));
            return null;
        }
        List<JsonValue> raw = proofValue instanceof JsonArray a ? a : List.of(proofValue);
        if (raw.isEmpty()) {
            problems.add(new Problem(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "the proof list is empty", "/proof"));
            return null;
        }
        String controller = null;
        for (int i = 0; i < raw.size(); i++) {
            String path = proofValue instanceof JsonArray ? "/proof/" + i : "/proof";
            if (!(raw.get(i) instanceof JsonObject proof)) {
                problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof is not an object", path));
                continue;
            }
            int before = problems.size();
            String c = verifyOneProof(doc, proof, path, purpose, expectedController, controllerRole, options, now, problems);
            proofs.add(new ProofCheck(str(proof, "type"), str(proof, "cryptosuite"), str(proof, "verificationMethod"), purpose,
                    problems.size() == before && c != null));
            if (controller == null) {
                controller = c;
            }
        }
        if (problems.isEmpty()) {
            checks.add("proof");
            return controller;
        }
        return null;
    }

    private String verifyOneProof(JsonObject doc, JsonObject proof, String path, String purpose, String expectedController,
                                  String controllerRole, VerifyOptions options, Instant now, List<Problem> problems) {
        List<Problem> shape = DataIntegrity.checkShape(proof, path);
        if (!shape.isEmpty()) {
            problems.addAll(shape);
            return null;
        }
        String actualPurpose = ((JsonString) proof.get("proofPurpose")).getString();
        if (!purpose.equals(actualPurpose)) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proofPurpose is '" + actualPurpose + "' but a "
                    + ("authentication".equals(purpose) ? "presentation" : "credential") + " proof needs '" + purpose + "'",
                    path + "/proofPurpose"));
            return null;
        }
        int before = problems.size();
        options.challenge().ifPresent(expected -> {
            if (!(proof.get("challenge") instanceof JsonString c) || !Verifier.constantTimeEquals(c.getString(), expected)) {
                problems.add(new Problem(ErrorType.INVALID_CHALLENGE_ERROR,
                        proof.containsKey("challenge") ? "the proof's challenge does not match the expected challenge"
                                : "the proof has no challenge but one was expected", path + "/challenge"));
            }
        });
        options.domain().ifPresent(expected -> {
            if (!domainMatches(proof.get("domain"), expected)) {
                problems.add(new Problem(ErrorType.INVALID_DOMAIN_ERROR,
                        proof.containsKey("domain") ? "the proof's domain does not match the expected domain '" + expected + "'"
                                : "the proof has no domain but '" + expected + "' was expected", path + "/domain"));
            }
        });
        timeWindow(proof, path, now, problems);
        if (problems.size() != before) {
            return null;
        }
        String vm = ((JsonString) proof.get("verificationMethod")).getString();
        MethodResolution resolution = resolver.resolve(vm);
        if (resolution instanceof MethodResolution.Failed f) {
            problems.add(new Problem(f.problem().type(), f.problem().message(), path + "/verificationMethod"));
            return null;
        }
        ResolvedMethod method = ((MethodResolution.Found) resolution).method();
        if (!method.relationships().contains(purpose)) {
            problems.add(new Problem(ErrorType.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD, "verification method " + vm
                    + " is not listed under '" + purpose + "' in its controller's document", path + "/verificationMethod"));
            return null;
        }
        if (!expectedController.isEmpty() && !expectedController.equals(method.controller())) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "verification method " + vm + " is controlled by "
                    + method.controller() + ", not by the " + controllerRole + " " + expectedController, path + "/verificationMethod"));
            return null;
        }
        List<Problem> signature = DataIntegrity.verifyProof(doc, proof, path, method.key());
        problems.addAll(signature);
        return signature.isEmpty() ? method.controller() : null;
    }

    private void timeWindow(JsonObject proof, String path, Instant now, List<Problem> problems) {
        ValidityPeriod.Window w = proofWindow(proof, clockSkew);
        if (now.isBefore(w.from())) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof was created in the future ("
                    + DataIntegrity.format(parseTime(proof, "created").orElseThrow()) + ", now " + DataIntegrity.format(now) + ")",
                    path + "/created"));
        }
        if (now.isAfter(w.until())) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof expired at "
                    + DataIntegrity.format(parseTime(proof, "expires").orElseThrow()), path + "/expires"));
        }
    }

    /**
     * The instants a proof's {@code created} and {@code expires} admit, widened by {@code skew}, bounds included
     * (unbounded on a side the proof does not set); what the adapter checks every proof against, and what a recheck
     * of a verified credential compares its time with.
     */
    static ValidityPeriod.Window proofWindow(JsonObject proof, Duration skew) {
        Instant from = parseTime(proof, "created").map(t -> minus(t, skew)).orElse(Instant.MIN);
        Instant until = parseTime(proof, "expires").map(t -> plus(t, skew)).orElse(Instant.MAX);
        return new ValidityPeriod.Window(from, until);
    }

    private static Instant minus(Instant t, Duration d) {
        try {
            return t.minus(d);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Instant.MIN;
        }
    }

    private static Instant plus(Instant t, Duration d) {
        try {
            return t.plus(d);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            return Instant.MAX;
        }
    }

    private static Optional<Instant> parseTime(JsonObject o, String member) {
        return o.get(member) instanceof JsonString s ? DateTimeStamp.parse(s.getString()) : Optional.empty();
    }

    private static boolean domainMatches(JsonValue actual, String expected) {
        if (actual instanceof JsonString s) {
            return s.getString().equals(expected);
        }
        if (actual instanceof JsonArray a) {
            return a.stream().anyMatch(v -> v instanceof JsonString s && s.getString().equals(expected));
        }
        return false;
    }

    static Optional<String> id(JsonValue v) {
        if (v instanceof JsonString s) return Optional.of(s.getString());
        if (v instanceof JsonObject o && o.get("id") instanceof JsonString s) return Optional.of(s.getString());
        return Optional.empty();
    }

    private static String str(JsonObject o, String member) {
        return o.get(member) instanceof JsonString s ? s.getString() : "";
    }
}
