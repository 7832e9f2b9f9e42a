package dev.mandate.did.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KeysTest {
    // w3c/vc-di-eddsa TestVectors/keyPair.json and eddsa-jcs-2022/{combinedHashJCS,sigHexJCS}.txt
    static final String EDDSA_PUB = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    static final String EDDSA_PRIV = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";
    static final String JCS_COMBINED_HASH = "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
            + "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19";
    static final String JCS_SIG = "407cd12654b33d718ecbb99179a1506daaa849450bf3fc523cce3e1c96f8b80351da3f253d725c6f00b07c9e5448d50b"
            + "3ef78012b9ab54255116d069c6dd2808";
    // w3c/vc-di-ecdsa TestVectors/p256KeyPair.json, p384KeyPair.json
    static final String P256_PUB = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP";
    static final String P256_PRIV = "z42twTcNeSYcnqg1FLuSFs2bsGH3ZqbRHFmvS9XMsYhjxvHN";
    static final String P384_PUB = "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ";
    static final String P384_PRIV = "z2fanyY7zgwNpZGxX5fXXibvScNaUWNprHU9dKx7qpVj7mws9J8LLt4mDB5TyH2GLHWkUc";

    @Test
    void eddsaVectorKeyPairSignsTheSpecSignature() throws Exception {
        KeyMaterial km = KeyMaterial.fromSecretKeyMultikey(EDDSA_PRIV);
        assertEquals(EDDSA_PUB, km.publicKey().toMultikey());
        assertEquals(EDDSA_PRIV, km.secretKeyMultikey());
        byte[] sig = km.signer().sign(Hex.decode(JCS_COMBINED_HASH));
        assertEquals(JCS_SIG, Hex.encode(sig));
        SignatureVerifier v = PublicKeyValue.fromMultikey(EDDSA_PUB).verifier();
        assertTrue(v.verify(Hex.decode(JCS_COMBINED_HASH), sig));
        sig[10] ^= 1;
        assertFalse(v.verify(Hex.decode(JCS_COMBINED_HASH), sig));
    }

    @Test
    void ecdsaVectorKeyPairsDeriveTheirPublicKeys() throws Exception {
        assertEquals(P256_PUB, KeyMaterial.fromSecretKeyMultikey(P256_PRIV).publicKey().toMultikey());
        assertEquals(P384_PUB, KeyMaterial.fromSecretKeyMultikey(P384_PRIV).publicKey().toMultikey());
        assertEquals(KeyType.P256, PublicKeyValue.fromMultikey(P256_PUB).type());
        assertEquals(KeyType.P384, PublicKeyValue.fromMultikey(P384_PUB).type());
    }

    @Test
    void rfc6979P256SampleVector() throws Exception {
        KeyMaterial km = KeyMaterial.fromPrivateKey(KeyType.P256, Hex.decode("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721"));
        ECKey jwk = (ECKey) km.publicKey().toJwk();
        assertEquals(new BigInteger("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6", 16), jwk.getX().decodeToBigInteger());
        assertEquals(new BigInteger("7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299", 16), jwk.getY().decodeToBigInteger());
        byte[] sig = km.signer().sign("sample".getBytes(StandardCharsets.US_ASCII));
        assertEquals(("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
                + "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8").toLowerCase(java.util.Locale.ROOT), Hex.encode(sig));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void generateSignVerifyAndRoundTripEveryEncoding(KeyType type) throws Exception {
        KeyMaterial km = KeyMaterial.generate(type);
        PublicKeyValue pub = km.publicKey();
        assertEquals(type.publicKeyLength(), pub.bytes().length);
        byte[] data = "an agent's request".getBytes(StandardCharsets.UTF_8);
        byte[] sig = km.signer().sign(data);
        assertEquals(type.signatureLength(), sig.length);
        assertArrayEquals(sig, km.signer().sign(data), "signatures are deterministic");
        assertTrue(pub.verifier().verify(data, sig));
        assertFalse(pub.verifier().verify("another request".getBytes(StandardCharsets.UTF_8), sig));
        assertFalse(pub.verifier().verify(data, Arrays.copyOf(sig, sig.length - 1)));
        assertFalse(pub.verifier().verify(data, new byte[sig.length]));
        assertFalse(pub.verifier().verify(null, sig));
        assertFalse(KeyMaterial.generate(type).publicKey().verifier().verify(data, sig));

        // Multikey prefix and round trip
        String mk = pub.toMultikey();
        String expectedPrefix = switch (type) { case ED25519 -> "z6Mk"; case P256 -> "zDna"; case P384 -> "z82L"; case SECP256K1 -> "zQ3s"; };
        assertTrue(mk.startsWith(expectedPrefix), mk);
        assertEquals(pub, PublicKeyValue.fromMultikey(mk));
        // JWK round trips, public and private
        JWK jwk = pub.toJwk();
        assertFalse(jwk.isPrivate());
        assertEquals(type.curve(), jwk.toJSONObject().get("crv"));
        assertEquals(type.jwkKty(), jwk.getKeyType().getValue());
        assertEquals(pub, PublicKeyValue.fromJwk(JWK.parse(jwk.toJSONString())));
        JWK priv = km.toJwk(true);
        assertTrue(priv.isPrivate());
        KeyMaterial back = KeyMaterial.fromJwk(JWK.parse(priv.toJSONString()));
        assertEquals(pub, back.publicKey());
        assertArrayEquals(sig, back.signer().sign(data));
        assertEquals(pub, KeyMaterial.fromSecretKeyMultikey(km.secretKeyMultikey()).publicKey());
        // the private key never shows in toString
        String secretB64 = priv.toJSONObject().get("d").toString();
        assertFalse(km.toString().contains(secretB64));
        assertFalse(km.toString().contains(km.secretKeyMultikey()));
        assertFalse(km.toJwk(false).isPrivate());
        assertThrows(DecodingException.class, () -> KeyMaterial.fromJwk(km.toJwk(false)));
    }

    @Test
    void secp256k1SignaturesAreLowS() throws Exception {
        KeyMaterial km = KeyMaterial.generate(KeyType.SECP256K1);
        BigInteger halfN = KeyCodec.SECP256K1.getN().shiftRight(1);
        for (int i = 0; i < 32; i++) {
            byte[] sig = km.signer().sign(new byte[] {(byte) i});
            assertTrue(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64)).compareTo(halfN) <= 0);
            assertTrue(km.publicKey().verifier().verify(new byte[] {(byte) i}, sig));
        }
    }

    @Test
    void multikeyRefusesWrongHeaderLengthAndCurvePoint() throws Exception {
        byte[] ed = PublicKeyValue.fromMultikey(EDDSA_PUB).bytes();
        // wrong header: unknown code 0x1205 (rsa-pub)
        expect(DecodingException.Code.INVALID_KEY_TYPE, mk(0x1205, ed));
        expect(DecodingException.Code.INVALID_KEY_TYPE, mk(0x1300, ed));          // secret-key header
        expect(DecodingException.Code.INVALID_KEY_TYPE, mk(0xec, ed));            // X25519
        // wrong length
        expect(DecodingException.Code.INVALID_KEY_LENGTH, mk(0xed, Arrays.copyOf(ed, 31)));
        expect(DecodingException.Code.INVALID_KEY_LENGTH, mk(0xed, Arrays.copyOf(ed, 33)));
        byte[] p256 = PublicKeyValue.fromMultikey(P256_PUB).bytes();
        expect(DecodingException.Code.INVALID_KEY_LENGTH, mk(0x1200, Arrays.copyOf(p256, 32)));
        expect(DecodingException.Code.INVALID_KEY_LENGTH, mk(0x1201, p256));       // P-256 bytes under the P-384 header
        // not on the curve: find an x with no square root
        byte[] bad = p256.clone();
        for (int i = 0; i < 256; i++) {
            bad[32] = (byte) i;
            try {
                PublicKeyValue.of(KeyType.P256, bad);
            } catch (DecodingException e) {
                assertEquals(DecodingException.Code.INVALID_KEY, e.code());
                expect(DecodingException.Code.INVALID_KEY, mk(0x1200, bad));
                break;
            }
        }
        byte[] uncompressedPrefix = p256.clone();
        uncompressedPrefix[0] = 0x04;
        expect(DecodingException.Code.INVALID_KEY, mk(0x1200, uncompressedPrefix));
        // x >= p is not a field element
        byte[] big = new byte[33];
        Arrays.fill(big, (byte) 0xff);
        big[0] = 0x02;
        expect(DecodingException.Code.INVALID_KEY, mk(0xe7, big));
        // Ed25519 point of small order (the identity, y = 1) and a non-canonical encoding (y = p)
        byte[] identity = new byte[32];
        identity[0] = 1;
        expect(DecodingException.Code.INVALID_KEY, mk(0xed, identity));
        expect(DecodingException.Code.INVALID_ENCODING, "u" + EDDSA_PUB.substring(1));
        expect(DecodingException.Code.INVALID_ENCODING, "z");
        assertThrows(IllegalArgumentException.class, () -> new PublicKeyValue(KeyType.ED25519, identity));
    }

    @Test
    void jwkImportChecksTypeLengthAndCurve() throws Exception {
        expectJwk(DecodingException.Code.INVALID_KEY_TYPE, "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08\"}");
        expectJwk(DecodingException.Code.INVALID_KEY_LENGTH, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}");
        expectJwk(DecodingException.Code.INVALID_KEY_TYPE, "{\"kty\":\"oct\",\"k\":\"AAAA\"}");
        // a valid P-256 JWK (RFC 7517 A.1) imports
        PublicKeyValue p = PublicKeyValue.fromJwk(JWK.parse("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
                + "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}"));
        assertEquals(KeyType.P256, p.type());
        // RFC 8037 A.2 Ed25519 public key
        PublicKeyValue e = PublicKeyValue.fromJwk(JWK.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}"));
        assertEquals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", Hex.encode(e.bytes()));
    }

    /**
     * Nimbus decodes a JWK member with non-zero pad bits (or padding) to the same bytes, so without the
     * canonical check one key would have several JWK spellings (and several did:jwk DIDs).
     */
    @Test
    void jwkKeyMembersMustBeCanonicalBase64Url() throws Exception {
        String x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"; // RFC 8037 A.2, 43 chars: 2 spare bits
        String respelled = respell(x);
        assertArrayEquals(new com.nimbusds.jose.util.Base64URL(x).decode(), new com.nimbusds.jose.util.Base64URL(respelled).decode());
        assertEquals(KeyType.ED25519, PublicKeyValue.fromJwk(JWK.parse(okp(x))).type());
        DecodingException e = assertThrows(DecodingException.class, () -> PublicKeyValue.fromJwk(JWK.parse(okp(respelled))));
        assertEquals(DecodingException.Code.INVALID_ENCODING, e.code());
        assertEquals("JWK member 'x' is not canonical base64url (non-zero trailing bits); re-encode it", e.getMessage());
        expectJwk(DecodingException.Code.INVALID_ENCODING, okp(x + "="));

        String ecX = "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4"; // RFC 7517 A.1
        String ecY = "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM";
        expectJwk(DecodingException.Code.INVALID_ENCODING, ec(respell(ecX), ecY));
        expectJwk(DecodingException.Code.INVALID_ENCODING, ec(ecX, respell(ecY)));
        assertEquals(KeyType.P256, PublicKeyValue.fromJwk(JWK.parse(ec(ecX, ecY))).type());

        String d = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"; // RFC 8037 A.1
        String priv = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\",\"d\":\"%s\"}";
        assertEquals(KeyType.ED25519, KeyMaterial.fromJwk(JWK.parse(String.format(priv, d))).keyType());
        DecodingException de = assertThrows(DecodingException.class, () -> KeyMaterial.fromJwk(JWK.parse(String.format(priv, respell(d)))));
        assertEquals(DecodingException.Code.INVALID_ENCODING, de.code());
        assertEquals("JWK member 'd' is not canonical base64url (non-zero trailing bits); re-encode it", de.getMessage());
    }

    private static String okp(String x) {
        return "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"" + x + "\"}";
    }

    private static String ec(String x, String y) {
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}";
    }

    /** The other spelling of canonical base64url {@code s} with the same bytes: the lowest spare bit of the last character set. */
    static String respell(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        if (s.length() % 4 < 2) throw new IllegalArgumentException("no spare bits in a base64url text of length " + s.length());
        int v = alphabet.indexOf(s.charAt(s.length() - 1));
        if ((v & 1) != 0) throw new IllegalArgumentException("not canonical: " + s);
        return s.substring(0, s.length() - 1) + alphabet.charAt(v | 1);
    }

    @Test
    void rfc8037Ed25519SignatureVector() throws Exception {
        // RFC 8037 appendix A.1/A.4: private key d, signing input of the JWS
        KeyMaterial km = KeyMaterial.fromJwk(JWK.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
                + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}"));
        byte[] sig = km.signer().sign("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg",
                com.nimbusds.jose.util.Base64URL.encode(sig).toString());
        KeyMaterial wrong = KeyMaterial.generate(KeyType.ED25519);
        String mismatched = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\",\"x\":\""
                + ((OctetKeyPair) wrong.publicKey().toJwk()).getX() + "\"}";
        DecodingException ex = assertThrows(DecodingException.class, () -> KeyMaterial.fromJwk(JWK.parse(mismatched)));
        assertEquals(DecodingException.Code.INVALID_KEY, ex.code());
    }

    @Test
    void privateKeyRangeIsChecked() {
        DecodingException e = assertThrows(DecodingException.class, () -> KeyMaterial.fromPrivateKey(KeyType.P256, new byte[32]));
        assertEquals(DecodingException.Code.INVALID_KEY, e.code());
        byte[] n = KeyCodec.unsigned(KeyCodec.P256.getN(), 32);
        assertEquals(DecodingException.Code.INVALID_KEY, assertThrows(DecodingException.class, () -> KeyMaterial.fromPrivateKey(KeyType.P256, n)).code());
        assertEquals(DecodingException.Code.INVALID_KEY_LENGTH,
                assertThrows(DecodingException.class, () -> KeyMaterial.fromPrivateKey(KeyType.ED25519, new byte[31])).code());
        assertEquals(DecodingException.Code.INVALID_KEY_TYPE,
                assertThrows(DecodingException.class, () -> KeyMaterial.fromSecretKeyMultikey(EDDSA_PUB)).code());
    }

    @Test
    void ed25519ToX25519MatchesDidKeyVector() throws Exception {
        // w3c-ccg/did-key-spec test-vectors/ed25519-x25519.json, seed 00..00
        KeyMaterial km = KeyMaterial.fromPrivateKey(KeyType.ED25519, new byte[32]);
        assertEquals("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", km.publicKey().toMultikey());
        assertEquals("z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW", X25519.toMultikey(X25519.fromEd25519(km.publicKey())));
        assertArrayEquals(X25519.fromEd25519(km.publicKey()), X25519.fromMultikey("z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW"));
        assertEquals(DecodingException.Code.INVALID_KEY_TYPE,
                assertThrows(DecodingException.class, () -> X25519.fromMultikey(EDDSA_PUB)).code());
    }

    @Test
    void valueSemantics() throws Exception {
        PublicKeyValue a = PublicKeyValue.fromMultikey(EDDSA_PUB);
        PublicKeyValue b = PublicKeyValue.fromMultikey(EDDSA_PUB);
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, PublicKeyValue.fromMultikey(P256_PUB));
        byte[] bytes = a.bytes();
        bytes[0] ^= 1;
        assertEquals(EDDSA_PUB, a.toMultikey(), "accessor returns a copy");
        assertTrue(a.toString().contains(EDDSA_PUB));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String mk(int code, byte[] key) {
        return Multibase.encode(Multibase.Base.BASE58BTC, concat(Multicodec.varint(code), key));
    }

    private static void expect(DecodingException.Code code, String multikey) {
        DecodingException e = assertThrows(DecodingException.class, () -> PublicKeyValue.fromMultikey(multikey));
        assertEquals(code, e.code(), e.getMessage());
    }

    private static void expectJwk(DecodingException.Code code, String json) throws Exception {
        JWK jwk = JWK.parse(json);
        DecodingException e = assertThrows(DecodingException.class, () -> PublicKeyValue.fromJwk(jwk));
        assertEquals(code, e.code(), e.getMessage());
    }
}
