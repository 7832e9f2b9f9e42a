package dev.mandate.vc.verifier;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.model.Credential;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.model.JsonLdIntegrity;
import dev.mandate.vc.verifier.jose.JoseAdapter;
import dev.mandate.vc.verifier.status.ListCredentialVerifier;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.StatusCheck;
import dev.mandate.vc.verify.ValidityCheck;
import dev.mandate.vc.verify.ValidityPeriod;
import dev.mandate.vc.verify.VerificationResult;
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
import java.util.Set;

/**
 * The one verification pipeline for credentials and presentations, shared by the library, the CLI and
 * the HTTP verifier:
 * <ol>
 * <li><b>parse</b> within bounds (size, depth, duplicate keys);</li>
 * <li>a <b>format adapter</b> checks the cryptography and returns the <em>verified view</em>, exactly the
 * JSON the proof covers: {@link DataIntegrityAdapter} for Data Integrity JSON, {@link JoseAdapter} for
 * {@code vc+jwt}/{@code vp+jwt}, VC-JWT 1.1 and SD-JWT (whose view is the payload), and an
 * {@code EnvelopedVerifiableCredential}/{@code Presentation}, which may hold only {@code @context},
 * {@code id} and {@code type} and whose view is the payload of the JWT in its {@code id};</li>
 * <li>the <b>shared stages</b>, which read only that view: the JSON-LD integrity rule
 * ({@link JsonLdIntegrity}: the members read must mean what the signed graph says), the VC data model,
 * trusted issuers, the validity period, and the status (Bitstring Status List 1.0);</li>
 * <li>for a presentation, every credential inside it <b>re-enters this same pipeline</b>, whatever its
 * format, status included.</li>
 * </ol>
 * The outcome is one serializable {@link VerificationResult} tree (proofs, validity, status, one result per
 * nested credential), never thrown, and, through {@link #verifyWithView}, a {@link VerifiedCredential} or
 * {@link VerifiedPresentation}: the only way to obtain one, so decisions cannot read unverified JSON.
 *
 * <p>Status: when a credential carries {@code credentialStatus} and a {@link StatusChecker} is configured,
 * every entry is checked (inside presentations too); a revoked or suspended credential is not verified.
 * Without a checker such a credential is <em>not</em> verified: an operational
 * {@link ErrorType#STATUS_RETRIEVAL_ERROR} says its status could not be checked (fail closed), unless status
 * checking was switched off with {@link Builder#ignoreCredentialStatus()}. Status list credentials are
 * verified through this pipeline without a status check of their own.
 *
 * <p>Thread-safe; build once with {@link #builder(MethodResolver)} and share.
 */
public final class Verifier {
    private final MethodResolver resolver;
    /** Format name of Data Integrity secured JSON. */
    public static final String FORMAT_DATA_INTEGRITY = "data-integrity";
    /** Bound on the credentials inside one presentation. */
    public static final int MAX_CREDENTIALS = 256;

    /** Where in the pipeline a document sits: it decides what may be nested and whether status is read. */
    private enum Level { TOP, NESTED, STATUS_LIST }

    private final Clock clock;
    private final Duration clockSkew;
    private final StatusStage statusStage;
    private final Set<String> trustedIssuers;
    /** Works out a credential's time window at its first recheck (one function, not a new lambda per recheck). */
    private final java.util.function.Function<JsonObject, TimeWindow> windowOf;
    private final DocumentOpener opener;

    private Verifier(Builder b) {
        this.statusStage = new StatusStage(b.statusChecker, b.ignoreStatus);
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.windowOf = view -> TimeWindow.of(view, b.clockSkew);
        this.trustedIssuers = Set.copyOf(b.trustedIssuers);
        this.resolver = b.resolver;
        this.opener = new DocumentOpener(b.limits, new DataIntegrityAdapter(b.resolver, clockSkew, b.issuerMustControlProofKey),
                new JoseAdapter(b.resolver, clockSkew, Math.min(Math.max(b.limits.maxBytes(), 64), BoundedJson.Limits.MAX_BYTES_CEILING),
                        b.keyBindingMaxAge));
    }

    /**
     * {@return the resolver this verifier resolves verification methods with (an {@code Authorizer} built on this
     * verifier resolves request-proof keys with it too)}
     */
    public MethodResolver resolver() {
        return resolver;
    }

    /**
     * Starts a verifier that resolves verification methods with {@code resolver}.
     *
     * @param resolver resolves proof and JWS verification methods (also {@link #resolver()} for callers); not null
     * @return a builder with the defaults
     */
    public static Builder builder(MethodResolver resolver) {
        return new Builder(resolver);
    }

    /**
     * Verifies any supported input, detected by its shape: a JSON credential or presentation (Data
     * Integrity, or an {@code Enveloped...} JOSE object), a compact JWS ({@code vc+jwt}, {@code vp+jwt},
     * VC-JWT 1.1), or an SD-JWT (with {@code ~}). JSON is parsed within the configured limits.
     *
     * @param input   the input text; null is treated as empty
     * @param options the challenge, domain and time to verify with
     * @return the result; invalid input is a result, never an exception
     */
    public VerificationResult verify(String input, VerifyOptions options) {
        return verifyWithView(input, options).result();
    }

    /**
     * Verifies a credential or presentation object (Data Integrity or enveloped JOSE).
     *
     * @param document the parsed document
     * @param options  the challenge, domain and time to verify with
     * @return the result
     */
    public VerificationResult verify(JsonObject document, VerifyOptions options) {
        return verifyWithView(document, options).result();
    }

    /**
     * Like {@link #verify(String, VerifyOptions)}, and when everything verified, also the
     * {@link VerifiedCredential} or {@link VerifiedPresentation} whose verified view later decisions read.
     *
     * @param input   the input text; null is treated as empty
     * @param options the challenge, domain and time to verify with; not null
     * @return the result and, only when verified, the verified credential or presentation
     */
    public Verification verifyWithView(String input, VerifyOptions options) {
        Objects.requireNonNull(options, "options");
        return run(input == null ? "" : input, options, now(options), Level.TOP);
    }

    /**
     * Like {@link #verify(JsonObject, VerifyOptions)}, with the verified credential or presentation.
     *
     * @param document the parsed document; not null
     * @param options  the challenge, domain and time to verify with; not null
     * @return the result and, only when verified, the verified credential or presentation
     */
    public Verification verifyWithView(JsonObject document, VerifyOptions options) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(options, "options");
        return run(document, options, now(options), Level.TOP);
    }

    /**
     * Verifies again, at {@code options}' time, a Data Integrity credential this verifier admitted earlier, when
     * only time and credential status can have changed: what a cache of verified credentials (keyed by the exact
     * bytes) calls on every hit, so that a revocation or suspension applies to the very next request. The proof,
     * JSON-LD integrity and data model outcomes are taken from the earlier result (they depend only on the bytes
     * and the resolver); the trusted issuers, the validity period and every {@code credentialStatus} entry are
     * checked again, reading only the verified view. The result is the one {@link #verifyWithView} would give at
     * that time with the resolver unchanged, and so is its JSON. When the time is outside a proof's own window
     * ({@code created} later, or {@code expires} earlier, than it allows with the clock skew), the proof outcome
     * cannot be reused and the view is verified in full.
     *
     * @param credential a credential this verifier admitted ({@link #verifyWithView}), in Data Integrity
     * @param options    only the time is read
     * @return the result, and the credential again when it still verifies
     * @throws IllegalArgumentException when another verifier admitted {@code credential} (its proof checks may have
     *     differed) or it is not Data Integrity (a JOSE credential's time checks are its adapter's)
     */
    public Verification recheck(VerifiedCredential credential, VerifyOptions options) {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(options, "options");
        if (!credential.verifiedBy(this)) {
            throw new IllegalArgumentException("the credential was admitted by another verifier; verify it with this one");
        }
        if (!FORMAT_DATA_INTEGRITY.equals(credential.format())) {
            throw new IllegalArgumentException("only Data Integrity credentials can be rechecked, not " + credential.format());
        }
        Instant now = now(options);
        JsonObject view = credential.view();
        TimeWindow window = credential.window(windowOf);
        if (!window.proofsAdmit(now)) {
            return verifyWithView(view, options);
        }
        boolean validityKnown = window.validityAdmits(now);
        VerifiedCredential.Recheck last = credential.lastRecheck();
        if (validityKnown && last != null && (last.status() == null || statusStage.current(last.status()))) {
            return last.verification(); // every input of the result is as it was then (see VerifiedCredential.Recheck)
        }
        VerificationResult earlier = credential.result();
        List<String> checks = new ArrayList<>(earlier.checks());
        checks.remove("validityPeriod");
        checks.remove("status");
        List<Problem> problems = new ArrayList<>();
        trustedIssuer(credential.issuer(), view, false, problems);
        ValidityCheck validity;
        if (validityKnown) { // the admission's outcome, without parsing the dates again
            validity = earlier.validity();
            checks.add("validityPeriod");
        } else {
            validity = validity(view, now, checks, problems);
        }
        List<StatusCheck> status = List.of();
        StatusChecker.Reading reading = null;
        boolean statusChecked = statusStage.applies(view);
        if (statusChecked) {
            reading = statusStage.read(view, credential.issuer(), problems, statusLists(now));
            status = StatusStage.outcome(reading, checks, problems);
        }
        VerificationResult result = new VerificationResult(problems.isEmpty(), earlier.kind(), earlier.format(), checks, problems,
                earlier.credentialResults(), earlier.proofs(), validity, status);
        Verification v = new Verification(result, result.verified() ? new VerifiedCredential(credential, result) : null, null);
        if (validityKnown && (!statusChecked || reading != null)) {
            credential.rememberRecheck(new VerifiedCredential.Recheck(v, reading));
        }
        return v;
    }

    /**
     * {@return true if the document's type includes VerifiablePresentation (or it envelopes one)}
     *
     * @param document any JSON object; not verified
     */
    public static boolean isPresentation(JsonObject document) {
        return DocumentOpener.hasType(document, "VerifiablePresentation") || DocumentOpener.hasType(document, "EnvelopedVerifiablePresentation");
    }

    private Instant now(VerifyOptions options) {
        return options.time().orElseGet(clock::instant);
    }

    // ------------------------------------------------------------------------------------------ 1. parse, 2. adapt (DocumentOpener)

    private Verification run(Object input, VerifyOptions options, Instant now, Level level) {
        try {
            return stages(opener.open(input, options, now, level != Level.TOP), now, level);
        } catch (RuntimeException e) {
            // Defensive: a bug must not turn bad input into an exception for the caller, nor into "verified".
            return failed("unknown", "unknown", new Problem(ErrorType.PARSING_ERROR, "input could not be processed ("
                    + e.getClass().getSimpleName() + ")", ""));
        }
    }

    // ------------------------------------------------------------------------------------------ 3. shared stages

    private Verification stages(SecuredDocument sd, Instant now, Level level) {
        List<String> checks = new ArrayList<>(sd.checks());
        List<Problem> problems = new ArrayList<>(sd.problems());
        if (!sd.authentic()) {
            return new Verification(new VerificationResult(false, sd.kind(), sd.format(), checks, problems, List.of(),
                    sd.proofs(), ValidityCheck.NOT_CHECKED, List.of()), null, null);
        }
        JsonObject view = sd.view();
        boolean presentation = sd.presentation();
        if (sd.model() != SecuredDocument.Model.SD_JWT_VC) {
            List<Problem> integrity = JsonLdIntegrity.check(view);
            problems.addAll(integrity);
            List<Problem> model = dataModel(sd);
            if (model.isEmpty() && integrity.isEmpty()) {
                checks.add("dataModel");
            }
            problems.addAll(model);
        }
        ValidityCheck validity = ValidityCheck.NOT_CHECKED;
        List<StatusCheck> status = List.of();
        if (!presentation) {
            trustedIssuer(sd.party(), view, sd.model() == SecuredDocument.Model.SD_JWT_VC, problems);
            if (sd.model() != SecuredDocument.Model.SD_JWT_VC) {
                validity = validity(view, now, checks, problems);
            }
            if (level != Level.STATUS_LIST && statusStage.applies(view) && sd.model() != SecuredDocument.Model.SD_JWT_VC) {
                status = StatusStage.outcome(statusStage.read(view, sd.party(), problems, statusLists(now)), checks, problems);
            }
        }
        List<VerificationResult> credentialResults = new ArrayList<>(0);
        List<VerifiedCredential> verifiedCredentials = new ArrayList<>(0);
        if (presentation) {
            nested(sd, now, problems, checks, credentialResults, verifiedCredentials);
        }
        VerificationResult result = new VerificationResult(problems.isEmpty(), sd.kind(), sd.format(), checks, problems,
                credentialResults, sd.proofs(), validity, status);
        if (!result.verified()) {
            return new Verification(result, null, null);
        }
        return presentation
                ? new Verification(result, null, new VerifiedPresentation(view, sd.format(), sd.party(), verifiedCredentials, result))
                : new Verification(result, new VerifiedCredential(view, sd.format(), sd.party(), result, this), null);
    }

    private void trustedIssuer(String issuer, JsonObject view, boolean sdJwtVc, List<Problem> problems) {
        if (!trustedIssuers.isEmpty() && !trustedIssuers.contains(issuer)) {
            problems.add(new Problem(ErrorType.UNTRUSTED_ISSUER_ERROR, "issuer " + (issuer.isEmpty() ? "(none)" : issuer)
                    + " is not one of the verifier's trusted issuers", sdJwtVc ? "/iss"
                    : view.get("issuer") instanceof JsonObject ? "/issuer/id" : "/issuer"));
        }
    }

    private static List<Problem> dataModel(SecuredDocument sd) {
        JsonObject view = sd.view();
        if (sd.format().equals(FORMAT_DATA_INTEGRITY)) {
            return DataModelValidator.validate(view);
        }
        if (!sd.presentation()) {
            return DataModelValidator.validateCredential(view);
        }
        if (sd.model() == SecuredDocument.Model.W3C_JWT_11) {
            // VC-JWT 1.1 presentations list their credentials as JWT strings, which the pipeline verifies below.
            return DataModelValidator.validatePresentation(dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder(view).remove("verifiableCredential").build());
        }
        return DataModelValidator.validatePresentation(view);
    }

    private ValidityCheck validity(JsonObject view, Instant now, List<String> checks, List<Problem> problems) {
        List<Problem> found = ValidityPeriod.check(new Credential(view), now, clockSkew);
        if (found.isEmpty()) {
            checks.add("validityPeriod");
        }
        problems.addAll(found);
        String from = view.get("validFrom") instanceof JsonString s ? s.getString()
                : view.get("issuanceDate") instanceof JsonString s2 ? s2.getString() : "";
        String until = view.get("validUntil") instanceof JsonString s ? s.getString()
                : view.get("expirationDate") instanceof JsonString s2 ? s2.getString() : "";
        return new ValidityCheck(from, until, found.isEmpty());
    }

    /** Verifies a fetched status list credential through this pipeline, at the time of the credential's check. */
    private ListCredentialVerifier statusLists(Instant now) {
        VerifyOptions at = VerifyOptions.none().at(now);
        return body -> {
            Verification v = run(body, at, now, Level.STATUS_LIST);
            return new ListCredentialVerifier.Outcome(v.result(), v.credential().map(VerifiedCredential::view),
                    v.credential().map(VerifiedCredential::issuer).orElse(""));
        };
    }

    // ------------------------------------------------------------------------------------------ 4. recursion

    private void nested(SecuredDocument sd, Instant now, List<Problem> problems, List<String> checks,
                        List<VerificationResult> results, List<VerifiedCredential> verified) {
        List<JsonValue> items = sd.nested();
        if (items.size() > MAX_CREDENTIALS) {
            problems.add(new Problem(ErrorType.LIMIT_EXCEEDED_ERROR, "presentation has more than " + MAX_CREDENTIALS + " credentials",
                    sd.nestedPath()));
            return;
        }
        boolean array = sd.view().get("verifiableCredential") instanceof JsonArray;
        VerifyOptions inner = VerifyOptions.none().at(now);
        for (int i = 0; i < items.size(); i++) {
            JsonValue item = items.get(i);
            String path = sd.nestedPath() + (array ? "/" + i : "");
            Verification v;
            if (item instanceof JsonObject || item instanceof JsonString) {
                v = run(item, inner, now, Level.NESTED);
            } else {
                v = failed("credential", "unknown", new Problem(ErrorType.PARSING_ERROR,
                        "verifiableCredential item is not a credential object or a JWT", path));
            }
            VerificationResult r = v.result();
            results.add(r);
            v.credential().ifPresent(verified::add);
            if (!r.verified()) {
                Problem first = r.problems().isEmpty() ? null : r.problems().get(0);
                problems.add(new Problem(first == null ? ErrorType.PROOF_VERIFICATION_ERROR : first.type(),
                        "credential " + i + " in the presentation did not verify: " + (first == null ? "see credentialResults" : first.message()),
                        path));
            } else if (v.credential().isEmpty()) {
                problems.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "item " + i + " of verifiableCredential is not a credential", path));
            }
        }
        if (!items.isEmpty() && results.stream().allMatch(VerificationResult::verified)) {
            checks.add("credentials");
        }
    }

    private static Verification failed(String kind, String format, Problem problem) {
        return new Verification(VerificationResult.failure(kind, format, problem), null, null);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Compares two strings in time independent of where they differ. */
    static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
        private Duration keyBindingMaxAge = JoseAdapter.DEFAULT_KEY_BINDING_MAX_AGE;

        private Builder(MethodResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
        }

        /**
         * The clock that says "now" (default: system UTC).
         *
         * @param c the clock; not null
         * @return this builder
         */
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }

        /**
         * Tolerated clock difference for created/expires/validFrom/validUntil and JWT times (default 5 s).
         *
         * @param d the tolerance, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder clockSkew(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("clock skew must not be negative");
            }
            this.clockSkew = d;
            return this;
        }

        /**
         * Input size and depth limits (default: 1 MiB, depth 64); JOSE input is bounded by the same size.
         *
         * @param l the limits; not null
         * @return this builder
         */
        public Builder limits(BoundedJson.Limits l) { this.limits = Objects.requireNonNull(l); return this; }

        /**
         * The oldest SD-JWT Key Binding JWT accepted (its {@code iat}, default 5 minutes).
         *
         * @param d the age, zero or more
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder keyBindingMaxAge(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("key binding max age must not be negative");
            }
            this.keyBindingMaxAge = d;
            return this;
        }

        /**
         * Whether a Data Integrity credential proof's verification method must be controlled by the
         * credential's issuer (default true). Turn off only to check third-party vectors whose issuer is not a DID.
         *
         * @param v false to skip the controller check
         * @return this builder
         */
        public Builder issuerMustControlProofKey(boolean v) { this.issuerMustControlProofKey = v; return this; }

        /**
         * Checks the status (Bitstring Status List) of every credential that carries {@code credentialStatus},
         * inside presentations too. Without a checker such credentials fail with STATUS_RETRIEVAL_ERROR.
         * Undoes {@link #ignoreCredentialStatus()}.
         *
         * @param c the checker; not null
         * @return this builder
         */
        public Builder statusChecker(StatusChecker c) { this.statusChecker = Objects.requireNonNull(c); this.ignoreStatus = false; return this; }

        /**
         * Verifies credentials without looking at {@code credentialStatus} at all (offline tools, test
         * vectors). A revoked credential then verifies: use only where status is checked elsewhere.
         * Drops a {@link #statusChecker(StatusChecker) status checker} set before.
         *
         * @return this builder
         */
        public Builder ignoreCredentialStatus() { this.ignoreStatus = true; this.statusChecker = null; return this; }

        /**
         * Accept credentials only from these issuer DIDs (default: empty, any issuer whose proof checks out).
         * Others fail with {@link ErrorType#UNTRUSTED_ISSUER_ERROR}, in every format and inside presentations.
         *
         * @param issuers the trusted issuer DIDs (copied); empty trusts any issuer
         * @return this builder
         */
        public Builder trustedIssuers(java.util.Collection<String> issuers) { this.trustedIssuers = Set.copyOf(issuers); return this; }

        /** {@return the verifier; thread-safe, to be shared} */
        public Verifier build() { return new Verifier(this); }
    }
}
