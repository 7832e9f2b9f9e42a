package dev.mandate.examples;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.issuer.jose.PresentationOptions;
import dev.mandate.MandateException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.SdJwtHolder;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.MethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verifier.status.StatusChecker;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;

/** vc+jwt, SD-JWT and vp+jwt: issue, present, verify (docs/jose.md). */
public final class JoseExamples {
    private JoseExamples() {
    }

    /** What {@link #issuePresentVerify} made and what the verifier said. */
    public record Outcome(String jws, SdJwtHolder.Decoded decoded, String presented, String vp, List<VerificationResult> results) {
    }

    /**
     * Issues {@code credential} as a vc+jwt and as an SD-JWT bound to {@code holderKey}, presents one capability of
     * the SD-JWT and both credentials in a vp+jwt, and verifies the three.
     *
     * @param credential a VC Data Model 2.0 credential with a subject {@code name} and two capabilities
     * @param key the issuer's key (its did:key signs)
     * @param holderKey the holder's key (its did:key presents)
     * @param challenge the verifier's challenge (nonce)
     * @param domain the verifier's domain (audience)
     * @return what was made and verified
     * @throws MandateException if signing fails
     */
    public static Outcome issuePresentVerify(JsonObject credential, KeyMaterial key, KeyMaterial holderKey, String challenge, String domain)
            throws MandateException {
        String issuerDid = "did:key:" + key.publicKey().toMultikey();
        String kid = issuerDid + "#" + key.publicKey().toMultikey();
        String holderDid = "did:key:" + holderKey.publicKey().toMultikey();
        String holderKid = holderDid + "#" + holderKey.publicKey().toMultikey();
        MethodResolver methodResolver = new DidMethodResolver(DidResolvers.offline());
        String nonce = challenge;
        String audience = domain;

        // tag::vc-jwt[]
        JoseIssuer issuer = new JoseIssuer();                       // or new JoseIssuer(clock)
        String jws = issuer.issueJwt(credential, IssuerKey.jose(issuerDid, kid, key.signer()), Duration.ofDays(30));
        // end::vc-jwt[]
        // tag::verify[]
        Verifier verifier = Verifier.builder(methodResolver).clockSkew(Duration.ofSeconds(60))
                .statusChecker(StatusChecker.builder().build())   // or .ignoreCredentialStatus() where status is checked elsewhere
                .build();
        VerificationResult r = verifier.verify(jws, VerifyOptions.none());
        // end::verify[]
        // tag::sd-jwt[]
        List<String> disclosable = List.of("/credentialSubject/name", "/credentialSubject/capability/0", "/credentialSubject/capability/1");
        SdJwtOptions options = SdJwtOptions.disclosing(disclosable)
                .withValidFor(Duration.ofDays(30))
                .withHolderKey(holderKey.publicKey());         // becomes cnf.jwk: presentations need key binding
        String sdJwt = issuer.withDecoyDigests(2).issueSdJwt(credential, IssuerKey.jose(issuerDid, kid, key.signer()), options);
        // end::sd-jwt[]
        // tag::present[]
        SdJwtHolder.Decoded d = SdJwtHolder.decode(sdJwt);   // full claims + map pointer -> disclosable value
        String presented = new SdJwtHolder().present(sdJwt, List.of("/credentialSubject/capability/1"),
                nonce, audience, holderKey.signer());
        // end::present[]
        String vcJwt = jws;
        // tag::vp-jwt[]
        String vp = issuer.presentJwt(List.of(vcJwt, sdJwt), IssuerKey.jose(holderDid, holderKid, holderKey.signer()),
                PresentationOptions.of(challenge, domain));   // or PresentationOptions.none().withNonce(challenge)
        // end::vp-jwt[]
        VerifyOptions expected = VerifyOptions.none().withChallenge(challenge).withDomain(domain);
        return new Outcome(jws, d, presented, vp, List.of(r, verifier.verify(presented, expected), verifier.verify(vp, expected)));
    }
}
