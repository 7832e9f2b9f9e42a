package dev.mandate.cli.demo;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.resolve.DidResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.resolve.ResolutionResult;
import dev.mandate.did.web.DidWebOptions;
import java.time.Duration;
import java.util.List;

/**
 * Resolves both did:web DIDs over HTTPS from the local server, trusting exactly its certificate, and shows
 * that a resolver with the safe defaults refuses to contact a loopback host at all (SSRF protection).
 */
final class ResolveDidWebStep implements DemoStep {
    @Override
    public String title() {
        return "Resolve the did:web DIDs over HTTPS, as a relying party would";
    }

    @Override
    public void run(DemoContext ctx) {
        LocalHttpsServer server = ctx.get(DemoValues.SERVER);
        DidResolver resolver = DidResolvers.standard(DidWebOptions.builder()
                .allowLoopback(true)
                .trustedCertificates(List.of(server.certificate()))
                .callTimeout(Duration.ofSeconds(10))
                .build());
        check(ctx, resolver, ctx.get(DemoValues.ORG_DID_WEB), ctx.get(DemoValues.ORG_KEY));
        check(ctx, resolver, ctx.get(DemoValues.AGENT_DID_WEB), ctx.get(DemoValues.AGENT_KEY));

        ResolutionResult refused = DidResolvers.standard().resolve(ctx.get(DemoValues.ORG_DID_WEB));
        if (refused.isSuccess()) {
            throw new IllegalStateException("a default resolver contacted a loopback host");
        }
        ctx.say("with the safe defaults the same DID is refused: %s", refused.error().orElseThrow().code());
        ctx.say("  (%s)", refused.errorMessage().orElse(""));
    }

    private static void check(DemoContext ctx, DidResolver resolver, String did, KeyMaterial key) {
        ResolutionResult r = resolver.resolve(did);
        if (!r.isSuccess()) {
            throw new IllegalStateException("resolving " + did + " failed: " + r.error().map(e -> e.code()).orElse("")
                    + " " + r.errorMessage().orElse(""));
        }
        boolean holdsKey = r.didDocument().orElseThrow().verificationMethods().stream()
                .anyMatch(m -> m.publicKeyMultibase().map(key.publicKey().toMultikey()::equals).orElse(false));
        if (!holdsKey) {
            throw new IllegalStateException("the document of " + did + " does not hold the expected key");
        }
        ctx.say("resolved %s: id matches, key %s", did, key.publicKey().toMultikey());
    }
}
