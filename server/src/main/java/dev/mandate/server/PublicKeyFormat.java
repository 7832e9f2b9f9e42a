package dev.mandate.server;

import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;

/**
 * The did:key {@code publicKeyFormat} resolution option (did:key method, "Create": publicKeyFormat and
 * enableExperimentalPublicKeyTypes). Mandate's did:key documents use {@code Multikey}; this rewrites
 * their verification methods into another format, or says which error the method defines:
 * {@code unsupportedPublicKeyType} for a format it does not know, {@code invalidPublicKeyType} for a
 * known format that is experimental (while experimental types are not enabled) or does not fit the key.
 */
final class PublicKeyFormat {
    /** Formats the method names as standard. */
    static final Set<String> STANDARD = Set.of("Multikey", "JsonWebKey", "JsonWebKey2020", "Ed25519VerificationKey2020");
    /** Formats the method names as experimental (known, not offered here). */
    static final Set<String> EXPERIMENTAL = Set.of("Ed25519VerificationKey2018", "X25519KeyAgreementKey2019",
            "X25519KeyAgreementKey2020", "Bls12381G2Key2020", "EcdsaSecp256k1VerificationKey2019");
    private static final String JWK_CONTEXT = "https://w3id.org/security/jwk/v1";
    private static final String ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1";

    /** A rewritten document, or the error the did:key method defines. */
    sealed interface Outcome permits Rewritten, Refused {
    }

    /** The document with its verification methods in the requested format. */
    record Rewritten(JsonObject document) implements Outcome {
    }

    /** The option cannot be honoured. */
    record Refused(ErrorCode code, String message) implements Outcome {
    }

    private PublicKeyFormat() {
    }

    /** Applies {@code format} to a did:key document ({@code experimental}: enableExperimentalPublicKeyTypes). */
    static Outcome apply(JsonObject document, String format, boolean experimental) {
        if (!STANDARD.contains(format) && !EXPERIMENTAL.contains(format)) {
            return new Refused(ErrorCode.UNSUPPORTED_PUBLIC_KEY_TYPE, "publicKeyFormat '" + Exchange.clip(format)
                    + "' is not a known public key format; use one of " + String.join(", ", new java.util.TreeSet<>(STANDARD)));
        }
        if (EXPERIMENTAL.contains(format)) {
            return new Refused(ErrorCode.INVALID_PUBLIC_KEY_TYPE, "publicKeyFormat '" + format + "' is an experimental type"
                    + (experimental ? " this resolver does not produce" : " and enableExperimentalPublicKeyTypes is false")
                    + "; use Multikey or JsonWebKey");
        }
        if (format.equals("Multikey")) {
            return new Rewritten(document);
        }
        JsonObjectBuilder out = Jsonp.PROVIDER.createObjectBuilder(document);
        JsonValue vms = document.get("verificationMethod");
        if (vms instanceof JsonArray a) {
            JsonArrayBuilder rewritten = Jsonp.PROVIDER.createArrayBuilder();
            for (JsonValue v : a) {
                if (!(v instanceof JsonObject vm) || !(vm.get("publicKeyMultibase") instanceof JsonString mb)) {
                    rewritten.add(v);
                    continue;
                }
                PublicKeyValue key;
                try {
                    key = PublicKeyValue.fromMultikey(mb.getString());
                } catch (DecodingException e) {
                    return new Refused(ErrorCode.INVALID_PUBLIC_KEY, "the key in the DID cannot be decoded: " + e.getMessage());
                }
                JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder(vm).remove("publicKeyMultibase").add("type", format);
                if (format.startsWith("JsonWebKey")) {
                    b.add("publicKeyJwk", Jsonp.PROVIDER.createReader(new StringReader(key.toJwk().toJSONString())).readObject());
                } else if (key.type() == dev.mandate.did.crypto.KeyType.ED25519) {
                    b.add("publicKeyMultibase", mb);
                } else {
                    return new Refused(ErrorCode.INVALID_PUBLIC_KEY_TYPE, "publicKeyFormat " + format + " holds Ed25519 keys only; this DID has a "
                            + key.type().curve() + " key");
                }
                rewritten.add(b);
            }
            out.add("verificationMethod", rewritten);
        }
        out.add("@context", withContext(document.get("@context"), format.startsWith("JsonWebKey") ? JWK_CONTEXT : ED25519_2020_CONTEXT));
        return new Rewritten(out.build());
    }

    private static JsonValue withContext(JsonValue context, String add) {
        JsonArrayBuilder b = Jsonp.PROVIDER.createArrayBuilder();
        if (context instanceof JsonArray a) {
            for (JsonValue v : a) {
                if (!(v instanceof JsonString s && s.getString().equals("https://w3id.org/security/multikey/v1"))) {
                    b.add(v);
                }
            }
        } else if (context != null) {
            b.add(context);
        }
        return b.add(add).build();
    }
}
