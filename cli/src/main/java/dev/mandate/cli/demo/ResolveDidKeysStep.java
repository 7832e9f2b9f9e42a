package dev.mandate.cli.demo;

import dev.mandate.cli.JsonOutput;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DereferenceResult;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.resolve.ResolutionResult;

/** Resolves both did:keys offline and dereferences the agent's verification method. */
final class ResolveDidKeysStep implements DemoStep {
    @Override
    public String title() {
        return "Resolve the did:keys offline and dereference the agent's verification method";
    }

    @Override
    public void run(DemoContext ctx) {
        DidResolver resolver = DidResolvers.offline();
        ResolutionResult org = resolver.resolve(ctx.get(DemoValues.ORG_DID_KEY));
        if (!org.isSuccess()) {
            throw new IllegalStateException("did:key resolution failed: " + org.errorMessage().orElse(""));
        }
        ctx.say("org did:key document (Ed25519 also gets a derived X25519 keyAgreement key):");
        ctx.show(JsonOutput.toString(org.didDocument().orElseThrow().toJson(), true));

        KeyMaterial agentKey = ctx.get(DemoValues.AGENT_KEY);
        String methodId = DidKey.verificationMethodId(agentKey.publicKey());
        DereferenceResult vm = resolver.dereference(methodId);
        String pk = vm.verificationMethod().flatMap(m -> m.publicKeyMultibase()).orElseThrow(
                () -> new IllegalStateException("dereferencing " + methodId + " failed: " + vm.errorMessage().orElse("")));
        if (!pk.equals(agentKey.publicKey().toMultikey())) {
            throw new IllegalStateException("the agent's verification method does not hold the agent's key");
        }
        ctx.say("agent verification method %s", methodId);
        ctx.say("  -> type %s, publicKeyMultibase matches the agent's key", vm.verificationMethod().orElseThrow().type());
    }
}
