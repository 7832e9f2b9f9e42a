package dev.mandate.vc.issuer.jose;

import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoseIssuerTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final JoseIssuer issuer = new JoseIssuer(clock);
    final KeyMaterial key = KeyMaterial.generate(KeyType.P384);
    final String did = "did:key:" + key.publicKey().toMultikey();
    final String kid = did + "#" + key.publicKey().toMultikey();
    final KeyMaterial holder = KeyMaterial.generate(KeyType.ED25519);

    static JsonObject json(String s) throws Exception {
        return BoundedJson.parseObject(s.replace('\'', '"'));
    }

    JsonObject credential() throws Exception {
        return json("{'@context':['https://www.w3.org/ns/credentials/v2'],'type':['VerifiableCredential'],"
                + "'credentialSubject':{'id':'did:example:agent','scope':['a','b','c'],'owner':{'org':'ACME','mail':'x@acme.example'}}}");
    }

    @Test
    void vcJwtHeaderAndPayload() throws Exception {
        CompactJws jws = CompactJws.parse(issuer.issueJwt(credential(), IssuerKey.jose(did, kid, key.signer()), Duration.ofMinutes(10)));
        assertEquals("ES384", jws.alg());
        assertEquals(Optional.of("vc+jwt"), jws.typ());
        assertEquals(Optional.of("vc"), jws.cty());
        assertEquals(Optional.of(kid), jws.kid());
        assertTrue(jws.verifySignature(key.publicKey().verifier()));
        JsonObject p = jws.payloadObject(BoundedJson.Limits.DEFAULT);
        assertEquals(did, p.getString("issuer"));
        assertEquals(did, p.getString("iss"));
        assertEquals(T0.getEpochSecond(), p.getJsonNumber("iat").longValue());
        assertEquals(T0.plusSeconds(600).getEpochSecond(), p.getJsonNumber("exp").longValue());
        assertEquals("2026-03-01T08:00:00Z", p.getString("validFrom"));
        assertEquals("2026-03-01T08:10:00Z", p.getString("validUntil"));
    }

    @Test
    void refusals() throws Exception {
        JsonObject vc = credential();
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, assertThrows(JoseException.class,
                () -> issuer.issueJwt(vc, IssuerKey.jose(did, "did:key:zOther#zOther", key.signer()))).type());
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, assertThrows(JoseException.class,
                () -> issuer.issueJwt(vc, IssuerKey.jose(did, did + "#", key.signer()))).type());
        JsonObject v1 = json("{'@context':['https://www.w3.org/2018/credentials/v1'],'type':['VerifiableCredential'],'credentialSubject':{}}");
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(JoseException.class,
                () -> issuer.issueJwt(v1, IssuerKey.jose(did, kid, key.signer()))).type());
        JsonObject withProof = json("{'@context':['https://www.w3.org/ns/credentials/v2'],'type':['VerifiableCredential'],'proof':{}}");
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, assertThrows(JoseException.class,
                () -> issuer.issueJwt(withProof, IssuerKey.jose(did, kid, key.signer()))).type());
        assertEquals(ErrorType.PARSING_ERROR, assertThrows(JoseException.class,
                () -> JoseIssuer.envelope("not a jwt")).type());
    }

    @Test
    void envelopes() throws Exception {
        String jwt = issuer.issueJwt(credential(), IssuerKey.jose(did, kid, key.signer()));
        assertEquals("data:application/vc+jwt," + jwt, JoseIssuer.envelope(jwt).getString("id"));
        String sd = issuer.issueSdJwt(credential(), IssuerKey.jose(did, kid, key.signer()), SdJwtOptions.disclosing(List.of("/credentialSubject/scope/0")));
        JsonObject env = JoseIssuer.envelope(sd + "\n");
        assertEquals("data:application/vc+sd-jwt," + sd, env.getString("id"));
        assertEquals("EnvelopedVerifiableCredential", env.getString("type"));
    }

    @Test
    void vcJwt11Claims() throws Exception {
        JsonObject vc = json("{'@context':['https://www.w3.org/2018/credentials/v1'],'id':'urn:uuid:1','type':['VerifiableCredential'],"
                + "'credentialSubject':{'id':'did:example:s','x':1}}");
        CompactJws jws = CompactJws.parse(issuer.issueJwt11(vc, IssuerKey.jose(did, kid, key.signer()), Duration.ofDays(1)));
        assertEquals(Optional.of("JWT"), jws.typ());
        assertEquals(Optional.empty(), jws.cty());
        JsonObject c = jws.payloadObject(BoundedJson.Limits.DEFAULT);
        assertEquals(did, c.getString("iss"));
        assertEquals("did:example:s", c.getString("sub"));
        assertEquals("urn:uuid:1", c.getString("jti"));
        assertEquals(T0.getEpochSecond(), c.getJsonNumber("nbf").longValue());
        assertEquals(T0.plus(Duration.ofDays(1)).getEpochSecond(), c.getJsonNumber("exp").longValue());
        JsonObject inner = c.getJsonObject("vc");
        assertEquals(Set.of("@context", "type", "credentialSubject"), inner.keySet());
        assertEquals(json("{'x':1}"), inner.getJsonObject("credentialSubject"));
        CompactJws vp = CompactJws.parse(issuer.presentJwt11(List.of(jws.serialize()), IssuerKey.jose(did, kid, key.signer()), PresentationOptions.of("n", "aud")));
        JsonObject vpc = vp.payloadObject(BoundedJson.Limits.DEFAULT);
        assertEquals("n", vpc.getString("nonce"));
        assertEquals("aud", vpc.getString("aud"));
        assertEquals(jws.serialize(), vpc.getJsonObject("vp").getJsonArray("verifiableCredential").getString(0));
    }

    @Test
    void sdJwtStructureAndHolderSelection() throws Exception {
        List<String> pointers = List.of("/credentialSubject/scope/0", "/credentialSubject/scope/2", "/credentialSubject/owner",
                "/credentialSubject/owner/mail");
        String sd = issuer.withDecoyDigests(3).issueSdJwt(credential(), IssuerKey.jose(did, kid, key.signer()),
                SdJwtOptions.disclosing(pointers).withHolderKey(holder.publicKey()));
        SdJwt parsed = SdJwt.parse(sd);
        assertEquals(4, parsed.disclosures().size());
        assertFalse(parsed.keyBindingJwt().isPresent());
        CompactJws jwt = CompactJws.parse(parsed.issuerSignedJwt());
        assertEquals(Optional.of("vc+sd-jwt"), jwt.typ());
        assertTrue(jwt.verifySignature(key.publicKey().verifier()));
        JsonObject payload = jwt.payloadObject(BoundedJson.Limits.DEFAULT);
        assertEquals("sha-256", payload.getString("_sd_alg"));
        assertEquals(holder.publicKey(), KeyBinding.holderKey(payload));
        assertEquals(1 + 3, payload.getJsonObject("credentialSubject").getJsonArray("_sd").size(), "owner digest plus three decoys");

        SdJwtHolder.Decoded decoded = SdJwtHolder.decode(sd);
        assertEquals(Set.copyOf(pointers), decoded.disclosable().keySet());
        assertEquals(credential().getJsonObject("credentialSubject"), decoded.claims().getJsonObject("credentialSubject"));

        SdJwtHolder h = new SdJwtHolder(clock);
        // a claim inside a disclosable container brings the container; a container brings the claims inside it
        assertEquals(2, SdJwt.parse(h.presentWithoutKeyBinding(sd, List.of("/credentialSubject/owner/mail"))).disclosures().size());
        assertEquals(2, SdJwt.parse(h.presentWithoutKeyBinding(sd, List.of("/credentialSubject/owner"))).disclosures().size());
        assertEquals(1, SdJwt.parse(h.presentWithoutKeyBinding(sd, List.of("/credentialSubject/scope/2"))).disclosures().size());
        assertEquals(2, SdJwt.parse(h.presentWithoutKeyBinding(sd, List.of("/credentialSubject/scope"))).disclosures().size());
        assertEquals(0, SdJwt.parse(h.presentWithoutKeyBinding(sd, List.of("/credentialSubject/scope/1"))).disclosures().size(),
                "an always-visible claim needs no disclosure");
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(JoseException.class,
                () -> h.presentWithoutKeyBinding(sd, List.of("/credentialSubject/nope"))).type());
        String withKb = h.present(sd, List.of("/credentialSubject/scope/0"), "n", "a", holder.signer());
        assertTrue(SdJwt.parse(withKb).keyBindingJwt().isPresent());
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(JoseException.class,
                () -> h.present(withKb, List.of(), "n", "a", holder.signer())).type(), "an SD-JWT+KB is not presented again");
        String unbound = issuer.issueSdJwt(credential(), IssuerKey.jose(did, kid, key.signer()), SdJwtOptions.disclosing(pointers));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, assertThrows(JoseException.class,
                () -> h.present(unbound, List.of(), "n", "a", holder.signer())).type(), "no cnf, no key binding");
    }
}
