package dev.mandate.vc.jose;

import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.verify.ErrorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
                    assertThrows(JoseException.class, () -> JoseAlgorithms.require(alg)).type(), alg);
        }
        assertEquals(KeyType.P256, JoseAlgorithms.require("ES256", KeyType.P256));
        JoseException confusion = assertThrows(JoseException.class, () -> JoseAlgorithms.require("ES256", KeyType.ED25519));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, confusion.type());
        for (KeyType t : KeyType.values()) {
            assertEquals(t, JoseAlgorithms.require(JoseAlgorithms.forKeyType(t).getName(), t));
        }
    }

    private static final KeyMaterial ED = KeyMaterial.generate(KeyType.ED25519);

    /** A JWS by {@link #ED} whose part {@code part} has an encoded length of {@code mod} mod 4 (kid and payload lengths varied). */
    private static String signed(int part, int mod) throws JoseException {
        for (int n = 0; n < 8; n++) {
            String kid = "did:example:a#" + "k".repeat(part == 0 ? n : 0);
            String payload = "{\"n\":\"" + "x".repeat(part == 1 ? n : 0) + "\"}";
            String jws = CompactJws.sign(CompactJws.headerFor(ED.signer()).keyID(kid).build(),
                    payload.getBytes(StandardCharsets.UTF_8), ED.signer());
            if (Spellings.parts(jws)[part].length() % 4 == mod) return jws;
        }
        throw new AssertionError("no JWS with part " + part + " of length " + mod + " mod 4");
    }

    /**
     * The same JWS with one part re-spelled (a spare bit of its last character set) decodes to the same
     * header, payload and signature bytes, so without the check it parsed and its signature verified:
     * one token, two texts. Part 2 (signature) is 86 characters for Ed25519 (4 spare bits); the header and
     * payload are tried with 4 and with 2 spare bits.
     */
    @ParameterizedTest(name = "part {0}, length {1} mod 4")
    @CsvSource({"0,2", "0,3", "1,2", "1,3", "2,2"})
    void aPartWithNonZeroPadBitsIsRefused(int part, int mod) throws Exception {
        String jws = signed(part, mod);
        CompactJws original = CompactJws.parse(jws);
        assertTrue(original.verifySignature(ED.publicKey().verifier()));

        String respelled = Spellings.withPart(jws, part, Spellings.respell(Spellings.parts(jws)[part]));
        if (part == 2) {
            // what made this a problem: the re-spelled signature decodes to bytes that verify
            byte[] sig = Base64.getUrlDecoder().decode(Spellings.parts(respelled)[2]);
            assertArrayEquals(original.signature(), sig);
            assertTrue(new JwsVerifierAdapter(ED.publicKey().verifier()).verifyRaw(original.signingInput(), sig));
        }
        JoseException e = assertThrows(JoseException.class, () -> CompactJws.parse(respelled));
        assertEquals(ErrorType.PARSING_ERROR, e.type());
        assertEquals(Spellings.notCanonical(part), e.getMessage());
    }

    @ParameterizedTest(name = "part {0}, length {1} mod 4")
    @CsvSource({"0,2", "0,3", "1,2", "1,3", "2,2"})
    void aPaddedPartIsRefused(int part, int mod) throws Exception {
        String jws = signed(part, mod);
        String padded = Spellings.withPart(jws, part, Spellings.padded(Spellings.parts(jws)[part]));
        JoseException e = assertThrows(JoseException.class, () -> CompactJws.parse(padded));
        assertEquals(ErrorType.PARSING_ERROR, e.type());
        assertTrue(e.getMessage().startsWith("JWS " + Spellings.PART_NAMES[part] + " is not canonical base64url (padding '=' at position "),
                e.getMessage());
    }

    @Test
    void everyCanonicalSpellingParses() throws Exception {
        // "AA" (1 byte, 4 spare bits), "AAA" (2 bytes, 2 spare bits), "AAAA": all canonical
        for (String sig : new String[] {"", "AA", "AAA", "AAAA", "AAAAAQ", "AAAAAAE"}) {
            assertEquals(sig, Spellings.parts(CompactJws.parse(b64("{\"alg\":\"EdDSA\"}") + ".e30." + sig).serialize())[2]);
        }
        for (String sig : new String[] {"AB", "AAB", "AAAAAR", "AAAAAAF", "AAAAA"}) {
            assertEquals(ErrorType.PARSING_ERROR, failure(b64("{\"alg\":\"EdDSA\"}") + ".e30." + sig), sig);
        }
    }
}
