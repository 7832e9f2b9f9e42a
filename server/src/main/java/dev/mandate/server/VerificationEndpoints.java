package dev.mandate.server;

import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;

import static dev.mandate.server.VcApiBodies.describe;
import static dev.mandate.server.VcApiBodies.optionString;

/**
 * The VC-API verification routes of {@link ApiHandler}: {@code POST /challenges}, {@code POST /credentials/verify}
 * (answers of verified credentials cached in {@link VerificationCache}) and {@code POST /presentations/verify}, which
 * consumes the presentation's challenge: one this server (or its shared store) issued, or with
 * {@code challenges.requireIssued = false} the relying party's own, usable once.
 */
final class VerificationEndpoints {
    private final RequestChecks checks;
    private final Verifier verifier;
    private final dev.mandate.agent.state.ChallengeStore challenges;
    private final VerificationCache cache;
    private final Metrics metrics;
    /** {@code challenges.requireIssued}: presentations must answer a challenge this server (or its shared store) issued. */
    private volatile boolean requireIssued = true;

    VerificationEndpoints(RequestChecks checks, Verifier verifier, dev.mandate.agent.state.ChallengeStore challenges,
                          VerificationCache cache, Metrics metrics) {
        this.checks = checks;
        this.verifier = verifier;
        this.challenges = challenges;
        this.cache = cache;
        this.metrics = metrics;
    }

    /** Sets {@code challenges.requireIssued} (default true). */
    void requireIssuedChallenges(boolean require) {
        this.requireIssued = require;
    }

    void challenge(Exchange ex) {
        if (!checks.authorize(ex, "challenges", "")) {
            return;
        }
        Optional<String> c;
        try {
            c = challenges.issue();
        } catch (dev.mandate.agent.state.SharedStateUnavailableException e) {
            stateUnavailable(ex, "no challenge was issued: " + e.getMessage());
            return;
        }
        if (c.isEmpty()) {
            ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            ex.problem(503, Exchange.ERRORS + "TOO_MANY_CHALLENGES", "Service Unavailable",
                    "too many unused challenges are outstanding; retry when some are used or expire");
            return;
        }
        metrics.challengeIssued();
        ex.json(200, Jsonp.PROVIDER.createObjectBuilder().add("challenge", c.get())
                .add("expiresInSeconds", challenges.ttl().toSeconds()).build());
    }

    /** Consumes {@code challenge}; when the shared store cannot answer, false with the reason in {@code unavailable[0]}. */
    private boolean consume(String challenge, String[] unavailable) {
        try {
            return challenges.consume(challenge);
        } catch (dev.mandate.agent.state.SharedStateUnavailableException e) {
            unavailable[0] = e.getMessage();
            return false;
        }
    }

    /** 503 STATE_UNAVAILABLE: the shared state (Redis) did not answer, so the server refuses rather than guess. */
    private static void stateUnavailable(Exchange ex, String detail) {
        ex.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        ex.problem(503, Exchange.ERRORS + "STATE_UNAVAILABLE", "Service Unavailable", detail);
    }

    void verifyCredential(Exchange ex) {
        if (!checks.authorize(ex, "verify", "")) {
            return;
        }
        Optional<byte[]> bytes = checks.readBody(ex);
        if (bytes.isEmpty()) {
            return;
        }
        java.nio.ByteBuffer key = null;
        if (cache.enabled()) {
            key = VerificationCache.key(bytes.get());
            Optional<VerificationCache.Hit> hit = cache.get(key);
            if (hit.isPresent()) {
                answerFromCache(ex, key, hit.get());
                return;
            }
            metrics.cacheMiss();
        }
        Optional<JsonObject> body = checks.parseObject(ex, bytes.get(), "{\"verifiableCredential\": {...}, \"options\": {...}}");
        if (body.isEmpty()) {
            return;
        }
        List<Problem> requestProblems = new ArrayList<>();
        optionString(body.get(), "challenge", requestProblems);
        JsonValue vc = body.get().get("verifiableCredential");
        VerificationResult r;
        java.util.Optional<dev.mandate.vc.verifier.VerifiedCredential> verified = java.util.Optional.empty();
        if (!requestProblems.isEmpty()) {
            r = new VerificationResult(false, "credential", "unknown", List.of(), requestProblems, List.of());
        } else if (!(vc instanceof JsonObject doc)) {
            r = VerificationResult.failure("credential", "unknown", new Problem(ErrorType.PARSING_ERROR,
                    "verifiableCredential is " + describe(vc) + ", not a credential object", "/verifiableCredential"));
        } else if (Verifier.isPresentation(doc)) {
            r = VerificationResult.failure("presentation", "unknown", new Problem(ErrorType.MALFORMED_VALUE_ERROR,
                    "verifiableCredential is a presentation; send it to /presentations/verify as verifiablePresentation", "/type"));
        } else {
            dev.mandate.vc.verifier.Verification v = verifier.verifyWithView(doc, VerifyOptions.none());
            r = v.result();
            verified = v.credential();
            if (r.kind().equals("presentation")) {
                r = withProblem(r, new Problem(ErrorType.MALFORMED_VALUE_ERROR,
                        "verifiableCredential is a presentation; send it to /presentations/verify as verifiablePresentation", ""));
            }
        }
        metrics.verification("credentials", r);
        byte[] response = r.toJsonUtf8();
        if (key != null && verified.isPresent() && r.verified()) {
            cache.put(key, verified.get(), response, bytes.get().length);
        }
        ex.send(status(r), Exchange.JSON, response);
    }

    /**
     * A cache hit: the answer as it was stored, or for a credential with a status, after checking its status (and
     * validity period) again: sent as stored when the result is unchanged, else written anew and remembered.
     */
    private void answerFromCache(Exchange ex, java.nio.ByteBuffer key, VerificationCache.Hit hit) {
        if (!hit.recheck()) {
            metrics.cachedVerification("credentials", null);
            ex.send(200, Exchange.JSON, hit.response());
            return;
        }
        VerificationResult r = verifier.recheck(hit.credential(), VerifyOptions.none()).result();
        metrics.cachedVerification("credentials", r);
        if (r == hit.answered()) { // the verifier reused its last recheck: nothing changed
            ex.send(hit.code(), Exchange.JSON, hit.response());
            return;
        }
        if (r.equals(hit.answered())) {
            // the same answer: keep the bytes, and this result, which later rechecks give again while nothing changes
            cache.answered(key, hit, r, hit.code(), hit.response());
            ex.send(hit.code(), Exchange.JSON, hit.response());
            return;
        }
        byte[] response = r.toJsonUtf8();
        cache.answered(key, hit, r, status(r), response);
        ex.send(status(r), Exchange.JSON, response);
    }

    void verifyPresentation(Exchange ex) {
        if (!checks.authorize(ex, "verify", "")) {
            return;
        }
        Optional<JsonObject> body = checks.readObject(ex, "{\"verifiablePresentation\": {...}, \"options\": {\"challenge\": ..., \"domain\": ...}}");
        if (body.isEmpty()) {
            return;
        }
        List<Problem> requestProblems = new ArrayList<>();
        Optional<String> given = optionString(body.get(), "challenge", requestProblems);
        String[] unavailable = new String[1];
        Optional<String> domain = optionString(body.get(), "domain", requestProblems);
        JsonValue vp = body.get().get("verifiablePresentation");
        VerificationResult r;
        if (!requestProblems.isEmpty()) {
            r = new VerificationResult(false, "presentation", "unknown", List.of(), requestProblems, List.of());
        } else if (!(vp instanceof JsonObject doc)) {
            r = VerificationResult.failure("presentation", "unknown", new Problem(ErrorType.PARSING_ERROR,
                    "verifiablePresentation is " + describe(vp) + ", not a presentation object", "/verifiablePresentation"));
        } else {
            Optional<String> expected = requireIssued ? given.or(() -> proofChallenge(doc)) : given;
            Problem challengeProblem = null;
            if (!requireIssued) {
                try {
                    challengeProblem = relyingPartyChallenge(given);
                } catch (dev.mandate.agent.state.SharedStateUnavailableException e) {
                    stateUnavailable(ex, "the presentation's challenge could not be checked, so it was not verified: " + e.getMessage());
                    return;
                }
            } else if (expected.isEmpty()) {
                challengeProblem = new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "no challenge: get one from POST /challenges, "
                        + "have the holder sign the presentation with it, and pass it as options.challenge", "/proof/challenge");
            } else if (consume(expected.get(), unavailable)) {
                metrics.challengeConsumed();
            } else if (unavailable[0] != null) {
                stateUnavailable(ex, "the presentation's challenge could not be checked, so it was not verified: " + unavailable[0]);
                return;
            } else {
                challengeProblem = new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "the challenge was not issued by this server, "
                        + "has expired, or was already used (a presentation can be verified once)", "/proof/challenge");
            }
            VerifyOptions options = VerifyOptions.none();
            if (expected.isPresent()) {
                options = options.withChallenge(expected.get());
            }
            if (domain.isPresent()) {
                options = options.withDomain(domain.get());
            }
            r = verifier.verify(doc, options);
            if (r.kind().equals("credential")) {
                r = withProblem(r, new Problem(ErrorType.MALFORMED_VALUE_ERROR,
                        "verifiablePresentation is a credential; send it to /credentials/verify as verifiableCredential", ""));
            }
            if (challengeProblem != null) {
                r = withProblem(r, challengeProblem);
            }
        }
        metrics.verification("presentations", r);
        ex.send(status(r), Exchange.JSON, r.toJsonUtf8());
    }

    /** Longest challenge a relying party may choose ({@code challenges.requireIssued = false}); each is remembered for its ttl. */
    static final int MAX_CHALLENGE_CHARS = 512;

    /**
     * {@code challenges.requireIssued = false}: the relying party's own challenge, {@code options.challenge}, is
     * required and usable once per server within the challenge ttl. Null when it may be used.
     */
    private Problem relyingPartyChallenge(Optional<String> given) {
        if (given.isEmpty()) {
            return new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "no challenge: pass the challenge the holder signed as "
                    + "options.challenge", "/options/challenge");
        }
        if (given.get().length() > MAX_CHALLENGE_CHARS) {
            return new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "options.challenge is longer than " + MAX_CHALLENGE_CHARS
                    + " characters; use a shorter random value", "/options/challenge");
        }
        return switch (challenges.useOnce(given.get())) {
            case FIRST -> {
                metrics.challengeConsumed();
                yield null;
            }
            case REPLAYED -> new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "this challenge was already used "
                    + "(a presentation can be verified once); use a fresh challenge for each presentation", "/options/challenge");
            case FULL -> new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "too many challenges are in use on this server; "
                    + "retry when some expire", "/options/challenge");
        };
    }

    /** The challenge in the (first) proof that has one. */
    private static Optional<String> proofChallenge(JsonObject doc) {
        JsonValue proof = doc.get("proof");
        List<JsonValue> proofs = proof instanceof JsonArray a ? a : proof == null ? List.of() : List.of(proof);
        for (JsonValue p : proofs) {
            if (p instanceof JsonObject o && o.get("challenge") instanceof JsonString s && !s.getString().isEmpty()) {
                return Optional.of(s.getString());
            }
        }
        return Optional.empty();
    }

    private static VerificationResult withProblem(VerificationResult r, Problem p) {
        List<Problem> problems = new ArrayList<>(r.problems());
        problems.add(p);
        return new VerificationResult(false, r.kind(), r.format(), r.checks(), problems, r.credentialResults());
    }

    /** 200 verified, 502 could not verify (a dependency failed), 400 verified as invalid. */
    private static int status(VerificationResult r) {
        return r.verified() ? 200 : r.operationalFailure() ? 502 : 400;
    }
}
