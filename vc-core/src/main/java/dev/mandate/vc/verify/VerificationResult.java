package dev.mandate.vc.verify;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;
import java.util.Objects;

/**
 * The one result every verification returns (library, CLI and HTTP server alike), serializable to
 * JSON with {@link #toJson()}:
 * {@code {verified, kind, format, checks[], problems[{type, code, title, detail, path}], proofs[], validity?,
 * status[], credentialResults[]}}: a tree, as every credential nested in a presentation has a result of
 * its own, with the same problem types, in {@code credentialResults}.
 *
 * <p>Verification never throws on bad input: invalid input is a result with {@code verified=false}
 * and problems. {@link #operationalFailure()} tells "could not verify" (a dependency failed) apart
 * from "verified as invalid".
 *
 * @param verified          true only if every check passed and there are no problems
 * @param kind              {@code credential} or {@code presentation} (or {@code unknown} when unparseable)
 * @param format            the securing format, e.g. {@code data-integrity}, {@code vc+jwt}, {@code vc-jwt-1.1}, {@code sd-jwt}
 * @param checks            the names of the checks that were performed and passed (e.g. {@code proof}, {@code validFrom})
 * @param problems          why verification failed; empty when verified
 * @param credentialResults for a presentation, one result per embedded credential, in order
 * @param proofs            one entry per proof checked (suite, method, purpose, verified)
 * @param validity          the credential's validity period and whether it held ({@link ValidityCheck#NOT_CHECKED}
 *                          for presentations and credentials whose proof failed)
 * @param status            one entry per {@code credentialStatus} entry read (list, index, purpose, value, source)
 */
public record VerificationResult(boolean verified, String kind, String format, List<String> checks,
                                 List<Problem> problems, List<VerificationResult> credentialResults,
                                 List<ProofCheck> proofs, ValidityCheck validity, List<StatusCheck> status) {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    /**
     * Copies the lists (unmodifiable).
     *
     * @param verified          true only if every check passed
     * @param kind              {@code credential}, {@code presentation} or {@code unknown}
     * @param format            the securing format
     * @param checks            the checks that passed
     * @param problems          why verification failed
     * @param credentialResults a presentation's per-credential results
     * @param proofs            the proofs checked
     * @param validity          the validity period check
     * @param status            the status entries read
     * @throws IllegalArgumentException if {@code verified} is true and there are problems
     */
    public VerificationResult {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(format, "format");
        checks = List.copyOf(checks);
        problems = List.copyOf(problems);
        credentialResults = List.copyOf(credentialResults);
        proofs = List.copyOf(proofs);
        Objects.requireNonNull(validity, "validity");
        status = List.copyOf(status);
        if (verified && !problems.isEmpty()) {
            throw new IllegalArgumentException("a verified result cannot carry problems");
        }
    }

    /**
     * A result without proof, validity or status details.
     *
     * @param verified          whether everything verified
     * @param kind              {@code credential}, {@code presentation} or {@code unknown}
     * @param format            the securing format
     * @param checks            the checks that passed
     * @param problems          why it did not verify
     * @param credentialResults the results of the credentials inside a presentation
     */
    public VerificationResult(boolean verified, String kind, String format, List<String> checks,
                              List<Problem> problems, List<VerificationResult> credentialResults) {
        this(verified, kind, format, checks, problems, credentialResults, List.of(), ValidityCheck.NOT_CHECKED, List.of());
    }

    /**
     * This result with one more problem (and so not verified).
     *
     * @param problem the problem to add
     * @return a new, unverified result
     */
    public VerificationResult withProblem(Problem problem) {
        List<Problem> all = new java.util.ArrayList<>(problems);
        all.add(Objects.requireNonNull(problem, "problem"));
        return new VerificationResult(false, kind, format, checks, all, credentialResults, proofs, validity, status);
    }

    /**
     * A failed result with a single problem and no checks.
     *
     * @param kind    {@code credential}, {@code presentation} or {@code unknown}
     * @param format  the securing format, or {@code unknown}
     * @param problem why it failed
     * @return the unverified result
     */
    public static VerificationResult failure(String kind, String format, Problem problem) {
        return new VerificationResult(false, kind, format, List.of(), List.of(problem), List.of());
    }

    /** {@return true if verification failed only or partly because a dependency failed (resolver, network, store)} */
    public boolean operationalFailure() {
        return problems.stream().anyMatch(p -> p.type().operational())
                || credentialResults.stream().anyMatch(VerificationResult::operationalFailure);
    }

    /** {@return this result as JSON (the wire format of the CLI and the HTTP verifier)} */
    public JsonObject toJson() {
        JsonObjectBuilder b = JSON.createObjectBuilder()
                .add("verified", verified)
                .add("kind", kind)
                .add("format", format);
        JsonArrayBuilder c = JSON.createArrayBuilder();
        checks.forEach(c::add);
        b.add("checks", c);
        JsonArrayBuilder p = JSON.createArrayBuilder();
        for (Problem pr : problems) {
            p.add(JSON.createObjectBuilder()
                    .add("type", pr.type().typeUrl())
                    .add("code", pr.type().code())
                    .add("title", pr.type().name())
                    .add("detail", pr.message())
                    .add("path", pr.path()));
        }
        b.add("problems", p);
        if (!proofs.isEmpty()) {
            JsonArrayBuilder pa = JSON.createArrayBuilder();
            proofs.forEach(x -> pa.add(x.toJson()));
            b.add("proofs", pa);
        }
        if (validity != ValidityCheck.NOT_CHECKED) {
            b.add("validity", validity.toJson());
        }
        if (!status.isEmpty()) {
            JsonArrayBuilder sa = JSON.createArrayBuilder();
            status.forEach(x -> sa.add(x.toJson()));
            b.add("status", sa);
        }
        if (!credentialResults.isEmpty()) {
            JsonArrayBuilder cr = JSON.createArrayBuilder();
            credentialResults.forEach(r -> cr.add(r.toJson()));
            b.add("credentialResults", cr);
        }
        return b.build();
    }
}
