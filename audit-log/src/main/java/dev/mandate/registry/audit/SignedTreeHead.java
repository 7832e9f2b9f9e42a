package dev.mandate.registry.audit;

import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A tree head signed by the organisation's key.
 *
 * <p>Signature format (a deliberate choice over a compact JWS): the signer signs the UTF-8 JCS (RFC 8785)
 * canonical form of {@code {"keyId":..,"keyType":..,"rootHash":"<hex>","timestamp":<ms>,"treeSize":<n>,
 * "type":"mandate-audit-tree-head/v1"}} with the key's native algorithm (Ed25519 per RFC 8032, ECDSA as raw
 * {@code r||s}, see {@link Signer}); the signature is stored base64url without padding. There is no
 * header to parse or trust, the signed bytes are rebuilt from the fields on every platform, and the
 * domain-separating {@code type} member keeps the signature from being reused for anything else.
 *
 * @param treeSize  entries covered
 * @param rootHash  their Merkle root
 * @param timestamp when it was signed (millisecond precision)
 * @param keyId     which key signed (a DID URL or key name)
 * @param keyType   the key's type
 * @param signature the signature over {@link #signingInput()}
 */
public record SignedTreeHead(long treeSize, byte[] rootHash, Instant timestamp, String keyId, KeyType keyType, byte[] signature) {
    /** The domain-separation tag inside the signed object. */
    public static final String TYPE = "mandate-audit-tree-head/v1";

    /**
     * Validates and copies: the arrays are cloned and the timestamp is truncated to milliseconds (what is signed).
     *
     * @param treeSize  entries covered
     * @param rootHash  their Merkle root; not null
     * @param timestamp when it was signed; not null
     * @param keyId     which key signed; not null
     * @param keyType   the key's type; not null
     * @param signature the signature; not null (empty while unsigned)
     * @throws NullPointerException naming the null component
     */
    public SignedTreeHead {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(keyType, "keyType");
        rootHash = rootHash.clone();
        signature = signature.clone();
        timestamp = Instant.ofEpochMilli(timestamp.toEpochMilli());
    }

    /**
     * Signs {@code head} with {@code signer}.
     *
     * @param head   the tree head to sign
     * @param at     the timestamp to sign (truncated to milliseconds)
     * @param signer the log's tree-head key
     * @param keyId  the name or DID URL recorded for the key
     * @return the signed head
     */
    public static SignedTreeHead sign(TreeHead head, Instant at, Signer signer, String keyId) {
        SignedTreeHead unsigned = new SignedTreeHead(head.size(), head.rootHash(), at, keyId, signer.keyType(), new byte[0]);
        return new SignedTreeHead(head.size(), head.rootHash(), at, keyId, signer.keyType(), signer.sign(unsigned.signingInput()));
    }

    /** {@return a copy of the Merkle root} */
    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** {@return a copy of the signature bytes} */
    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** {@return the tree head without the signature} */
    public TreeHead head() {
        return new TreeHead(treeSize, rootHash);
    }

    /**
     * Builds the bytes that are signed: the JCS (RFC 8785) form of the fields and the {@link #TYPE} tag.
     *
     * @return the UTF-8 signing input, rebuilt on each call
     */
    public byte[] signingInput() {
        JsonObject o = Jsonp.PROVIDER.createObjectBuilder()
                .add("keyId", keyId)
                .add("keyType", keyType.curve())
                .add("rootHash", Json.hex(rootHash))
                .add("timestamp", timestamp.toEpochMilli())
                .add("treeSize", treeSize)
                .add("type", TYPE)
                .build();
        try {
            return Jcs.canonicalizeToUtf8(o);
        } catch (JcsException e) {
            throw new IllegalStateException("tree head cannot be canonicalized: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the signature. Never throws.
     *
     * @param key the public key to check with; null gives false
     * @return true only if the signature is valid for {@code key} (and the key type matches)
     */
    public boolean verify(PublicKeyValue key) {
        if (key == null || key.type() != keyType) {
            return false;
        }
        try {
            return key.verifier().verify(signingInput(), signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * {@return the JSON form: treeSize, rootHash (hex), timestamp (ISO-8601), timestampMillis, keyId, keyType,
     * signature (base64url)}
     */
    public JsonObject toJson() {
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("treeSize", treeSize)
                .add("rootHash", Json.hex(rootHash))
                .add("timestamp", timestamp.toString())
                .add("timestampMillis", timestamp.toEpochMilli())
                .add("keyId", keyId)
                .add("keyType", keyType.curve())
                .add("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(signature))
                .build();
    }

    /**
     * Reads the JSON form (untrusted).
     *
     * @param o the JSON object
     * @return the head (signature not yet checked: call {@link #verify})
     * @throws AuditFormatException naming the bad member
     */
    public static SignedTreeHead fromJson(JsonObject o) throws AuditFormatException {
        long size = Json.nonNegativeLong(o, "treeSize");
        byte[] root = Json.hash(o, "rootHash");
        long millis = Json.nonNegativeLong(o, "timestampMillis");
        String keyId = Json.string(o, "keyId");
        KeyType type = keyType(Json.string(o, "keyType"));
        String sig = Json.string(o, "signature");
        if (sig.length() > 512) {
            throw new AuditFormatException("member 'signature' is too long");
        }
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(sig);
        } catch (IllegalArgumentException e) {
            throw new AuditFormatException("member 'signature' is not base64url");
        }
        return new SignedTreeHead(size, root, Instant.ofEpochMilli(millis), keyId, type, signature);
    }

    static KeyType keyType(String curve) throws AuditFormatException {
        for (KeyType t : KeyType.values()) {
            if (t.curve().equals(curve)) {
                return t;
            }
        }
        throw new AuditFormatException("unknown key type '" + curve + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTreeHead s && s.treeSize == treeSize && java.util.Arrays.equals(s.rootHash, rootHash)
                && s.timestamp.equals(timestamp) && s.keyId.equals(keyId) && s.keyType == keyType
                && java.util.Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(treeSize, timestamp, keyId, keyType) * 31 + java.util.Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return "SignedTreeHead[" + treeSize + ", " + Json.hex(rootHash) + ", " + timestamp + ", " + keyId + "]";
    }
}
