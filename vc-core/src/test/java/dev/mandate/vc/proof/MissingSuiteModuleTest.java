package dev.mandate.vc.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** vc-core's tests run without vc-jsonld, as a JWT/JCS-only user does: the RDFC suites are absent here. */
class MissingSuiteModuleTest {
    private static final KeyMaterial KEY = KeyMaterial.generate(KeyType.ED25519);
    private static final JsonObject DOC = Jsonp.PROVIDER.createObjectBuilder()
            .add("@context", Jsonp.PROVIDER.createArrayBuilder().add("https://www.w3.org/ns/credentials/v2"))
            .add("type", Jsonp.PROVIDER.createArrayBuilder().add("VerifiableCredential"))
            .add("issuer", "did:example:issuer").build();

    @Test
    void signingWithAnRdfcSuiteNamesTheModuleToAdd() {
        assertTrue(Cryptosuites.byName("eddsa-rdfc-2022").isEmpty(), "precondition: vc-jsonld is not on this class path");
        ProofException e = assertThrows(ProofException.class, () -> DataIntegrity.sign(DOC,
                ProofOptions.builder("eddsa-rdfc-2022", "did:example:issuer#k").created(Instant.EPOCH).build(), KEY.signer()));
        assertTrue(e.getMessage().contains("dev.mandate:mandate-vc-jsonld"), e.getMessage());
        assertTrue(e.getMessage().contains("eddsa-jcs-2022"), "says what is available now: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void verifyingAnRdfcProofNamesTheModuleToAdd() {
        JsonObject proof = Jsonp.PROVIDER.createObjectBuilder().add("type", "DataIntegrityProof").add("cryptosuite", "ecdsa-rdfc-2019")
                .add("verificationMethod", "did:example:issuer#k").add("proofPurpose", "assertionMethod").add("proofValue", "z5").build();
        List<Problem> problems = DataIntegrity.checkShape(proof, "/proof");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("dev.mandate:mandate-vc-jsonld"), problems.toString());
        assertEquals("/proof/cryptosuite", problems.get(0).path());
    }

    @Test
    void aMadeUpSuiteIsStillJustUnknown() {
        ProofException e = assertThrows(ProofException.class, () -> DataIntegrity.sign(DOC,
                ProofOptions.builder("eddsa-2099", "did:example:issuer#k").created(Instant.EPOCH).build(), KEY.signer()));
        assertTrue(e.getMessage().startsWith("unknown cryptosuite 'eddsa-2099'"), e.getMessage());
        assertFalse(e.getMessage().contains("mandate-vc-jsonld"));
    }
}
