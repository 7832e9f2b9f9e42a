package dev.mandate.a2a;

import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.DidUrl;
import dev.mandate.did.crypto.Base64Url;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.jose.JoseAlgorithms;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.JwsVerifierAdapter;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verifier.MethodResolution;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.ResolvedMethod;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.ProofCheck;
import dev.mandate.vc.verify.ValidityCheck;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the signatures of an A2A Agent Card (A2A v1.0 section 8.4) against the signers' DIDs.
 *
 * <p>A card is verified when it carries at least one signature and <b>every</b> signature it carries verifies.
 * A signature that does not verify (a key since removed from the DID document, a key not listed for the DID, an
 * altered card, a signature someone else appended) makes the whole card fail: the card is stale or was
 * tampered with, and a reader of {@code signatures} must never see a signer who did not sign. After a key
 * rotation, publish the card signed by the new key alone ({@link AgentCardSigner#signReplacing}).
 *
 * <p>For each signature:
 * <ol>
 * <li>the entry has only {@code protected}, {@code signature} and optionally {@code header}; {@code protected}
 * and {@code signature} are canonical unpadded base64url; the protected header is a JSON object (no duplicate
 * names) with {@code alg} on Mandate's allow-list (EdDSA, ES256, ES384, ES256K: never {@code none}, HMAC or
 * RSA), {@code typ} {@code JOSE}, a {@code kid} that is an absolute DID URL with a fragment, and neither
 * {@code crit} nor {@code b64}; the unprotected {@code header}, whose values are never read, shares no name with
 * the protected header and holds neither {@code crit} nor {@code b64};</li>
 * <li>the kid is resolved only through the {@link MethodResolver} (did:key, did:jwk, did:web under the SSRF
 * policy of the resolver it wraps); {@code jku}, {@code jwk}, {@code x5u}, {@code x5c} and every other header
 * are ignored, so a key embedded in the header can never vouch for itself;</li>
 * <li>the method is controlled by the kid's DID and listed under {@code assertionMethod} or
 * {@code authentication} of that DID's document, and {@code alg} is the algorithm of the method's key type;</li>
 * <li>the signature verifies over {@code ASCII(protected || '.' || BASE64URL(JCS(card without signatures)))};</li>
 * <li>with an {@link AgentDirectory}, the kid's DID is a registered agent that is active now.</li>
 * </ol>
 *
 * <p>Bad input is never thrown: it is a result with problems. A resolver or directory that could not answer
 * makes the result an operational failure ({@link VerificationResult#operationalFailure()}). Thread-safe; build
 * once and share.
 *
 * <pre>{@code
 * AgentCardVerifier verifier = AgentCardVerifier.builder(new DidMethodResolver(DidResolvers.standard())).build();
 * AgentCardVerification v = verifier.verify(cardJson);
 * if (v.verified()) { List<String> who = v.signers(); }
 * System.out.println(v.result().toJson());
 * }</pre>
 */
public final class AgentCardVerifier {
    /** The result's {@code kind}. */
    public static final String KIND = "agent-card";
    /** The result's {@code format}: A2A section 8.4 detached JWS over JCS. */
    public static final String FORMAT = "a2a-jws";
    /** Default bound on the signatures of one card (each may cost a DID resolution). */
    public static final int DEFAULT_MAX_SIGNATURES = 8;
    /** Bound on the length of one {@code protected} member. */
    public static final int MAX_PROTECTED_CHARS = 4096;
    /** Bound on the length of one {@code signature} member (a P-384 signature is 128 characters). */
    public static final int MAX_SIGNATURE_CHARS = 512;

    private static final Set<String> SIGNATURE_MEMBERS = Set.of("protected", "signature", "header");
    private static final BoundedJson.Limits HEADER_LIMITS = new BoundedJson.Limits(MAX_PROTECTED_CHARS, 8);

    private final MethodResolver resolver;
    private final AgentDirectory directory;
    private final BoundedJson.Limits limits;
    private final int maxSignatures;

    private AgentCardVerifier(Builder b) {
        this.resolver = b.resolver;
        this.directory = b.directory;
        this.limits = b.limits;
        this.maxSignatures = b.maxSignatures;
    }

    /**
     * Starts a verifier that resolves kids with {@code resolver}: usually
     * {@code new DidMethodResolver(DidResolvers.standard())} (did:key, did:jwk, did:web with the safe defaults).
     *
     * @param resolver resolves each signature's {@code kid} to a verification method; not null
     * @return a builder with the defaults documented on its setters
     */
    public static Builder builder(MethodResolver resolver) {
        return new Builder(resolver);
    }

    /**
     * Verifies a card given as JSON text, parsed within the configured bounds (size, depth, no duplicate names).
     * Never throws for bad input.
     *
     * @param cardJson the card's JSON text; null is read as empty (and fails to parse)
     * @return the verification; not verified, with the parse problem, when the text is not a bounded JSON object
     */
    public AgentCardVerification verify(String cardJson) {
        JsonObject card;
        try {
            card = BoundedJson.parseObject(cardJson == null ? "" : cardJson, limits);
        } catch (JsonInputException e) {
            return failed(e.toProblem());
        }
        return verify(card);
    }

    /**
     * Verifies a parsed card. Never throws for bad input.
     *
     * @param card the card; not null
     * @return the verification, with a problem per failed check
     */
    public AgentCardVerification verify(JsonObject card) {
        Objects.requireNonNull(card, "card");
        try {
            return run(card);
        } catch (RuntimeException e) {
            // Defensive: a bug must not turn bad input into an exception for the caller.
            return failed(Problem.of(ErrorType.PARSING_ERROR, "the card could not be processed (" + e.getClass().getSimpleName() + ")"));
        }
    }

    private AgentCardVerification run(JsonObject card) {
        String at = "/" + AgentCards.SIGNATURES;
        JsonValue sv = card.get(AgentCards.SIGNATURES);
        if (sv == null || sv instanceof JsonArray a && a.isEmpty()) {
            return failed(new Problem(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "the card has no signatures: it is not signed", at));
        }
        if (!(sv instanceof JsonArray signatures)) {
            return failed(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "the card's signatures member is not an array", at));
        }
        if (signatures.size() > maxSignatures) {
            return failed(new Problem(ErrorType.LIMIT_EXCEEDED_ERROR, "the card carries " + signatures.size()
                    + " signatures, more than the limit of " + maxSignatures, at));
        }
        byte[] payload;
        try {
            payload = AgentCards.payload(card);
        } catch (AgentCardException e) {
            return failed(e.toProblem());
        }
        List<Problem> problems = new ArrayList<>();
        List<ProofCheck> proofs = new ArrayList<>();
        Set<String> signers = new LinkedHashSet<>();
        boolean allSigned = true;
        boolean allRelated = true;
        boolean allActive = true;
        for (int i = 0; i < signatures.size(); i++) {
            Outcome o = new Outcome(at + "/" + i);
            check(signatures.get(i), payload, o);
            problems.addAll(o.problems);
            proofs.add(new ProofCheck("JWS", o.alg, o.kid, o.purpose, o.signed && o.related));
            allSigned &= o.signed;
            allRelated &= o.related;
            allActive &= o.active;
            if (o.signed && o.related && o.active) {
                signers.add(o.did);
            }
        }
        List<String> checks = new ArrayList<>();
        checks.add("signatures");
        if (allSigned) {
            checks.add("signature");
        }
        if (allSigned && allRelated) {
            checks.add("verificationRelationship");
        }
        if (directory != null && allSigned && allRelated && allActive) {
            checks.add("agentRegistry");
        }
        boolean verified = problems.isEmpty();
        VerificationResult result = new VerificationResult(verified, KIND, FORMAT, checks, problems, List.of(), proofs,
                ValidityCheck.NOT_CHECKED, List.of());
        return verified ? new AgentCardVerification(result, List.copyOf(signers), Optional.of(card))
                : new AgentCardVerification(result, List.of(), Optional.empty());
    }

    /** What checking one signature found. */
    private static final class Outcome {
        final String path;
        final List<Problem> problems = new ArrayList<>(1);
        String alg = "";
        String kid = "";
        String did = "";
        String purpose = "";
        boolean signed;
        boolean related;
        boolean active;

        Outcome(String path) {
            this.path = path;
        }

        void refuse(ErrorType type, String message, String member) {
            problems.add(new Problem(type, message, member.isEmpty() ? path : path + "/" + member));
        }
    }

    private void check(JsonValue entry, byte[] payload, Outcome o) {
        String name = "signature " + o.path.substring(o.path.lastIndexOf('/') + 1);
        if (!(entry instanceof JsonObject sig)) {
            o.refuse(ErrorType.MALFORMED_VALUE_ERROR, name + " is not an object with protected and signature", "");
            return;
        }
        for (String member : sig.keySet()) {
            if (!SIGNATURE_MEMBERS.contains(member)) {
                o.refuse(ErrorType.MALFORMED_VALUE_ERROR, name + " has the member '" + shorten(member)
                        + "', which an AgentCardSignature does not have (protected, signature, header)", member);
                return;
            }
        }
        if (!(sig.get("protected") instanceof JsonString protectedMember)) {
            o.refuse(ErrorType.MALFORMED_VALUE_ERROR, name + " has no protected header string", "protected");
            return;
        }
        if (!(sig.get("signature") instanceof JsonString signatureMember)) {
            o.refuse(ErrorType.MALFORMED_VALUE_ERROR, name + " has no signature string", "signature");
            return;
        }
        JsonValue unprotected = sig.get("header");
        if (unprotected != null && !(unprotected instanceof JsonObject)) {
            o.refuse(ErrorType.MALFORMED_VALUE_ERROR, name + ": header must be a JSON object (the JWS Unprotected Header)", "header");
            return;
        }
        String protectedText = protectedMember.getString();
        String signatureText = signatureMember.getString();
        JsonObject header = protectedHeader(name, protectedText, o);
        if (header == null || !headerPolicy(name, header, (JsonObject) unprotected, o)) {
            return;
        }
        if (signatureText.isEmpty() || signatureText.length() > MAX_SIGNATURE_CHARS) {
            o.refuse(ErrorType.PARSING_ERROR, name + ": the signature is " + (signatureText.isEmpty() ? "empty" : "longer than "
                    + MAX_SIGNATURE_CHARS + " characters"), "signature");
            return;
        }
        String why = Base64Url.check(signatureText, 0, signatureText.length(), name + ": signature");
        if (why != null) {
            o.refuse(ErrorType.PARSING_ERROR, why, "signature");
            return;
        }
        ResolvedMethod method = resolve(name, o);
        if (method == null) {
            return;
        }
        KeyType keyType = method.key().keyType();
        try {
            JoseAlgorithms.require(o.alg, keyType);
        } catch (JoseException e) {
            o.refuse(e.type(), name + ": " + e.getMessage(), "protected");
            return;
        }
        if (!method.controller().equals(o.did)) {
            o.refuse(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, name + ": " + shorten(o.kid) + " is controlled by " + shorten(method.controller())
                    + ", not by " + shorten(o.did), "protected");
            return;
        }
        byte[] input = AgentCards.signingInput(protectedText, payload);
        if (!new JwsVerifierAdapter(method.key()).verifyRaw(input, Base64.getUrlDecoder().decode(signatureText))) {
            o.refuse(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, name + " does not verify with " + shorten(o.kid)
                    + ": the card was changed after it was signed, or another key signed it", "signature");
            return;
        }
        o.signed = true;
        if (method.relationships().contains("assertionMethod")) {
            o.purpose = "assertionMethod";
        } else if (method.relationships().contains("authentication")) {
            o.purpose = "authentication";
        } else {
            o.refuse(ErrorType.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD, name + ": " + shorten(o.kid)
                    + " is listed neither under assertionMethod nor under authentication of " + shorten(o.did), "protected");
            return;
        }
        o.related = true;
        o.active = standing(name, o);
    }

    /** Decodes and parses the protected header; null after a problem. */
    private static JsonObject protectedHeader(String name, String text, Outcome o) {
        if (text.isEmpty() || text.length() > MAX_PROTECTED_CHARS) {
            o.refuse(text.isEmpty() ? ErrorType.PARSING_ERROR : ErrorType.LIMIT_EXCEEDED_ERROR, name + ": the protected header is "
                    + (text.isEmpty() ? "empty" : "longer than " + MAX_PROTECTED_CHARS + " characters"), "protected");
            return null;
        }
        String why = Base64Url.check(text, 0, text.length(), name + ": protected header");
        if (why != null) {
            o.refuse(ErrorType.PARSING_ERROR, why, "protected");
            return null;
        }
        try {
            return BoundedJson.parseObject(Base64.getUrlDecoder().decode(text), HEADER_LIMITS);
        } catch (JsonInputException e) {
            o.refuse(ErrorType.PARSING_ERROR, name + ": the protected header is not a JSON object: " + e.getMessage(), "protected");
            return null;
        }
    }

    /** alg, typ, kid, crit, b64 and the unprotected header; false after a problem. */
    private static boolean headerPolicy(String name, JsonObject header, JsonObject unprotected, Outcome o) {
        o.alg = header.get("alg") instanceof JsonString a ? a.getString() : "";
        try {
            JoseAlgorithms.require(o.alg);
        } catch (JoseException e) {
            o.refuse(e.type(), name + ": " + e.getMessage(), "protected");
            return false;
        }
        String typ = header.get("typ") instanceof JsonString t ? t.getString() : null;
        if (typ == null || !normalizeTyp(typ).equals("jose")) {
            o.refuse(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, name + ": the protected header " + (typ == null ? "has no typ"
                    : "typ is '" + shorten(typ) + "'") + " (expected JOSE, as A2A section 8.4.2 says; other types belong to other"
                    + " JWS uses and are not accepted as card signatures)", "protected");
            return false;
        }
        if (header.containsKey("crit")) {
            o.refuse(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, name + ": the protected header names crit extensions, which this"
                    + " verifier does not understand", "protected");
            return false;
        }
        if (header.containsKey("b64")) {
            o.refuse(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, name + ": b64 is not accepted; the card payload is always"
                    + " base64url-encoded in the signing input", "protected");
            return false;
        }
        String kid = header.get("kid") instanceof JsonString k ? k.getString() : "";
        o.kid = kid;
        String did = null;
        String why;
        try {
            DidUrl url = DidUrl.parse(kid);
            boolean fragment = url.fragment().isPresent() && !url.fragment().get().isEmpty();
            why = fragment ? null : "it has no #fragment naming a verification method";
            did = url.did().toString();
        } catch (DidSyntaxException e) {
            why = e.getMessage();
        }
        if (why != null) {
            o.refuse(ErrorType.INVALID_VERIFICATION_METHOD_URL, name + ": " + (kid.isEmpty() ? "the protected header has no kid"
                    : "kid '" + shorten(kid) + "' is not a DID URL of a verification method (" + why + ")")
                    + "; keys are found only from a kid DID URL (jku, jwk, x5u and x5c are never used)", "protected");
            return false;
        }
        o.did = did;
        if (unprotected != null) {
            for (String member : unprotected.keySet()) {
                if (header.containsKey(member)) {
                    o.refuse(ErrorType.MALFORMED_VALUE_ERROR, name + ": '" + shorten(member) + "' is in both the protected and the"
                            + " unprotected header (RFC 7515 section 7.2.1 requires them to be disjoint)", "header/" + member);
                    return false;
                }
                if (member.equals("crit") || member.equals("b64")) {
                    o.refuse(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, name + ": " + member + " may appear only in the protected"
                            + " header, and is not accepted there either", "header/" + member);
                    return false;
                }
            }
        }
        return true;
    }

    private ResolvedMethod resolve(String name, Outcome o) {
        MethodResolution resolution;
        try {
            resolution = resolver.resolve(o.kid);
        } catch (RuntimeException e) {
            o.refuse(ErrorType.RESOLUTION_ERROR, name + ": resolving " + shorten(o.kid) + " failed (" + e.getClass().getSimpleName() + ")",
                    "protected");
            return null;
        }
        if (resolution instanceof MethodResolution.Failed f) {
            Problem p = f.problem();
            o.refuse(p.type(), name + ": " + p.message(), "protected");
            return null;
        }
        return ((MethodResolution.Found) resolution).method();
    }

    /** The directory's answer; true when there is no directory or the agent is active. */
    private boolean standing(String name, Outcome o) {
        if (directory == null) {
            return true;
        }
        AgentStanding s;
        try {
            s = directory.standing(o.did, o.kid);
        } catch (RuntimeException e) {
            s = AgentStanding.unavailable(e.getClass().getSimpleName());
        }
        if (s == null) {
            s = AgentStanding.unavailable("the directory gave no answer");
        }
        String detail = s.detail().isEmpty() ? "" : " (" + s.detail() + ")";
        switch (s.state()) {
            case ACTIVE:
                return true;
            case INACTIVE:
                o.refuse(ErrorType.UNTRUSTED_ISSUER_ERROR, name + ": " + shorten(o.did) + " is a registered agent that is not active"
                        + detail, "protected");
                return false;
            case UNKNOWN:
                o.refuse(ErrorType.UNTRUSTED_ISSUER_ERROR, name + ": " + shorten(o.did) + " is not a registered agent" + detail, "protected");
                return false;
            default:
                o.refuse(ErrorType.RESOLUTION_ERROR, name + ": the agent registry could not answer for " + shorten(o.did) + detail,
                        "protected");
                return false;
        }
    }

    private static String normalizeTyp(String typ) {
        String t = typ.toLowerCase(Locale.ROOT);
        return t.startsWith("application/") ? t.substring("application/".length()) : t;
    }

    private static AgentCardVerification failed(Problem p) {
        return new AgentCardVerification(VerificationResult.failure(KIND, FORMAT, p), List.of(), Optional.empty());
    }

    static String shorten(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** Configures an {@link AgentCardVerifier}. */
    public static final class Builder {
        private final MethodResolver resolver;
        private AgentDirectory directory;
        private BoundedJson.Limits limits = BoundedJson.Limits.DEFAULT;
        private int maxSignatures = DEFAULT_MAX_SIGNATURES;

        private Builder(MethodResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
        }

        /**
         * Also requires every signer's DID to be a registered agent that is active in {@code directory}
         * (the agent registry); without it, any DID whose key verifies is accepted.
         *
         * @param directory the directory; not null
         * @return this builder
         */
        public Builder agentDirectory(AgentDirectory directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Bounds for parsing card text (default {@link BoundedJson.Limits#DEFAULT}: 1 MiB, depth 64).
         *
         * @param limits the bounds; not null
         * @return this builder
         */
        public Builder limits(BoundedJson.Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The most signatures one card may carry (default {@value #DEFAULT_MAX_SIGNATURES}).
         *
         * @param max 1 to 64
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder maxSignatures(int max) {
            if (max < 1 || max > 64) {
                throw new IllegalArgumentException("maxSignatures must be between 1 and 64: " + max);
            }
            this.maxSignatures = max;
            return this;
        }

        /** {@return a new verifier with these settings} */
        public AgentCardVerifier build() {
            return new AgentCardVerifier(this);
        }
    }
}
