package dev.mandate.vc.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.verify.ErrorType;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JwsAdaptersTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    /** RFC 8037 appendix A.4: Ed25519 signatures are deterministic, so the JWS must match byte for byte. */
    @Test
    void ed25519SignerReproducesRfc8037A4() throws Exception {
        KeyMaterial key = KeyMaterial.fromPrivateKey(KeyType.ED25519,
                new Base64URL("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A").decode());
        assertEquals("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
                Base64URL.encode(key.publicKey().bytes()).toString());
        JWSObject jws = new JWSObject(new JWSHeader(JWSAlgorithm.EdDSA), new Payload("Example of Ed25519 signing"));
        jws.sign(new JwsSignerAdapter(key.signer()));
        assertEquals("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
                + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg", jws.serialize());
        assertTrue(JWSObject.parse(jws.serialize()).verify(new JwsVerifierAdapter(key.publicKey().verifier())));
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"P256", "P384", "SECP256K1"})
    void ecdsaInteroperatesWithNimbusOwnCrypto(KeyType type) throws Exception {
        KeyMaterial key = KeyMaterial.generate(type);
        ECKey jwk = (ECKey) key.toJwk(true);
        JWSAlgorithm alg = JoseAlgorithms.forKeyType(type);

        JWSObject ours = new JWSObject(new JWSHeader(alg), new Payload("{\"a\":1}"));
        ours.sign(new JwsSignerAdapter(key.signer()));
        ECDSAVerifier nimbusVerifier = new ECDSAVerifier(jwk.toPublicJWK());
        nimbusVerifier.getJCAContext().setProvider(BC);
        assertTrue(JWSObject.parse(ours.serialize()).verify(nimbusVerifier), "Nimbus verifies our " + alg);

        JWSObject theirs = new JWSObject(new JWSHeader(alg), new Payload("{\"b\":2}"));
        ECDSASigner nimbusSigner = new ECDSASigner(jwk);
        nimbusSigner.getJCAContext().setProvider(BC);
        theirs.sign(nimbusSigner);
        CompactJws parsed = CompactJws.parse(theirs.serialize());
        assertTrue(parsed.verifySignature(key.publicKey().verifier()), "we verify Nimbus's " + alg);
        assertEquals(Optional.empty(), parsed.typ());
    }

    @Test
    void signerRefusesAnotherAlgorithm() {
        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        JwsSignerAdapter signer = new JwsSignerAdapter(ed.signer());
        assertEquals(Set.of(JWSAlgorithm.EdDSA), signer.supportedJWSAlgorithms());
        assertThrows(JOSEException.class, () -> signer.sign(new JWSHeader(JWSAlgorithm.ES256), new byte[] {1}));
        JoseException e = assertThrows(JoseException.class,
                () -> CompactJws.sign(new JWSHeader(JWSAlgorithm.ES256), new byte[] {1}, ed.signer()));
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, e.type());
    }

    /** Through Nimbus's own parser (which accepts any spelling) the adapter refuses a re-spelled signature. */
    @Test
    void verifierRefusesANonCanonicalSignatureFromNimbus() throws Exception {
        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        String jws = CompactJws.sign(new JWSHeader(JWSAlgorithm.EdDSA), "{}".getBytes(StandardCharsets.UTF_8), ed.signer());
        JwsVerifierAdapter v = new JwsVerifierAdapter(ed.publicKey().verifier());
        assertTrue(JWSObject.parse(jws).verify(v));
        String sig = Spellings.parts(jws)[2];
        assertFalse(JWSObject.parse(Spellings.withPart(jws, 2, Spellings.respell(sig))).verify(v));
        assertFalse(JWSObject.parse(Spellings.withPart(jws, 2, Spellings.padded(sig))).verify(v));
    }

    @Test
    void verifierRefusesWrongAlgorithmCritAndTampering() throws Exception {
        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        String jws = CompactJws.sign(new JWSHeader(JWSAlgorithm.EdDSA), "{}".getBytes(StandardCharsets.UTF_8), ed.signer());
        JwsVerifierAdapter v = new JwsVerifierAdapter(ed.publicKey().verifier());
        CompactJws parsed = CompactJws.parse(jws);
        assertTrue(v.verify(parsed.header(), parsed.signingInput(), Base64URL.encode(parsed.signature())));
        assertFalse(v.verify(new JWSHeader(JWSAlgorithm.ES256), parsed.signingInput(), Base64URL.encode(parsed.signature())));
        JWSHeader crit = new JWSHeader.Builder(JWSAlgorithm.EdDSA).criticalParams(Set.of("exp")).build();
        assertFalse(v.verify(crit, parsed.signingInput(), Base64URL.encode(parsed.signature())));
        byte[] input = parsed.signingInput();
        input[input.length - 1] ^= 1;
        assertFalse(v.verify(parsed.header(), input, Base64URL.encode(parsed.signature())));
        assertFalse(v.verifyRaw(parsed.signingInput(), new byte[10]));
        // a valid signature by another key is refused
        KeyMaterial other = KeyMaterial.generate(KeyType.ED25519);
        assertFalse(CompactJws.parse(jws).verifySignature(other.publicKey().verifier()));
    }
}
