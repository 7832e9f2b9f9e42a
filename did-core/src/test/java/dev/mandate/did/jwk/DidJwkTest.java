package dev.mandate.did.jwk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWK;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DidJwkTest {
    // quartzjer/did-jwk spec.md example 3 (P-256)
    static final String P256_DID = "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEVVM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9";
    final DidJwk resolver = new DidJwk();

    @Test
    void p256SpecExample() throws Exception {
        DidDocument doc = resolver.resolve(P256_DID).didDocument().orElseThrow();
        assertEquals(List.of(DidDocument.DID_CONTEXT_V1, DidJwk.JWS_2020_CONTEXT),
                doc.toJson().getJsonArray("@context").getValuesAs(jakarta.json.JsonString::getString));
        var vm = doc.verificationMethod("#0").orElseThrow();
        assertEquals("JsonWebKey2020", vm.type());
        assertEquals(P256_DID, vm.controller());
        assertEquals("acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0", vm.publicKeyJwk().orElseThrow().getString("x"));
        assertEquals(KeyType.P256, vm.publicKey().type());
        for (Relationship r : Relationship.values()) assertEquals(List.of(P256_DID + "#0"), doc.relationship(r));
        // the spec DID is exactly what we generate for that key
        assertEquals(P256_DID, DidJwk.didFor(vm.publicKey()));
    }

    @Test
    void x25519EncryptionKeyIsKeyAgreementOnly() {
        String did = "did:jwk:eyJrdHkiOiJPS1AiLCJjcnYiOiJYMjU1MTkiLCJ1c2UiOiJlbmMiLCJ4IjoiM3A3YmZYdDl3YlRUVzJIQzdPUTFOei1EUThoYmVHZE5yZngtRkctSUswOCJ9";
        DidDocument doc = resolver.resolve(did).didDocument().orElseThrow();
        assertEquals(List.of(did + "#0"), doc.relationship(Relationship.KEY_AGREEMENT));
        assertTrue(doc.relationship(Relationship.AUTHENTICATION).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyKeyTypeRoundTrips(KeyType type) throws Exception {
        KeyMaterial km = KeyMaterial.generate(type);
        String did = DidJwk.didFor(km.publicKey());
        assertEquals(did, DidJwk.didFor(km.toJwk(true)), "private members are dropped");
        DidDocument doc = resolver.resolve(did).didDocument().orElseThrow();
        assertEquals(km.publicKey(), doc.verificationMethod(did + "#0", Relationship.ASSERTION_METHOD).orElseThrow().method().publicKey());
    }

    @Test
    void useSigDropsKeyAgreement() throws Exception {
        JWK jwk = JWK.parse("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"use\":\"sig\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}");
        String did = "did:jwk:" + Multibase.encode(Multibase.Base.BASE64URL, jwk.toJSONString().getBytes(StandardCharsets.UTF_8)).substring(1);
        DidDocument doc = resolver.resolve(did).didDocument().orElseThrow();
        assertTrue(doc.relationship(Relationship.KEY_AGREEMENT).isEmpty());
        assertEquals(1, doc.relationship(Relationship.AUTHENTICATION).size());
    }

    @Test
    void badValues() {
        assertError(ErrorCode.INVALID_DID, "did:jwk:not*base64");
        assertError(ErrorCode.INVALID_DID, "did:jwk:" + b64("not json"));
        assertError(ErrorCode.INVALID_DID, "did:jwk:" + b64("[1,2]"));
        assertError(ErrorCode.INVALID_DID, "did:jwk:" + b64("{\"kty\":\"EC\"}"));
        assertError(ErrorCode.INVALID_DID, "did:jwk:" + b64("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\","
                + "\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\"}"));
        assertError(ErrorCode.INVALID_PUBLIC_KEY_LENGTH, "did:jwk:" + b64("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}"));
        assertError(ErrorCode.INVALID_PUBLIC_KEY, "did:jwk:" + b64("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}"));
        assertError(ErrorCode.METHOD_NOT_SUPPORTED, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");
    }

    /** A did:jwk whose JWK differs only in the pad bits of 'x' names the same key, so it is refused. */
    @Test
    void keyMembersWithNonZeroPadBitsAreRefused() {
        String ed = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
        String x25519 = "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08";
        String edJwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"%s\"}";
        String xJwk = "{\"crv\":\"X25519\",\"kty\":\"OKP\",\"use\":\"enc\",\"x\":\"%s\"}";
        assertTrue(resolver.resolve("did:jwk:" + b64(String.format(edJwk, ed))).isSuccess());
        assertTrue(resolver.resolve("did:jwk:" + b64(String.format(xJwk, x25519))).isSuccess());
        assertError(ErrorCode.INVALID_DID, "did:jwk:" + b64(String.format(edJwk, respell(ed))));
        assertError(ErrorCode.INVALID_DID, "did:jwk:" + b64(String.format(edJwk, ed + "=")));
        ResolutionResult r = resolver.resolve("did:jwk:" + b64(String.format(xJwk, respell(x25519))));
        assertEquals(ErrorCode.INVALID_DID, r.error().orElseThrow());
        assertEquals("did:jwk X25519 key: JWK member 'x' is not canonical base64url (non-zero trailing bits); re-encode it",
                r.errorMessage().orElseThrow());
    }

    private static String respell(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int v = alphabet.indexOf(s.charAt(s.length() - 1));
        return s.substring(0, s.length() - 1) + alphabet.charAt(v | 1);
    }

    private static String b64(String s) {
        return Multibase.encode(Multibase.Base.BASE64URL, s.getBytes(StandardCharsets.UTF_8)).substring(1);
    }

    private void assertError(ErrorCode code, String did) {
        ResolutionResult r = resolver.resolve(did);
        assertFalse(r.isSuccess());
        assertEquals(code, r.error().orElseThrow(), r.errorMessage().orElse(""));
    }
}
