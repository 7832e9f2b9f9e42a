package dev.mandate.vc.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The Key Binding JWT of RFC 9901 §4.3: the holder's signature over the presented SD-JWT
 * ({@code sd_hash}), the verifier's {@code nonce} and {@code aud}, and the time {@code iat}. The holder's
 * public key comes from the SD-JWT's {@code cnf.jwk} claim (RFC 7800).
 */
public final class KeyBinding {
    /** The required {@code typ} of a KB-JWT. */
    public static final String TYP = "kb+jwt";
    /** Bound on a KB-JWT's size. */
    public static final int MAX_CHARS = 16 * 1024;

    private static final BoundedJson.Limits LIMITS = new BoundedJson.Limits(MAX_CHARS, 8);

    private KeyBinding() {
    }

    /**
     * The checked claims of a KB-JWT, for the verifier's own policy (nonce, audience, freshness).
     *
     * @param nonce    the {@code nonce} claim
     * @param audience the {@code aud} claim
     * @param issuedAt the {@code iat} claim
     */
    public record Claims(String nonce, String audience, Instant issuedAt) {
        /**
         * Checks that the strings are present.
         *
         * @param nonce    the {@code nonce} claim
         * @param audience the {@code aud} claim
         * @param issuedAt the {@code iat} claim
         */
        public Claims {
            Objects.requireNonNull(nonce, "nonce");
            Objects.requireNonNull(audience, "audience");
            Objects.requireNonNull(issuedAt, "issuedAt");
        }
    }

    /**
     * Creates the KB-JWT for {@code sdJwt} (its Disclosures being the ones presented).
     *
     * @param sdJwt    the SD-JWT as presented (its Disclosures chosen)
     * @param nonce    the verifier's challenge
     * @param audience the verifier's domain ({@code aud})
     * @param issuedAt the KB-JWT's {@code iat}
     * @param holder   signs with the key in the credential's {@code cnf.jwk}
     * @return the KB-JWT (compact JWS, {@code typ} {@code kb+jwt})
     * @throws JoseException PROOF_GENERATION_ERROR if signing fails
     */
    public static String sign(SdJwt sdJwt, String nonce, String audience, Instant issuedAt, Signer holder) throws JoseException {
        Objects.requireNonNull(sdJwt, "sdJwt");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(issuedAt, "issuedAt");
        JsonObject payload = Disclosure.JSON.createObjectBuilder()
                .add("iat", issuedAt.getEpochSecond())
                .add("aud", audience)
                .add("nonce", nonce)
                .add("sd_hash", sdJwt.sdHash())
                .build();
        return CompactJws.sign(CompactJws.headerFor(holder).type(new JOSEObjectType(TYP)).build(),
                payload.toString().getBytes(StandardCharsets.UTF_8), holder);
    }

    /**
     * Checks a KB-JWT: {@code typ} {@code kb+jwt}, an allowed {@code alg} that matches the holder key, no
     * {@code crit}, a valid signature by {@code holderKey}, string {@code nonce} and {@code aud}, numeric
     * {@code iat}, and {@code sd_hash} equal to the digest of {@code sdJwt} without its KB-JWT.
     *
     * @param kbJwt     the KB-JWT
     * @param sdJwt     the SD-JWT it is appended to
     * @param holderKey the key from the credential's {@code cnf.jwk}
     * @return the KB-JWT's nonce, audience and issue time, for the caller to match
     * @throws JoseException CRYPTOGRAPHIC_SECURITY_ERROR (wrong typ or alg, bad signature, sd_hash
     *     mismatch), PARSING_ERROR or MALFORMED_VALUE_ERROR (unreadable or missing claims)
     */
    public static Claims verify(String kbJwt, SdJwt sdJwt, PublicKeyValue holderKey) throws JoseException {
        Objects.requireNonNull(sdJwt, "sdJwt");
        Objects.requireNonNull(holderKey, "holderKey");
        CompactJws jws;
        try {
            jws = CompactJws.parse(kbJwt, MAX_CHARS);
        } catch (JoseException e) {
            throw new JoseException(e.type(), "key binding JWT: " + e.getMessage());
        }
        String typ = jws.typ().map(t -> t.toLowerCase(Locale.ROOT)).orElse("");
        if (!typ.equals(TYP) && !typ.equals("application/" + TYP)) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "key binding JWT typ is '"
                    + JoseAlgorithms.shorten(jws.typ().orElse("")) + "', expected 'kb+jwt'");
        }
        if (!jws.crit().isEmpty()) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "key binding JWT header has crit " + jws.crit()
                    + ", which is not understood");
        }
        try {
            JoseAlgorithms.require(jws.alg(), holderKey.type());
        } catch (JoseException e) {
            throw new JoseException(e.type(), "key binding JWT: " + e.getMessage());
        }
        if (!jws.verifySignature(holderKey.verifier())) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                    "key binding JWT signature is not valid for the holder key in cnf");
        }
        JsonObject p;
        try {
            p = jws.payloadObject(LIMITS);
        } catch (JoseException e) {
            throw new JoseException(e.type(), "key binding " + e.getMessage());
        }
        String nonce = string(p, "nonce");
        String aud = string(p, "aud");
        JsonValue iat = p.get("iat");
        if (!(iat instanceof JsonNumber)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "key binding JWT has no numeric 'iat'");
        }
        String sdHash = string(p, "sd_hash");
        if (!sdHash.equals(sdJwt.sdHash())) {
            throw new JoseException(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                    "key binding JWT sd_hash does not match the presented SD-JWT and disclosures");
        }
        return new Claims(nonce, aud, JwtTimes.instant((JsonNumber) iat));
    }

    private static String string(JsonObject p, String name) throws JoseException {
        JsonValue v = p.get(name);
        if (!(v instanceof JsonString)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "key binding JWT has no string '" + name + "'");
        }
        return ((JsonString) v).getString();
    }

    /**
     * {@return the holder's public key from an SD-JWT payload's {@code cnf.jwk} (RFC 7800 §3.2)}
     *
     * @param payload the issuer-signed JWT's payload
     * @throws JoseException MALFORMED_VALUE_ERROR if {@code cnf.jwk} is missing, carries a private key, or is
     *     not an Ed25519, P-256, P-384 or secp256k1 public key
     */
    public static PublicKeyValue holderKey(JsonObject payload) throws JoseException {
        JsonValue cnf = payload.get("cnf");
        JsonValue jwk = cnf instanceof JsonObject ? ((JsonObject) cnf).get("jwk") : null;
        if (!(jwk instanceof JsonObject)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR,
                    "the SD-JWT has no cnf.jwk holder key, so key binding cannot be checked", "/cnf");
        }
        if (((JsonObject) jwk).containsKey("d")) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "cnf.jwk contains a private key member 'd'", "/cnf/jwk");
        }
        try {
            return PublicKeyValue.fromJwk(JWK.parse(jwk.toString()));
        } catch (ParseException | DecodingException | RuntimeException e) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "cnf.jwk is not a usable public key: "
                    + CompactJws.oneLine(e.getMessage()), "/cnf/jwk");
        }
    }

    /**
     * {@return the {@code cnf} claim value for a holder key: {@code {"jwk": {...}}}}
     *
     * @param holderKey the holder's public key
     */
    public static JsonObject confirmation(PublicKeyValue holderKey) {
        String jwk = holderKey.toJwk().toJSONString();
        try {
            return Disclosure.JSON.createObjectBuilder().add("jwk", BoundedJson.parseObject(jwk)).build();
        } catch (JsonInputException e) {
            throw new IllegalStateException("Nimbus produced an unreadable JWK", e); // unreachable
        }
    }
}
