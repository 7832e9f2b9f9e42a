package dev.mandate.cli.demo;

import dev.mandate.did.key.DidKey;

/** Derives the did:key of both keys: the DID is the public key. */
final class DidKeyStep implements DemoStep {
    @Override
    public String title() {
        return "Give both keys a did:key identity (the DID is the public key itself)";
    }

    @Override
    public void run(DemoContext ctx) {
        String org = DidKey.didFor(ctx.get(DemoValues.ORG_KEY).publicKey());
        String agent = DidKey.didFor(ctx.get(DemoValues.AGENT_KEY).publicKey());
        ctx.say("org:   %s", org);
        ctx.say("agent: %s", agent);
        ctx.put(DemoValues.ORG_DID_KEY, org);
        ctx.put(DemoValues.AGENT_DID_KEY, agent);
    }
}
