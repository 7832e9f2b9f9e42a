package dev.mandate.vc.issuer.jose;

import dev.mandate.vc.issuer.IssuerKey;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.jose.SelectiveDisclosure;
import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues JOSE-secured credentials and presentations with any {@link Signer}:
 * <ul>
 * <li>{@code vc+jwt} / {@code vp+jwt} (W3C VC-JOSE-COSE): the payload is the credential or
 * presentation itself; header {@code alg} from the key type, {@code typ}, {@code cty} {@code vc}/{@code vp},
 * {@code kid} = the DID URL of the verification method; presentations carry credentials as
 * {@code EnvelopedVerifiableCredential}s;</li>
 * <li>VC-JWT 1.1 (VC Data Model 1.1 §6.3): the {@code vc} / {@code vp} claim form with {@code iss},
 * {@code sub}, {@code nbf}, {@code exp}, {@code jti}, for older relying parties;</li>
 * <li>SD-JWT (RFC 9901) securing a VC Data Model 2.0 credential ({@code typ} {@code vc+sd-jwt}, VC-JOSE-COSE
 * §3.2), or a plain-JSON SD-JWT VC ({@code typ} {@code dc+sd-jwt}, IETF SD-JWT VC), with the claims the
 * issuer chooses by JSON Pointer made selectively disclosable and the holder's key in {@code cnf.jwk}.</li>
 * </ul>
 * Immutable and thread-safe. Failures are {@link JoseException}s with a one-line message.
 */
public final class JoseIssuer {
    /** The VC Data Model 2.0 base context. */
    public static final String CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2";
    /** The VC Data Model 1.1 base context. */
    public static final String CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1";
    /** {@code typ} of a credential secured as a JWT. */
    public static final String TYP_VC_JWT = "vc+jwt";
    /** {@code typ} of a presentation secured as a JWT. */
    public static final String TYP_VP_JWT = "vp+jwt";
    /** {@code typ} of a VC Data Model credential secured with SD-JWT (VC-JOSE-COSE). */
    public static final String TYP_VC_SD_JWT = "vc+sd-jwt";
    /** {@code typ} of an IETF SD-JWT VC (plain JSON claims with {@code vct}). */
    public static final String TYP_DC_SD_JWT = "dc+sd-jwt";

    /** Claims of a VC Data Model credential that stay visible in an SD-JWT (needed to validate it). */
    static final Set<String> VC_NEVER_DISCLOSABLE = Set.of("/@context", "/type", "/issuer", "/issuer/id", "/validFrom",
            "/validUntil", "/credentialStatus", "/credentialSchema", "/relatedResource", "/credentialSubject", "/iss", "/iat", "/nbf",
            "/exp", "/cnf");
    /** Claims of an SD-JWT VC that the draft forbids to disclose selectively. */
    static final Set<String> DC_NEVER_DISCLOSABLE = Set.of("/iss", "/nbf", "/exp", "/cnf", "/vct", "/vct#integrity", "/status");

    static final JsonBuilderFactory JSON = dev.mandate.vc.json.Jsonp.PROVIDER.createBuilderFactory(Map.of());

    private final Clock clock;
    private final int decoys;

    /** An issuer on the system clock, without decoy digests. */
    public JoseIssuer() {
        this(Clock.systemUTC());
    }

    /**
     * An issuer on {@code clock} (for tests and reproducible output), without decoy digests.
     *
     * @param clock dates {@code iat}, {@code validFrom} and {@code exp}; not null
     */
    public JoseIssuer(Clock clock) {
        this(clock, 0);
    }

    private JoseIssuer(Clock clock, int decoys) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.decoys = decoys;
    }

    /**
     * This issuer adding {@code perObject} decoy digests to every {@code _sd} array of an SD-JWT (RFC 9901 §4.2.5:
     * decoys hide how many claims are selectively disclosable).
     *
     * @param perObject decoys per {@code _sd} array, 0..16
     * @return a new issuer with the same clock; this one is unchanged
     * @throws IllegalArgumentException if {@code perObject} is outside 0..16
     */
    public JoseIssuer withDecoyDigests(int perObject) {
        if (perObject < 0 || perObject > 16) {
            throw new IllegalArgumentException("decoy digests per object must be 0..16, not " + perObject);
        }
        return new JoseIssuer(clock, perObject);
    }

    // ---------------------------------------------------------------- vc+jwt / vp+jwt

    /**
     * Secures a credential as a {@code vc+jwt} with no expiry; see {@link #issueJwt(JsonObject, IssuerKey, Duration)}.
     *
     * @param credential the unsigned credential
     * @param key        the issuer's key; its verification method becomes the {@code kid} (the cryptosuite is
     *                   not used: the key type decides {@code alg})
     * @return the compact JWS
     * @throws JoseException MALFORMED_VALUE_ERROR (not a VCDM 2.0 credential, issuer mismatch, vc/vp claim present)
     *     or PROOF_GENERATION_ERROR (the key's method is not a method of its DID, signing failed)
     */
    public String issueJwt(JsonObject credential, IssuerKey key) throws JoseException {
        return signJwt(credential, key.did(), key.verificationMethod(), Optional.empty(), key.signer());
    }

    /**
     * Secures a VC Data Model 2.0 credential as a {@code vc+jwt} valid for {@code validFor}. Sets {@code issuer}
     * to the key's DID when absent (refuses a different one), {@code validFrom} to now unless present, and
     * {@code validUntil} to now + {@code validFor}. The payload is the credential plus the JWT claims {@code iss}
     * (= issuer), {@code iat} (now) and {@code exp} (= validUntil), in seconds since the epoch.
     *
     * @param credential the unsigned credential (first {@code @context} must be the VCDM 2.0 context)
     * @param key        the issuer's key; its verification method (listed under assertionMethod) becomes the
     *                   {@code kid} (the cryptosuite is not used: the key type decides {@code alg})
     * @param validFor   how long the credential is valid
     * @return the compact JWS
     * @throws JoseException MALFORMED_VALUE_ERROR (not a VCDM 2.0 credential, issuer mismatch, vc/vp claim present)
     *     or PROOF_GENERATION_ERROR (the key's method is not a method of its DID, signing failed)
     */
    public String issueJwt(JsonObject credential, IssuerKey key, Duration validFor) throws JoseException {
        return signJwt(credential, key.did(), key.verificationMethod(), Optional.of(validFor), key.signer());
    }

    /**
     * Positional form of {@link #issueJwt(JsonObject, IssuerKey, Duration)}: the same JWT as
     * {@code issueJwt(credential, new IssuerKey(issuerDid, kid, anySuite, signer)[, validFor])}.
     *
     * @param credential the unsigned credential (first {@code @context} must be the VCDM 2.0 context)
     * @param issuerDid  the issuer's DID
     * @param kid        the DID URL of the signing verification method of {@code issuerDid}
     *                   (listed under assertionMethod), e.g. {@code did:key:z6Mk...#z6Mk...}
     * @param validFor   validity duration, or empty for none
     * @param signer     signs with the key of {@code kid}; its key type decides {@code alg}
     * @return the compact JWS
     * @throws JoseException as {@link #issueJwt(JsonObject, IssuerKey, Duration)}
     * @deprecated pass the key as one value: {@link #issueJwt(JsonObject, IssuerKey)} without a validity period,
     *     {@link #issueJwt(JsonObject, IssuerKey, Duration)} with one.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public String issueJwt(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor, Signer signer)
            throws JoseException {
        return signJwt(credential, issuerDid, kid, validFor, signer);
    }

    /**
     * Secures a VC Data Model 2.0 credential as a {@code vc+jwt}. Sets {@code issuer} to {@code issuerDid}
     * when absent (refuses a different one), {@code validFrom} to now unless present, and
     * {@code validUntil} to now + {@code validFor} when given. The payload is the credential plus the JWT
     * claims {@code iss} (= issuer), {@code iat} (now) and, with {@code validFor}, {@code exp} (= validUntil).
     */
    private String signJwt(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor, Signer signer)
            throws JoseException {
        Instant now = now();
        requireContext(credential, CREDENTIALS_V2, "vc+jwt");
        JsonObject vc = prepare(credential, issuerDid, kid, validFor, now, false);
        JsonObjectBuilder payload = JSON.createObjectBuilder(vc).add("iss", issuerDid).add("iat", now.getEpochSecond());
        validFor.ifPresent(d -> payload.add("exp", now.plus(d).getEpochSecond()));
        return sign(header(signer, TYP_VC_JWT, "vc", kid), payload.build(), signer);
    }

    /**
     * Secures a presentation of already secured credentials as a {@code vp+jwt}. Each credential (a
     * {@code vc+jwt} compact JWS, or an SD-JWT, possibly with key binding) is wrapped as an
     * {@code EnvelopedVerifiableCredential} ({@code data:application/vc+jwt,...} or
     * {@code data:application/vc+sd-jwt,...}). The payload carries {@code holder}, {@code iat}, and the
     * verifier's {@code nonce} (challenge) and {@code aud} (domain) when given.
     *
     * @param securedCredentials compact {@code vc+jwt} or SD-JWT strings
     * @param holderDid          the holder's DID (the presentation's {@code holder} and {@code iss})
     * @param kid                DID URL of the holder's authentication verification method
     * @param nonce              the verifier's challenge, if any
     * @param audience           the verifier's domain, if any
     * @param signer             signs with the key of {@code kid}; its key type decides {@code alg}
     * @return the compact JWS
     * @throws JoseException PROOF_GENERATION_ERROR, or PARSING_ERROR (a credential not in a JOSE form)
     */
    public String presentJwt(List<String> securedCredentials, String holderDid, String kid, Optional<String> nonce,
                             Optional<String> audience, Signer signer) throws JoseException {
        JsonArrayBuilder vcs = JSON.createArrayBuilder();
        for (String c : securedCredentials) {
            vcs.add(envelope(c));
        }
        JsonObject vp = JSON.createObjectBuilder()
                .add("@context", JSON.createArrayBuilder().add(CREDENTIALS_V2))
                .add("id", "urn:uuid:" + UUID.randomUUID())
                .add("type", JSON.createArrayBuilder().add("VerifiablePresentation"))
                .add("holder", holderDid)
                .add("verifiableCredential", vcs)
                .build();
        return presentJwt(vp, holderDid, kid, nonce, audience, signer);
    }

    /**
     * Secures a presentation the caller assembled (VC Data Model 2.0, {@code type} including
     * {@code VerifiablePresentation}, credentials already enveloped) as a {@code vp+jwt}. Sets
     * {@code holder} to {@code holderDid} when absent (refuses a different one) and adds {@code iss},
     * {@code iat}, and {@code nonce} / {@code aud} when given.
     *
     * @param presentation the unsecured presentation
     * @param holderDid    the holder's DID
     * @param kid          DID URL of the holder's authentication verification method
     * @param nonce        the verifier's challenge, if any
     * @param audience     the verifier's domain, if any
     * @param signer       signs with the key of {@code kid}; its key type decides {@code alg}
     * @return the compact JWS
     * @throws JoseException MALFORMED_VALUE_ERROR (not a VCDM 2.0 presentation, holder mismatch, vc/vp/proof
     *     member) or PROOF_GENERATION_ERROR
     */
    public String presentJwt(JsonObject presentation, String holderDid, String kid, Optional<String> nonce,
                             Optional<String> audience, Signer signer) throws JoseException {
        Instant now = now();
        requireContext(presentation, CREDENTIALS_V2, "vp+jwt");
        requireKidOf(kid, holderDid);
        JsonValue type = presentation.get("type");
        boolean isVp = type instanceof JsonString ? ((JsonString) type).getString().equals("VerifiablePresentation")
                : type instanceof JsonArray && ((JsonArray) type).contains(dev.mandate.vc.json.Jsonp.PROVIDER.createValue("VerifiablePresentation"));
        if (!isVp) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "type must include VerifiablePresentation", "/type");
        }
        for (String banned : List.of("vc", "vp", "proof")) {
            if (presentation.containsKey(banned)) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the presentation has a '" + banned
                        + "' member; a vp+jwt payload is an unsecured presentation", "/" + banned);
            }
        }
        JsonValue existing = presentation.get("holder");
        String existingId = existing instanceof JsonString ? ((JsonString) existing).getString()
                : existing instanceof JsonObject && ((JsonObject) existing).get("id") instanceof JsonString
                ? ((JsonObject) existing).getString("id") : null;
        if (existing != null && !holderDid.equals(existingId)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the presentation names holder " + existingId
                    + " but it would be signed by " + holderDid, "/holder");
        }
        JsonObjectBuilder vp = JSON.createObjectBuilder(presentation);
        if (existing == null) {
            vp.add("holder", holderDid);
        }
        vp.add("iss", holderDid).add("iat", now.getEpochSecond());
        nonce.ifPresent(n -> vp.add("nonce", n));
        audience.ifPresent(a -> vp.add("aud", a));
        return sign(header(signer, TYP_VP_JWT, "vp", kid), vp.build(), signer);
    }

    /**
     * The {@code EnvelopedVerifiableCredential} for a secured credential: {@code data:application/vc+jwt,<jws>}
     * for a compact JWS, {@code data:application/vc+sd-jwt,<sd-jwt>} for an SD-JWT.
     *
     * @param secured a compact JWS or an SD-JWT (surrounding whitespace is dropped)
     * @return the envelope, with {@code @context}, {@code id} (the data: URL) and {@code type}
     * @throws JoseException PARSING_ERROR if {@code secured} is neither
     */
    public static JsonObject envelope(String secured) throws JoseException {
        String s = Objects.requireNonNull(secured, "secured").strip();
        String mediaType;
        if (s.indexOf('~') >= 0) {
            SdJwt.parse(s);
            mediaType = "application/vc+sd-jwt";
        } else {
            CompactJws.parse(s);
            mediaType = "application/vc+jwt";
        }
        return JSON.createObjectBuilder()
                .add("@context", CREDENTIALS_V2)
                .add("id", "data:" + mediaType + "," + s)
                .add("type", "EnvelopedVerifiableCredential")
                .build();
    }

    // ---------------------------------------------------------------- VC-JWT 1.1

    /**
     * Secures a credential in the VC-JWT 1.1 form: header {@code typ} {@code JWT}; claims {@code iss} (issuer),
     * {@code nbf} (issuanceDate or validFrom), {@code exp} (expirationDate or validUntil), {@code jti} (id),
     * {@code sub} (credentialSubject.id), {@code iat}, and {@code vc} holding the rest of the credential.
     * Accepts VC Data Model 1.1 credentials (dates issuanceDate/expirationDate, defaulted like
     * {@link #issueJwt}) and 2.0 ones (validFrom/validUntil).
     *
     * @param credential the unsigned credential (VC Data Model 1.1 or 2.0)
     * @param issuerDid  the issuer's DID ({@code iss})
     * @param kid        the DID URL of the signing verification method of {@code issuerDid}
     * @param validFor   validity duration, or empty for none
     * @param signer     signs with the key of {@code kid}; its key type decides {@code alg}
     * @return the compact JWS
     * @throws JoseException as {@link #issueJwt(JsonObject, IssuerKey, Duration)}
     */
    public String issueJwt11(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor, Signer signer)
            throws JoseException {
        Instant now = now();
        boolean v1 = firstContext(credential).map(CREDENTIALS_V1::equals).orElse(false);
        if (!v1) {
            requireContext(credential, CREDENTIALS_V2, "VC-JWT 1.1");
        }
        JsonObject vc = prepare(credential, issuerDid, kid, validFor, now, v1);
        String from = v1 ? "issuanceDate" : "validFrom";
        String until = v1 ? "expirationDate" : "validUntil";
        JsonObjectBuilder claims = JSON.createObjectBuilder().add("iss", issuerDid);
        JsonObjectBuilder inner = JSON.createObjectBuilder(vc).remove("issuer").remove(from).remove(until);
        Optional<Instant> nbf = date(vc, from);
        Optional<Instant> exp = date(vc, until);
        nbf.ifPresent(t -> claims.add("nbf", t.getEpochSecond()));
        exp.ifPresent(t -> claims.add("exp", t.getEpochSecond()));
        if (vc.get("id") instanceof JsonString) {
            claims.add("jti", vc.getString("id"));
            inner.remove("id");
        }
        JsonValue subject = vc.get("credentialSubject");
        if (subject instanceof JsonObject && ((JsonObject) subject).get("id") instanceof JsonString) {
            claims.add("sub", ((JsonObject) subject).getString("id"));
            inner.add("credentialSubject", JSON.createObjectBuilder((JsonObject) subject).remove("id"));
        }
        claims.add("iat", now.getEpochSecond()).add("vc", inner);
        return sign(header(signer, "JWT", null, kid), claims.build(), signer);
    }

    /**
     * Secures a presentation in the VC-JWT 1.1 form: {@code iss} = holder, {@code jti}, {@code iat}, the
     * verifier's {@code nonce} and {@code aud} when given, and {@code vp} holding a VC Data Model 1.1
     * presentation whose {@code verifiableCredential} lists the given JWT credentials as strings.
     *
     * @param jwtCredentials VC-JWT 1.1 credentials (compact JWS)
     * @param holderDid      the holder's DID ({@code iss})
     * @param kid            DID URL of the holder's authentication verification method
     * @param nonce          the verifier's challenge, if any
     * @param audience       the verifier's domain, if any
     * @param signer         signs with the key of {@code kid}; its key type decides {@code alg}
     * @return the compact JWS
     * @throws JoseException PARSING_ERROR (a credential that is not a compact JWS) or PROOF_GENERATION_ERROR
     */
    public String presentJwt11(List<String> jwtCredentials, String holderDid, String kid, Optional<String> nonce,
                               Optional<String> audience, Signer signer) throws JoseException {
        Instant now = now();
        requireKidOf(kid, holderDid);
        JsonArrayBuilder vcs = JSON.createArrayBuilder();
        for (String c : jwtCredentials) {
            vcs.add(CompactJws.parse(Objects.requireNonNull(c, "credential").strip()).serialize());
        }
        JsonObjectBuilder claims = JSON.createObjectBuilder()
                .add("iss", holderDid)
                .add("jti", "urn:uuid:" + UUID.randomUUID())
                .add("iat", now.getEpochSecond());
        nonce.ifPresent(n -> claims.add("nonce", n));
        audience.ifPresent(a -> claims.add("aud", a));
        claims.add("vp", JSON.createObjectBuilder()
                .add("@context", JSON.createArrayBuilder().add(CREDENTIALS_V1))
                .add("type", JSON.createArrayBuilder().add("VerifiablePresentation"))
                .add("verifiableCredential", vcs));
        return sign(header(signer, "JWT", null, kid), claims.build(), signer);
    }

    // ---------------------------------------------------------------- SD-JWT

    /**
     * Secures a VC Data Model 2.0 credential with SD-JWT ({@code typ} {@code vc+sd-jwt}, {@code cty} {@code vc}).
     * The claims at {@code disclosable} (JSON Pointers into the prepared credential, e.g.
     * {@code /credentialSubject/capability/0}; nested claims, array elements, and a container together
     * with claims inside it are all allowed) become Disclosures. Claims needed to validate the credential
     * ({@code @context}, {@code type}, {@code issuer}, {@code validFrom}, {@code validUntil},
     * {@code credentialStatus}, {@code credentialSchema}, {@code relatedResource} (VC-JOSE-COSE §3.2.1),
     * {@code credentialSubject} itself, and the JWT claims) cannot be chosen.
     * {@code holderKey}, when given, goes into {@code cnf.jwk} so that presentations need key binding.
     *
     * @param credential  the unsigned credential (first {@code @context} the VCDM 2.0 context)
     * @param issuerDid   the issuer's DID
     * @param kid         the DID URL of the signing verification method of {@code issuerDid}
     * @param validFor    validity duration ({@code validUntil} and {@code exp}), or empty for none
     * @param disclosable JSON Pointers of the claims to make selectively disclosable
     * @param holderKey   the holder's public key for {@code cnf.jwk}, or empty for no key binding
     * @param signer      signs with the key of {@code kid}; its key type decides {@code alg}
     * @return {@code <issuer-signed JWT>~<disclosure>~...~}
     * @throws JoseException MALFORMED_VALUE_ERROR (bad or forbidden pointer, not a VCDM 2.0 credential),
     *     PROOF_GENERATION_ERROR
     */
    public String issueSdJwt(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor,
                             List<String> disclosable, Optional<PublicKeyValue> holderKey, Signer signer) throws JoseException {
        Instant now = now();
        requireContext(credential, CREDENTIALS_V2, "vc+sd-jwt");
        JsonObject vc = prepare(credential, issuerDid, kid, validFor, now, false);
        requireDisclosable(disclosable, VC_NEVER_DISCLOSABLE);
        JsonObjectBuilder claims = JSON.createObjectBuilder(vc).add("iss", issuerDid).add("iat", now.getEpochSecond());
        validFor.ifPresent(d -> claims.add("exp", now.plus(d).getEpochSecond()));
        holderKey.ifPresent(k -> claims.add("cnf", KeyBinding.confirmation(k)));
        return sdJwt(claims.build(), disclosable, header(signer, TYP_VC_SD_JWT, "vc", kid), signer);
    }

    /**
     * Issues an IETF SD-JWT VC ({@code typ} {@code dc+sd-jwt}): plain JSON claims that must carry a string
     * {@code vct} (the credential type), with {@code iss}, {@code iat}, {@code exp} (with {@code validFor})
     * and {@code cnf} added. {@code iss}, {@code nbf}, {@code exp}, {@code cnf}, {@code vct} and {@code status}
     * cannot be disclosable.
     *
     * @param claims      the claims (no {@code iss}, {@code iat}, {@code exp} or {@code cnf}: the issuer sets them)
     * @param issuerDid   the issuer's DID
     * @param kid         the DID URL of the signing verification method of {@code issuerDid}
     * @param validFor    validity duration ({@code exp}), or empty for none
     * @param disclosable JSON Pointers of the claims to make selectively disclosable
     * @param holderKey   the holder's public key for {@code cnf.jwk}, or empty for no key binding
     * @param signer      signs with the key of {@code kid}; its key type decides {@code alg}
     * @return {@code <issuer-signed JWT>~<disclosure>~...~}
     * @throws JoseException MALFORMED_VALUE_ERROR (no string {@code vct}, a reserved claim, a bad or forbidden
     *     pointer) or PROOF_GENERATION_ERROR
     */
    public String issueSdJwtVc(JsonObject claims, String issuerDid, String kid, Optional<Duration> validFor,
                               List<String> disclosable, Optional<PublicKeyValue> holderKey, Signer signer) throws JoseException {
        Instant now = now();
        Objects.requireNonNull(claims, "claims");
        if (!(claims.get("vct") instanceof JsonString)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "an SD-JWT VC needs a string 'vct' (credential type)", "/vct");
        }
        requireKidOf(kid, issuerDid);
        for (String reserved : List.of("iss", "iat", "exp", "cnf")) {
            if (claims.containsKey(reserved)) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "claim '" + reserved + "' is set by the issuer; remove it",
                        "/" + reserved);
            }
        }
        requireDisclosable(disclosable, DC_NEVER_DISCLOSABLE);
        JsonObjectBuilder b = JSON.createObjectBuilder(claims).add("iss", issuerDid).add("iat", now.getEpochSecond());
        validFor.ifPresent(d -> b.add("exp", now.plus(d).getEpochSecond()));
        holderKey.ifPresent(k -> b.add("cnf", KeyBinding.confirmation(k)));
        return sdJwt(b.build(), disclosable, header(signer, TYP_DC_SD_JWT, null, kid), signer);
    }

    private String sdJwt(JsonObject claims, List<String> disclosable, JWSHeader header, Signer signer) throws JoseException {
        SelectiveDisclosure.Concealed c = SelectiveDisclosure.conceal(claims, disclosable, decoys);
        String jwt = sign(header, c.payload(), signer);
        return SdJwt.of(jwt, c.disclosures().stream().map(d -> d.encoded()).toList()).serialize();
    }

    private static void requireDisclosable(List<String> pointers, Set<String> forbidden) throws JoseException {
        for (String p : Objects.requireNonNull(pointers, "disclosable")) {
            Optional<List<String>> tokens = JsonPointers.tokens(Objects.requireNonNull(p, "pointer"));
            if (tokens.isEmpty()) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "'" + p + "' is not a JSON Pointer: it must start with '/'");
            }
            String normal = JsonPointers.of(tokens.get().toArray(new String[0]));
            for (String f : forbidden) {
                if (normal.equals(f) || (normal.startsWith(f + "/") && !f.equals("/credentialSubject") && !f.equals("/issuer"))) {
                    throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, normal
                            + " cannot be selectively disclosable: verifiers need it to validate the credential", normal);
                }
            }
        }
    }

    // ---------------------------------------------------------------- shared

    private Instant now() {
        return clock.instant();
    }

    private JsonObject prepare(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor, Instant now,
                               boolean v1) throws JoseException {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(issuerDid, "issuerDid");
        Objects.requireNonNull(validFor, "validFor");
        requireKidOf(kid, issuerDid);
        for (String banned : List.of("vc", "vp")) {
            if (credential.containsKey(banned)) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the credential has a '" + banned
                        + "' member; JOSE-secured credentials are the credential itself (VC-JOSE-COSE forbids vc/vp claims)", "/" + banned);
            }
        }
        if (credential.containsKey("proof")) {
            throw new JoseException(ErrorType.PROOF_GENERATION_ERROR, "the credential already has a Data Integrity proof; secure an unsigned credential", "/proof");
        }
        JsonValue existingIssuer = credential.get("issuer");
        String existing = existingIssuer instanceof JsonString ? ((JsonString) existingIssuer).getString()
                : existingIssuer instanceof JsonObject && ((JsonObject) existingIssuer).get("id") instanceof JsonString
                ? ((JsonObject) existingIssuer).getString("id") : null;
        if (existingIssuer != null && existing == null) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "issuer must be a URL or an object with an id", "/issuer");
        }
        if (existing != null && !existing.equals(issuerDid)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "the credential names issuer " + existing
                    + " but it would be signed by " + issuerDid, "/issuer");
        }
        JsonObjectBuilder b = JSON.createObjectBuilder(credential);
        if (existingIssuer == null) {
            b.add("issuer", issuerDid);
        }
        String from = v1 ? "issuanceDate" : "validFrom";
        String until = v1 ? "expirationDate" : "validUntil";
        if (!credential.containsKey(from)) {
            b.add(from, DataIntegrity.format(now));
        }
        validFor.ifPresent(d -> b.add(until, DataIntegrity.format(now.plus(d))));
        return b.build();
    }

    private static void requireKidOf(String kid, String did) throws JoseException {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(did, "did");
        if (!kid.startsWith(did + "#") || kid.length() == did.length() + 1) {
            throw new JoseException(ErrorType.PROOF_GENERATION_ERROR, "kid " + kid + " is not a verification method of " + did
                    + " (expected " + did + "#...)");
        }
    }

    private static void requireContext(JsonObject credential, String context, String format) throws JoseException {
        Objects.requireNonNull(credential, "credential");
        Optional<String> first = firstContext(credential);
        if (first.isEmpty() || !first.get().equals(context)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, format + " secures VC Data Model "
                    + (context.equals(CREDENTIALS_V2) ? "2.0" : "1.1") + " credentials whose first @context is " + context
                    + "; found " + first.orElse("none"), "/@context");
        }
    }

    private static Optional<String> firstContext(JsonObject credential) {
        JsonValue ctx = credential.get("@context");
        if (ctx instanceof JsonString) return Optional.of(((JsonString) ctx).getString());
        if (ctx instanceof JsonArray && !((JsonArray) ctx).isEmpty() && ((JsonArray) ctx).get(0) instanceof JsonString) {
            return Optional.of(((JsonArray) ctx).getString(0));
        }
        return Optional.empty();
    }

    private static Optional<Instant> date(JsonObject vc, String name) throws JoseException {
        JsonValue v = vc.get(name);
        if (v == null) return Optional.empty();
        Optional<Instant> t = v instanceof JsonString s ? dev.mandate.vc.model.DateTimeStamp.parse(s.getString()) : Optional.empty();
        if (t.isEmpty()) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, name + " is not an XML Schema dateTimeStamp", "/" + name);
        }
        return t;
    }


    private static JWSHeader header(Signer signer, String typ, String cty, String kid) {
        JWSHeader.Builder h = CompactJws.headerFor(signer).type(new JOSEObjectType(typ)).keyID(kid);
        if (cty != null) {
            h.contentType(cty);
        }
        return h.build();
    }

    private static String sign(JWSHeader header, JsonObject payload, Signer signer) throws JoseException {
        return CompactJws.sign(header, payload.toString().getBytes(StandardCharsets.UTF_8), signer);
    }
}
