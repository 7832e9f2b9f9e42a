package dev.mandate.vc.verifier.jose;

import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.Disclosure;
import dev.mandate.vc.jose.JoseAlgorithms;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.JwtTimes;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.jose.SelectiveDisclosure;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.MethodResolution;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.ResolvedMethod;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Verifies JOSE-secured credentials and presentations, detecting the form of its input:
 * <ul>
 * <li>{@code vc+jwt} and {@code vp+jwt} (W3C VC-JOSE-COSE; presentations carry
 * {@code EnvelopedVerifiableCredential}s, each verified into {@link VerificationResult#credentialResults()});</li>
 * <li>VC-JWT 1.1 credentials and presentations ({@code vc} / {@code vp} claim; {@code iss}, {@code sub},
 * {@code nbf}, {@code exp}, {@code jti} mapped back onto the credential);</li>
 * <li>SD-JWT ({@code vc+sd-jwt} for VC Data Model credentials, {@code dc+sd-jwt} for IETF SD-JWT VCs),
 * with or without a Key Binding JWT (input containing {@code ~}).</li>
 * </ul>
 *
 * <p>Checks, in order: input size before parsing; header ({@code alg} on the allow-list EdDSA, ES256,
 * ES384, ES256K, never {@code none} or HMAC; {@code typ}; no {@code crit}); {@code kid} resolved only
 * through the {@link MethodResolver} (embedded {@code jwk}/{@code jku}/{@code x5c} headers are ignored);
 * {@code alg} matches the resolved key's type; the signature; the issuer (or holder) equals the DID of
 * {@code kid} and the method's controller, and {@code iss} agrees; the method is listed under
 * {@code assertionMethod} (credentials) or {@code authentication} (presentations); {@code iat}/{@code nbf}/
 * {@code exp} with the clock skew; the credential's own validFrom/validUntil; the data model; and for
 * SD-JWT the digests, {@code _sd_alg}, duplicate and unreferenced Disclosures and the Key Binding JWT
 * (signature by the {@code cnf} key, {@code sd_hash}, {@code iat} freshness, {@code nonce} = challenge,
 * {@code aud} = domain). Key binding is required when the options carry a challenge or a domain; a KB-JWT
 * that is present is always checked. A presentation's challenge and domain are its {@code nonce} and
 * {@code aud} claims.
 *
 * <p>Never throws for bad input: every failure is a {@link VerificationResult} with problems. Result
 * {@code format}s: {@code vc+jwt}, {@code vp+jwt}, {@code vc-jwt-1.1}, {@code vp-jwt-1.1}, {@code sd-jwt}
 * (and {@code jose} when the input could not be recognised). Immutable and thread-safe if the resolver is.
 */
public final class JoseVerifier {
    /** Format of a credential secured as a JWT (VC-JOSE-COSE). */
    public static final String FORMAT_VC_JWT = "vc+jwt";
    /** Format of a presentation secured as a JWT (VC-JOSE-COSE). */
    public static final String FORMAT_VP_JWT = "vp+jwt";
    /** Format of a VC-JWT 1.1 credential. */
    public static final String FORMAT_VC_JWT_11 = "vc-jwt-1.1";
    /** Format of a VC-JWT 1.1 presentation. */
    public static final String FORMAT_VP_JWT_11 = "vp-jwt-1.1";
    /** Format of an SD-JWT (with or without key binding). */
    public static final String FORMAT_SD_JWT = "sd-jwt";
    /** Format reported when the input is not recognisable JOSE. */
    public static final String FORMAT_UNKNOWN = "jose";
    /** Default bound on the input size, in characters. */
    public static final int DEFAULT_MAX_CHARS = 1 << 20;
    /** Default oldest acceptable Key Binding JWT ({@code iat}). */
    public static final Duration DEFAULT_KEY_BINDING_MAX_AGE = Duration.ofMinutes(5);
    /** Bound on the credentials inside one presentation. */
    public static final int MAX_CREDENTIALS = 256;

    private static final JsonBuilderFactory JSON = dev.mandate.vc.json.Jsonp.PROVIDER.createBuilderFactory(Map.of());
    private static final String CREDENTIAL = "credential";
    private static final String PRESENTATION = "presentation";
    private static final String UNKNOWN = "unknown";

    private final MethodResolver resolver;
    private final Clock clock;
    private final Duration skew;
    private final int maxChars;
    private final Duration keyBindingMaxAge;
    private final BoundedJson.Limits limits;
    private final java.util.Set<String> trustedIssuers;

    /**
     * @param resolver  resolves a {@code kid} DID URL to its key, controller and relationships
     * @param clock     the time to verify at (unless the options give one)
     * @param clockSkew tolerance for every time check (iat, nbf, exp, validFrom, validUntil, KB-JWT iat)
     */
    public JoseVerifier(MethodResolver resolver, Clock clock, Duration clockSkew) {
        this(resolver, clock, clockSkew, DEFAULT_MAX_CHARS, DEFAULT_KEY_BINDING_MAX_AGE, java.util.Set.of());
    }

    private JoseVerifier(MethodResolver resolver, Clock clock, Duration skew, int maxChars, Duration keyBindingMaxAge,
                         java.util.Set<String> trustedIssuers) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "clockSkew");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative");
        }
        this.maxChars = maxChars;
        this.keyBindingMaxAge = Objects.requireNonNull(keyBindingMaxAge, "keyBindingMaxAge");
        this.limits = new BoundedJson.Limits(Math.min(maxChars, BoundedJson.Limits.MAX_BYTES_CEILING), 64);
        this.trustedIssuers = java.util.Set.copyOf(trustedIssuers);
    }

    /**
     * This verifier accepting credentials only from these issuer DIDs (empty: any issuer whose signature
     * checks out). Others fail with {@link ErrorType#UNTRUSTED_ISSUER_ERROR}.
     */
    public JoseVerifier withTrustedIssuers(java.util.Set<String> issuers) {
        return new JoseVerifier(resolver, clock, skew, maxChars, keyBindingMaxAge, issuers);
    }

    /** This verifier with another bound on the input size (characters, checked before parsing). */
    public JoseVerifier withMaxInputChars(int chars) {
        if (chars < 64 || chars > BoundedJson.Limits.MAX_BYTES_CEILING) {
            throw new IllegalArgumentException("max input must be 64.." + BoundedJson.Limits.MAX_BYTES_CEILING + " characters");
        }
        return new JoseVerifier(resolver, clock, skew, chars, keyBindingMaxAge, trustedIssuers);
    }

    /** This verifier accepting Key Binding JWTs issued at most {@code maxAge} (plus skew) ago. */
    public JoseVerifier withKeyBindingMaxAge(Duration maxAge) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("key binding max age must not be negative");
        }
        return new JoseVerifier(resolver, clock, skew, maxChars, maxAge, trustedIssuers);
    }

    /**
     * True if {@code text} (surrounding whitespace ignored) has the shape of a compact JWS or an SD-JWT:
     * only base64url characters, {@code .} and {@code ~}, and at least two dots; or is such a string in a
     * {@code data:application/vc+jwt,} ({@code vp+jwt}, {@code vc+sd-jwt}, {@code dc+sd-jwt}) URL. Use it to route input
     * between this verifier and the JSON (Data Integrity) one; it does not decode anything.
     */
    public static boolean looksLikeJose(String text) {
        if (text == null) return false;
        String s = text.strip();
        if (s.startsWith("data:")) {
            Optional<String> inner = dataUrlContent(s);
            if (inner.isEmpty()) return false;
            s = inner.get();
        }
        if (s.length() < 5) return false;
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~')) {
                return false;
            }
        }
        return dots >= 2 && s.charAt(0) != '.' && s.charAt(0) != '~';
    }

    /** A verification result with the verified document. */
    public static final class Verified {
        private final VerificationResult result;
        private final JsonObject document;

        Verified(VerificationResult result, JsonObject document) {
            this.result = Objects.requireNonNull(result, "result");
            this.document = document;
        }

        /** The verification result. */
        public VerificationResult result() { return result; }

        /**
         * The decoded credential or presentation when the signature verified (even if other checks
         * failed): the JWT payload for vc+jwt/vp+jwt, the credential rebuilt from the claims for VC-JWT
         * 1.1, and the disclosed claims for SD-JWT. Empty when nothing authentic could be decoded.
         */
        public Optional<JsonObject> document() { return Optional.ofNullable(document); }
    }

    /** Verifies a compact JWS or an SD-JWT; never throws for bad input. */
    public VerificationResult verify(String compactOrSdJwt, VerifyOptions options) {
        return verifyAndDecode(compactOrSdJwt, options).result();
    }

    /** Like {@link #verify} but also returns the verified document. */
    public Verified verifyAndDecode(String compactOrSdJwt, VerifyOptions options) {
        Objects.requireNonNull(options, "options");
        try {
            return verifyAny(compactOrSdJwt, options, 0);
        } catch (RuntimeException e) {
            // Defensive: a bug must not turn bad input into an exception for the caller.
            return fail(UNKNOWN, FORMAT_UNKNOWN, new Problem(ErrorType.PARSING_ERROR, "input could not be processed ("
                    + e.getClass().getSimpleName() + ")", ""));
        }
    }

    private Verified verifyAny(String input, VerifyOptions options, int depth) {
        if (input == null || input.isBlank()) {
            return fail(UNKNOWN, FORMAT_UNKNOWN, Problem.of(ErrorType.PARSING_ERROR, "no JWT or SD-JWT given"));
        }
        if (input.length() > maxChars) {
            return fail(UNKNOWN, FORMAT_UNKNOWN, Problem.of(ErrorType.LIMIT_EXCEEDED_ERROR, "input is " + input.length()
                    + " characters, more than the limit of " + maxChars));
        }
        String s = input.strip();
        if (s.startsWith("data:")) {
            Optional<String> inner = dataUrlContent(s);
            if (inner.isEmpty()) {
                return fail(UNKNOWN, FORMAT_UNKNOWN, Problem.of(ErrorType.PARSING_ERROR,
                        "data: URL is not of a JOSE media type (vc+jwt, vp+jwt, vc+sd-jwt, dc+sd-jwt)"));
            }
            s = inner.get();
        }
        Instant now = options.time().orElseGet(clock::instant);
        if (s.indexOf('~') >= 0) {
            return verifySdJwt(s, options, now);
        }
        return verifyCompact(s, options, now, depth);
    }

    // ------------------------------------------------------------------------------------------ compact JWS

    private Verified verifyCompact(String s, VerifyOptions options, Instant now, int depth) {
        CompactJws jws;
        try {
            jws = CompactJws.parse(s, maxChars);
        } catch (JoseException e) {
            return fail(UNKNOWN, FORMAT_UNKNOWN, e.toProblem());
        }
        Optional<Problem> headerProblem = headerPolicy(jws);
        String typ = jws.typ().map(JoseVerifier::normalizeTyp).orElse("");
        String format;
        switch (typ) {
            case "vc+jwt":
            case "vc+ld+jwt":
                format = FORMAT_VC_JWT;
                break;
            case "vp+jwt":
            case "vp+ld+jwt":
                format = FORMAT_VP_JWT;
                break;
            case "":
            case "jwt":
                format = null;
                break;
            case "vc+sd-jwt":
            case "dc+sd-jwt":
                return fail(CREDENTIAL, FORMAT_SD_JWT, Problem.of(ErrorType.PARSING_ERROR,
                        "typ '" + typ + "' is an SD-JWT, which must end with '~' (and list its disclosures)"));
            default:
                return fail(UNKNOWN, FORMAT_UNKNOWN, Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                        "JOSE header typ '" + shorten(typ) + "' is not a credential or presentation type (expected vc+jwt, vp+jwt or JWT)"));
        }
        if (headerProblem.isPresent()) {
            return fail(format == null ? UNKNOWN : kindOf(format), format == null ? FORMAT_UNKNOWN : format, headerProblem.get());
        }
        JsonObject payload;
        try {
            payload = jws.payloadObject(limits);
        } catch (JoseException e) {
            return fail(format == null ? UNKNOWN : kindOf(format), format == null ? FORMAT_UNKNOWN : format, e.toProblem());
        }
        if (format == null) {
            if (payload.containsKey("vc")) {
                format = FORMAT_VC_JWT_11;
            } else if (payload.containsKey("vp")) {
                format = FORMAT_VP_JWT_11;
            } else if (CredentialChecks.hasType(payload.get("type"), "VerifiablePresentation")) {
                format = FORMAT_VP_JWT;
            } else {
                format = FORMAT_VC_JWT;
            }
        }
        Run run = new Run(kindOf(format), format);
        if (depth > 0 && run.kind.equals(PRESENTATION)) {
            return run.fail(Problem.of(ErrorType.MALFORMED_VALUE_ERROR, "a presentation cannot be nested inside a presentation"));
        }
        run.checks.add("header");
        switch (format) {
            case FORMAT_VC_JWT:
                return vcJwt(run, jws, payload, now);
            case FORMAT_VP_JWT:
                return vpJwt(run, jws, payload, options, now);
            case FORMAT_VC_JWT_11:
                return vcJwt11(run, jws, payload, now);
            default:
                return vpJwt11(run, jws, payload, options, now);
        }
    }

    private static Optional<Problem> headerPolicy(CompactJws jws) {
        try {
            JoseAlgorithms.require(jws.alg(), Optional.empty());
        } catch (JoseException e) {
            return Optional.of(e.toProblem());
        }
        if (!jws.crit().isEmpty()) {
            return Optional.of(Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "JOSE header crit " + jws.crit()
                    + " names extensions this verifier does not understand"));
        }
        if (!jws.header().isBase64URLEncodePayload()) {
            return Optional.of(Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "unencoded JWS payloads (b64=false) are not accepted"));
        }
        return Optional.empty();
    }

    private static String normalizeTyp(String typ) {
        String t = typ.toLowerCase(Locale.ROOT);
        return t.startsWith("application/") ? t.substring("application/".length()) : t;
    }

    private static String kindOf(String format) {
        return format.equals(FORMAT_VP_JWT) || format.equals(FORMAT_VP_JWT_11) ? PRESENTATION : CREDENTIAL;
    }

    private Verified vcJwt(Run run, CompactJws jws, JsonObject vc, Instant now) {
        for (String banned : new String[] {"vc", "vp"}) {
            if (vc.containsKey(banned)) {
                return run.fail(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "a vc+jwt payload is the credential itself; the '"
                        + banned + "' claim is not allowed", "/" + banned));
            }
        }
        Optional<String> issuer = id(vc.get("issuer"));
        Optional<String> iss = string(vc, "iss");
        ResolvedMethod method = authenticate(run, jws, issuer.or(() -> iss));
        if (method == null) {
            return run.done(null);
        }
        issuerChecks(run, method, issuer, iss, "/issuer", "issuer");
        relationship(run, method, "assertionMethod");
        times(run, vc, now, "credential JWT");
        validity(run, vc, now);
        dataModel(run, vc, false);
        return run.done(vc);
    }

    private Verified vpJwt(Run run, CompactJws jws, JsonObject vp, VerifyOptions options, Instant now) {
        for (String banned : new String[] {"vc", "vp"}) {
            if (vp.containsKey(banned)) {
                return run.fail(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "a vp+jwt payload is the presentation itself; the '"
                        + banned + "' claim is not allowed", "/" + banned));
            }
        }
        Optional<String> holder = id(vp.get("holder"));
        Optional<String> iss = string(vp, "iss");
        ResolvedMethod method = authenticate(run, jws, holder.or(() -> iss));
        if (method == null) {
            return run.done(null);
        }
        issuerChecks(run, method, holder, iss, "/holder", "holder");
        relationship(run, method, "authentication");
        times(run, vp, now, "presentation JWT");
        challengeAndDomain(run, vp, options);
        dataModel(run, vp, true);
        credentials(run, vp.get("verifiableCredential"), "/verifiableCredential", options, now);
        return run.done(vp);
    }

    private Verified vcJwt11(Run run, CompactJws jws, JsonObject claims, Instant now) {
        JsonValue vcv = claims.get("vc");
        if (!(vcv instanceof JsonObject)) {
            return run.fail(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VC-JWT 'vc' claim is not an object", "/vc"));
        }
        Optional<String> iss = string(claims, "iss");
        ResolvedMethod method = authenticate(run, jws, iss);
        if (method == null) {
            return run.done(null);
        }
        JsonObject vc = (JsonObject) vcv;
        if (iss.isEmpty()) {
            run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VC-JWT has no 'iss' claim naming the issuer", "/iss"));
        } else {
            issuerChecks(run, method, Optional.of(iss.get()), Optional.empty(), "/iss", "issuer");
        }
        JsonObject credential = rebuild11(run, claims, vc, iss);
        relationship(run, method, "assertionMethod");
        times(run, claims, now, "credential JWT");
        validity(run, vc, now); // only dates written in the vc claim itself; nbf/exp were checked above
        dataModel(run, credential, false);
        return run.done(credential);
    }

    private Verified vpJwt11(Run run, CompactJws jws, JsonObject claims, VerifyOptions options, Instant now) {
        JsonValue vpv = claims.get("vp");
        if (!(vpv instanceof JsonObject)) {
            return run.fail(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VP-JWT 'vp' claim is not an object", "/vp"));
        }
        JsonObject vp = (JsonObject) vpv;
        Optional<String> iss = string(claims, "iss");
        Optional<String> holder = id(vp.get("holder"));
        ResolvedMethod method = authenticate(run, jws, iss.or(() -> holder));
        if (method == null) {
            return run.done(null);
        }
        if (iss.isEmpty() && holder.isEmpty()) {
            run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VP-JWT has no 'iss' claim naming the holder", "/iss"));
        } else {
            issuerChecks(run, method, iss.isPresent() ? iss : holder, holder, "/iss", "holder");
        }
        relationship(run, method, "authentication");
        times(run, claims, now, "presentation JWT");
        challengeAndDomain(run, claims, options);
        JsonObjectBuilder rebuilt = JSON.createObjectBuilder(vp).remove("verifiableCredential");
        iss.ifPresent(h -> rebuilt.add("holder", h));
        string(claims, "jti").filter(j -> !vp.containsKey("id")).ifPresent(j -> rebuilt.add("id", j));
        JsonObject presentation = rebuilt.build();
        dataModel(run, presentation, true);
        credentials(run, vp.get("verifiableCredential"), "/vp/verifiableCredential", options, now);
        JsonObjectBuilder doc = JSON.createObjectBuilder(presentation);
        if (vp.containsKey("verifiableCredential")) {
            doc.add("verifiableCredential", vp.get("verifiableCredential"));
        }
        return run.done(doc.build());
    }

    /** Applies the VC-JWT 1.1 claim mapping (iss, jti, sub, nbf, exp) to the vc claim. */
    private static JsonObject rebuild11(Run run, JsonObject claims, JsonObject vc, Optional<String> iss) {
        JsonObjectBuilder b = JSON.createObjectBuilder(vc);
        Optional<String> vcIssuer = id(vc.get("issuer"));
        if (iss.isPresent()) {
            if (vcIssuer.isPresent() && !vcIssuer.get().equals(iss.get())) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "vc.issuer " + vcIssuer.get() + " differs from iss " + iss.get(), "/vc/issuer"));
            } else if (vcIssuer.isEmpty()) {
                b.add("issuer", iss.get());
            }
        }
        Optional<String> jti = string(claims, "jti");
        if (jti.isPresent()) {
            Optional<String> id = string(vc, "id");
            if (id.isPresent() && !id.get().equals(jti.get())) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "vc.id differs from jti", "/vc/id"));
            } else if (id.isEmpty()) {
                b.add("id", jti.get());
            }
        }
        Optional<String> sub = string(claims, "sub");
        JsonValue subject = vc.get("credentialSubject");
        if (sub.isPresent() && subject instanceof JsonObject) {
            Optional<String> sid = string((JsonObject) subject, "id");
            if (sid.isPresent() && !sid.get().equals(sub.get())) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "vc.credentialSubject.id differs from sub", "/vc/credentialSubject/id"));
            } else if (sid.isEmpty()) {
                b.add("credentialSubject", JSON.createObjectBuilder((JsonObject) subject).add("id", sub.get()));
            }
        }
        boolean v1 = !isV2(vc);
        String from = v1 ? "issuanceDate" : "validFrom";
        String until = v1 ? "expirationDate" : "validUntil";
        JwtTimes.claim(claims, "nbf").filter(t -> !vc.containsKey(from)).ifPresent(t -> b.add(from, format(t)));
        JwtTimes.claim(claims, "exp").filter(t -> !vc.containsKey(until)).ifPresent(t -> b.add(until, format(t)));
        return b.build();
    }

    private static boolean isV2(JsonObject doc) {
        JsonValue ctx = doc.get("@context");
        String first = ctx instanceof JsonString ? ((JsonString) ctx).getString()
                : ctx instanceof JsonArray && !((JsonArray) ctx).isEmpty() && ((JsonArray) ctx).get(0) instanceof JsonString
                ? ((JsonArray) ctx).getString(0) : "";
        return first.equals(CredentialChecks.V2);
    }

    private static String format(Instant t) {
        return dev.mandate.vc.proof.DataIntegrity.format(t);
    }

    // ------------------------------------------------------------------------------------------ SD-JWT

    private Verified verifySdJwt(String s, VerifyOptions options, Instant now) {
        Run run = new Run(CREDENTIAL, FORMAT_SD_JWT);
        SdJwt sd;
        CompactJws jws;
        try {
            sd = SdJwt.parse(s, SdJwt.DEFAULT_MAX_DISCLOSURES);
            jws = CompactJws.parse(sd.issuerSignedJwt(), maxChars);
        } catch (JoseException e) {
            return run.fail(e.toProblem());
        }
        Optional<Problem> headerProblem = headerPolicy(jws);
        if (headerProblem.isPresent()) {
            return run.fail(headerProblem.get());
        }
        String typ = jws.typ().map(JoseVerifier::normalizeTyp).orElse("");
        boolean dc;
        if (typ.equals("vc+sd-jwt")) {
            dc = false;
        } else if (typ.equals("dc+sd-jwt")) {
            dc = true;
        } else {
            return run.fail(Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "SD-JWT typ is '" + shorten(typ)
                    + "'; expected vc+sd-jwt (W3C credential) or dc+sd-jwt (SD-JWT VC)"));
        }
        run.checks.add("header");
        JsonObject payload;
        List<Disclosure> disclosures = new ArrayList<>(sd.disclosures().size());
        try {
            payload = jws.payloadObject(limits);
            int i = 0;
            for (String d : sd.disclosures()) {
                i++;
                try {
                    disclosures.add(Disclosure.parse(d));
                } catch (JoseException e) {
                    throw new JoseException(e.type(), "disclosure " + i + ": " + e.getMessage());
                }
            }
        } catch (JoseException e) {
            return run.fail(e.toProblem());
        }
        Optional<String> issuer = dc ? Optional.empty() : id(payload.get("issuer"));
        Optional<String> iss = string(payload, "iss");
        ResolvedMethod method = authenticate(run, jws, issuer.or(() -> iss));
        if (method == null) {
            return run.done(null);
        }
        JsonObject claims;
        try {
            claims = SelectiveDisclosure.reveal(payload, disclosures).claims();
        } catch (JoseException e) {
            return run.fail(e.toProblem());
        }
        run.checks.add("disclosures");
        if (dc) {
            if (iss.isEmpty()) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "SD-JWT VC has no 'iss' claim naming the issuer", "/iss"));
            } else {
                issuerChecks(run, method, iss, Optional.empty(), "/iss", "issuer");
            }
            if (!(claims.get("vct") instanceof JsonString)) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "SD-JWT VC has no string 'vct' (credential type)", "/vct"));
            }
        } else {
            issuerChecks(run, method, id(claims.get("issuer")), string(claims, "iss"), "/issuer", "issuer");
        }
        relationship(run, method, "assertionMethod");
        times(run, claims, now, "SD-JWT");
        if (!dc) {
            validity(run, claims, now);
            dataModel(run, claims, false);
        }
        keyBinding(run, sd, claims, options, now);
        return run.done(claims);
    }

    private void keyBinding(Run run, SdJwt sd, JsonObject claims, VerifyOptions options, Instant now) {
        boolean required = options.challenge().isPresent() || options.domain().isPresent();
        Optional<String> kb = sd.keyBindingJwt();
        if (kb.isEmpty()) {
            if (required) {
                run.problem(Problem.of(options.challenge().isPresent() ? ErrorType.INVALID_CHALLENGE_ERROR : ErrorType.INVALID_DOMAIN_ERROR,
                        "key binding is required (the verifier gave a challenge or domain) but the SD-JWT has no key binding JWT"));
            }
            return;
        }
        KeyBinding.Claims kbClaims;
        try {
            PublicKeyValue holderKey = KeyBinding.holderKey(claims);
            kbClaims = KeyBinding.verify(kb.get(), sd, holderKey);
        } catch (JoseException e) {
            run.problem(e.toProblem());
            return;
        }
        boolean ok = true;
        if (now.plus(skew).isBefore(kbClaims.issuedAt())) {
            run.problem(Problem.of(ErrorType.VALIDITY_PERIOD_ERROR, "key binding JWT was issued in the future, at " + kbClaims.issuedAt()));
            ok = false;
        } else if (kbClaims.issuedAt().isBefore(now.minus(keyBindingMaxAge).minus(skew))) {
            run.problem(Problem.of(ErrorType.VALIDITY_PERIOD_ERROR, "key binding JWT is too old: issued at " + kbClaims.issuedAt()
                    + ", accepted for " + keyBindingMaxAge));
            ok = false;
        }
        if (options.challenge().isPresent()) {
            if (!options.challenge().get().equals(kbClaims.nonce())) {
                run.problem(Problem.of(ErrorType.INVALID_CHALLENGE_ERROR, "key binding JWT nonce does not match the verifier's challenge"));
                ok = false;
            } else {
                run.checks.add("challenge");
            }
        }
        if (options.domain().isPresent()) {
            if (!options.domain().get().equals(kbClaims.audience())) {
                run.problem(Problem.of(ErrorType.INVALID_DOMAIN_ERROR, "key binding JWT aud '" + shorten(kbClaims.audience())
                        + "' does not match the verifier's domain"));
                ok = false;
            } else {
                run.checks.add("domain");
            }
        }
        if (ok) {
            run.checks.add("keyBinding");
        }
    }

    // ------------------------------------------------------------------------------------------ shared checks

    /**
     * Resolves {@code kid}, checks alg against the key type, then the signature. Returns the method,
     * or null after adding a problem.
     */
    private ResolvedMethod authenticate(Run run, CompactJws jws, Optional<String> subjectId) {
        Optional<String> kidHeader = jws.kid();
        if (kidHeader.isEmpty() || kidHeader.get().isEmpty()) {
            run.problem(Problem.of(ErrorType.INVALID_VERIFICATION_METHOD_URL,
                    "JOSE header has no kid; keys are resolved only from a kid DID URL"));
            return null;
        }
        String kid = kidHeader.get();
        if (kid.startsWith("#")) {
            if (subjectId.isEmpty() || !subjectId.get().startsWith("did:")) {
                run.problem(Problem.of(ErrorType.INVALID_VERIFICATION_METHOD_URL, "kid '" + shorten(kid)
                        + "' is relative but the " + (run.kind.equals(PRESENTATION) ? "holder" : "issuer") + " is not a DID"));
                return null;
            }
            kid = subjectId.get() + kid;
        } else if (!kid.startsWith("did:")) {
            run.problem(Problem.of(ErrorType.INVALID_VERIFICATION_METHOD_URL, "kid '" + shorten(kid) + "' is not a DID URL"));
            return null;
        }
        MethodResolution resolution;
        try {
            resolution = resolver.resolve(kid);
        } catch (RuntimeException e) {
            run.problem(Problem.of(ErrorType.RESOLUTION_ERROR, "resolving " + shorten(kid) + " failed: " + e.getClass().getSimpleName()));
            return null;
        }
        if (resolution instanceof MethodResolution.Failed) {
            run.problem(((MethodResolution.Failed) resolution).problem());
            return null;
        }
        ResolvedMethod method = ((MethodResolution.Found) resolution).method();
        run.kid = kid;
        KeyType keyType = method.key().keyType();
        try {
            JoseAlgorithms.require(jws.alg(), Optional.of(keyType));
        } catch (JoseException e) {
            run.problem(e.toProblem());
            return null;
        }
        if (!jws.verifySignature(method.key())) {
            run.problem(Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "signature does not verify with " + shorten(kid)
                    + ": the " + run.kind + " was altered or signed with another key"));
            return null;
        }
        run.checks.add("signature");
        return method;
    }

    /** The named party (issuer or holder) must be the DID of kid and the method's controller; iss must agree. */
    private void issuerChecks(Run run, ResolvedMethod method, Optional<String> party, Optional<String> iss, String path, String role) {
        Optional<String> named = party.isPresent() ? party : iss;
        if (role.equals("issuer") && !trustedIssuers.isEmpty() && named.isPresent() && !trustedIssuers.contains(named.get())) {
            run.problem(new Problem(ErrorType.UNTRUSTED_ISSUER_ERROR, "issuer " + shorten(named.get())
                    + " is not one of the verifier's trusted issuers", path));
        }
        if (party.isEmpty()) {
            if (iss.isEmpty()) {
                if (role.equals("holder")) {
                    run.checks.add(role); // a presentation need not name its holder: the signer is the kid's controller
                    return;
                }
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "the credential names no issuer", path));
                return;
            }
            party = iss;
        }
        boolean ok = true;
        if (iss.isPresent() && !iss.get().equals(party.get())) {
            run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "iss " + shorten(iss.get()) + " differs from " + role + " "
                    + shorten(party.get()), "/iss"));
            ok = false;
        }
        String kidDid = run.kid.indexOf('#') >= 0 ? run.kid.substring(0, run.kid.indexOf('#')) : run.kid;
        if (!party.get().equals(kidDid) || !party.get().equals(method.controller())) {
            run.problem(new Problem(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, role + " " + shorten(party.get())
                    + " is not the controller of the signing key " + shorten(run.kid), path));
            ok = false;
        }
        if (ok) {
            run.checks.add(role);
        }
    }

    private static void relationship(Run run, ResolvedMethod method, String relationship) {
        if (method.relationships().contains(relationship)) {
            run.checks.add(relationship);
        } else {
            run.problem(Problem.of(ErrorType.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD, shorten(run.kid)
                    + " is not listed under " + relationship + " of its controller"));
        }
    }

    private void times(Run run, JsonObject claims, Instant now, String what) {
        if (JwtTimes.check(claims, now, skew, what, run.problems)) {
            run.checks.add("jwtTimes");
        }
    }

    private void validity(Run run, JsonObject vc, Instant now) {
        if (CredentialChecks.validityPeriod(vc, now, skew, run.problems)) {
            run.checks.add("validityPeriod");
        }
    }

    private static void dataModel(Run run, JsonObject doc, boolean presentation) {
        List<Problem> p = CredentialChecks.dataModel(doc, presentation);
        if (p.isEmpty()) {
            run.checks.add("dataModel");
        } else {
            run.problems.addAll(p);
        }
    }

    private static void challengeAndDomain(Run run, JsonObject claims, VerifyOptions options) {
        if (options.challenge().isPresent()) {
            Optional<String> nonce = string(claims, "nonce");
            if (nonce.isEmpty()) {
                run.problem(new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "the presentation has no nonce but the verifier gave a challenge", "/nonce"));
            } else if (!nonce.get().equals(options.challenge().get())) {
                run.problem(new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "the presentation's nonce does not match the verifier's challenge", "/nonce"));
            } else {
                run.checks.add("challenge");
            }
        }
        if (options.domain().isPresent()) {
            JsonValue aud = claims.get("aud");
            String domain = options.domain().get();
            boolean match = aud instanceof JsonString && ((JsonString) aud).getString().equals(domain);
            if (aud instanceof JsonArray) {
                for (JsonValue a : (JsonArray) aud) {
                    match |= a instanceof JsonString && ((JsonString) a).getString().equals(domain);
                }
            }
            if (match) {
                run.checks.add("domain");
            } else {
                run.problem(new Problem(ErrorType.INVALID_DOMAIN_ERROR, aud == null
                        ? "the presentation has no aud but the verifier gave a domain"
                        : "the presentation's aud does not include the verifier's domain", "/aud"));
            }
        }
    }

    /** Verifies each credential of a presentation into the run's credential results. */
    private void credentials(Run run, JsonValue vcs, String path, VerifyOptions options, Instant now) {
        if (vcs == null) {
            return;
        }
        List<JsonValue> entries = vcs instanceof JsonArray ? (JsonArray) vcs : List.of(vcs);
        if (entries.size() > MAX_CREDENTIALS) {
            run.problem(new Problem(ErrorType.LIMIT_EXCEEDED_ERROR, "presentation has more than " + MAX_CREDENTIALS + " credentials", path));
            return;
        }
        VerifyOptions nested = VerifyOptions.none().at(now);
        int i = 0;
        for (JsonValue e : entries) {
            String p = vcs instanceof JsonArray ? path + "/" + i : path;
            i++;
            if (e instanceof JsonString) {
                run.credentialResults.add(verifyAny(((JsonString) e).getString(), nested, 1).result());
                continue;
            }
            Optional<String> secured = enveloped(e);
            if (secured.isPresent()) {
                run.credentialResults.add(verifyAny(secured.get(), nested, 1).result());
            } else {
                run.credentialResults.add(VerificationResult.failure(CREDENTIAL, UNKNOWN, new Problem(ErrorType.MALFORMED_VALUE_ERROR,
                        "credential " + i + " of the presentation is not an EnvelopedVerifiableCredential with a "
                                + "data:application/vc+jwt or data:application/vc+sd-jwt id", p)));
            }
        }
        if (run.credentialResults.stream().allMatch(VerificationResult::verified)) {
            run.checks.add("credentials");
        }
    }

    private static Optional<String> enveloped(JsonValue e) {
        if (!(e instanceof JsonObject) || !CredentialChecks.hasType(((JsonObject) e).get("type"), "EnvelopedVerifiableCredential")) {
            return Optional.empty();
        }
        return string((JsonObject) e, "id").flatMap(JoseVerifier::dataUrlContent);
    }

    private static final String[] DATA_URL_PREFIXES = {"data:application/vc+jwt,", "data:application/vp+jwt,",
        "data:application/vc+sd-jwt,", "data:application/dc+sd-jwt,", "data:application/vc-ld+sd-jwt,"};

    private static Optional<String> dataUrlContent(String url) {
        for (String prefix : DATA_URL_PREFIXES) {
            if (url.startsWith(prefix)) {
                return Optional.of(url.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * The secured string inside an {@code EnvelopedVerifiableCredential} or {@code EnvelopedVerifiablePresentation}
     * whose {@code id} is a {@code data:} URL of a JOSE media type ({@code application/vc+jwt}, {@code vp+jwt},
     * {@code vc+sd-jwt}, {@code dc+sd-jwt}); empty for anything else (including COSE). {@link #verify} also
     * accepts such a {@code data:} URL directly.
     */
    public static Optional<String> envelopedContent(JsonObject envelope) {
        JsonValue type = envelope.get("type");
        if (!CredentialChecks.hasType(type, "EnvelopedVerifiableCredential") && !CredentialChecks.hasType(type, "EnvelopedVerifiablePresentation")) {
            return Optional.empty();
        }
        return string(envelope, "id").flatMap(JoseVerifier::dataUrlContent);
    }

    private static Optional<String> id(JsonValue v) {
        if (v instanceof JsonString) return Optional.of(((JsonString) v).getString());
        if (v instanceof JsonObject && ((JsonObject) v).get("id") instanceof JsonString) {
            return Optional.of(((JsonObject) v).getString("id"));
        }
        return Optional.empty();
    }

    private static Optional<String> string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonString ? Optional.of(((JsonString) v).getString()) : Optional.empty();
    }

    private static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    private static Verified fail(String kind, String format, Problem problem) {
        return new Verified(VerificationResult.failure(kind, format, problem), null);
    }

    /** The checks and problems of one document. */
    private static final class Run {
        final String kind;
        final String format;
        final List<String> checks = new ArrayList<>(12);
        final List<Problem> problems = new ArrayList<>(2);
        final List<VerificationResult> credentialResults = new ArrayList<>(0);
        String kid = "";

        Run(String kind, String format) {
            this.kind = kind;
            this.format = format;
        }

        void problem(Problem p) {
            problems.add(p);
        }

        Verified fail(Problem p) {
            problems.add(p);
            return done(null);
        }

        Verified done(JsonObject document) {
            boolean verified = problems.isEmpty() && credentialResults.stream().allMatch(VerificationResult::verified);
            return new Verified(new VerificationResult(verified, kind, format, checks, problems, credentialResults), document);
        }
    }
}
