package dev.mandate.cli.demo;

import dev.mandate.did.Did;
import dev.mandate.did.DidSyntaxException;

/** Shows that malformed DIDs are rejected with a typed error, never a stack trace. */
final class RejectMalformedDidStep implements DemoStep {
    static final String[] MALFORMED = {"did:key:z6Mk!notbase58", "did:Example:123", "did:web:", "not-a-did"};

    @Override
    public String title() {
        return "Reject malformed DIDs with a typed error";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        for (String input : MALFORMED) {
            try {
                Did.parse(input);
                throw new IllegalStateException("the malformed DID " + input + " was accepted");
            } catch (DidSyntaxException e) {
                ctx.say("%-24s -> %s: %s", input, e.errorCode(), e.getMessage());
            }
        }
    }
}
