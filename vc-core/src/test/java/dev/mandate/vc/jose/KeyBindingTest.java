package dev.mandate.vc.jose;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyBindingTest {
    private final KeyMaterial holder = KeyMaterial.generate(KeyType.P256);
    private final SdJwt sdJwt = SdJwt.of("eyJhbGciOiJFUzI1NiJ9.e30.AAAA", List.of("WyJzIiwibiIsMV0"));

    @Test
    void signAndVerify() throws Exception {
        Instant iat = Instant.ofEpochSecond(1_700_000_000L);
        String kb = KeyBinding.sign(sdJwt, "n-1", "https://verifier.example", iat, holder.signer());
        KeyBinding.Claims claims = KeyBinding.verify(kb, sdJwt, holder.publicKey());
        assertEquals(new KeyBinding.Claims("n-1", "https://verifier.example", iat), claims);
        assertEquals("kb+jwt", CompactJws.parse(kb).typ().orElseThrow());
    }

    @Test
    void otherDisclosuresOtherKeyOrWrongTypAreRejected() throws Exception {
        String kb = KeyBinding.sign(sdJwt, "n", "aud", Instant.now(), holder.signer());
        SdJwt fewer = SdJwt.of(sdJwt.issuerSignedJwt(), List.of());
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                assertThrows(JoseException.class, () -> KeyBinding.verify(kb, fewer, holder.publicKey())).type());
        KeyMaterial other = KeyMaterial.generate(KeyType.P256);
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                assertThrows(JoseException.class, () -> KeyBinding.verify(kb, sdJwt, other.publicKey())).type());
        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                assertThrows(JoseException.class, () -> KeyBinding.verify(kb, sdJwt, ed.publicKey())).type());
        String asJwt = CompactJws.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
                ("{\"iat\":1,\"aud\":\"a\",\"nonce\":\"n\",\"sd_hash\":\"" + sdJwt.sdHash() + "\"}").getBytes(StandardCharsets.UTF_8),
                holder.signer());
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                assertThrows(JoseException.class, () -> KeyBinding.verify(asJwt, sdJwt, holder.publicKey())).type());
    }

    /**
     * A KB-JWT re-spelled in any part (its ES256 signature is 86 characters, 4 spare bits) or padded is
     * refused; the signature re-spelling decodes to bytes that verify, so before the check it was accepted.
     */
    @Test
    void keyBindingJwtWithNonCanonicalBase64UrlIsRefused() throws Exception {
        String kb = KeyBinding.sign(sdJwt, "n", "aud", Instant.now(), holder.signer());
        KeyBinding.verify(kb, sdJwt, holder.publicKey());
        String[] parts = Spellings.parts(kb);
        assertTrue(Spellings.hasSpareBits(parts[2]));
        String respelledSig = Spellings.respell(parts[2]);
        assertTrue(new JwsVerifierAdapter(holder.publicKey().verifier()).verifyRaw(CompactJws.parse(kb).signingInput(),
                java.util.Base64.getUrlDecoder().decode(respelledSig)));
        for (int i = 0; i < 3; i++) {
            if (Spellings.hasSpareBits(parts[i])) {
                String bad = Spellings.withPart(kb, i, Spellings.respell(parts[i]));
                JoseException e = assertThrows(JoseException.class, () -> KeyBinding.verify(bad, sdJwt, holder.publicKey()));
                assertEquals(ErrorType.PARSING_ERROR, e.type());
                assertEquals("key binding JWT: " + Spellings.notCanonical(i), e.getMessage());
            }
            if (parts[i].length() % 4 != 0) {
                String padded = Spellings.withPart(kb, i, Spellings.padded(parts[i]));
                JoseException e = assertThrows(JoseException.class, () -> KeyBinding.verify(padded, sdJwt, holder.publicKey()));
                assertEquals(ErrorType.PARSING_ERROR, e.type());
                assertTrue(e.getMessage().startsWith("key binding JWT: JWS " + Spellings.PART_NAMES[i]
                        + " is not canonical base64url (padding '='"), e.getMessage());
            }
        }
    }

    /** The holder key in cnf.jwk must be canonical too, or one holder key would have several cnf spellings. */
    @Test
    void holderKeyWithNonZeroPadBitsIsRefused() throws Exception {
        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        JsonObject jwk = KeyBinding.confirmation(ed.publicKey()).getJsonObject("jwk");
        String x = jwk.getString("x"); // 43 characters: 2 spare bits
        JsonObject respelled = Disclosure.JSON.createObjectBuilder().add("cnf", Disclosure.JSON.createObjectBuilder()
                .add("jwk", Disclosure.JSON.createObjectBuilder(jwk).add("x", Spellings.respell(x)))).build();
        JoseException e = assertThrows(JoseException.class, () -> KeyBinding.holderKey(respelled));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type());
        assertEquals("cnf.jwk is not a usable public key: JWK member 'x' is not canonical base64url (non-zero trailing bits); re-encode it",
                e.getMessage());
    }

    @Test
    void holderKeyFromCnf() throws Exception {
        JsonObject payload = Disclosure.JSON.createObjectBuilder().add("cnf", KeyBinding.confirmation(holder.publicKey())).build();
        assertEquals(holder.publicKey(), KeyBinding.holderKey(payload));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR,
                assertThrows(JoseException.class, () -> KeyBinding.holderKey(Disclosure.JSON.createObjectBuilder().build())).type());
    }

    @Test
    void sdJwtSplitting() throws Exception {
        SdJwt p = SdJwt.parse("a.b.c~d1~d2~x.y.z");
        assertEquals("a.b.c", p.issuerSignedJwt());
        assertEquals(List.of("d1", "d2"), p.disclosures());
        assertEquals("x.y.z", p.keyBindingJwt().orElseThrow());
        assertEquals("a.b.c~d1~d2~", p.withoutKeyBinding());
        assertEquals("a.b.c~d1~d2~x.y.z", p.serialize());
        assertEquals("a.b.c~", SdJwt.parse("a.b.c~").serialize());
        for (String bad : List.of("a.b.c", "a.b~", "a.b.c~~", "a.b.c~d~x.y")) {
            assertEquals(ErrorType.PARSING_ERROR, assertThrows(JoseException.class, () -> SdJwt.parse(bad), bad).type());
        }
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, assertThrows(JoseException.class, () -> SdJwt.parse("a.b.c~1~2~3~", 2)).type());
    }
}
