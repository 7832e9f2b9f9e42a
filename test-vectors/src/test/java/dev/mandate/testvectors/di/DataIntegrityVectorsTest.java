package dev.mandate.testvectors.di;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.proof.Cryptosuite;
import dev.mandate.vc.proof.Cryptosuites;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.proof.ProofOptions;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The W3C vc-di-eddsa and vc-di-ecdsa test vectors: canonical document, canonical proof
 * configuration, both hashes and the combined hash byte for byte; eddsa proofValues equal the
 * vector (Ed25519 is deterministic); every signed vector verifies, and fails once tampered.
 */
class DataIntegrityVectorsTest {

    /** One vector folder: suite, key pair file, file-name suffix, whether the signature is deterministic. */
    record Vector(String dir, String suite, String keyPair, String suffix, String hash, boolean deterministic) {
        @Override
        public String toString() {
            return dir;
        }
    }

    static Stream<Vector> vectors() {
        return Stream.of(
                new Vector("vc-di-eddsa/eddsa-rdfc-2022", "eddsa-rdfc-2022", "vc-di-eddsa/keyPair.json", "DataInt", "SHA-256", true),
                new Vector("vc-di-eddsa/eddsa-jcs-2022", "eddsa-jcs-2022", "vc-di-eddsa/keyPair.json", "JCS", "SHA-256", true),
                new Vector("vc-di-eddsa/Ed25519Signature2020", "Ed25519Signature2020", "vc-di-eddsa/keyPair.json", "EdSig", "SHA-256", true),
                new Vector("vc-di-ecdsa/ecdsa-rdfc-2019-p256", "ecdsa-rdfc-2019", "vc-di-ecdsa/p256KeyPair.json", "ECDSAP256", "SHA-256", false),
                new Vector("vc-di-ecdsa/ecdsa-rdfc-2019-p384", "ecdsa-rdfc-2019", "vc-di-ecdsa/p384KeyPair.json", "ECDSAP384", "SHA-384", false),
                new Vector("vc-di-ecdsa/ecdsa-jcs-2019-p256", "ecdsa-jcs-2019", "vc-di-ecdsa/p256KeyPair.json", "JCSECDSAP256", "SHA-256", false),
                new Vector("vc-di-ecdsa/ecdsa-jcs-2019-p384", "ecdsa-jcs-2019", "vc-di-ecdsa/p384KeyPair.json", "JCSECDSAP384", "SHA-384", false));
    }

    static String text(String path) {
        try (InputStream in = DataIntegrityVectorsTest.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(String path) {
        return Json.createReader(new StringReader(text(path))).readObject();
    }

    static String unsignedFor(Vector v) {
        return v.dir().substring(0, v.dir().indexOf('/')) + "/unsigned.json";
    }

    static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void canonicalFormsAndHashesMatchByteForByte(Vector v) throws Exception {
        Cryptosuite suite = Cryptosuites.byName(v.suite()).orElseThrow();
        JsonObject unsigned = json(unsignedFor(v));
        JsonObject proofConfig = json(v.dir() + "/proofConfig" + v.suffix() + ".json");
        if (v.suite().equals("Ed25519Signature2020")) {
            // the legacy suite's vector hashes the document with the suite context appended
            unsigned = Json.createObjectBuilder(unsigned).add("@context", proofConfig.get("@context")).build();
        }
        byte[] canonDoc = suite.transformation().canonicalize(unsigned);
        byte[] canonProof = suite.transformation().canonicalize(proofConfig);
        assertEquals(text(v.dir() + "/canonDoc" + v.suffix() + ".txt"), new String(canonDoc, StandardCharsets.UTF_8), "canonical document");
        assertEquals(text(v.dir() + "/proofCanon" + v.suffix() + ".txt"), new String(canonProof, StandardCharsets.UTF_8), "canonical proof config");
        String docHash = hex(v.hash(), canonDoc);
        String proofHash = hex(v.hash(), canonProof);
        assertEquals(text(v.dir() + "/docHash" + v.suffix() + ".txt").trim(), docHash, "document hash");
        assertEquals(text(v.dir() + "/proofHash" + v.suffix() + ".txt").trim(), proofHash, "proof hash");
        assertEquals(text(v.dir() + "/combinedHash" + v.suffix() + ".txt").trim(), proofHash + docHash, "combined hash");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signingWithTheVectorKeyReproducesOrVerifies(Vector v) throws Exception {
        JsonObject keyPair = json(v.keyPair());
        String secret = keyPair.containsKey("secretKeyMultibase") ? keyPair.getString("secretKeyMultibase") : keyPair.getString("privateKeyMultibase");
        KeyMaterial key = KeyMaterial.fromSecretKeyMultikey(secret);
        assertEquals(keyPair.getString("publicKeyMultibase"), key.publicKey().toMultikey());
        JsonObject signed = json(v.dir() + "/signed" + v.suffix() + ".json");
        JsonObject proof = signed.getJsonObject("proof");
        JsonObject unsigned = Json.createObjectBuilder(signed).remove("proof").build();
        if (v.suite().equals("Ed25519Signature2020")) {
            return; // verification-only suite: covered by signedVectorsVerify
        }
        ProofOptions options = ProofOptions.builder(v.suite(), proof.getString("verificationMethod"))
                .created(Instant.parse(proof.getString("created"))).build();
        JsonObject ours = DataIntegrity.sign(unsigned, options, key.signer());
        String proofValue = ours.getJsonObject("proof").getString("proofValue");
        if (v.deterministic()) {
            assertEquals(text(v.dir() + "/sigBTC58" + v.suffix() + ".txt").trim(), proofValue, "proofValue");
            assertEquals(proof.getString("proofValue"), proofValue);
        }
        assertEquals(List.of(), DataIntegrity.verifyProof(ours, ours.getJsonObject("proof"), "/proof", key.publicKey().verifier()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void signedVectorsVerifyAndTamperingIsDetected(Vector v) throws Exception {
        JsonObject signed = json(v.dir() + "/signed" + v.suffix() + ".json");
        JsonObject proof = signed.getJsonObject("proof");
        PublicKeyValue key = PublicKeyValue.fromMultikey(json(v.keyPair()).getString("publicKeyMultibase"));
        assertEquals(List.of(), DataIntegrity.verifyProof(signed, proof, "/proof", key.verifier()));

        // the whole pipeline: did:key resolution, purpose, relationship, data model (the vectors' issuer is an https URL)
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).issuerMustControlProofKey(false).build();
        VerificationResult r = verifier.verify(signed, VerifyOptions.none().at(Instant.parse("2024-01-01T00:00:00Z")));
        assertTrue(r.verified(), () -> r.toJson().toString());

        JsonObject tampered = Json.createObjectBuilder(signed).add("name", "Forged Credential").build();
        List<Problem> problems = DataIntegrity.verifyProof(tampered, proof, "/proof", key.verifier());
        assertFalse(problems.isEmpty());
        assertEquals("/proof/proofValue", problems.get(0).path());
    }

    static Stream<String> proofSetsAndChains() {
        return Stream.of("signedProofSet1.json", "signedProofSet2.json", "signedProofChain1.json", "signedProofChain2.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("proofSetsAndChains")
    void proofSetsAndChainsVerify(String file) {
        JsonObject signed = json("vc-di-eddsa/proof-set-chain/" + file);
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).issuerMustControlProofKey(false).build();
        VerificationResult r = verifier.verify(signed, VerifyOptions.none().at(Instant.parse("2024-01-01T00:00:00Z")));
        assertTrue(r.verified(), () -> r.toJson().toString());
        assertTrue(r.checks().contains("proof"));
    }

    @Test
    void aChainWhoseEarlierProofWasRemovedFails() {
        JsonObject signed = json("vc-di-eddsa/proof-set-chain/signedProofChain2.json");
        var proofs = signed.getJsonArray("proof");
        var kept = Json.createArrayBuilder();
        for (int i = 0; i < proofs.size(); i++) {
            JsonObject p = proofs.getJsonObject(i);
            if (!(p.get("id") instanceof JsonString s && s.getString().equals("urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23"))) {
                kept.add(p);
            }
        }
        JsonObject broken = Json.createObjectBuilder(signed).add("proof", kept).build();
        Verifier verifier = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).issuerMustControlProofKey(false).build();
        VerificationResult r = verifier.verify(broken, VerifyOptions.none().at(Instant.parse("2024-01-01T00:00:00Z")));
        assertFalse(r.verified());
        assertTrue(r.problems().stream().anyMatch(p -> p.path().endsWith("/previousProof")), r.toJson()::toString);
    }
}
