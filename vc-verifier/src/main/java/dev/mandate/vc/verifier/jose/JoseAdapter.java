package dev.mandate.vc.verifier.jose;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.SecuredDocument;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The JOSE format adapter of the {@link dev.mandate.vc.verifier.Verifier} pipeline. It detects the form of
 * its input and checks only what the JOSE layer secures, returning a {@link SecuredDocument} whose view is
 * the signed payload:
 * <ul>
 * <li>{@code vc+jwt} and {@code vp+jwt} (W3C VC-JOSE-COSE);</li>
 * <li>VC-JWT 1.1 credentials and presentations ({@code vc} / {@code vp} claim; {@code iss}, {@code sub},
 * {@code nbf}, {@code exp}, {@code jti} mapped back onto the credential);</li>
 * <li>SD-JWT ({@code vc+sd-jwt} for VC Data Model credentials, {@code dc+sd-jwt} for IETF SD-JWT VCs),
 * with or without a Key Binding JWT (input containing {@code ~}).</li>
 * </ul>
 *
 * <p>Checks: input size before parsing; canonical base64url in every part; header ({@code alg} on the
 * allow-list EdDSA, ES256, ES384, ES256K, never {@code none} or HMAC; {@code typ}; no {@code crit});
 * {@code kid} resolved only through the {@link MethodResolver}; {@code alg} matches the key type; the
 * signature; the issuer (or holder) equals the DID of {@code kid} and the method's controller, and
 * {@code iss} agrees; the relationship ({@code assertionMethod} / {@code authentication});
 * {@code iat}/{@code nbf}/{@code exp} with the clock skew; for presentations {@code nonce} = challenge and
 * {@code aud} = domain; for SD-JWT the disclosures and key binding. The credential's own validity, the data
 * model, trusted issuers, status and the presentation's credentials are the pipeline's shared stages.
 * Never throws for bad input. Immutable and thread-safe if the resolver is.
 */
public final class JoseAdapter {
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

    static final String CREDENTIAL = "credential";
    static final String PRESENTATION = "presentation";
    static final String UNKNOWN = "unknown";

    private static final String[] DATA_URL_PREFIXES = {"data:application/vc+jwt,", "data:application/vp+jwt,",
        "data:application/vc+sd-jwt,", "data:application/dc+sd-jwt,", "data:application/vc-ld+sd-jwt,"};

    private final int maxChars;
    private final JwtAdapter jwt;
    private final SdJwtAdapter sdJwt;

    /**
     * @param resolver         resolves a {@code kid} DID URL to its key, controller and relationships
     * @param clockSkew        tolerance for every time check (iat, nbf, exp, KB-JWT iat)
     * @param maxChars         bound on the input size, checked before parsing
     * @param keyBindingMaxAge oldest acceptable Key Binding JWT
     */
    public JoseAdapter(MethodResolver resolver, Duration clockSkew, int maxChars, Duration keyBindingMaxAge) {
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(clockSkew, "clockSkew");
        Objects.requireNonNull(keyBindingMaxAge, "keyBindingMaxAge");
        if (clockSkew.isNegative() || keyBindingMaxAge.isNegative()) {
            throw new IllegalArgumentException("clock skew and key binding max age must not be negative");
        }
        if (maxChars < 64 || maxChars > BoundedJson.Limits.MAX_BYTES_CEILING) {
            throw new IllegalArgumentException("max input must be 64.." + BoundedJson.Limits.MAX_BYTES_CEILING + " characters");
        }
        this.maxChars = maxChars;
        BoundedJson.Limits limits = new BoundedJson.Limits(maxChars, 64);
        JwsChecks checks = new JwsChecks(resolver);
        this.jwt = new JwtAdapter(checks, clockSkew, maxChars, limits);
        this.sdJwt = new SdJwtAdapter(checks, clockSkew, maxChars, keyBindingMaxAge, limits);
    }

    /**
     * Checks a compact JWS, an SD-JWT, or such a string in a {@code data:} URL of a JOSE media type.
     *
     * @param input   the JOSE text (surrounding whitespace ignored)
     * @param options the challenge and domain a presentation (or a KB-JWT's nonce and aud) must carry
     * @param now     the time JWT claims and the validity period are checked at
     * @param nested true when the input sits inside a presentation (a presentation is then refused)
     * @return the checked document: its verified view and checks, or the problems found (never thrown)
     */
    public SecuredDocument open(String input, VerifyOptions options, Instant now, boolean nested) {
        Objects.requireNonNull(options, "options");
        try {
            if (input == null || input.isBlank()) {
                return new Run(UNKNOWN, FORMAT_UNKNOWN).fail(Problem.of(ErrorType.PARSING_ERROR, "no JWT or SD-JWT given"));
            }
            if (input.length() > maxChars) {
                return new Run(UNKNOWN, FORMAT_UNKNOWN).fail(Problem.of(ErrorType.LIMIT_EXCEEDED_ERROR, "input is " + input.length()
                        + " characters, more than the limit of " + maxChars));
            }
            String s = input.strip();
            if (s.startsWith("data:")) {
                Optional<String> inner = dataUrlContent(s);
                if (inner.isEmpty()) {
                    return new Run(UNKNOWN, FORMAT_UNKNOWN).fail(Problem.of(ErrorType.PARSING_ERROR,
                            "data: URL is not of a JOSE media type (vc+jwt, vp+jwt, vc+sd-jwt, dc+sd-jwt)"));
                }
                s = inner.get();
            }
            return s.indexOf('~') >= 0 ? sdJwt.open(s, options, now) : jwt.open(s, options, now, nested);
        } catch (RuntimeException e) {
            // Defensive: a bug must not turn bad input into an exception for the caller.
            return new Run(UNKNOWN, FORMAT_UNKNOWN).fail(new Problem(ErrorType.PARSING_ERROR, "input could not be processed ("
                    + e.getClass().getSimpleName() + ")", ""));
        }
    }

    /**
     * True if {@code text} (surrounding whitespace ignored) has the shape of a compact JWS or an SD-JWT:
     * only base64url characters (and {@code =}, which the adapter then refuses as padding), {@code .} and
     * {@code ~}, and at least two dots; or is such a string in a
     * {@code data:application/vc+jwt,} ({@code vp+jwt}, {@code vc+sd-jwt}, {@code dc+sd-jwt}) URL. Routes
     * input between this adapter and the JSON one; it does not decode anything.
     *
     * @param text the input; null gives false
     * @return whether the JOSE adapter should read it
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
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '~'
                    || c == '=')) { // '=' padding is not base64url, but the JOSE adapter says so better than a JSON parser
                return false;
            }
        }
        return dots >= 2 && s.charAt(0) != '.' && s.charAt(0) != '~';
    }

    /**
     * {@return the secured string of a {@code data:} URL of a JOSE media type, empty for anything else}
     *
     * @param url a {@code data:application/vc+jwt,...} (or {@code vp+jwt}, {@code vc+sd-jwt}, {@code dc+sd-jwt}) URL
     */
    public static Optional<String> dataUrlContent(String url) {
        for (String prefix : DATA_URL_PREFIXES) {
            if (url.startsWith(prefix)) {
                return Optional.of(url.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /**
     * The secured string inside an {@code EnvelopedVerifiableCredential} or {@code EnvelopedVerifiablePresentation}
     * whose {@code id} is a {@code data:} URL of a JOSE media type; empty for anything else (including COSE).
     * This reads the envelope only to find what to verify: the pipeline refuses envelopes with any other member.
     *
     * @param envelope the enveloped credential or presentation object
     * @return the compact JWS or SD-JWT inside, or empty
     */
    public static Optional<String> envelopedContent(JsonObject envelope) {
        JsonValue type = envelope.get("type");
        if (!hasType(type, "EnvelopedVerifiableCredential") && !hasType(type, "EnvelopedVerifiablePresentation")) {
            return Optional.empty();
        }
        return envelope.get("id") instanceof JsonString s ? dataUrlContent(s.getString()) : Optional.empty();
    }

    static boolean hasType(JsonValue type, String name) {
        if (type instanceof JsonString s) {
            return s.getString().equals(name);
        }
        if (type instanceof JsonArray a) {
            for (JsonValue t : a) {
                if (t instanceof JsonString s && s.getString().equals(name)) return true;
            }
        }
        return false;
    }
}
