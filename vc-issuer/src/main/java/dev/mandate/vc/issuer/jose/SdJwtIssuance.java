package dev.mandate.vc.issuer.jose;

import com.nimbusds.jose.JWSHeader;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.jose.SelectiveDisclosure;
import dev.mandate.vc.json.JsonPointers;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import static dev.mandate.vc.issuer.jose.JoseIssuer.CREDENTIALS_V2;
import static dev.mandate.vc.issuer.jose.JoseIssuer.TYP_DC_SD_JWT;
import static dev.mandate.vc.issuer.jose.JoseIssuer.TYP_VC_SD_JWT;
import static dev.mandate.vc.issuer.jose.JoseSigning.JSON;

/**
 * The SD-JWT forms of {@link JoseIssuer} (RFC 9901): a VC Data Model 2.0 credential as {@code vc+sd-jwt} and an
 * IETF SD-JWT VC as {@code dc+sd-jwt}, with the chosen claims concealed as Disclosures (plus decoy digests).
 */
final class SdJwtIssuance {
    /** Claims of a VC Data Model credential that stay visible in an SD-JWT (needed to validate it). */
    static final Set<String> VC_NEVER_DISCLOSABLE = Set.of("/@context", "/type", "/issuer", "/issuer/id", "/validFrom",
            "/validUntil", "/credentialStatus", "/credentialSchema", "/relatedResource", "/credentialSubject", "/iss", "/iat", "/nbf",
            "/exp", "/cnf");
    /** Claims of an SD-JWT VC that the draft forbids to disclose selectively. */
    static final Set<String> DC_NEVER_DISCLOSABLE = Set.of("/iss", "/nbf", "/exp", "/cnf", "/vct", "/vct#integrity", "/status");

    private SdJwtIssuance() {
    }

    /** {@code vc+sd-jwt}: see {@link JoseIssuer#issueSdJwt(JsonObject, IssuerKey, SdJwtOptions)}. */
    static String issueSdJwt(JsonObject credential, IssuerKey key, SdJwtOptions options, Instant now, int decoys)
            throws JoseException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        JoseSigning.requireContext(credential, CREDENTIALS_V2, "vc+sd-jwt");
        JsonObject vc = JoseSigning.prepare(credential, key.did(), key.verificationMethod(), options.validFor(), now, false);
        requireDisclosable(options.disclosable(), VC_NEVER_DISCLOSABLE);
        JsonObjectBuilder claims = JSON.createObjectBuilder(vc).add("iss", key.did()).add("iat", now.getEpochSecond());
        options.validFor().ifPresent(d -> claims.add("exp", now.plus(d).getEpochSecond()));
        options.holderKey().ifPresent(k -> claims.add("cnf", KeyBinding.confirmation(k)));
        return sdJwt(claims.build(), options.disclosable(), JoseSigning.header(key.signer(), TYP_VC_SD_JWT, "vc", key.verificationMethod()),
                key.signer(), decoys);
    }

    /** {@code dc+sd-jwt}: see {@link JoseIssuer#issueSdJwtVc(JsonObject, IssuerKey, SdJwtOptions)}. */
    static String issueSdJwtVc(JsonObject claims, IssuerKey key, SdJwtOptions options, Instant now, int decoys)
            throws JoseException {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(options, "options");
        if (!(claims.get("vct") instanceof JsonString)) {
            throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "an SD-JWT VC needs a string 'vct' (credential type)", "/vct");
        }
        JoseSigning.requireKidOf(key.verificationMethod(), key.did());
        for (String reserved : List.of("iss", "iat", "exp", "cnf")) {
            if (claims.containsKey(reserved)) {
                throw new JoseException(ErrorType.MALFORMED_VALUE_ERROR, "claim '" + reserved + "' is set by the issuer; remove it",
                        "/" + reserved);
            }
        }
        requireDisclosable(options.disclosable(), DC_NEVER_DISCLOSABLE);
        JsonObjectBuilder b = JSON.createObjectBuilder(claims).add("iss", key.did()).add("iat", now.getEpochSecond());
        options.validFor().ifPresent(d -> b.add("exp", now.plus(d).getEpochSecond()));
        options.holderKey().ifPresent(k -> b.add("cnf", KeyBinding.confirmation(k)));
        return sdJwt(b.build(), options.disclosable(), JoseSigning.header(key.signer(), TYP_DC_SD_JWT, null, key.verificationMethod()),
                key.signer(), decoys);
    }

    private static String sdJwt(JsonObject claims, List<String> disclosable, JWSHeader header, Signer signer, int decoys)
            throws JoseException {
        SelectiveDisclosure.Concealed c = SelectiveDisclosure.conceal(claims, disclosable, decoys);
        String jwt = JoseSigning.sign(header, c.payload(), signer);
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
}
