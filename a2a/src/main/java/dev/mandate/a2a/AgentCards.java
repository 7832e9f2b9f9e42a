package dev.mandate.a2a;

import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The signing rule of A2A v1.0 section 8.4 as Mandate applies it, shared by {@link AgentCardSigner} and
 * {@link AgentCardVerifier}.
 *
 * <p>The JWS payload of every signature on a card is the RFC 8785 (JCS) form of the card with its
 * {@code signatures} member removed, taken exactly as the card's JSON is written: no member is added,
 * removed or renamed (in particular no default values are removed; publish the card in the shape A2A
 * section 8.4.1 prescribes, with default-valued fields omitted, and sign that). The signature is a
 * detached JWS: the JWS signing input is {@code ASCII(protected || '.' || BASE64URL(payload))}, and the
 * card carries only {@code protected} and {@code signature}.
 */
public final class AgentCards {
    /** The card member holding the signatures (A2A {@code AgentCard.signatures}). */
    public static final String SIGNATURES = "signatures";
    /** The protected header {@code typ} Mandate writes and requires (A2A 8.4.2: "SHOULD be set to "JOSE""). */
    public static final String TYP = "JOSE";

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private AgentCards() {
    }

    /**
     * The JWS payload of a card's signatures: the UTF-8 of the JCS form of {@code card} without {@code signatures}.
     *
     * @param card the Agent Card, with or without {@code signatures}
     * @return the bytes every signature of the card signs
     * @throws AgentCardException MALFORMED_VALUE_ERROR when the card holds a value JCS cannot write (a number
     *     outside the IEEE 754 double range, a lone surrogate in a string)
     */
    public static byte[] payload(JsonObject card) throws AgentCardException {
        Objects.requireNonNull(card, "card");
        JsonObjectBuilder unsigned = Jsonp.PROVIDER.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : card.entrySet()) {
            if (!SIGNATURES.equals(e.getKey())) {
                unsigned.add(e.getKey(), e.getValue());
            }
        }
        try {
            return Jcs.canonicalizeToUtf8(unsigned.build());
        } catch (JcsException e) {
            throw new AgentCardException(ErrorType.MALFORMED_VALUE_ERROR, "the card cannot be canonicalized (RFC 8785): "
                    + e.getMessage(), e.path());
        }
    }

    /** The JWS signing input {@code ASCII(protected || '.' || BASE64URL(payload))}. */
    static byte[] signingInput(String protectedHeader, byte[] payload) {
        String input = protectedHeader + "." + B64URL.encodeToString(payload);
        return input.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Unpadded base64url. */
    static String base64Url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }
}
