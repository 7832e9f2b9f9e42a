package dev.mandate.did.document;

import com.nimbusds.jose.jwk.JWK;
import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.internal.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.text.ParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A verification method of a DID document (DID Core 1.0 section 5.2; Controlled Identifiers 1.0 Multikey
 * and JsonWebKey). Immutable; the decoded public key is computed once and kept.
 */
public final class VerificationMethod {
    /** Controlled Identifiers 1.0 Multikey ({@code publicKeyMultibase}). */
    public static final String MULTIKEY = "Multikey";
    /** Controlled Identifiers 1.0 JsonWebKey ({@code publicKeyJwk}). */
    public static final String JSON_WEB_KEY = "JsonWebKey";
    /** Legacy JsonWebKey2020 ({@code publicKeyJwk}; did:jwk uses it). */
    public static final String JSON_WEB_KEY_2020 = "JsonWebKey2020";
    /** Legacy Ed25519VerificationKey2020 ({@code publicKeyMultibase} with an Ed25519 header). */
    public static final String ED25519_VERIFICATION_KEY_2020 = "Ed25519VerificationKey2020";
    /** Legacy Ed25519VerificationKey2018 ({@code publicKeyBase58}, raw 32 bytes). */
    public static final String ED25519_VERIFICATION_KEY_2018 = "Ed25519VerificationKey2018";
    /** Legacy EcdsaSecp256k1VerificationKey2019 ({@code publicKeyBase58} compressed point, or {@code publicKeyJwk}). */
    public static final String ECDSA_SECP256K1_VERIFICATION_KEY_2019 = "EcdsaSecp256k1VerificationKey2019";

    private final JsonObject json;
    private final String id;
    private final String type;
    private final String controller;
    private volatile Object key; // PublicKeyValue or DecodingException, computed once

    private VerificationMethod(JsonObject json, String id, String type, String controller) {
        this.json = json;
        this.id = id;
        this.type = type;
        this.controller = controller;
    }

    /**
     * Reads a verification method object; a relative {@code id} (starting with '#', '?' or '/') is
     * resolved against {@code base}, the DID of the document it appears in.
     *
     * @param json the verification method object
     * @param base the DID of the document it appears in
     * @return the method
     * @throws InvalidDidDocumentException if id, type or controller are missing or malformed
     */
    public static VerificationMethod from(JsonObject json, Did base) throws InvalidDidDocumentException {
        Objects.requireNonNull(json, "json");
        String rawId = Json.string(json, "id").orElseThrow(() -> new InvalidDidDocumentException("verification method has no string 'id'"));
        String id = DidDocument.absolute(rawId, base, "verification method id");
        String type = Json.string(json, "type").orElseThrow(() -> new InvalidDidDocumentException("verification method " + id + " has no string 'type'"));
        String controller = Json.string(json, "controller")
                .orElseThrow(() -> new InvalidDidDocumentException("verification method " + id + " has no string 'controller'"));
        try {
            Did.parse(controller);
        } catch (DidSyntaxException e) {
            throw new InvalidDidDocumentException("verification method " + id + " controller is not a DID: " + e.getMessage());
        }
        if (json.containsKey("publicKeyMultibase") && json.containsKey("publicKeyJwk")) {
            throw new InvalidDidDocumentException("verification method " + id + " has both publicKeyMultibase and publicKeyJwk");
        }
        JsonValue jwk = json.get("publicKeyJwk");
        if (jwk != null && jwk.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidDidDocumentException("verification method " + id + " publicKeyJwk is not an object");
        }
        if (json.containsKey("publicKeyMultibase") && Json.string(json, "publicKeyMultibase").isEmpty()) {
            throw new InvalidDidDocumentException("verification method " + id + " publicKeyMultibase is not a string");
        }
        return new VerificationMethod(json, id, type, controller);
    }

    /** A Multikey verification method object for {@code key}. */
    static JsonObject multikeyJson(String id, String controller, String publicKeyMultibase) {
        return Json.object().add("id", id).add("type", MULTIKEY).add("controller", controller)
                .add("publicKeyMultibase", publicKeyMultibase).build();
    }

    /** {@return the absolute id (a DID URL, usually with a fragment)} */
    public String id() { return id; }

    /** {@return the type, e.g. {@code Multikey}} */
    public String type() { return type; }

    /** {@return the controller DID} */
    public String controller() { return controller; }

    /** {@return the {@code publicKeyMultibase} value, if present} */
    public Optional<String> publicKeyMultibase() { return Json.string(json, "publicKeyMultibase"); }

    /** {@return the {@code publicKeyJwk} object, if present} */
    public Optional<JsonObject> publicKeyJwk() {
        JsonValue v = json.get("publicKeyJwk");
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT ? Optional.of(v.asJsonObject()) : Optional.empty();
    }

    /** {@return the method's JSON object as it appears in the document (its id may be relative)} */
    public JsonObject toJson() { return json; }

    /**
     * {@return the public signature key of this method, decoded and validated once}
     *
     * @throws DecodingException INVALID_KEY_TYPE for an unsupported method type or key type (including
     *     X25519 key-agreement keys), INVALID_KEY_LENGTH, INVALID_KEY (malformed JWK, private JWK, point
     *     not on the curve, key material missing), INVALID_ENCODING
     */
    public PublicKeyValue publicKey() throws DecodingException {
        Object k = key;
        if (k == null) {
            try {
                k = decodeKey();
            } catch (DecodingException e) {
                k = e;
            }
            key = k;
        }
        if (k instanceof DecodingException e) throw new DecodingException(e.code(), e.getMessage());
        return (PublicKeyValue) k;
    }

    private PublicKeyValue decodeKey() throws DecodingException {
        switch (type) {
            case MULTIKEY:
                return PublicKeyValue.fromMultikey(requireMultibase());
            case ED25519_VERIFICATION_KEY_2020: {
                PublicKeyValue k = PublicKeyValue.fromMultikey(requireMultibase());
                if (k.type() != KeyType.ED25519) {
                    throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE, "verification method " + id + " of type "
                            + type + " holds a " + k.type().curve() + " key");
                }
                return k;
            }
            case JSON_WEB_KEY:
            case JSON_WEB_KEY_2020:
                return fromJwk();
            case ED25519_VERIFICATION_KEY_2018:
                return PublicKeyValue.of(KeyType.ED25519, base58("publicKeyBase58"));
            case ECDSA_SECP256K1_VERIFICATION_KEY_2019:
                return json.containsKey("publicKeyJwk") ? requireType(fromJwk(), KeyType.SECP256K1)
                        : PublicKeyValue.of(KeyType.SECP256K1, base58("publicKeyBase58"));
            default:
                throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE,
                        "verification method " + id + " has type '" + type + "', which holds no supported signature key");
        }
    }

    private PublicKeyValue requireType(PublicKeyValue k, KeyType expected) throws DecodingException {
        if (k.type() != expected) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY_TYPE, "verification method " + id + " of type " + type
                    + " holds a " + k.type().curve() + " key");
        }
        return k;
    }

    private String requireMultibase() throws DecodingException {
        return publicKeyMultibase().orElseThrow(() -> new DecodingException(DecodingException.Code.INVALID_KEY,
                "verification method " + id + " of type " + type + " has no publicKeyMultibase"));
    }

    private byte[] base58(String member) throws DecodingException {
        String v = Json.string(json, member).orElseThrow(() -> new DecodingException(DecodingException.Code.INVALID_KEY,
                "verification method " + id + " of type " + type + " has no " + member));
        return Multibase.decodeBase58Btc(v, 256);
    }

    private PublicKeyValue fromJwk() throws DecodingException {
        JsonObject jwkJson = publicKeyJwk().orElseThrow(() -> new DecodingException(DecodingException.Code.INVALID_KEY,
                "verification method " + id + " of type " + type + " has no publicKeyJwk"));
        if (jwkJson.containsKey("d")) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY,
                    "verification method " + id + " publicKeyJwk contains private key material ('d')");
        }
        JWK jwk;
        try {
            jwk = JWK.parse(jwkJson.toString());
        } catch (ParseException e) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY, "verification method " + id + " publicKeyJwk is not a valid JWK: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new DecodingException(DecodingException.Code.INVALID_KEY, "verification method " + id + " publicKeyJwk is not a valid JWK");
        }
        return PublicKeyValue.fromJwk(jwk);
    }

    @Override public boolean equals(Object o) {
        return o instanceof VerificationMethod m && m.id.equals(id) && m.json.equals(json);
    }

    @Override public int hashCode() { return id.hashCode(); }

    @Override public String toString() { return "VerificationMethod[" + id + ", " + type + "]"; }
}
