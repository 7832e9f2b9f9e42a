package dev.mandate.vc.issuer;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deprecated positional signing forms and their {@link IssuerKey} replacements give the same output, so moving a
 * caller to the replacement changes nothing it signs. Ed25519 signatures are deterministic and the clock is fixed,
 * so credentials and JWTs must be byte-identical; presentations differ only in their random {@code id}.
 */
@SuppressWarnings("deprecation") // calling the deprecated forms is the point of this test
class DeprecatedPositionalFormsTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final Issuer issuer = new Issuer(clock);
    final JoseIssuer jose = new JoseIssuer(clock);
    final KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
    final String did = DidKey.didFor(key.publicKey());
    final String vm = DidKey.verificationMethodId(key.publicKey());
    final IssuerKey jcs = new IssuerKey(did, vm, "eddsa-jcs-2022", key.signer());

    static JsonObject credential() throws Exception {
        return BoundedJson.parseObject("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],"
                + "\"credentialSubject\":{\"id\":\"did:example:agent\",\"scope\":[\"a\",\"b\"]}}");
    }

    @Test
    void issueGivesTheSameCredentialWithAndWithoutValidity() throws Exception {
        JsonObject old = issuer.issue(credential(), did, vm, "eddsa-jcs-2022", Optional.of(Duration.ofHours(2)), key.signer());
        JsonObject now = issuer.issue(credential(), jcs, Duration.ofHours(2));
        assertEquals(old, now);
        assertEquals("2026-03-01T10:00:00Z", now.getString("validUntil"));
        assertTrue(DataIntegrity.verifyProof(now, now.getJsonObject("proof"), "/proof", key.publicKey().verifier()).isEmpty());

        JsonObject oldOpen = issuer.issue(credential(), did, vm, "eddsa-jcs-2022", Optional.empty(), key.signer());
        JsonObject nowOpen = issuer.issue(credential(), jcs);
        assertEquals(oldOpen, nowOpen);
        assertTrue(!nowOpen.containsKey("validUntil"), nowOpen::toString);
        // the comparison would notice a difference: another validity period gives another credential and proof
        assertNotEquals(now, issuer.issue(credential(), jcs, Duration.ofHours(3)));
    }

    @Test
    void issueRefusesTheSameWayInBothForms() throws Exception {
        JsonObject claimsOther = Json.createObjectBuilder(credential()).add("issuer", "did:example:other").build();
        ProofException old = assertThrows(ProofException.class,
                () -> issuer.issue(claimsOther, did, vm, "eddsa-jcs-2022", Optional.empty(), key.signer()));
        ProofException now = assertThrows(ProofException.class, () -> issuer.issue(claimsOther, jcs));
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, now.type());
        assertEquals(old.type(), now.type());
        assertEquals(old.getMessage(), now.getMessage());
    }

    @Test
    void presentGivesTheSamePresentationApartFromItsRandomId() throws Exception {
        JsonObject vc = issuer.issue(credential(), jcs);
        JsonObject old = issuer.present(List.of(vc), did, vm, "eddsa-jcs-2022", "c-1", Optional.of("verifier.example"), key.signer());
        JsonObject now = issuer.present(List.of(vc), jcs, "c-1", "verifier.example");
        assertEquals(withoutIdAndSignature(old), withoutIdAndSignature(now));
        assertEquals("verifier.example", now.getJsonObject("proof").getString("domain"));
        assertTrue(DataIntegrity.verifyProof(now, now.getJsonObject("proof"), "/proof", key.publicKey().verifier()).isEmpty());

        JsonObject oldNoDomain = issuer.present(List.of(vc), did, vm, "eddsa-jcs-2022", "c-2", Optional.empty(), key.signer());
        JsonObject nowNoDomain = issuer.present(List.of(vc), jcs, "c-2");
        assertEquals(withoutIdAndSignature(oldNoDomain), withoutIdAndSignature(nowNoDomain));
        assertTrue(!nowNoDomain.getJsonObject("proof").containsKey("domain"), nowNoDomain::toString);
    }

    @Test
    void issueJwtGivesTheSameJwt() throws Exception {
        assertEquals(jose.issueJwt(credential(), did, vm, Optional.of(Duration.ofMinutes(10)), key.signer()),
                jose.issueJwt(credential(), IssuerKey.jose(did, vm, key.signer()), Duration.ofMinutes(10)));
        assertEquals(jose.issueJwt(credential(), did, vm, Optional.empty(), key.signer()),
                jose.issueJwt(credential(), IssuerKey.jose(did, vm, key.signer())));
        // the cryptosuite of the key does not reach a JWT
        assertEquals(jose.issueJwt(credential(), jcs), jose.issueJwt(credential(), IssuerKey.jose(did, vm, key.signer())));
    }

    @Test
    void joseKeysCarryTheJcsSuiteOfTheirKeyType() {
        assertEquals("eddsa-jcs-2022", IssuerKey.jose(did, vm, key.signer()).cryptosuite());
        KeyMaterial p256 = KeyMaterial.generate(KeyType.P256);
        assertEquals("ecdsa-jcs-2019", IssuerKey.jose(DidKey.didFor(p256.publicKey()), DidKey.verificationMethodId(p256.publicKey()),
                p256.signer()).cryptosuite());
        assertThrows(NullPointerException.class, () -> IssuerKey.jose(did, vm, null));
    }

    private static JsonObject withoutIdAndSignature(JsonObject presentation) {
        JsonObject proof = Json.createObjectBuilder(presentation.getJsonObject("proof")).remove("proofValue").build();
        return Json.createObjectBuilder(presentation).remove("id").add("proof", proof).build();
    }
}
