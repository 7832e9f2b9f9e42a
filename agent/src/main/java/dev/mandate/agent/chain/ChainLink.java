package dev.mandate.agent.chain;

import dev.mandate.agent.CapabilityCredential;
import dev.mandate.agent.CapabilityJson;
import dev.mandate.vc.json.Jsonp;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A human- and machine-readable summary of one chain link.
 *
 * @param index      0 for the root
 * @param credential the parsed credential
 */
public record ChainLink(int index, CapabilityCredential credential) {
    /**
     * {@return the link as JSON: {@code index}, {@code id}, {@code type}, {@code issuer}, {@code subject},
     * {@code delegationDepth}, {@code validUntil} when the credential has one, and {@code capability}}
     */
    public JsonObject toJson() {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder()
                .add("index", index)
                .add("id", credential.id())
                .add("type", credential.isDelegation() ? CapabilityCredential.DELEGATION_TYPE : CapabilityCredential.CAPABILITY_TYPE)
                .add("issuer", credential.issuer())
                .add("subject", credential.subject())
                .add("delegationDepth", credential.delegationDepth());
        credential.validUntil().ifPresent(t -> b.add("validUntil", t.toString()));
        b.add("capability", CapabilityJson.toJson(credential.capabilities()));
        return b.build();
    }
}
