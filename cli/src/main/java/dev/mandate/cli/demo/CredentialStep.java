package dev.mandate.cli.demo;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import dev.mandate.cli.bench.BenchCommand;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.cli.vc.Signing;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * The organisation issues its agent a capability credential (eddsa-rdfc-2022); the agent presents it
 * for a partner verifier's fresh challenge; the verifier accepts it, then rejects a tampered copy and
 * a replay with the wrong challenge, saying why.
 */
final class CredentialStep implements DemoStep {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    /** The signed credential, for later steps. */
    static final DemoKey<JsonObject> CREDENTIAL = DemoKey.of("credential.signed", JsonObject.class);

    @Override
    public String title() {
        return "Issue the agent a capability credential; the agent presents it; a partner verifies it (Data Integrity)";
    }

    @Override
    public void run(DemoContext ctx) throws Exception {
        KeyMaterial org = ctx.get(DemoValues.ORG_KEY);
        KeyMaterial agent = ctx.get(DemoValues.AGENT_KEY);
        String orgSuite = Signing.defaultSuite(org.keyType());
        String agentSuite = Signing.defaultSuite(agent.keyType());
        String orgDid = DidKey.didFor(org.publicKey());
        String agentDid = DidKey.didFor(agent.publicKey());
        ctx.say("organisation: %s", orgDid);
        ctx.say("agent:        %s", agentDid);

        JsonObject template = BenchCommand.builtIn();
        JsonObject subject = JSON.createObjectBuilder(template.getJsonObject("credentialSubject")).add("id", agentDid).build();
        JsonObject unsigned = JSON.createObjectBuilder(template).add("credentialSubject", subject).build();
        Issuer issuer = new Issuer();
        JsonObject vc = issuer.issue(unsigned, new IssuerKey(orgDid, DidKey.verificationMethodId(org.publicKey()), orgSuite, org.signer()), Duration.ofMinutes(5));
        ctx.put(CREDENTIAL, vc);
        ctx.say("the organisation signs (%s) a credential valid for 5 minutes: pay up to 500 EUR, read orders", orgSuite);
        ctx.show(vc.getJsonObject("proof").toString());

        String challenge = HexFormat.of().formatHex(randomBytes(12));
        ctx.say("the partner's verifier hands out challenge %s for domain api.supplier.example;", challenge);
        ctx.say("the agent wraps the credential in a presentation and signs it (%s)", agentSuite);
        JsonObject vp = issuer.present(List.of(vc), new IssuerKey(agentDid, DidKey.verificationMethodId(agent.publicKey()), agentSuite, agent.signer()), challenge, "api.supplier.example");

        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();
        VerifyOptions expect = VerifyOptions.none().withChallenge(challenge).withDomain("api.supplier.example");
        VerificationResult ok = verifier.verify(vp, expect);
        ctx.say("verifier: verified=%s checks=%s, credential checks=%s", ok.verified(), ok.checks(),
                ok.credentialResults().isEmpty() ? "[]" : ok.credentialResults().get(0).checks());
        if (!ok.verified()) {
            throw new IllegalStateException("the agent's presentation did not verify: " + ok.toJson());
        }

        JsonObject forgedVc = JSON.createObjectBuilder(vc).add("description", "Lets the agent pay any amount.").build();
        JsonObject forged = issuer.present(List.of(forgedVc), new IssuerKey(agentDid, DidKey.verificationMethodId(agent.publicKey()), agentSuite, agent.signer()), challenge, "api.supplier.example");
        reportRejection(ctx, "a copy whose credential was edited", verifier.verify(forged, expect));
        reportRejection(ctx, "the same presentation replayed for another challenge",
                verifier.verify(vp, VerifyOptions.none().withChallenge("a-different-challenge").withDomain("api.supplier.example")));
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static void reportRejection(DemoContext ctx, String what, VerificationResult r) {
        if (r.verified()) {
            throw new IllegalStateException(what + " was accepted");
        }
        Problem p = r.problems().get(0);
        ctx.say("rejected %s: %s at %s: %s", what, p.type().name(), p.path(), p.message());
    }
}
