package dev.mandate.vc.verifier.jose;

import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.JwtTimes;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.ResolvedMethod;
import dev.mandate.vc.verifier.SecuredDocument;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.mandate.vc.verifier.jose.JwsChecks.id;
import static dev.mandate.vc.verifier.jose.JwsChecks.shorten;
import static dev.mandate.vc.verifier.jose.JwsChecks.string;

/**
 * The compact JWS adapter: {@code vc+jwt} and {@code vp+jwt} (VC-JOSE-COSE, the payload is the
 * credential or presentation) and VC-JWT 1.1 ({@code vc}/{@code vp} claim, registered claims mapped onto
 * it). Checks the header, the signature, the party and relationship, and the JWT time claims; returns the
 * payload (or the rebuilt 1.1 document) as the verified view. The credential's own validity, the data
 * model, status and nested credentials are the pipeline's shared stages.
 */
final class JwtAdapter {
    private static final JsonBuilderFactory JSON = dev.mandate.vc.json.Jsonp.PROVIDER.createBuilderFactory(Map.of());
    static final String V2 = "https://www.w3.org/ns/credentials/v2";

    private final JwsChecks jws;
    private final Duration skew;
    private final int maxChars;
    private final BoundedJson.Limits limits;

    JwtAdapter(JwsChecks jws, Duration skew, int maxChars, BoundedJson.Limits limits) {
        this.jws = jws;
        this.skew = skew;
        this.maxChars = maxChars;
        this.limits = limits;
    }

    SecuredDocument open(String s, VerifyOptions options, Instant now, boolean nested) {
        CompactJws token;
        try {
            token = CompactJws.parse(s, maxChars);
        } catch (JoseException e) {
            return new Run(JoseAdapter.UNKNOWN, JoseAdapter.FORMAT_UNKNOWN).fail(e.toProblem());
        }
        Optional<Problem> headerProblem = JwsChecks.headerPolicy(token);
        String typ = token.typ().map(JwtAdapter::normalizeTyp).orElse("");
        String format;
        switch (typ) {
            case "vc+jwt", "vc+ld+jwt" -> format = JoseAdapter.FORMAT_VC_JWT;
            case "vp+jwt", "vp+ld+jwt" -> format = JoseAdapter.FORMAT_VP_JWT;
            case "", "jwt" -> format = null;
            case "vc+sd-jwt", "dc+sd-jwt" -> {
                return new Run(JoseAdapter.CREDENTIAL, JoseAdapter.FORMAT_SD_JWT).fail(Problem.of(ErrorType.PARSING_ERROR,
                        "typ '" + typ + "' is an SD-JWT, which must end with '~' (and list its disclosures)"));
            }
            default -> {
                return new Run(JoseAdapter.UNKNOWN, JoseAdapter.FORMAT_UNKNOWN).fail(Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                        "JOSE header typ '" + shorten(typ) + "' is not a credential or presentation type (expected vc+jwt, vp+jwt or JWT)"));
            }
        }
        if (headerProblem.isPresent()) {
            return new Run(format == null ? JoseAdapter.UNKNOWN : kindOf(format), format == null ? JoseAdapter.FORMAT_UNKNOWN : format)
                    .fail(headerProblem.get());
        }
        JsonObject payload;
        try {
            payload = token.payloadObject(limits);
        } catch (JoseException e) {
            return new Run(format == null ? JoseAdapter.UNKNOWN : kindOf(format), format == null ? JoseAdapter.FORMAT_UNKNOWN : format)
                    .fail(e.toProblem());
        }
        if (format == null) {
            if (payload.containsKey("vc")) {
                format = JoseAdapter.FORMAT_VC_JWT_11;
            } else if (payload.containsKey("vp")) {
                format = JoseAdapter.FORMAT_VP_JWT_11;
            } else if (JoseAdapter.hasType(payload.get("type"), "VerifiablePresentation")) {
                format = JoseAdapter.FORMAT_VP_JWT;
            } else {
                format = JoseAdapter.FORMAT_VC_JWT;
            }
        }
        Run run = new Run(kindOf(format), format);
        if (nested && run.kind.equals(JoseAdapter.PRESENTATION)) {
            return run.fail(Problem.of(ErrorType.MALFORMED_VALUE_ERROR, "a presentation cannot be nested inside a presentation"));
        }
        run.checks.add("header");
        return switch (format) {
            case JoseAdapter.FORMAT_VC_JWT -> vcJwt(run, token, payload, now);
            case JoseAdapter.FORMAT_VP_JWT -> vpJwt(run, token, payload, options, now);
            case JoseAdapter.FORMAT_VC_JWT_11 -> vcJwt11(run, token, payload, now);
            default -> vpJwt11(run, token, payload, options, now);
        };
    }

    static String normalizeTyp(String typ) {
        String t = typ.toLowerCase(Locale.ROOT);
        return t.startsWith("application/") ? t.substring("application/".length()) : t;
    }

    private static String kindOf(String format) {
        return format.equals(JoseAdapter.FORMAT_VP_JWT) || format.equals(JoseAdapter.FORMAT_VP_JWT_11)
                ? JoseAdapter.PRESENTATION : JoseAdapter.CREDENTIAL;
    }

    private static Optional<Problem> bannedClaims(JsonObject payload, String what) {
        for (String banned : new String[] {"vc", "vp"}) {
            if (payload.containsKey(banned)) {
                return Optional.of(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "a " + what + " payload is the "
                        + (what.startsWith("vc") ? "credential" : "presentation") + " itself; the '" + banned + "' claim is not allowed", "/" + banned));
            }
        }
        return Optional.empty();
    }

    private SecuredDocument vcJwt(Run run, CompactJws token, JsonObject vc, Instant now) {
        Optional<Problem> banned = bannedClaims(vc, "vc+jwt");
        if (banned.isPresent()) {
            return run.fail(banned.get());
        }
        Optional<String> issuer = id(vc.get("issuer"));
        Optional<String> iss = string(vc, "iss");
        ResolvedMethod method = jws.authenticate(run, token, issuer.or(() -> iss), "assertionMethod");
        if (method == null) {
            return run.done(null);
        }
        JwsChecks.party(run, method, issuer, iss, "/issuer", "issuer");
        JwsChecks.relationship(run, method, "assertionMethod");
        times(run, vc, now, "credential JWT");
        return run.done(vc);
    }

    private SecuredDocument vpJwt(Run run, CompactJws token, JsonObject vp, VerifyOptions options, Instant now) {
        Optional<Problem> banned = bannedClaims(vp, "vp+jwt");
        if (banned.isPresent()) {
            return run.fail(banned.get());
        }
        Optional<String> holder = id(vp.get("holder"));
        Optional<String> iss = string(vp, "iss");
        ResolvedMethod method = jws.authenticate(run, token, holder.or(() -> iss), "authentication");
        if (method == null) {
            return run.done(null);
        }
        JwsChecks.party(run, method, holder, iss, "/holder", "holder");
        JwsChecks.relationship(run, method, "authentication");
        times(run, vp, now, "presentation JWT");
        challengeAndDomain(run, vp, options);
        nested(run, vp.get("verifiableCredential"), "/verifiableCredential");
        return run.done(vp);
    }

    private SecuredDocument vcJwt11(Run run, CompactJws token, JsonObject claims, Instant now) {
        if (!(claims.get("vc") instanceof JsonObject vc)) {
            return run.fail(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VC-JWT 'vc' claim is not an object", "/vc"));
        }
        run.model = SecuredDocument.Model.W3C_JWT_11;
        Optional<String> iss = string(claims, "iss");
        ResolvedMethod method = jws.authenticate(run, token, iss, "assertionMethod");
        if (method == null) {
            return run.done(null);
        }
        if (iss.isEmpty()) {
            run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VC-JWT has no 'iss' claim naming the issuer", "/iss"));
        } else {
            JwsChecks.party(run, method, Optional.of(iss.get()), Optional.empty(), "/iss", "issuer");
        }
        JsonObject credential = rebuild11(run, claims, vc, iss);
        JwsChecks.relationship(run, method, "assertionMethod");
        times(run, claims, now, "credential JWT");
        return run.done(credential);
    }

    private SecuredDocument vpJwt11(Run run, CompactJws token, JsonObject claims, VerifyOptions options, Instant now) {
        if (!(claims.get("vp") instanceof JsonObject vp)) {
            return run.fail(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VP-JWT 'vp' claim is not an object", "/vp"));
        }
        run.model = SecuredDocument.Model.W3C_JWT_11;
        Optional<String> iss = string(claims, "iss");
        Optional<String> holder = id(vp.get("holder"));
        ResolvedMethod method = jws.authenticate(run, token, iss.or(() -> holder), "authentication");
        if (method == null) {
            return run.done(null);
        }
        if (iss.isEmpty() && holder.isEmpty()) {
            run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "VP-JWT has no 'iss' claim naming the holder", "/iss"));
        } else {
            JwsChecks.party(run, method, iss.isPresent() ? iss : holder, holder, "/iss", "holder");
        }
        JwsChecks.relationship(run, method, "authentication");
        times(run, claims, now, "presentation JWT");
        challengeAndDomain(run, claims, options);
        JsonObjectBuilder rebuilt = JSON.createObjectBuilder(vp);
        iss.filter(h -> !vp.containsKey("holder")).ifPresent(h -> rebuilt.add("holder", h));
        string(claims, "jti").filter(j -> !vp.containsKey("id")).ifPresent(j -> rebuilt.add("id", j));
        nested(run, vp.get("verifiableCredential"), "/vp/verifiableCredential");
        return run.done(rebuilt.build());
    }

    /** The presentation's credentials, each to re-enter the pipeline. */
    private static void nested(Run run, JsonValue vcs, String path) {
        if (vcs != null) {
            run.nested = vcs instanceof JsonArray a ? a : List.of(vcs);
            run.nestedPath = path;
        }
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
        if (sub.isPresent() && subject instanceof JsonObject so) {
            Optional<String> sid = string(so, "id");
            if (sid.isPresent() && !sid.get().equals(sub.get())) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "vc.credentialSubject.id differs from sub", "/vc/credentialSubject/id"));
            } else if (sid.isEmpty()) {
                b.add("credentialSubject", JSON.createObjectBuilder(so).add("id", sub.get()));
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
        String first = ctx instanceof JsonString s ? s.getString()
                : ctx instanceof JsonArray a && !a.isEmpty() && a.get(0) instanceof JsonString s0 ? s0.getString() : "";
        return first.equals(V2);
    }

    private static String format(Instant t) {
        return dev.mandate.vc.proof.DataIntegrity.format(t);
    }

    private void times(Run run, JsonObject claims, Instant now, String what) {
        if (JwtTimes.check(claims, now, skew, what, run.problems)) {
            run.checks.add("jwtTimes");
        }
    }

    private static void challengeAndDomain(Run run, JsonObject claims, VerifyOptions options) {
        if (options.challenge().isPresent()) {
            Optional<String> nonce = string(claims, "nonce");
            if (nonce.isEmpty()) {
                run.problem(new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "the presentation has no nonce but the verifier gave a challenge", "/nonce"));
            } else if (!java.security.MessageDigest.isEqual(nonce.get().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    options.challenge().get().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                run.problem(new Problem(ErrorType.INVALID_CHALLENGE_ERROR, "the presentation's nonce does not match the verifier's challenge", "/nonce"));
            } else {
                run.checks.add("challenge");
            }
        }
        if (options.domain().isPresent()) {
            JsonValue aud = claims.get("aud");
            String domain = options.domain().get();
            boolean match = aud instanceof JsonString s && s.getString().equals(domain);
            if (aud instanceof JsonArray a) {
                for (JsonValue x : a) {
                    match |= x instanceof JsonString s && s.getString().equals(domain);
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
}
