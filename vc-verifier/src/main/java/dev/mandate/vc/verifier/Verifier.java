package dev.mandate.vc.verifier;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.model.Credential;
import dev.mandate.vc.model.DateTimeStamp;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.verifier.jose.JoseVerifier;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.ValidityPeriod;
import dev.mandate.vc.verify.VerificationResult;
import dev.mandate.vc.verifier.status.StatusCheckResult;
import dev.mandate.vc.verifier.status.StatusChecker;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one verification pipeline for credentials and presentations, shared by the library, the CLI
 * and the HTTP verifier. Data Integrity is checked here; JOSE forms (vc+jwt, vp+jwt, VC-JWT 1.1,
 * SD-JWT) are delegated to {@link JoseVerifier} with the same resolver, clock and skew, and return the
 * same {@link VerificationResult}. Implements the VC Data Model 2.0 and Data Integrity verification
 * algorithms: bounded parsing, data-model validation, proof shape, proof purpose, challenge and
 * domain, proof time window, verification method resolution and relationship, controller binding
 * to issuer or holder, signature, the credential's validity period, and its status (Bitstring Status
 * List 1.0). Never throws for bad input: every failure is a problem in the returned
 * {@link VerificationResult}.
 *
 * <p>Status: when a credential carries {@code credentialStatus} and a {@link StatusChecker} is
 * configured ({@link Builder#statusChecker(StatusChecker)}), every entry is checked and a passing check
 * adds {@code "status"} to the checks; a revoked or suspended credential is not verified. When none is
 * configured, such a credential is <em>not</em> verified: the result carries an operational
 * {@link ErrorType#STATUS_RETRIEVAL_ERROR} saying its status could not be checked (fail closed), unless
 * status checking was switched off with {@link Builder#ignoreCredentialStatus()}. Status list
 * credentials themselves are verified without a status check.
 *
 * <p>Thread-safe; build once with {@link #builder(MethodResolver)} and share.
 */
public final class Verifier {
    /** Format name of Data Integrity secured JSON. */
    public static final String FORMAT_DATA_INTEGRITY = "data-integrity";

    private final MethodResolver resolver;
    private final Clock clock;
    private final Duration clockSkew;
    private final BoundedJson.Limits limits;
    private final boolean issuerMustControlProofKey;
    private final StatusChecker statusChecker;
    private final boolean ignoreStatus;
    private final JoseVerifier jose;
    private final Set<String> trustedIssuers;

    private Verifier(Builder b) {
        this.statusChecker = b.statusChecker;
        this.ignoreStatus = b.ignoreStatus;
        this.resolver = b.resolver;
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.limits = b.limits;
        this.issuerMustControlProofKey = b.issuerMustControlProofKey;
        this.trustedIssuers = Set.copyOf(b.trustedIssuers);
        this.jose = new JoseVerifier(resolver, clock, clockSkew).withTrustedIssuers(trustedIssuers);
    }

    /** Starts a verifier that resolves verification methods with {@code resolver}. */
    public static Builder builder(MethodResolver resolver) {
        return new Builder(resolver);
    }

    /**
     * Verifies any supported input, detected by its shape: a JSON credential or presentation (Data
     * Integrity, or an {@code Enveloped...} JOSE object), a compact JWS ({@code vc+jwt}, {@code vp+jwt},
     * VC-JWT 1.1), or an SD-JWT (with {@code ~}). JSON is parsed within the configured limits.
     */
    public VerificationResult verify(String json, VerifyOptions options) {
        if (JoseVerifier.looksLikeJose(json)) {
            return joseWithStatus(json.strip(), options);
        }
        JsonValue parsed;
        try {
            parsed = BoundedJson.parse(json, limits);
        } catch (JsonInputException e) {
            return VerificationResult.failure("unknown", FORMAT_DATA_INTEGRITY, Problem.of(e.errorType(), e.getMessage()));
        }
        if (!(parsed instanceof JsonObject o)) {
            return VerificationResult.failure("unknown", FORMAT_DATA_INTEGRITY,
                    Problem.of(ErrorType.PARSING_ERROR, "input is a JSON " + parsed.getValueType().name().toLowerCase()
                            + ", not a credential or presentation object"));
        }
        return verify(o, options);
    }

    /**
     * Verifies a credential or presentation (detected by its {@code type}); an
     * {@code EnvelopedVerifiableCredential} / {@code EnvelopedVerifiablePresentation} goes to the JOSE
     * verifier.
     */
    public VerificationResult verify(JsonObject document, VerifyOptions options) {
        Optional<String> enveloped = JoseVerifier.envelopedContent(document);
        if (enveloped.isPresent()) {
            return joseWithStatus(enveloped.get(), options);
        }
        return isPresentation(document) ? verifyPresentation(document, options) : verifyCredential(document, options);
    }

    /** A JOSE-secured credential is status-checked like a Data Integrity one, on its verified payload. */
    private VerificationResult joseWithStatus(String text, VerifyOptions options) {
        JoseVerifier.Verified v = jose.verifyAndDecode(text, options);
        VerificationResult r = v.result();
        if (ignoreStatus || !"credential".equals(r.kind()) || v.document().isEmpty()
                || !v.document().get().containsKey("credentialStatus")) {
            return r;
        }
        List<String> checks = new ArrayList<>(r.checks());
        List<Problem> problems = new ArrayList<>(r.problems());
        checkStatus(v.document().get(), options.time().orElseGet(clock::instant), checks, problems);
        return new VerificationResult(problems.isEmpty(), r.kind(), r.format(), checks, problems, r.credentialResults());
    }

    /** True if the document's type includes VerifiablePresentation. */
    public static boolean isPresentation(JsonObject document) {
        return types(document).contains("VerifiablePresentation");
    }

    /** Verifies a credential secured with Data Integrity, including its status. */
    public VerificationResult verifyCredential(JsonObject credential, VerifyOptions options) {
        return verifyCredential(credential, options, true);
    }

    private VerificationResult verifyCredential(JsonObject credential, VerifyOptions options, boolean checkStatus) {
        Instant now = options.time().orElseGet(clock::instant);
        List<String> checks = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(DataModelValidator.validate(credential));
        if (problems.isEmpty()) {
            checks.add("dataModel");
        }
        Optional<String> issuerDid = issuerId(credential);
        if (!trustedIssuers.isEmpty() && issuerDid.isPresent() && !trustedIssuers.contains(issuerDid.get())) {
            problems.add(new Problem(ErrorType.UNTRUSTED_ISSUER_ERROR, "issuer " + issuerDid.get()
                    + " is not one of the verifier's trusted issuers", credential.get("issuer") instanceof JsonObject ? "/issuer/id" : "/issuer"));
        }
        String issuer = issuerMustControlProofKey ? issuerDid.orElse("") : "";
        verifyProofs(credential, "assertionMethod", issuer, "issuer", VerifyOptions.none(), now, checks, problems);
        List<Problem> validity = ValidityPeriod.check(new Credential(credential), now, clockSkew);
        if (validity.isEmpty()) {
            checks.add("validityPeriod");
        }
        problems.addAll(validity);
        if (checkStatus && credential.containsKey("credentialStatus") && !ignoreStatus) {
            checkStatus(credential, now, checks, problems);
        }
        return new VerificationResult(problems.isEmpty(), "credential", FORMAT_DATA_INTEGRITY, checks, problems, List.of());
    }

    private void checkStatus(JsonObject credential, Instant now, List<String> checks, List<Problem> problems) {
        if (statusChecker == null) {
            problems.add(new Problem(ErrorType.STATUS_RETRIEVAL_ERROR, "the credential has a credentialStatus but this verifier"
                    + " has no status checker, so its revocation/suspension status could not be checked", "/credentialStatus"));
            return;
        }
        if (!problems.isEmpty()) {
            return; // do not fetch anything for a credential that already failed
        }
        VerifyOptions at = VerifyOptions.none().at(now);
        StatusCheckResult r = statusChecker.check(credential, list -> verifyCredential(list, at, false));
        if (r.ok()) {
            checks.add("status");
        }
        problems.addAll(r.problems());
    }

    /** Verifies a presentation and every credential it embeds. */
    public VerificationResult verifyPresentation(JsonObject presentation, VerifyOptions options) {
        Instant now = options.time().orElseGet(clock::instant);
        List<String> checks = new ArrayList<>();
        List<Problem> problems = new ArrayList<>(DataModelValidator.validate(presentation));
        if (problems.isEmpty()) {
            checks.add("dataModel");
        }
        String holder = presentation.get("holder") instanceof JsonString s ? s.getString()
                : presentation.get("holder") instanceof JsonObject h && h.get("id") instanceof JsonString hs ? hs.getString() : "";
        verifyProofs(presentation, "authentication", holder, "holder", options, now, checks, problems);

        List<VerificationResult> credentialResults = new ArrayList<>();
        JsonValue vcs = presentation.get("verifiableCredential");
        List<JsonValue> items = vcs instanceof JsonArray a ? a : vcs == null ? List.of() : List.of(vcs);
        VerifyOptions inner = VerifyOptions.none().at(now);
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            VerificationResult r;
            if (item instanceof JsonObject vc && JoseVerifier.envelopedContent(vc).isPresent()) {
                r = jose.verify(JoseVerifier.envelopedContent(vc).get(), inner);
            } else if (item instanceof JsonObject vc) {
                r = verifyCredential(vc, inner);
            } else {
                r = VerificationResult.failure("credential", FORMAT_DATA_INTEGRITY, new Problem(ErrorType.PARSING_ERROR,
                        "verifiableCredential item is not an object", "/verifiableCredential/" + i));
            }
            credentialResults.add(r);
            if (!r.verified()) {
                problems.add(new Problem(r.problems().isEmpty() ? ErrorType.PROOF_VERIFICATION_ERROR : r.problems().get(0).type(),
                        "credential " + i + " in the presentation did not verify: "
                                + (r.problems().isEmpty() ? "see credentialResults" : r.problems().get(0).message()),
                        "/verifiableCredential" + (vcs instanceof JsonArray ? "/" + i : "")));
            }
        }
        if (!items.isEmpty() && credentialResults.stream().allMatch(VerificationResult::verified)) {
            checks.add("credentials");
        }
        return new VerificationResult(problems.isEmpty(), "presentation", FORMAT_DATA_INTEGRITY, checks, problems, credentialResults);
    }

    private void verifyProofs(JsonObject doc, String purpose, String expectedController, String controllerRole,
                              VerifyOptions options, Instant now, List<String> checks, List<Problem> problems) {
        JsonValue proofValue = doc.get("proof");
        if (proofValue == null) {
            problems.add(new Problem(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "the document has no proof: it is not secured", "/proof"));
            return;
        }
        if (!(proofValue instanceof JsonObject) && !(proofValue instanceof JsonArray)) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof must be an object or a list of objects", "/proof"));
            return;
        }
        List<JsonValue> raw = proofValue instanceof JsonArray a ? a : List.of(proofValue);
        if (raw.isEmpty()) {
            problems.add(new Problem(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "the proof list is empty", "/proof"));
            return;
        }
        int before = problems.size();
        for (int i = 0; i < raw.size(); i++) {
            String path = proofValue instanceof JsonArray ? "/proof/" + i : "/proof";
            if (!(raw.get(i) instanceof JsonObject proof)) {
                problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof is not an object", path));
                continue;
            }
            verifyOneProof(doc, proof, path, purpose, expectedController, controllerRole, options, now, problems);
        }
        if (problems.size() == before) {
            checks.add("proof");
        }
    }

    private void verifyOneProof(JsonObject doc, JsonObject proof, String path, String purpose, String expectedController,
                                String controllerRole, VerifyOptions options, Instant now, List<Problem> problems) {
        List<Problem> shape = DataIntegrity.checkShape(proof, path);
        if (!shape.isEmpty()) {
            problems.addAll(shape);
            return;
        }
        String actualPurpose = ((JsonString) proof.get("proofPurpose")).getString();
        if (!purpose.equals(actualPurpose)) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proofPurpose is '" + actualPurpose + "' but a "
                    + ("authentication".equals(purpose) ? "presentation" : "credential") + " proof needs '" + purpose + "'",
                    path + "/proofPurpose"));
            return;
        }
        int before = problems.size();
        options.challenge().ifPresent(expected -> {
            if (!(proof.get("challenge") instanceof JsonString c) || !constantTimeEquals(c.getString(), expected)) {
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
            return;
        }
        String vm = ((JsonString) proof.get("verificationMethod")).getString();
        MethodResolution resolution = resolver.resolve(vm);
        if (resolution instanceof MethodResolution.Failed f) {
            problems.add(new Problem(f.problem().type(), f.problem().message(), path + "/verificationMethod"));
            return;
        }
        ResolvedMethod method = ((MethodResolution.Found) resolution).method();
        if (!method.relationships().contains(purpose)) {
            problems.add(new Problem(ErrorType.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD, "verification method " + vm
                    + " is not listed under '" + purpose + "' in its controller's document", path + "/verificationMethod"));
            return;
        }
        if (!expectedController.isEmpty() && !expectedController.equals(method.controller())) {
            problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "verification method " + vm + " is controlled by "
                    + method.controller() + ", not by the " + controllerRole + " " + expectedController, path + "/verificationMethod"));
            return;
        }
        problems.addAll(DataIntegrity.verifyProof(doc, proof, path, method.key()));
    }

    private void timeWindow(JsonObject proof, String path, Instant now, List<Problem> problems) {
        parseTime(proof, "created").ifPresent(created -> {
            if (created.isAfter(now.plus(clockSkew))) {
                problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof was created in the future ("
                        + DataIntegrity.format(created) + ", now " + DataIntegrity.format(now) + ")", path + "/created"));
            }
        });
        parseTime(proof, "expires").ifPresent(expires -> {
            if (expires.isBefore(now.minus(clockSkew))) {
                problems.add(new Problem(ErrorType.PROOF_VERIFICATION_ERROR, "proof expired at "
                        + DataIntegrity.format(expires), path + "/expires"));
            }
        });
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

    /** Compares two strings in time independent of where they differ. */
    static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static List<String> types(JsonObject o) {
        JsonValue t = o.get("type");
        List<String> out = new ArrayList<>();
        if (t instanceof JsonString s) {
            out.add(s.getString());
        } else if (t instanceof JsonArray a) {
            a.forEach(v -> {
                if (v instanceof JsonString s) {
                    out.add(s.getString());
                }
            });
        }
        return out;
    }

    static Optional<String> issuerId(JsonObject credential) {
        JsonValue i = credential.get("issuer");
        if (i instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        if (i instanceof JsonObject o && o.get("id") instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        return Optional.empty();
    }

    /** Configuration of a {@link Verifier}. */
    public static final class Builder {
        private final MethodResolver resolver;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(5);
        private BoundedJson.Limits limits = BoundedJson.Limits.DEFAULT;
        private boolean issuerMustControlProofKey = true;
        private Set<String> trustedIssuers = Set.of();
        private StatusChecker statusChecker;
        private boolean ignoreStatus;

        private Builder(MethodResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
        }

        /** The clock that says "now" (default: system UTC). */
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }
        /** Tolerated clock difference for created/expires/validFrom/validUntil (default 5 s). */
        public Builder clockSkew(Duration d) { this.clockSkew = Objects.requireNonNull(d); return this; }
        /** Input size and depth limits (default: 1 MiB, depth 64). */
        public Builder limits(BoundedJson.Limits l) { this.limits = Objects.requireNonNull(l); return this; }

        /**
         * Whether a credential proof's verification method must be controlled by the credential's issuer
         * (default true). Turn off only to check third-party vectors whose issuer is not a DID.
         */
        public Builder issuerMustControlProofKey(boolean v) { this.issuerMustControlProofKey = v; return this; }

        /**
         * Checks the status (Bitstring Status List) of every credential that carries {@code credentialStatus}.
         * Without a checker such credentials fail with STATUS_RETRIEVAL_ERROR.
         */
        public Builder statusChecker(StatusChecker c) { this.statusChecker = Objects.requireNonNull(c); this.ignoreStatus = false; return this; }

        /**
         * Verifies credentials without looking at {@code credentialStatus} at all (offline tools, test
         * vectors). A revoked credential then verifies: use only where status is checked elsewhere.
         */
        public Builder ignoreCredentialStatus() { this.ignoreStatus = true; this.statusChecker = null; return this; }

        /**
         * Accept credentials only from these issuer DIDs (default: empty, any issuer whose proof checks out).
         * Others fail with {@link ErrorType#UNTRUSTED_ISSUER_ERROR}, in every format and inside presentations.
         */
        public Builder trustedIssuers(java.util.Collection<String> issuers) { this.trustedIssuers = Set.copyOf(issuers); return this; }

        public Verifier build() { return new Verifier(this); }
    }
}
