package dev.mandate.did.jwk;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.Base64Url;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.InvalidDidDocumentException;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.did.internal.Json;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The did:jwk method (did:jwk specification, quartzjer/did-jwk): {@code did:jwk:<base64url(UTF-8 JSON of
 * a public JWK)>}. The document has one JsonWebKey2020 verification method {@code did:jwk:...#0} (contexts
 * DID v1 and JWS 2020 v1); it is referenced from all five relationships, only keyAgreement for
 * {@code "use":"enc"}, and all but keyAgreement for {@code "use":"sig"}.
 *
 * <p>Any valid public JWK resolves; Ed25519, P-256, P-384 and secp256k1 keys are also checked (length,
 * point on the curve) and give {@code invalidPublicKey*} errors when bad. The key members of these and
 * of X25519 keys must be canonical base64url ({@code invalidDid} otherwise), so that one key does not
 * have several did:jwk DIDs that differ only in pad bits. A JWK with private members
 * is refused ({@code invalidDid}).
 */
public final class DidJwk implements DidResolver {
    /** The JWS 2020 context did:jwk documents use. */
    public static final String JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1";

    /** A did:jwk resolver (stateless). */
    public DidJwk() {}

    /**
     * {@return the did:jwk DID of {@code key}: its public JWK with the required members only, in lexicographic order
     * (as RFC 7638)}
     *
     * @param key the public key
     */
    public static String didFor(PublicKeyValue key) {
        return didFor(key.toJwk());
    }

    /**
     * {@return the did:jwk DID of a public JWK; private members are dropped and the JWK is serialized with the RFC
     * 7638 required members in lexicographic order}
     *
     * @param jwk a public or private JWK
     */
    public static String didFor(JWK jwk) {
        Map<String, Object> required = new TreeMap<>(jwk.toPublicJWK().getRequiredParams());
        String json = com.nimbusds.jose.util.JSONObjectUtils.toJSONString(required);
        return "did:jwk:" + Multibase.encode(Multibase.Base.BASE64URL, json.getBytes(StandardCharsets.UTF_8)).substring(1);
    }

    @Override public ResolutionResult resolve(String did) {
        Did parsed;
        try {
            parsed = Did.parse(did);
        } catch (DidSyntaxException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, e.getMessage());
        }
        if (!parsed.method().equals("jwk")) return ResolutionResult.error(ErrorCode.METHOD_NOT_SUPPORTED, "not a did:jwk DID: " + did);
        byte[] bytes;
        try {
            bytes = Multibase.decode("u" + parsed.methodSpecificId(), Did.MAX_LENGTH);
        } catch (DecodingException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:jwk value is not base64url: " + e.getMessage());
        }
        JsonObject jwkJson;
        try {
            jwkJson = Json.parseObject(bytes);
        } catch (IllegalArgumentException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:jwk value does not decode to a JSON object: " + e.getMessage());
        }
        if (jwkJson.containsKey("d") || jwkJson.containsKey("p") || jwkJson.containsKey("k")) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:jwk must contain a public JWK, but this one has private key members");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson.toString());
        } catch (ParseException | RuntimeException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:jwk value is not a valid JWK: " + e.getMessage());
        }
        Optional<ResolutionResult> keyError = checkKey(jwk);
        if (keyError.isPresent()) return keyError.get();

        String vmId = did + "#0";
        JsonObject vm = Json.object().add("id", vmId).add("type", VerificationMethod.JSON_WEB_KEY_2020).add("controller", did)
                .add("publicKeyJwk", jwkJson).build();
        String use = Json.string(jwkJson, "use").orElse("");
        JsonObjectBuilder doc = Json.object()
                .add("@context", Json.array().add(DidDocument.DID_CONTEXT_V1).add(JWS_2020_CONTEXT))
                .add("id", did)
                .add("verificationMethod", Json.array().add(vm));
        if (!use.equals("enc")) {
            for (String rel : new String[] {"assertionMethod", "authentication", "capabilityInvocation", "capabilityDelegation"}) {
                doc.add(rel, ref(vmId));
            }
        }
        if (!use.equals("sig")) doc.add("keyAgreement", ref(vmId));
        try {
            return ResolutionResult.success(DidDocument.from(doc.build()));
        } catch (InvalidDidDocumentException e) {
            return ResolutionResult.error(ErrorCode.INVALID_DID, "did:jwk " + e.getMessage());
        }
    }

    private static JsonArrayBuilder ref(String id) {
        return Json.array().add(id);
    }

    private static Optional<ResolutionResult> checkKey(JWK jwk) {
        if (jwk instanceof OctetKeyPair okp && Curve.X25519.equals(okp.getCurve())) {
            String x = okp.getX().toString();
            String why = Base64Url.check(x, 0, x.length(), "did:jwk X25519 key: JWK member 'x'");
            if (why != null) return Optional.of(ResolutionResult.error(ErrorCode.INVALID_DID, why));
            int len = okp.getX().decode().length;
            return len == 32 ? Optional.empty() : Optional.of(ResolutionResult.error(ErrorCode.INVALID_PUBLIC_KEY_LENGTH,
                    "did:jwk X25519 key must be 32 bytes but is " + len));
        }
        boolean supported = (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve()))
                || (jwk instanceof com.nimbusds.jose.jwk.ECKey ec && !Curve.P_521.equals(ec.getCurve()));
        if (!supported) return Optional.empty();
        try {
            PublicKeyValue.fromJwk(jwk);
            return Optional.empty();
        } catch (DecodingException e) {
            return Optional.of(ResolutionResult.error(ErrorCode.of(e.code()), "did:jwk key: " + e.getMessage()));
        }
    }
}
