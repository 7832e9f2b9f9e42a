package dev.mandate.vc.jose;

import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.verify.ErrorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompactJwsTest {
    private static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static ErrorType failure(String compact) {
        return assertThrows(JoseException.class, () -> CompactJws.parse(compact)).type();
    }

    @Test
    void algNoneIsRefusedAsASecurityError() {
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, failure(b64("{\"alg\":\"none\"}") + "." + b64("{}") + "."));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "a.b", "a.b.c.d.e", ".e30.", "e30.e30.a+b", "e30.e30.a b"})
    void malformedStructureIsAParsingError(String s) {
        assertEquals(ErrorType.PARSING_ERROR, failure(s));
    }

    @Test
    void headerMustBeJsonAndAJwsHeader() {
        assertEquals(ErrorType.PARSING_ERROR, failure(b64("not json") + "." + b64("{}") + ".AA"));
        assertEquals(ErrorType.PARSING_ERROR, failure(b64("{\"typ\":\"JWT\"}") + "." + b64("{}") + ".AA"));
        assertEquals(ErrorType.PARSING_ERROR, failure(b64("{\"alg\":\"RSA-OAEP\",\"enc\":\"A256GCM\"}") + "." + b64("{}") + ".AA"));
        assertEquals(ErrorType.PARSING_ERROR, failure(b64("{\"alg\":\"EdDSA\",\"alg\":\"ES256\"}") + "." + b64("{}") + ".AA"));
    }

    @Test
    void sizeIsBoundedBeforeDecoding() {
        String big = "e".repeat(100) + ".e30.AA";
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, assertThrows(JoseException.class, () -> CompactJws.parse(big, 50)).type());
    }

    @Test
    void exposesHeaderMembersAndPayload() throws Exception {
        String compact = b64("{\"alg\":\"ES256\",\"typ\":\"vc+jwt\",\"cty\":\"vc\",\"kid\":\"did:key:z#z\"}") + "." + b64("{\"x\":1}") + ".AAAA";
        CompactJws jws = CompactJws.parse(compact);
        assertEquals("ES256", jws.alg());
        assertEquals(Optional.of("vc+jwt"), jws.typ());
        assertEquals(Optional.of("vc"), jws.cty());
        assertEquals(Optional.of("did:key:z#z"), jws.kid());
        assertEquals(1, jws.payloadObject(dev.mandate.vc.json.BoundedJson.Limits.DEFAULT).getInt("x"));
        assertEquals(compact, jws.serialize());
        assertTrue(jws.crit().isEmpty());
    }

    @Test
    void algorithmAllowList() throws Exception {
        for (String alg : new String[] {"none", "HS256", "HS512", "RS256", "PS256", "ES512", "Ed448", ""}) {
            assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR,
                    assertThrows(JoseException.class, () -> JoseAlgorithms.require(alg, Optional.empty())).type(), alg);
        }
        assertEquals(KeyType.P256, JoseAlgorithms.require("ES256", Optional.of(KeyType.P256)));
        JoseException confusion = assertThrows(JoseException.class, () -> JoseAlgorithms.require("ES256", Optional.of(KeyType.ED25519)));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, confusion.type());
        for (KeyType t : KeyType.values()) {
            assertEquals(t, JoseAlgorithms.require(JoseAlgorithms.forKeyType(t).getName(), Optional.of(t)));
        }
    }
}
