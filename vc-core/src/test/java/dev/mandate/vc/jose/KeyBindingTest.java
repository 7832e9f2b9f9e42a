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
