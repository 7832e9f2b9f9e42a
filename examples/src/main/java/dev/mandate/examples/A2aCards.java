package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.a2a.AgentCardSigner;
import dev.mandate.a2a.AgentCardVerification;
import dev.mandate.a2a.AgentCardVerifier;
import dev.mandate.a2a.AgentStanding;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.verifier.DidMethodResolver;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;

/** Signing and verifying A2A Agent Cards (docs/a2a.md). */
public final class A2aCards {
    private A2aCards() {
    }

    /** The registered agents that are active, standing in for the organisation's registry. */
    static volatile Set<String> activeAgents = Set.of();

    static boolean registryKnowsActive(String did) {
        return activeAgents.contains(did);
    }

    /**
     * Signs {@code card} with a fresh Ed25519 did:key.
     *
     * @param card an Agent Card
     * @return the signed card
     * @throws MandateException if the card cannot be signed
     */
    public static JsonObject sign(JsonObject card) throws MandateException {
        // tag::sign-card[]
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        String mk = key.publicKey().toMultikey();
        AgentCardSigner signer = new AgentCardSigner(key.signer(), "did:key:" + mk + "#" + mk);
        JsonObject signed = signer.sign(card);             // adds to card's signatures; signReplacing(card) drops the others
        // end::sign-card[]
        return signed;
    }

    /**
     * Verifies {@code cardJson}, asking the registry whether each signer is an active agent.
     *
     * @param cardJson a signed Agent Card
     * @param active the DIDs the registry knows as active agents
     * @return the DIDs that signed, empty if the card did not verify
     */
    public static List<String> verify(String cardJson, Set<String> active) {
        activeAgents = Set.copyOf(active);
        // tag::verify-card[]
        AgentCardVerifier verifier = AgentCardVerifier.builder(new DidMethodResolver(DidResolvers.standard()))
                .agentDirectory((did, kid) -> registryKnowsActive(did) ? AgentStanding.active() : AgentStanding.unknown()) // optional
                .build();
        AgentCardVerification v = verifier.verify(cardJson);   // String or JsonObject; never throws for bad input
        if (v.verified()) {
            List<String> signers = v.signers();                 // the DIDs that signed
        }
        System.out.println(v.result().toJson());                // the VerificationResult JSON
        // end::verify-card[]
        return v.verified() ? v.signers() : List.of();
    }
}
