package dev.mandate.vc.verifier.jose;

import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseAlgorithms;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.verifier.MethodResolution;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.ResolvedMethod;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.ProofCheck;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Optional;

/**
 * The checks every JOSE form shares: the header policy, resolving {@code kid} (only through the
 * {@link MethodResolver}; embedded {@code jwk}/{@code jku}/{@code x5c} headers are ignored), {@code alg}
 * matched to the key type, the signature, the named party (issuer or holder) being the key's controller,
 * and the verification relationship.
 */
final class JwsChecks {
    private final MethodResolver resolver;

    JwsChecks(MethodResolver resolver) {
        this.resolver = resolver;
    }

    /** Algorithm allow-list, no {@code crit}, no unencoded payloads. */
    static Optional<Problem> headerPolicy(CompactJws jws) {
        try {
            JoseAlgorithms.require(jws.alg());
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

    /**
     * Resolves {@code kid}, checks alg against the key type, then the signature. Returns the method, or
     * null after adding a problem. Records the signature in the run's proofs either way.
     */
    ResolvedMethod authenticate(Run run, CompactJws jws, Optional<String> subjectId, String purpose) {
        Optional<String> kidHeader = jws.kid();
        if (kidHeader.isEmpty() || kidHeader.get().isEmpty()) {
            return refuse(run, jws, "", purpose, Problem.of(ErrorType.INVALID_VERIFICATION_METHOD_URL,
                    "JOSE header has no kid; keys are resolved only from a kid DID URL"));
        }
        String kid = kidHeader.get();
        if (kid.startsWith("#")) {
            if (subjectId.isEmpty() || !subjectId.get().startsWith("did:")) {
                return refuse(run, jws, kid, purpose, Problem.of(ErrorType.INVALID_VERIFICATION_METHOD_URL, "kid '" + shorten(kid)
                        + "' is relative but the " + ("presentation".equals(run.kind) ? "holder" : "issuer") + " is not a DID"));
            }
            kid = subjectId.get() + kid;
        } else if (!kid.startsWith("did:")) {
            return refuse(run, jws, kid, purpose, Problem.of(ErrorType.INVALID_VERIFICATION_METHOD_URL, "kid '" + shorten(kid) + "' is not a DID URL"));
        }
        MethodResolution resolution;
        try {
            resolution = resolver.resolve(kid);
        } catch (RuntimeException e) {
            return refuse(run, jws, kid, purpose, Problem.of(ErrorType.RESOLUTION_ERROR, "resolving " + shorten(kid) + " failed: "
                    + e.getClass().getSimpleName()));
        }
        if (resolution instanceof MethodResolution.Failed f) {
            return refuse(run, jws, kid, purpose, f.problem());
        }
        ResolvedMethod method = ((MethodResolution.Found) resolution).method();
        run.kid = kid;
        KeyType keyType = method.key().keyType();
        try {
            JoseAlgorithms.require(jws.alg(), keyType);
        } catch (JoseException e) {
            return refuse(run, jws, kid, purpose, e.toProblem());
        }
        if (!jws.verifySignature(method.key())) {
            return refuse(run, jws, kid, purpose, Problem.of(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "signature does not verify with "
                    + shorten(kid) + ": the " + run.kind + " was altered or signed with another key"));
        }
        run.checks.add("signature");
        run.signed = true;
        run.proofs.add(new ProofCheck("JWS", jws.alg(), kid, purpose, true));
        return method;
    }

    private static ResolvedMethod refuse(Run run, CompactJws jws, String kid, String purpose, Problem p) {
        run.problem(p);
        run.proofs.add(new ProofCheck("JWS", jws.alg(), kid, purpose, false));
        return null;
    }

    /**
     * The named party (issuer or holder) must be the DID of kid and the method's controller; iss must
     * agree. Sets the run's authenticated party.
     */
    static void party(Run run, ResolvedMethod method, Optional<String> party, Optional<String> iss, String path, String role) {
        if (party.isEmpty()) {
            if (iss.isEmpty()) {
                if (role.equals("holder")) {
                    run.checks.add(role); // a presentation need not name its holder: the signer is the kid's controller
                    run.party = method.controller();
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
            run.party = party.get();
        }
    }

    static void relationship(Run run, ResolvedMethod method, String relationship) {
        if (method.relationships().contains(relationship)) {
            run.checks.add(relationship);
        } else {
            run.problem(Problem.of(ErrorType.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD, shorten(run.kid)
                    + " is not listed under " + relationship + " of its controller"));
        }
    }

    static Optional<String> id(JsonValue v) {
        if (v instanceof JsonString s) return Optional.of(s.getString());
        if (v instanceof JsonObject o && o.get("id") instanceof JsonString s) return Optional.of(s.getString());
        return Optional.empty();
    }

    static Optional<String> string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
