package dev.mandate.examples;

import dev.mandate.MandateException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;

import java.time.Duration;

/** Issue a credential and verify it (docs/credentials.md, "From code"). */
public final class IssueAndVerify {
    private IssueAndVerify() {
    }

    /**
     * Signs {@code unsigned} with a fresh did:key and verifies the result.
     *
     * @param unsigned a VC Data Model 2.0 credential without issuer or proof
     * @return the verification result
     * @throws MandateException if signing fails
     */
    public static VerificationResult issueAndVerify(JsonObject unsigned) throws MandateException {
        // tag::verify[]
        KeyMaterial org = KeyMaterial.generate(KeyType.ED25519);
        JsonObject vc = new Issuer().issue(unsigned, IssuerKey.didKey(org, "eddsa-rdfc-2022"), Duration.ofMinutes(5));

        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.standard())).build();
        VerificationResult r = verifier.verify(vc, VerifyOptions.none());
        if (!r.verified()) System.out.println(r.toJson());
        // end::verify[]
        return r;
    }
}
