package dev.mandate.a2a;

import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link AgentCardVerifier#verify} returns.
 *
 * @param result  the serializable result ({@link VerificationResult#toJson()}): kind {@code agent-card}, format
 *                {@code a2a-jws}, one {@code proofs} entry per signature, problems saying why not verified
 * @param signers the DIDs whose keys signed the card, in signature order without repeats; empty unless verified
 * @param card    the card that verified (as given, signatures included); empty unless verified
 */
public record AgentCardVerification(VerificationResult result, List<String> signers, Optional<JsonObject> card) {
    /**
     * Null-checks and copies.
     *
     * @param result  the result
     * @param signers the signer DIDs; copied
     * @param card    the verified card, or empty
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if an unverified result comes with signers or a card
     */
    public AgentCardVerification {
        Objects.requireNonNull(result, "result");
        signers = List.copyOf(signers);
        Objects.requireNonNull(card, "card");
        if (!result.verified() && (!signers.isEmpty() || card.isPresent())) {
            throw new IllegalArgumentException("only a verified card has signers and a card");
        }
    }

    /** {@return true when the card verified (every signature and, if configured, every signer's standing)} */
    public boolean verified() {
        return result.verified();
    }
}
