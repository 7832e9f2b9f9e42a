package dev.mandate.cli.demo;

import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.resolve.ResolutionResult;

/** Shows that malformed DIDs and keys are rejected with a typed DID Resolution error, never a stack trace. */
final class RejectMalformedDidStep implements DemoStep {
    static final String[] MALFORMED = {
        "did:key:z6Mk!notbase58",
        "did:Example:123",
        "did:web:",
        "not-a-did",
        "did:unknown:123",
        "did:key:z2DQV12UmiXK9LZtC9z92RqnnQwAk9Qm241B9iy55AxtU2K",  // Ed25519 header, 31-byte key
        "did:key:zDnaeQRy3dcKsKa1zmKtVKsTy3m2HYoQnFnfKuxD6HfSTQgYg"}; // P-256 header, x not on the curve

    @Override
    public String title() {
        return "Reject malformed DIDs with a typed error";
    }

    @Override
    public void run(DemoContext ctx) {
        DidResolver resolver = DidResolvers.offline();
        for (String input : MALFORMED) {
            ResolutionResult r = resolver.resolve(input);
            if (r.isSuccess()) {
                throw new IllegalStateException("the malformed DID " + input + " was accepted");
            }
            ctx.say("%s", input);
            ctx.say("  -> %s: %s", r.error().orElseThrow().code(), r.errorMessage().orElse(""));
        }
        ctx.say("(mandate did resolve exits 2 for these, 1 for notFound, 3 when the network fails)");
    }
}
