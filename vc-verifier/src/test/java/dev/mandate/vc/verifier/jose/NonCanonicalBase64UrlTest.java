package dev.mandate.vc.verifier.jose;

import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end through the {@link Verifier} pipeline: a credential or presentation re-spelled in the spare bits of
 * one base64url part (so it decodes to the same bytes, and a signature still verifies) is refused with
 * PARSING_ERROR, whichever part it is: the issuer-signed JWT, a Disclosure or the KB-JWT. Without the
 * check the re-spelled vc+jwt and SD-JWT+KB verified, so one credential had several texts.
 */
class NonCanonicalBase64UrlTest {
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    final KeyMaterial issuerKey = KeyMaterial.generate(KeyType.ED25519);
    final KeyMaterial holderKey = KeyMaterial.generate(KeyType.P256);
    final String issuer = DidKey.didFor(issuerKey.publicKey());
    final String issuerKid = DidKey.verificationMethodId(issuerKey.publicKey());
    final JoseIssuer jose = new JoseIssuer(CLOCK);
    final Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).clock(CLOCK).clockSkew(Duration.ofSeconds(60)).ignoreCredentialStatus().build();

    JsonObject credential() throws Exception {
        return BoundedJson.parseObject(("{'@context':['https://www.w3.org/ns/credentials/v2'],'id':'urn:uuid:1c1e3b6a-0000-4000-8000-000000000002',"
                + "'type':['VerifiableCredential'],'credentialSubject':{'id':'" + DidKey.didFor(holderKey.publicKey()) + "',"
                + "'name':'invoice-agent','role':'payer','team':'billing','region':'eu-west'}}").replace('\'', '"'));
    }

    /** The other spelling with the same bytes: lowest spare bit of the last character set (length 2 or 3 mod 4). */
    static String respell(String s) {
        assertTrue(s.length() % 4 >= 2, "no spare bits in " + s.length() + " characters");
        String other = s.substring(0, s.length() - 1) + ALPHABET.charAt(ALPHABET.indexOf(s.charAt(s.length() - 1)) | 1);
        assertArrayEquals(Base64.getUrlDecoder().decode(s), Base64.getUrlDecoder().decode(other));
        return other;
    }

    static String respellSignature(String jws) {
        int dot = jws.lastIndexOf('.');
        return jws.substring(0, dot + 1) + respell(jws.substring(dot + 1));
    }

    static void refusedAsNotCanonical(VerificationResult r, String message) {
        assertFalse(r.verified(), r.toJson().toString());
        assertTrue(r.problems().stream().anyMatch(p -> p.type() == ErrorType.PARSING_ERROR && p.message().contains(message)),
                "expected PARSING_ERROR '" + message + "' in " + r.toJson());
    }

    @Test
    void vcJwtWithARespelledSignatureIsRefused() throws Exception {
        String jwt = jose.issueJwt(credential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()), Duration.ofDays(1));
        assertTrue(verifier.verify(jwt, VerifyOptions.none()).verified());
        refusedAsNotCanonical(verifier.verify(respellSignature(jwt), VerifyOptions.none()),
                "JWS signature is not canonical base64url (non-zero trailing bits); re-encode it");
        refusedAsNotCanonical(verifier.verify(jwt + "==", VerifyOptions.none()), "JWS signature is not canonical base64url (padding '='");
    }

    @Test
    void sdJwtWithARespelledIssuerJwtDisclosureOrKeyBindingJwtIsRefused() throws Exception {
        String issued = jose.issueSdJwt(credential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()),
                SdJwtOptions.disclosing(List.of("/credentialSubject/name", "/credentialSubject/role", "/credentialSubject/team",
                        "/credentialSubject/region")).withValidFor(Duration.ofDays(1)).withHolderKey(holderKey.publicKey()));
        SdJwt sd = SdJwt.parse(issued);
        VerifyOptions opts = VerifyOptions.none().withChallenge("n1").withDomain("aud1");
        assertTrue(verifier.verify(bound(sd.issuerSignedJwt(), sd.disclosures()), opts).verified());

        // issuer-signed JWT re-spelled, KB-JWT re-made by the holder over the new text
        refusedAsNotCanonical(verifier.verify(bound(respellSignature(sd.issuerSignedJwt()), sd.disclosures()), opts),
                "JWS signature is not canonical base64url (non-zero trailing bits); re-encode it");

        // one Disclosure re-spelled (four claims give Disclosures of different lengths; one has spare bits)
        List<String> ds = new ArrayList<>(sd.disclosures());
        int i = 0;
        while (ds.get(i).length() % 4 < 2) i++;
        ds.set(i, respell(ds.get(i)));
        refusedAsNotCanonical(verifier.verify(bound(sd.issuerSignedJwt(), ds), opts),
                "disclosure " + (i + 1) + ": disclosure is not canonical base64url (non-zero trailing bits); re-encode it");

        // KB-JWT signature re-spelled (ES256: 86 characters, 4 spare bits)
        String presented = bound(sd.issuerSignedJwt(), sd.disclosures());
        SdJwt p = SdJwt.parse(presented);
        String kb = p.keyBindingJwt().orElseThrow();
        refusedAsNotCanonical(verifier.verify(p.withKeyBinding(respellSignature(kb)).serialize(), opts),
                "key binding JWT: JWS signature is not canonical base64url (non-zero trailing bits); re-encode it");
        refusedAsNotCanonical(verifier.verify(p.withKeyBinding(kb + "==").serialize(), opts),
                "key binding JWT: JWS signature is not canonical base64url (padding '='");
        assertTrue(verifier.verify(presented, opts).verified(), "the canonical presentation still verifies");
    }

    /** The SD-JWT with these parts and a KB-JWT by the holder over them (nonce n1, audience aud1). */
    String bound(String issuerJwt, List<String> disclosures) throws Exception {
        SdJwt sd = SdJwt.of(issuerJwt, disclosures);
        return sd.withKeyBinding(KeyBinding.sign(sd, "n1", "aud1", T0, holderKey.signer())).serialize();
    }
}
