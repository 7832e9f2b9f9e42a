package dev.mandate.agent.authz;

import dev.mandate.agent.Reason;
import dev.mandate.agent.Reason.Code;
import dev.mandate.agent.request.RequestSigner;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.MethodResolution;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.ResolvedMethod;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static dev.mandate.agent.authz.Authorizer.MAX_PROOF_CHARS;

/**
 * The first checks of {@link Authorizer}: the request proof is a compact {@code mandate-req+jwt} JWS with an accepted
 * algorithm and no {@code crit}, signed by an authentication key of its {@code iss}, fresh and short-lived. What it
 * was made for (method, URL, body, chain) the authorizer checks next.
 */
final class RequestProof {
    private static final Set<String> ALGS = Set.of("EdDSA", "Ed25519", "ES256", "ES384", "ES256K");

    private final MethodResolver resolver;
    private final Duration skew;
    private final Duration maxLifetime;

    RequestProof(MethodResolver resolver, Duration skew, Duration maxLifetime) {
        this.resolver = resolver;
        this.skew = skew;
        this.maxLifetime = maxLifetime;
    }

    /**
     * The proof's issuer, claims and expiry, or why it is refused (with the issuer, once known).
     *
     * @param iss    the proof's {@code iss}, or "" when refused before it was read
     * @param claims the verified claims (empty when refused)
     * @param exp    the proof's {@code exp}, seconds
     * @param denial why the proof is refused, if it is
     */
    record Checked(String iss, JsonObject claims, long exp, Optional<Reason> denial) {
        static Checked denied(String iss, Reason why) {
            return new Checked(iss, JsonObject.EMPTY_JSON_OBJECT, -1, Optional.of(why));
        }
    }

    /** Checks the proof at {@code now}, adding what passed to {@code checks}. */
    Checked check(String jws, Instant now, List<String> checks) {
        CompactJws proof;
        JsonObject claims;
        try {
            proof = CompactJws.parse(jws, MAX_PROOF_CHARS);
            claims = proof.payloadObject(BoundedJson.Limits.DEFAULT.withMaxBytes(MAX_PROOF_CHARS).withMaxDepth(8));
        } catch (JoseException e) {
            return Checked.denied("", Reason.of(Code.PROOF_INVALID, "proof is not a compact JWS: " + e.getMessage()));
        }
        if (!proof.typ().orElse("").equals(RequestSigner.TYP)) return Checked.denied("", Reason.of(Code.PROOF_INVALID, "proof typ must be " + RequestSigner.TYP));
        if (!ALGS.contains(proof.alg())) return Checked.denied("", Reason.of(Code.PROOF_INVALID, "proof alg " + proof.alg() + " is not accepted"));
        if (!proof.crit().isEmpty()) return Checked.denied("", Reason.of(Code.PROOF_INVALID, "proof has unsupported crit headers " + proof.crit()));
        String iss = str(claims, "iss");
        String kid = proof.kid().orElse("");
        if (iss.isEmpty() || !kid.startsWith(iss + "#")) {
            return Checked.denied(iss, Reason.of(Code.HOLDER_MISMATCH, "proof kid " + kid + " is not a key of its iss " + iss));
        }
        MethodResolution res = resolver.resolve(kid);
        if (!(res instanceof MethodResolution.Found found)) {
            return Checked.denied(iss, Reason.of(Code.PROOF_INVALID, "proof key " + kid + " does not resolve: "
                    + ((MethodResolution.Failed) res).problem().message()));
        }
        ResolvedMethod m = found.method();
        if (!m.controller().equals(iss) || !m.relationships().contains("authentication")) {
            return Checked.denied(iss, Reason.of(Code.HOLDER_MISMATCH, "proof key " + kid + " is not an authentication key of " + iss));
        }
        if (!proof.verifySignature(m.key())) return Checked.denied(iss, Reason.of(Code.PROOF_INVALID, "proof signature does not verify"));
        checks.add("proof signature by " + kid);
        long t = now.getEpochSecond();
        long iat = num(claims, "iat");
        long exp = num(claims, "exp");
        if (iat < 0 || exp < 0) return Checked.denied(iss, Reason.of(Code.PROOF_INVALID, "proof iat and exp must be integers (seconds)"));
        if (exp + skew.toSeconds() < t) return Checked.denied(iss, Reason.of(Code.PROOF_EXPIRED, "proof expired at " + Instant.ofEpochSecond(exp)));
        if (iat - skew.toSeconds() > t) return Checked.denied(iss, Reason.of(Code.PROOF_EXPIRED, "proof iat " + Instant.ofEpochSecond(iat) + " is in the future"));
        if (exp - iat > maxLifetime.toSeconds() || exp < iat) {
            return Checked.denied(iss, Reason.of(Code.PROOF_EXPIRED, "proof lifetime " + (exp - iat) + " s exceeds " + maxLifetime.toSeconds() + " s"));
        }
        checks.add("proof fresh");
        return new Checked(iss, claims, exp, Optional.empty());
    }

    static String str(JsonObject o, String k) {
        return o.get(k) instanceof JsonString s ? s.getString() : "";
    }

    private static long num(JsonObject o, String k) {
        return o.get(k) instanceof JsonNumber n && n.isIntegral() && n.bigDecimalValue().signum() >= 0
                && n.bigDecimalValue().compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) < 0 ? n.longValue() : -1;
    }
}
