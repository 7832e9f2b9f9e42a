package dev.mandate.vc.issuer.jose;

import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.SdJwt;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static dev.mandate.vc.issuer.jose.JoseSigning.JSON;

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
        return signJwt(credential, key, Optional.empty());
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
        return signJwt(credential, key, Optional.of(validFor));
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
        return signJwt(credential, IssuerKey.jose(issuerDid, kid, signer), validFor);
    }

    /**
     * Secures a VC Data Model 2.0 credential as a {@code vc+jwt}. Sets {@code issuer} to the key's DID
     * when absent (refuses a different one), {@code validFrom} to now unless present, and
     * {@code validUntil} to now + {@code validFor} when given. The payload is the credential plus the JWT
     * claims {@code iss} (= issuer), {@code iat} (now) and, with {@code validFor}, {@code exp} (= validUntil).
     */
    private String signJwt(JsonObject credential, IssuerKey key, Optional<Duration> validFor) throws JoseException {
        Objects.requireNonNull(key, "key");
        Instant now = clock.instant();
        JoseSigning.requireContext(credential, CREDENTIALS_V2, "vc+jwt");
        JsonObject vc = JoseSigning.prepare(credential, key.did(), key.verificationMethod(), validFor, now, false);
        JsonObjectBuilder payload = JSON.createObjectBuilder(vc).add("iss", key.did()).add("iat", now.getEpochSecond());
        validFor.ifPresent(d -> payload.add("exp", now.plus(d).getEpochSecond()));
        return JoseSigning.sign(JoseSigning.header(key.signer(), TYP_VC_JWT, "vc", key.verificationMethod()), payload.build(), key.signer());
    }

    /**
     * Secures a presentation of already secured credentials as a {@code vp+jwt} with no nonce or audience; see
     * {@link #presentJwt(List, IssuerKey, PresentationOptions)}.
     *
     * @param securedCredentials compact {@code vc+jwt} or SD-JWT strings
     * @param holder             the holder's key (its method listed under authentication)
     * @return the compact JWS
     * @throws JoseException PROOF_GENERATION_ERROR, or PARSING_ERROR (a credential not in a JOSE form)
     */
    public String presentJwt(List<String> securedCredentials, IssuerKey holder) throws JoseException {
        return presentJwt(securedCredentials, holder, PresentationOptions.none());
    }

    /**
     * Secures a presentation of already secured credentials as a {@code vp+jwt}. Each credential (a
     * {@code vc+jwt} compact JWS, or an SD-JWT, possibly with key binding) is wrapped as an
     * {@code EnvelopedVerifiableCredential} ({@code data:application/vc+jwt,...} or
     * {@code data:application/vc+sd-jwt,...}). The payload carries {@code holder}, {@code iat}, and the
     * verifier's {@code nonce} (challenge) and {@code aud} (domain) when {@code options} has them.
     *
     * @param securedCredentials compact {@code vc+jwt} or SD-JWT strings
     * @param holder             the holder's key: its DID is the presentation's {@code holder} and {@code iss}, its
     *                           verification method (listed under authentication) the {@code kid}; the cryptosuite
     *                           is not used (the key type decides {@code alg})
     * @param options            the verifier's nonce and audience, {@link PresentationOptions#none()} for neither
     * @return the compact JWS
     * @throws JoseException PROOF_GENERATION_ERROR, or PARSING_ERROR (a credential not in a JOSE form)
     */
    public String presentJwt(List<String> securedCredentials, IssuerKey holder, PresentationOptions options) throws JoseException {
        Objects.requireNonNull(holder, "holder");
        JsonArrayBuilder vcs = JSON.createArrayBuilder();
        for (String c : securedCredentials) {
            vcs.add(envelope(c));
        }
        JsonObject vp = JSON.createObjectBuilder()
                .add("@context", JSON.createArrayBuilder().add(CREDENTIALS_V2))
                .add("id", "urn:uuid:" + UUID.randomUUID())
                .add("type", JSON.createArrayBuilder().add("VerifiablePresentation"))
                .add("holder", holder.did())
                .add("verifiableCredential", vcs)
                .build();
        return presentJwt(vp, holder, options);
    }

    /**
     * Secures a presentation the caller assembled (VC Data Model 2.0, {@code type} including
     * {@code VerifiablePresentation}, credentials already enveloped) as a {@code vp+jwt}. Sets
     * {@code holder} to the key's DID when absent (refuses a different one) and adds {@code iss},
     * {@code iat}, and {@code nonce} / {@code aud} when {@code options} has them.
     *
     * @param presentation the unsecured presentation
     * @param holder       the holder's key (its method listed under authentication; becomes the {@code kid})
     * @param options      the verifier's nonce and audience, {@link PresentationOptions#none()} for neither
     * @return the compact JWS
     * @throws JoseException MALFORMED_VALUE_ERROR (not a VCDM 2.0 presentation, holder mismatch, vc/vp/proof
     *     member) or PROOF_GENERATION_ERROR (the key's method is not a method of its DID, signing failed)
     */
    public String presentJwt(JsonObject presentation, IssuerKey holder, PresentationOptions options) throws JoseException {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(options, "options");
        Instant now = clock.instant();
        String holderDid = holder.did();
        JoseSigning.requireContext(presentation, CREDENTIALS_V2, "vp+jwt");
        JoseSigning.requireKidOf(holder.verificationMethod(), holderDid);
        JsonObjectBuilder vp = JoseSigning.unsecuredPresentation(presentation, holderDid);
        vp.add("iss", holderDid).add("iat", now.getEpochSecond());
        options.nonce().ifPresent(n -> vp.add("nonce", n));
        options.audience().ifPresent(a -> vp.add("aud", a));
        return JoseSigning.sign(JoseSigning.header(holder.signer(), TYP_VP_JWT, "vp", holder.verificationMethod()), vp.build(),
                holder.signer());
    }

    /**
     * Positional form of {@link #presentJwt(List, IssuerKey, PresentationOptions)}.
     *
     * @param securedCredentials compact {@code vc+jwt} or SD-JWT strings
     * @param holderDid          the holder's DID
     * @param kid                DID URL of the holder's authentication verification method
     * @param nonce              the verifier's challenge, if any
     * @param audience           the verifier's domain, if any
     * @param signer             signs with the key of {@code kid}
     * @return the compact JWS
     * @throws JoseException as {@link #presentJwt(List, IssuerKey, PresentationOptions)}
     * @deprecated pass the key as one value and the nonce and audience as options:
     *     {@link #presentJwt(List, IssuerKey, PresentationOptions)} with {@link IssuerKey#jose(String, String, Signer)}.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public String presentJwt(List<String> securedCredentials, String holderDid, String kid, Optional<String> nonce,
                             Optional<String> audience, Signer signer) throws JoseException {
        return presentJwt(securedCredentials, IssuerKey.jose(holderDid, kid, signer), PresentationOptions.positional(nonce, audience));
    }

    /**
     * Positional form of {@link #presentJwt(JsonObject, IssuerKey, PresentationOptions)}.
     *
     * @param presentation the unsecured presentation
     * @param holderDid    the holder's DID
     * @param kid          DID URL of the holder's authentication verification method
     * @param nonce        the verifier's challenge, if any
     * @param audience     the verifier's domain, if any
     * @param signer       signs with the key of {@code kid}
     * @return the compact JWS
     * @throws JoseException as {@link #presentJwt(JsonObject, IssuerKey, PresentationOptions)}
     * @deprecated pass the key as one value and the nonce and audience as options:
     *     {@link #presentJwt(JsonObject, IssuerKey, PresentationOptions)}.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public String presentJwt(JsonObject presentation, String holderDid, String kid, Optional<String> nonce,
                             Optional<String> audience, Signer signer) throws JoseException {
        return presentJwt(presentation, IssuerKey.jose(holderDid, kid, signer), PresentationOptions.positional(nonce, audience));
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
     * Secures a credential in the VC-JWT 1.1 form with no expiry; see {@link #issueJwt11(JsonObject, IssuerKey, Duration)}.
     *
     * @param credential the unsigned credential (VC Data Model 1.1 or 2.0)
     * @param key        the issuer's key ({@code iss} and {@code kid}; the key type decides {@code alg})
     * @return the compact JWS
     * @throws JoseException as {@link #issueJwt(JsonObject, IssuerKey, Duration)}
     */
    public String issueJwt11(JsonObject credential, IssuerKey key) throws JoseException {
        return VcJwt11.issue(credential, key, Optional.empty(), clock.instant());
    }

    /**
     * Secures a credential in the VC-JWT 1.1 form: header {@code typ} {@code JWT}; claims {@code iss} (issuer),
     * {@code nbf} (issuanceDate or validFrom), {@code exp} (expirationDate or validUntil), {@code jti} (id),
     * {@code sub} (credentialSubject.id), {@code iat}, and {@code vc} holding the rest of the credential.
     * Accepts VC Data Model 1.1 credentials (dates issuanceDate/expirationDate, defaulted like
     * {@link #issueJwt}) and 2.0 ones (validFrom/validUntil).
     *
     * @param credential the unsigned credential (VC Data Model 1.1 or 2.0)
     * @param key        the issuer's key: its DID is {@code iss}, its verification method the {@code kid}; the
     *                   cryptosuite is not used (the key type decides {@code alg})
     * @param validFor   how long the credential is valid
     * @return the compact JWS
     * @throws JoseException as {@link #issueJwt(JsonObject, IssuerKey, Duration)}
     */
    public String issueJwt11(JsonObject credential, IssuerKey key, Duration validFor) throws JoseException {
        return VcJwt11.issue(credential, key, Optional.of(validFor), clock.instant());
    }

    /**
     * Positional form of {@link #issueJwt11(JsonObject, IssuerKey, Duration)}.
     *
     * @param credential the unsigned credential (VC Data Model 1.1 or 2.0)
     * @param issuerDid  the issuer's DID ({@code iss})
     * @param kid        the DID URL of the signing verification method of {@code issuerDid}
     * @param validFor   validity duration, or empty for none
     * @param signer     signs with the key of {@code kid}; its key type decides {@code alg}
     * @return the compact JWS
     * @throws JoseException as {@link #issueJwt(JsonObject, IssuerKey, Duration)}
     * @deprecated pass the key as one value: {@link #issueJwt11(JsonObject, IssuerKey)} without a validity period,
     *     {@link #issueJwt11(JsonObject, IssuerKey, Duration)} with one.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public String issueJwt11(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor, Signer signer)
            throws JoseException {
        return VcJwt11.issue(credential, IssuerKey.jose(issuerDid, kid, signer), validFor, clock.instant());
    }

    /**
     * Secures a presentation in the VC-JWT 1.1 form with no nonce or audience; see
     * {@link #presentJwt11(List, IssuerKey, PresentationOptions)}.
     *
     * @param jwtCredentials VC-JWT 1.1 credentials (compact JWS)
     * @param holder         the holder's key (its method listed under authentication)
     * @return the compact JWS
     * @throws JoseException PARSING_ERROR (a credential that is not a compact JWS) or PROOF_GENERATION_ERROR
     */
    public String presentJwt11(List<String> jwtCredentials, IssuerKey holder) throws JoseException {
        return presentJwt11(jwtCredentials, holder, PresentationOptions.none());
    }

    /**
     * Secures a presentation in the VC-JWT 1.1 form: {@code iss} = holder, {@code jti}, {@code iat}, the
     * verifier's {@code nonce} and {@code aud} when {@code options} has them, and {@code vp} holding a VC Data
     * Model 1.1 presentation whose {@code verifiableCredential} lists the given JWT credentials as strings.
     *
     * @param jwtCredentials VC-JWT 1.1 credentials (compact JWS)
     * @param holder         the holder's key: its DID is {@code iss}, its verification method (listed under
     *                       authentication) the {@code kid}
     * @param options        the verifier's nonce and audience, {@link PresentationOptions#none()} for neither
     * @return the compact JWS
     * @throws JoseException PARSING_ERROR (a credential that is not a compact JWS) or PROOF_GENERATION_ERROR
     */
    public String presentJwt11(List<String> jwtCredentials, IssuerKey holder, PresentationOptions options) throws JoseException {
        return VcJwt11.present(jwtCredentials, holder, options, clock.instant());
    }

    /**
     * Positional form of {@link #presentJwt11(List, IssuerKey, PresentationOptions)}.
     *
     * @param jwtCredentials VC-JWT 1.1 credentials (compact JWS)
     * @param holderDid      the holder's DID ({@code iss})
     * @param kid            DID URL of the holder's authentication verification method
     * @param nonce          the verifier's challenge, if any
     * @param audience       the verifier's domain, if any
     * @param signer         signs with the key of {@code kid}; its key type decides {@code alg}
     * @return the compact JWS
     * @throws JoseException as {@link #presentJwt11(List, IssuerKey, PresentationOptions)}
     * @deprecated pass the key as one value and the nonce and audience as options:
     *     {@link #presentJwt11(List, IssuerKey, PresentationOptions)}.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public String presentJwt11(List<String> jwtCredentials, String holderDid, String kid, Optional<String> nonce,
                               Optional<String> audience, Signer signer) throws JoseException {
        return presentJwt11(jwtCredentials, IssuerKey.jose(holderDid, kid, signer), PresentationOptions.positional(nonce, audience));
    }

    // ---------------------------------------------------------------- SD-JWT

    /**
     * Secures a VC Data Model 2.0 credential with SD-JWT ({@code typ} {@code vc+sd-jwt}, {@code cty} {@code vc}).
     * The claims at {@code options.disclosable()} (JSON Pointers into the prepared credential, e.g.
     * {@code /credentialSubject/capability/0}; nested claims, array elements, and a container together
     * with claims inside it are all allowed) become Disclosures. Claims needed to validate the credential
     * ({@code @context}, {@code type}, {@code issuer}, {@code validFrom}, {@code validUntil},
     * {@code credentialStatus}, {@code credentialSchema}, {@code relatedResource} (VC-JOSE-COSE §3.2.1),
     * {@code credentialSubject} itself, and the JWT claims) cannot be chosen. With a validity period,
     * {@code validUntil} and {@code exp} are set; with a holder key, it goes into {@code cnf.jwk} so that
     * presentations need key binding.
     *
     * @param credential the unsigned credential (first {@code @context} the VCDM 2.0 context)
     * @param key        the issuer's key: its DID is the issuer, its verification method the {@code kid}; the
     *                   cryptosuite is not used (the key type decides {@code alg})
     * @param options    the disclosable claims, the validity period and the holder key
     * @return {@code <issuer-signed JWT>~<disclosure>~...~}
     * @throws JoseException MALFORMED_VALUE_ERROR (bad or forbidden pointer, not a VCDM 2.0 credential),
     *     PROOF_GENERATION_ERROR
     */
    public String issueSdJwt(JsonObject credential, IssuerKey key, SdJwtOptions options) throws JoseException {
        return SdJwtIssuance.issueSdJwt(credential, key, options, clock.instant(), decoys);
    }

    /**
     * Positional form of {@link #issueSdJwt(JsonObject, IssuerKey, SdJwtOptions)}.
     *
     * @param credential  the unsigned credential (first {@code @context} the VCDM 2.0 context)
     * @param issuerDid   the issuer's DID
     * @param kid         the DID URL of the signing verification method of {@code issuerDid}
     * @param validFor    validity duration ({@code validUntil} and {@code exp}), or empty for none
     * @param disclosable JSON Pointers of the claims to make selectively disclosable
     * @param holderKey   the holder's public key for {@code cnf.jwk}, or empty for no key binding
     * @param signer      signs with the key of {@code kid}; its key type decides {@code alg}
     * @return {@code <issuer-signed JWT>~<disclosure>~...~}
     * @throws JoseException as {@link #issueSdJwt(JsonObject, IssuerKey, SdJwtOptions)}
     * @deprecated pass the key as one value and the rest as {@link SdJwtOptions}:
     *     {@link #issueSdJwt(JsonObject, IssuerKey, SdJwtOptions)}.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public String issueSdJwt(JsonObject credential, String issuerDid, String kid, Optional<Duration> validFor,
                             List<String> disclosable, Optional<PublicKeyValue> holderKey, Signer signer) throws JoseException {
        return issueSdJwt(credential, IssuerKey.jose(issuerDid, kid, signer), SdJwtOptions.positional(disclosable, validFor, holderKey));
    }

    /**
     * Issues an IETF SD-JWT VC ({@code typ} {@code dc+sd-jwt}): plain JSON claims that must carry a string
     * {@code vct} (the credential type), with {@code iss}, {@code iat}, {@code exp} (with a validity period)
     * and {@code cnf} (with a holder key) added. {@code iss}, {@code nbf}, {@code exp}, {@code cnf}, {@code vct}
     * and {@code status} cannot be disclosable.
     *
     * @param claims  the claims (no {@code iss}, {@code iat}, {@code exp} or {@code cnf}: the issuer sets them)
     * @param key     the issuer's key: its DID is {@code iss}, its verification method the {@code kid}
     * @param options the disclosable claims, the validity period and the holder key
     * @return {@code <issuer-signed JWT>~<disclosure>~...~}
     * @throws JoseException MALFORMED_VALUE_ERROR (no string {@code vct}, a reserved claim, a bad or forbidden
     *     pointer) or PROOF_GENERATION_ERROR
     */
    public String issueSdJwtVc(JsonObject claims, IssuerKey key, SdJwtOptions options) throws JoseException {
        return SdJwtIssuance.issueSdJwtVc(claims, key, options, clock.instant(), decoys);
    }

    /**
     * Positional form of {@link #issueSdJwtVc(JsonObject, IssuerKey, SdJwtOptions)}.
     *
     * @param claims      the claims (no {@code iss}, {@code iat}, {@code exp} or {@code cnf}: the issuer sets them)
     * @param issuerDid   the issuer's DID
     * @param kid         the DID URL of the signing verification method of {@code issuerDid}
     * @param validFor    validity duration ({@code exp}), or empty for none
     * @param disclosable JSON Pointers of the claims to make selectively disclosable
     * @param holderKey   the holder's public key for {@code cnf.jwk}, or empty for no key binding
     * @param signer      signs with the key of {@code kid}; its key type decides {@code alg}
     * @return {@code <issuer-signed JWT>~<disclosure>~...~}
     * @throws JoseException as {@link #issueSdJwtVc(JsonObject, IssuerKey, SdJwtOptions)}
     * @deprecated pass the key as one value and the rest as {@link SdJwtOptions}:
     *     {@link #issueSdJwtVc(JsonObject, IssuerKey, SdJwtOptions)}.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public String issueSdJwtVc(JsonObject claims, String issuerDid, String kid, Optional<Duration> validFor,
                               List<String> disclosable, Optional<PublicKeyValue> holderKey, Signer signer) throws JoseException {
        return issueSdJwtVc(claims, IssuerKey.jose(issuerDid, kid, signer), SdJwtOptions.positional(disclosable, validFor, holderKey));
    }
}
