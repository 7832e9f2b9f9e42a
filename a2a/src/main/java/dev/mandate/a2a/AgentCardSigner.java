package dev.mandate.a2a;

import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.DidUrl;
import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import dev.mandate.vc.jose.JoseAlgorithms;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Signs A2A Agent Cards with an agent's DID key, as A2A v1.0 section 8.4 describes: a detached JWS over the
 * RFC 8785 (JCS) form of the card without its {@code signatures} member (see {@link AgentCards}), with the
 * protected header {@code {"alg": <the key's algorithm>, "kid": <the DID URL of the key>, "typ": "JOSE"}}
 * and no unprotected header.
 *
 * <pre>{@code
 * KeyMaterial key = ...;                                           // or any Signer (KMS, HSM)
 * String kid = "did:key:" + key.publicKey().toMultikey() + "#" + key.publicKey().toMultikey();
 * JsonObject signed = new AgentCardSigner(key.signer(), kid).sign(card);
 * }</pre>
 *
 * <p>The kid must name a verification method of the agent's DID listed under {@code assertionMethod} or
 * {@code authentication}, or verifiers will refuse the signature; the signer does not resolve it (signing
 * works offline). Thread-safe if the {@link Signer} is.
 */
public final class AgentCardSigner {
    private final Signer signer;
    private final String kid;
    private final String protectedHeader;

    /**
     * A signer for {@code kid}.
     *
     * @param signer signs with the agent's key (Ed25519, P-256, P-384 or secp256k1: EdDSA, ES256, ES384, ES256K)
     * @param kid    the absolute DID URL of the key, with a fragment, e.g. {@code did:web:example.com#key-1}
     * @throws IllegalArgumentException if {@code kid} is not an absolute DID URL with a fragment
     */
    public AgentCardSigner(Signer signer, String kid) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.kid = Objects.requireNonNull(kid, "kid");
        try {
            DidUrl url = DidUrl.parse(kid);
            if (url.fragment().isEmpty() || url.fragment().get().isEmpty()) {
                throw new IllegalArgumentException("kid must be a DID URL naming a verification method (with a #fragment): " + kid);
            }
        } catch (DidSyntaxException e) {
            throw new IllegalArgumentException("kid is not a DID URL: " + e.getMessage(), e);
        }
        JsonObject header = Jsonp.PROVIDER.createObjectBuilder()
                .add("alg", JoseAlgorithms.forKeyType(signer.keyType()).getName())
                .add("kid", kid)
                .add("typ", AgentCards.TYP)
                .build();
        try {
            this.protectedHeader = AgentCards.base64Url(Jcs.canonicalize(header).getBytes(StandardCharsets.UTF_8));
        } catch (JcsException e) {
            throw new IllegalArgumentException("kid cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** {@return the {@code kid} this signer writes into each signature's protected header} */
    public String kid() {
        return kid;
    }

    /**
     * The signature of {@code card} alone, without adding it to the card.
     *
     * @param card the Agent Card; its {@code signatures} member, if any, is not signed
     * @return the signature entry, with no unprotected header
     * @throws AgentCardException MALFORMED_VALUE_ERROR when the card cannot be canonicalized,
     *     PROOF_GENERATION_ERROR when the signer returns a signature of the wrong length
     */
    public AgentCardSignature signature(JsonObject card) throws AgentCardException {
        byte[] input = AgentCards.signingInput(protectedHeader, AgentCards.payload(card));
        byte[] sig;
        try {
            sig = signer.sign(input);
        } catch (RuntimeException e) {
            throw new AgentCardException(ErrorType.PROOF_GENERATION_ERROR, "the signer failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), "");
        }
        if (sig == null || sig.length != signer.keyType().signatureLength()) {
            throw new AgentCardException(ErrorType.PROOF_GENERATION_ERROR, "the signer returned " + (sig == null ? 0 : sig.length)
                    + " bytes, expected a " + signer.keyType().signatureLength() + "-byte " + signer.keyType().jwsAlgorithm() + " signature", "");
        }
        return new AgentCardSignature(protectedHeader, AgentCards.base64Url(sig), Optional.empty());
    }

    /**
     * The card with this signer's signature added at the end of {@code signatures} (created if absent). Other
     * signatures are kept (several keys may sign during a key rotation); an earlier signature with this signer's
     * kid is replaced rather than repeated.
     *
     * @throws AgentCardException MALFORMED_VALUE_ERROR when {@code signatures} is not an array, or the card cannot be
     *     canonicalized; PROOF_GENERATION_ERROR when the signer fails
     * @param card the Agent Card
     * @return a new card with the signature added
     */
    public JsonObject sign(JsonObject card) throws AgentCardException {
        Objects.requireNonNull(card, "card");
        JsonArrayBuilder all = Jsonp.PROVIDER.createArrayBuilder();
        JsonValue existing = card.get(AgentCards.SIGNATURES);
        if (existing != null) {
            if (!(existing instanceof JsonArray array)) {
                throw new AgentCardException(ErrorType.MALFORMED_VALUE_ERROR, "the card's signatures member is not an array",
                        "/" + AgentCards.SIGNATURES);
            }
            for (JsonValue v : array) {
                if (!kid.equals(kidOf(v).orElse(null))) {
                    all.add(v);
                }
            }
        }
        all.add(signature(card).toJson());
        return Jsonp.PROVIDER.createObjectBuilder(card).add(AgentCards.SIGNATURES, all).build();
    }

    /**
     * The card with this signer's signature as its only signature: every earlier signature is dropped (after a
     * key rotation, once the old key has left the DID document).
     *
     * @param card the Agent Card
     * @return a new card whose {@code signatures} holds this signature only
     * @throws AgentCardException as {@link #sign}
     */
    public JsonObject signReplacing(JsonObject card) throws AgentCardException {
        Objects.requireNonNull(card, "card");
        JsonArray only = Jsonp.PROVIDER.createArrayBuilder().add(signature(card).toJson()).build();
        return Jsonp.PROVIDER.createObjectBuilder(card).add(AgentCards.SIGNATURES, only).build();
    }

    /** The kid of an existing signature entry, if its protected header can be read. */
    private static Optional<String> kidOf(JsonValue entry) {
        if (!(entry instanceof JsonObject o) || !(o.get("protected") instanceof JsonString p) || p.getString().length() > 8192) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(p.getString());
            JsonObject h = dev.mandate.vc.json.BoundedJson.parseObject(json,
                    dev.mandate.vc.json.BoundedJson.Limits.DEFAULT.withMaxBytes(8192).withMaxDepth(8));
            return h.get("kid") instanceof JsonString k ? Optional.of(k.getString()) : Optional.empty();
        } catch (IllegalArgumentException | dev.mandate.vc.json.JsonInputException e) {
            return Optional.empty();
        }
    }
}
