package dev.mandate.cli.demo;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.SdJwtHolder;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * The same capability credential as a JWT (VC-JOSE-COSE vc+jwt) and as an SD-JWT whose two capabilities
 * are selectively disclosable: the agent shows the partner only the one it needs, bound to the
 * partner's nonce and audience; a presentation replayed to another audience is refused.
 */
final class JoseStep implements DemoStep {
    @Override
    public String title() {
        return "The same credential as a JWT and as an SD-JWT; the agent discloses one capability only";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        KeyMaterial org = ctx.get(DemoValues.ORG_KEY);
        KeyMaterial agent = ctx.get(DemoValues.AGENT_KEY);
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        JsonObject unsigned = Jsonp.PROVIDER.createObjectBuilder(ctx.get(CredentialStep.CREDENTIAL))
                .remove("proof").remove("validFrom").remove("validUntil").remove("issuer").build();
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();
        JoseIssuer jose = new JoseIssuer();

        IssuerKey orgKey = IssuerKey.jose(orgDid, DidKey.verificationMethodId(org.publicKey()), org.signer());
        String jwt = jose.issueJwt(unsigned, orgKey, Duration.ofMinutes(5));
        ctx.say("vc+jwt (%d bytes): %s...", jwt.length(), jwt.substring(0, Math.min(60, jwt.length())));
        VerificationResult r = verifier.verify(jwt, VerifyOptions.none());
        ctx.say("verifier: verified=%s format=%s checks=%s", r.verified(), r.format(), r.checks());
        require(r.verified(), "the vc+jwt", r);

        List<String> disclosable = List.of("/credentialSubject/capability/0", "/credentialSubject/capability/1");
        String sdJwt = jose.issueSdJwt(unsigned, orgKey,
                SdJwtOptions.disclosing(disclosable).withValidFor(Duration.ofMinutes(5)).withHolderKey(agent.publicKey()));
        ctx.say("SD-JWT with %d disclosable capabilities, bound to the agent's key (cnf)", disclosable.size());
        String nonce = "n-" + Long.toHexString(System.nanoTime());
        String audience = "https://api.supplier.example";
        String shown = new SdJwtHolder().present(sdJwt, List.of("/credentialSubject/capability/1"), nonce, audience, agent.signer());
        ctx.say("the agent (%s) discloses only capability 1 (read orders), with a key-binding JWT for %s",
                agentDid.substring(0, 20) + "...", audience);
        VerificationResult ok = verifier.verify(shown, VerifyOptions.none().withChallenge(nonce).withDomain(audience));
        ctx.say("verifier: verified=%s format=%s checks=%s", ok.verified(), ok.format(), ok.checks());
        require(ok.verified(), "the SD-JWT presentation", ok);

        VerificationResult replay = verifier.verify(shown, VerifyOptions.none().withChallenge(nonce).withDomain("https://evil.example"));
        if (replay.verified()) {
            throw new IllegalStateException("an SD-JWT presentation replayed to another audience was accepted");
        }
        ctx.say("replayed to https://evil.example: rejected, %s: %s", replay.problems().get(0).type().name(), replay.problems().get(0).message());
    }

    private static void require(boolean ok, String what, VerificationResult r) {
        if (!ok) {
            throw new IllegalStateException(what + " did not verify: " + r.toJson());
        }
    }
}
