package dev.mandate.a2a;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an Agent Card's {@code signatures} (A2A v1.0 {@code AgentCardSignature}): a JWS in the
 * JSON form of RFC 7515 without its payload, since the payload is the card itself (see {@link AgentCards}).
 *
 * @param protectedHeader the {@code protected} member: base64url (unpadded) of the JWS Protected Header JSON
 * @param signature       the {@code signature} member: base64url (unpadded) of the signature bytes
 * @param header          the optional {@code header} member: the JWS Unprotected Header; Mandate never reads its
 *                        values (they are not signed) and writes none
 */
public record AgentCardSignature(String protectedHeader, String signature, Optional<JsonObject> header) {
    /**
     * Null-checks the members.
     *
     * @param protectedHeader the {@code protected} member
     * @param signature       the {@code signature} member
     * @param header          the {@code header} member, or empty
     * @throws NullPointerException if an argument is null
     */
    public AgentCardSignature {
        Objects.requireNonNull(protectedHeader, "protectedHeader");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(header, "header");
    }

    /** {@return the JSON form: {@code {"protected": ..., "signature": ...}}, and {@code header} when present} */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder().add("protected", protectedHeader).add("signature", signature);
        header.ifPresent(h -> b.add("header", h));
        return b.build();
    }
}
