package dev.mandate.vc.verify;

import jakarta.json.JsonObject;

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
        dev.mandate.vc.json.JsonSink.Tree t = new dev.mandate.vc.json.JsonSink.Tree();
        write(t);
        return t.object();
    }

    /**
     * {@return {@link #toJson()} as compact JSON text in UTF-8, byte for byte what
     * {@link dev.mandate.vc.json.CompactJson#utf8} writes for it, without building the tree (a server's answer)}
     */
    public byte[] toJsonUtf8() {
        dev.mandate.vc.json.JsonSink.Text t = new dev.mandate.vc.json.JsonSink.Text();
        write(t);
        return t.utf8();
    }

    /**
     * Writes this result as one object: the shape of {@link #toJson()}, to a tree or to text.
     *
     * @param s where to write it (an array item or the document)
     */
    public void write(dev.mandate.vc.json.JsonSink s) {
        s.startObject();
        s.add("verified", verified);
        s.add("kind", kind);
        s.add("format", format);
        s.startArray("checks");
        for (String c : checks) {
            s.add(c);
        }
        s.end();
        s.startArray("problems");
        for (Problem pr : problems) {
            s.startObject();
            s.add("type", pr.type().typeUrl());
            s.add("code", pr.type().code());
            s.add("title", pr.type().name());
            s.add("detail", pr.message());
            s.add("path", pr.path());
            s.end();
        }
        s.end();
        if (!proofs.isEmpty()) {
            s.startArray("proofs");
            for (ProofCheck x : proofs) {
                s.startObject();
                x.members(s);
                s.end();
            }
            s.end();
        }
        if (validity != ValidityCheck.NOT_CHECKED) {
            s.startObject("validity");
            validity.members(s);
            s.end();
        }
        if (!status.isEmpty()) {
            s.startArray("status");
            for (StatusCheck x : status) {
                s.startObject();
                x.members(s);
                s.end();
            }
            s.end();
        }
        if (!credentialResults.isEmpty()) {
            s.startArray("credentialResults");
            for (VerificationResult r : credentialResults) {
                r.write(s);
            }
            s.end();
        }
        s.end();
    }
}
