package dev.mandate.vc.issuer;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.proof.ProofOptions;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues Data Integrity secured credentials and presentations with any registered cryptosuite and
 * any {@link Signer} (a key from the key store, or a KMS). Thread-safe.
 */
public final class Issuer {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    /** The VC Data Model 2.0 base context. */
    public static final String CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2";

    /** The VC Data Model 1.1 base context (issued with the Data Integrity context appended). */
    public static final String CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1";

    private final Clock clock;

    /** An issuer using the system clock. */
    public Issuer() {
        this(Clock.systemUTC());
    }

    /**
     * An issuer using the given clock (for tests and reproducible output).
     *
     * @param clock dates {@code validFrom}, {@code validUntil} and the proof's {@code created}; not null
     */
    public Issuer(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs a credential with no {@code validUntil}; see {@link #issue(JsonObject, IssuerKey, Duration)}.
     *
     * @param credential the unsigned credential (VC Data Model 2.0)
     * @param key        who signs, with which method and suite
     * @return the credential with its proof
     * @throws ProofException as {@link #issue(JsonObject, IssuerKey, Duration)}
     */
    public JsonObject issue(JsonObject credential, IssuerKey key) throws ProofException {
        return sign(credential, key.did(), key.verificationMethod(), key.cryptosuite(), Optional.empty(), key.signer());
    }

    /**
     * Signs a credential valid for {@code validFor} from now. Sets {@code issuer} to the key's DID when the
     * credential has none (and refuses a credential whose issuer differs), {@code validFrom} to now unless
     * present, and {@code validUntil} to now + {@code validFor}.
     *
     * @param credential the unsigned credential (VC Data Model 2.0)
     * @param key        who signs, with which method (listed under assertionMethod) and suite
     * @param validFor   how long the credential is valid
     * @return the credential with its proof
     * @throws ProofException PROOF_GENERATION_ERROR (issuer mismatch, an existing proof, an unavailable suite, a key
     *                        the suite does not take) or MALFORMED_VALUE_ERROR
     */
    public JsonObject issue(JsonObject credential, IssuerKey key, Duration validFor) throws ProofException {
        return sign(credential, key.did(), key.verificationMethod(), key.cryptosuite(), Optional.of(validFor), key.signer());
    }

    /**
     * Wraps credentials in a presentation signed by the holder for the verifier's challenge (proof purpose
     * {@code authentication}, no domain).
     *
     * @param credentials the secured credentials to present
     * @param holder      the holder's key; its method must be listed under authentication
     * @param challenge   the verifier's challenge
     * @return the signed presentation
     * @throws ProofException as {@link #issue(JsonObject, IssuerKey, Duration)}
     */
    public JsonObject present(List<JsonObject> credentials, IssuerKey holder, String challenge) throws ProofException {
        return sign(credentials, holder.did(), holder.verificationMethod(), holder.cryptosuite(), challenge, Optional.empty(), holder.signer());
    }

    /**
     * Wraps credentials in a presentation signed by the holder for the verifier's challenge and domain.
     *
     * @param credentials the secured credentials to present
     * @param holder      the holder's key; its method must be listed under authentication
     * @param challenge   the verifier's challenge
     * @param domain      the verifier's domain
     * @return the signed presentation
     * @throws ProofException as {@link #issue(JsonObject, IssuerKey, Duration)}
     */
    public JsonObject present(List<JsonObject> credentials, IssuerKey holder, String challenge, String domain) throws ProofException {
        return sign(credentials, holder.did(), holder.verificationMethod(), holder.cryptosuite(), challenge,
                Optional.of(domain), holder.signer());
    }

    /**
     * Positional form of {@link #issue(JsonObject, IssuerKey, Duration)}: the same credential and proof as
     * {@code issue(credential, new IssuerKey(issuerDid, verificationMethod, cryptosuite, signer)[, validFor])}.
     *
     * @param credential         the unsigned credential (VC Data Model 2.0, or 1.1)
     * @param issuerDid          the issuer's DID, controller of {@code verificationMethod}
     * @param verificationMethod the DID URL of the signing key, listed under assertionMethod
     * @param cryptosuite        e.g. {@code eddsa-rdfc-2022}
     * @param validFor           validity duration, or empty for none
     * @param signer             signs with the key of {@code verificationMethod}
     * @return the credential with its proof
     * @throws ProofException as {@link #issue(JsonObject, IssuerKey, Duration)}
     * @deprecated three Strings in a row are easy to swap; pass the key as one value:
     *     {@link #issue(JsonObject, IssuerKey)} without a validity period, {@link #issue(JsonObject, IssuerKey, Duration)}
     *     with one.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public JsonObject issue(JsonObject credential, String issuerDid, String verificationMethod, String cryptosuite,
                            Optional<Duration> validFor, Signer signer) throws ProofException {
        return sign(credential, issuerDid, verificationMethod, cryptosuite, validFor, signer);
    }

    /**
     * Sets {@code issuer} to {@code issuerDid} when the credential has none (and refuses a credential whose issuer
     * differs), sets {@code validFrom} to now unless present, and {@code validUntil} to now + {@code validFor} when
     * given ({@code issuanceDate} and {@code expirationDate} for a VC Data Model 1.1 credential, which also gets the
     * Data Integrity context appended, see {@link DataIntegrity#sign}), then signs.
     */
    private JsonObject sign(JsonObject credential, String issuerDid, String verificationMethod, String cryptosuite,
                            Optional<Duration> validFor, Signer signer) throws ProofException {
        JsonValue existingIssuer = credential.get("issuer");
        String existing = existingIssuer instanceof JsonString s ? s.getString()
                : existingIssuer instanceof JsonObject o && o.get("id") instanceof JsonString s ? s.getString() : null;
        if (existingIssuer != null && existing == null) {
            throw new ProofException(ErrorType.MALFORMED_VALUE_ERROR, "issuer must be a URL or an object with an id", "/issuer");
        }
        if (existing != null && !existing.equals(issuerDid)) {
            throw new ProofException(ErrorType.PROOF_GENERATION_ERROR, "the credential names issuer " + existing
                    + " but it would be signed by " + issuerDid, "/issuer");
        }
        if (credential.containsKey("proof")) {
            throw new ProofException(ErrorType.PROOF_GENERATION_ERROR, "the credential already has a proof; issue an unsigned credential", "/proof");
        }
        Instant now = clock.instant();
        JsonObjectBuilder b = JSON.createObjectBuilder(credential);
        if (existingIssuer == null) {
            b.add("issuer", issuerDid);
        }
        // VCDM 1.1 names the validity period issuanceDate / expirationDate; its context does not define validFrom
        boolean v1 = isDataModel11(credential);
        String from = v1 ? "issuanceDate" : "validFrom";
        if (!credential.containsKey(from)) {
            b.add(from, DataIntegrity.format(now));
        }
        validFor.ifPresent(d -> b.add(v1 ? "expirationDate" : "validUntil", DataIntegrity.format(now.plus(d))));
        ProofOptions options = ProofOptions.builder(cryptosuite, verificationMethod).created(now).build();
        return DataIntegrity.sign(b.build(), options, signer);
    }

    /** True when the credential's first context is the VCDM 1.1 one ({@value #CREDENTIALS_V1}). */
    static boolean isDataModel11(JsonObject credential) {
        JsonValue c = credential.get("@context");
        JsonValue first = c instanceof jakarta.json.JsonArray a && !a.isEmpty() ? a.get(0) : c;
        return first instanceof JsonString s && s.getString().equals(CREDENTIALS_V1);
    }

    /**
     * Positional form of {@link #present(List, IssuerKey, String, String)}: the same presentation as
     * {@code present(credentials, new IssuerKey(holderDid, verificationMethod, cryptosuite, signer), challenge[, domain])}.
     *
     * @param credentials        the secured credentials to present
     * @param holderDid          the holder's DID, controller of {@code verificationMethod}
     * @param verificationMethod the DID URL of the holder's key, listed under authentication
     * @param cryptosuite        e.g. {@code eddsa-jcs-2022}
     * @param challenge          the verifier's challenge
     * @param domain             the verifier's domain, or empty for none
     * @param signer             signs with the key of {@code verificationMethod}
     * @return the signed presentation
     * @throws ProofException as {@link #issue(JsonObject, IssuerKey, Duration)}
     * @deprecated pass the holder's key as one value: {@link #present(List, IssuerKey, String)} without a domain,
     *     {@link #present(List, IssuerKey, String, String)} with one.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public JsonObject present(List<JsonObject> credentials, String holderDid, String verificationMethod, String cryptosuite,
                              String challenge, Optional<String> domain, Signer signer) throws ProofException {
        return sign(credentials, holderDid, verificationMethod, cryptosuite, challenge, domain, signer);
    }

    /** Builds the presentation (a fresh {@code urn:uuid} id) and signs it with proof purpose authentication. */
    private JsonObject sign(List<JsonObject> credentials, String holderDid, String verificationMethod, String cryptosuite,
                            String challenge, Optional<String> domain, Signer signer) throws ProofException {
        JsonArrayBuilder vcs = JSON.createArrayBuilder();
        credentials.forEach(vcs::add);
        JsonObject unsigned = JSON.createObjectBuilder()
                .add("@context", JSON.createArrayBuilder().add(CREDENTIALS_V2))
                .add("id", "urn:uuid:" + UUID.randomUUID())
                .add("type", JSON.createArrayBuilder().add("VerifiablePresentation"))
                .add("holder", holderDid)
                .add("verifiableCredential", vcs)
                .build();
        ProofOptions.Builder options = ProofOptions.builder(cryptosuite, verificationMethod)
                .proofPurpose("authentication").created(clock.instant()).challenge(challenge);
        domain.ifPresent(options::domain);
        return DataIntegrity.sign(unsigned, options.build(), signer);
    }
}
