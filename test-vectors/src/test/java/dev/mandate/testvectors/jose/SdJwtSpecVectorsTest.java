package dev.mandate.testvectors.jose;

import com.nimbusds.jose.jwk.JWK;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.Disclosure;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.jose.SelectiveDisclosure;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fixed values from the SD-JWT specification text (RFC 9901 and its draft-13 main example). */
class SdJwtSpecVectorsTest {

    @Test
    void disclosureDigestsAndContentsMatchTheSpecification() throws Exception {
        List<JsonValue> vectors = Resources.json("sd-jwt/disclosures.json").getJsonArray("disclosures");
        assertEquals(9, vectors.size());
        Set<String> variantDigests = new java.util.HashSet<>();
        for (JsonValue v : vectors) {
            JsonObject vec = v.asJsonObject();
            String section = vec.getString("section");
            Disclosure d = Disclosure.parse(vec.getString("disclosure"));
            assertEquals(vec.getString("salt"), d.salt(), section);
            assertEquals(vec.containsKey("name") ? vec.getString("name") : null, d.claimName().orElse(null), section);
            assertEquals(!vec.containsKey("name"), d.isArrayElement(), section);
            assertEquals(vec.get("value"), d.value(), section);
            if (vec.containsKey("digest")) {
                assertEquals(vec.getString("digest"), d.digest(), section);
                assertEquals(vec.getString("digest"), Disclosure.digest(vec.getString("disclosure")), section);
            }
            if (d.claimName().orElse("").equals("family_name") && d.value().equals(Json.createValue("Möbius"))) {
                variantDigests.add(d.digest());
            }
        }
        // the same claim in four encodings: the digest covers the encoding, so all four differ
        assertEquals(4, variantDigests.size());
    }

    @Test
    void rfcEmbeddingExamples() throws Exception {
        // RFC 9901 4.2.4.1: {"given_name":"Alice","_sd":[digest of family_name]} reveals family_name
        Disclosure family = Disclosure.parse("WyJfMjZiYzRMVC1hYzZxMktJNmNCVzVlcyIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0");
        JsonObject payload = BoundedJson.parseObject("{\"given_name\":\"Alice\",\"_sd\":[\"X9yH0Ajrdm1Oij4tWso9UzzKJvPoDxwmuEcO3XAdRC0\"]}");
        assertEquals(BoundedJson.parseObject("{\"given_name\":\"Alice\",\"family_name\":\"Möbius\"}"),
                SelectiveDisclosure.reveal(payload, List.of(family)).claims());
        // RFC 9901 4.2.4.2: ["DE", {"...": digest of FR}, "US"] gives ["DE","FR","US"] with the Disclosure, ["DE","US"] without
        Disclosure fr = Disclosure.parse("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0");
        JsonObject nat = BoundedJson.parseObject("{\"nationalities\":[\"DE\",{\"...\":\"w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs\"},\"US\"]}");
        assertEquals(BoundedJson.parseObject("{\"nationalities\":[\"DE\",\"FR\",\"US\"]}"), SelectiveDisclosure.reveal(nat, List.of(fr)).claims());
        assertEquals(BoundedJson.parseObject("{\"nationalities\":[\"DE\",\"US\"]}"), SelectiveDisclosure.reveal(nat, List.of()).claims());
    }

    @Test
    void draft13MainExamplePresentationVerifies() throws Exception {
        JsonObject keys = Resources.json("sd-jwt/draft-13-example-keys.json");
        KeyMaterial issuerKey = KeyMaterial.fromJwk(JWK.parse(keys.getJsonObject("issuer").toString()));
        KeyMaterial holderKey = KeyMaterial.fromJwk(JWK.parse(keys.getJsonObject("holder").toString()));
        SdJwt sd = SdJwt.parse(Resources.text("sd-jwt/draft-13-example-presentation.txt").strip());
        assertEquals(4, sd.disclosures().size());

        CompactJws jwt = CompactJws.parse(sd.issuerSignedJwt());
        assertEquals("ES256", jwt.alg());
        assertEquals("example+sd-jwt", jwt.typ().orElseThrow());
        assertTrue(jwt.verifySignature(issuerKey.publicKey().verifier()), "issuer signature verifies with the spec's issuer key");
        assertFalse(jwt.verifySignature(holderKey.publicKey().verifier()));

        JsonObject payload = jwt.payloadObject(BoundedJson.Limits.DEFAULT);
        List<Disclosure> disclosures = new ArrayList<>();
        for (String d : sd.disclosures()) disclosures.add(Disclosure.parse(d));
        JsonObject claims = SelectiveDisclosure.reveal(payload, disclosures).claims();
        assertEquals("John", claims.getString("given_name"));
        assertEquals("Doe", claims.getString("family_name"));
        assertEquals("Anytown", claims.getJsonObject("address").getString("locality"));
        assertEquals(List.of("US"), claims.getJsonArray("nationalities").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals("user_42", claims.getString("sub"));
        for (String hidden : List.of("email", "phone_number", "phone_number_verified", "birthdate", "updated_at", "_sd", "_sd_alg")) {
            assertFalse(claims.containsKey(hidden), hidden);
        }

        PublicKeyValue cnf = KeyBinding.holderKey(payload);
        assertEquals(holderKey.publicKey(), cnf, "cnf.jwk is the spec's holder key");
        assertEquals(keys.getString("sdHash"), sd.sdHash());
        KeyBinding.Claims kb = KeyBinding.verify(sd.keyBindingJwt().orElseThrow(), sd, cnf);
        assertEquals(keys.getString("keyBindingNonce"), kb.nonce());
        assertEquals(keys.getString("verifier"), kb.audience());
        assertEquals(Instant.ofEpochSecond(keys.getJsonNumber("keyBindingIat").longValue()), kb.issuedAt());

        // dropping one Disclosure breaks sd_hash; swapping the KB key breaks the signature
        SdJwt fewer = SdJwt.of(sd.issuerSignedJwt(), sd.disclosures().subList(0, 3));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, assertThrows(JoseException.class,
                () -> KeyBinding.verify(sd.keyBindingJwt().orElseThrow(), fewer, cnf)).type());
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, assertThrows(JoseException.class,
                () -> KeyBinding.verify(sd.keyBindingJwt().orElseThrow(), sd, issuerKey.publicKey())).type());
    }
}
