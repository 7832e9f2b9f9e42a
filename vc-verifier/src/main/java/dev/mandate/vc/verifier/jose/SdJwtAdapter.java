package dev.mandate.vc.verifier.jose;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.Disclosure;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.JwtTimes;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.jose.SelectiveDisclosure;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.ResolvedMethod;
import dev.mandate.vc.verifier.SecuredDocument;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.mandate.vc.verifier.jose.JwsChecks.id;
import static dev.mandate.vc.verifier.jose.JwsChecks.shorten;
import static dev.mandate.vc.verifier.jose.JwsChecks.string;

/**
 * The SD-JWT adapter: {@code vc+sd-jwt} (a W3C credential) and {@code dc+sd-jwt} (an IETF SD-JWT VC),
 * with or without a Key Binding JWT. Checks the issuer-signed JWT like {@link JwtAdapter}, then the
 * disclosures (digests, {@code _sd_alg}, duplicates, unreferenced ones) and the key binding (signature by
 * the {@code cnf} key, {@code sd_hash}, {@code iat} freshness, {@code nonce} = challenge, {@code aud} =
 * domain; required when the options carry a challenge or a domain). The verified view is the payload with
 * the verified disclosures applied.
 */
final class SdJwtAdapter {
    private final JwsChecks jws;
    private final Duration skew;
    private final int maxChars;
    private final Duration keyBindingMaxAge;
    private final BoundedJson.Limits limits;

    SdJwtAdapter(JwsChecks jws, Duration skew, int maxChars, Duration keyBindingMaxAge, BoundedJson.Limits limits) {
        this.jws = jws;
        this.skew = skew;
        this.maxChars = maxChars;
        this.keyBindingMaxAge = keyBindingMaxAge;
        this.limits = limits;
    }

    SecuredDocument open(String s, VerifyOptions options, Instant now) {
        Run run = new Run(JoseAdapter.CREDENTIAL, JoseAdapter.FORMAT_SD_JWT);
        SdJwt sd;
        CompactJws token;
        try {
            sd = SdJwt.parse(s, SdJwt.DEFAULT_MAX_DISCLOSURES);
            token = CompactJws.parse(sd.issuerSignedJwt(), maxChars);
        } catch (JoseException e) {
            return run.fail(e.toProblem());
        }
        Optional<Problem> headerProblem = JwsChecks.headerPolicy(token);
        if (headerProblem.isPresent()) {
            return run.fail(headerProblem.get());
        }
        String typ = token.typ().map(JwtAdapter::normalizeTyp).orElse("");
        boolean dc;
        if (typ.equals("vc+sd-jwt")) {
            dc = false;
        } else if (typ.equals("dc+sd-jwt")) {
            dc = true;
            run.model = SecuredDocument.Model.SD_JWT_VC;
        } else {
            return run.fail(Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "SD-JWT typ is '" + shorten(typ)
                    + "'; expected vc+sd-jwt (W3C credential) or dc+sd-jwt (SD-JWT VC)"));
        }
        run.checks.add("header");
        JsonObject payload;
        List<Disclosure> disclosures = new ArrayList<>(sd.disclosures().size());
        try {
            payload = token.payloadObject(limits);
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
        ResolvedMethod method = jws.authenticate(run, token, issuer.or(() -> iss), "assertionMethod");
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
                if (claims.containsKey("issuer") && !id(claims.get("issuer")).equals(iss)) {
                    // An SD-JWT VC's issuer is iss; a second, different 'issuer' would let a reader take the wrong one.
                    run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "SD-JWT VC member 'issuer' differs from the authenticated iss "
                            + shorten(iss.get()) + "; remove it or make it equal to iss", "/issuer"));
                }
                JwsChecks.party(run, method, iss, Optional.empty(), "/iss", "issuer");
            }
            if (!(claims.get("vct") instanceof JsonString)) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "SD-JWT VC has no string 'vct' (credential type)", "/vct"));
            }
        } else {
            JwsChecks.party(run, method, id(claims.get("issuer")), string(claims, "iss"), "/issuer", "issuer");
            if (claims.containsKey("issuer") && id(claims.get("issuer")).isEmpty()) {
                run.problem(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "issuer must be a string or an object with a string id", "/issuer"));
            }
        }
        JwsChecks.relationship(run, method, "assertionMethod");
        if (JwtTimes.check(claims, now, skew, "SD-JWT", run.problems)) {
            run.checks.add("jwtTimes");
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
}
