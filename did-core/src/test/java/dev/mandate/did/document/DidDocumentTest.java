package dev.mandate.did.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.Did;
import dev.mandate.did.crypto.DecodingException;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.PublicKeyValue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DidDocumentTest {
    static final String ED = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final String DID = "did:key:" + ED;
    // w3c-ccg/did-key-spec index.html, the literal Multikey DID document
    static final String SPEC_DOC = """
        {"@context": ["https://www.w3.org/ns/did/v1.1"],
         "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
         "verificationMethod": [{
           "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
           "type": "Multikey",
           "controller": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
           "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],
         "authentication": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
         "assertionMethod": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
         "capabilityDelegation": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
         "capabilityInvocation": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
         "keyAgreement": [{
           "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p",
           "type": "Multikey",
           "controller": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
           "publicKeyMultibase": "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p"}]}
        """;

    @Test
    void readsTheSpecMultikeyDocument() throws Exception {
        DidDocument doc = DidDocument.parse(SPEC_DOC);
        assertEquals(DID, doc.id());
        assertEquals(1, doc.verificationMethods().size());
        VerificationMethod vm = doc.verificationMethods().get(0);
        assertEquals(DID + "#" + ED, vm.id());
        assertEquals("Multikey", vm.type());
        assertEquals(DID, vm.controller());
        assertEquals(PublicKeyValue.fromMultikey(ED), vm.publicKey());

        MethodMatch m = doc.verificationMethod("#" + ED, Relationship.ASSERTION_METHOD).orElseThrow();
        assertTrue(m.authorized());
        assertEquals(vm, m.method());
        assertTrue(doc.verificationMethod(DID + "#" + ED, "authentication").orElseThrow().authorized());
        assertFalse(doc.verificationMethod("#" + ED, Relationship.KEY_AGREEMENT).orElseThrow().authorized());
        assertFalse(doc.verificationMethod("#" + ED, "proofOfSomethingElse").orElseThrow().authorized());

        // the embedded key-agreement method is found, authorized only for keyAgreement, and is no signature key
        String ka = DID + "#z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p";
        assertEquals(List.of(ka), doc.relationship(Relationship.KEY_AGREEMENT));
        MethodMatch kam = doc.verificationMethod(ka, Relationship.KEY_AGREEMENT).orElseThrow();
        assertTrue(kam.authorized());
        assertFalse(doc.verificationMethod(ka, Relationship.ASSERTION_METHOD).orElseThrow().authorized());
        DecodingException e = assertThrows(DecodingException.class, () -> kam.method().publicKey());
        assertEquals(DecodingException.Code.INVALID_KEY_TYPE, e.code());
        assertEquals(List.of(kam.method()), doc.methodsFor(Relationship.KEY_AGREEMENT));

        assertEquals(Optional.empty(), doc.verificationMethod("#nope", Relationship.AUTHENTICATION));
        assertTrue(doc.resource("#" + ED).isPresent());
    }

    @Test
    void builderProducesAMultikeyDocument() throws Exception {
        KeyMaterial km = KeyMaterial.generate(KeyType.P256);
        Did did = Did.parse("did:web:example.com:agents:a1");
        DidDocument doc = DidDocument.builder(did)
                .verificationMethod("key-1", km.publicKey(), Relationship.AUTHENTICATION, Relationship.ASSERTION_METHOD)
                .controller(Did.parse("did:web:example.com"))
                .service("vcs", "LinkedDomains", "https://example.com/")
                .build();
        assertEquals(List.of("https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"),
                doc.toJson().getJsonArray("@context").getValuesAs(jakarta.json.JsonString::getString));
        assertEquals(List.of("did:web:example.com"), doc.controllers());
        VerificationMethod vm = doc.verificationMethod("#key-1").orElseThrow();
        assertEquals("did:web:example.com:agents:a1#key-1", vm.id());
        assertEquals(km.publicKey(), vm.publicKey());
        assertEquals(Optional.of(km.publicKey().toMultikey()), vm.publicKeyMultibase());
        assertTrue(doc.verificationMethod("did:web:example.com:agents:a1#key-1", Relationship.ASSERTION_METHOD).orElseThrow().authorized());
        assertFalse(doc.verificationMethod("#key-1", Relationship.CAPABILITY_DELEGATION).orElseThrow().authorized());
        assertTrue(doc.resource("#vcs").isPresent());
        // the text round-trips through the parser
        assertEquals(doc, DidDocument.parse(doc.toPrettyJson()));
        DidDocument.Builder b = DidDocument.builder(did).verificationMethod("k", km.publicKey(), Relationship.AUTHENTICATION);
        assertEquals(b.build(), b.build());
    }

    @Test
    void legacyAndJwkMethodTypes() throws Exception {
        DidDocument doc = DidDocument.parse("""
            {"id": "did:web:example.com",
             "verificationMethod": [
               {"id": "#key-0", "type": "JsonWebKey2020", "controller": "did:web:example.com",
                "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "0-e2i2_Ua1S5HbTYnVB0lj2Z2ytXu2-tYmDFf8f5NjU"}},
               {"id": "#key-2", "type": "JsonWebKey", "controller": "did:web:example.com",
                "publicKeyJwk": {"kty": "EC", "crv": "P-256", "x": "38M1FDts7Oea7urmseiugGW7tWc3mLpJh6rKe7xINZ8",
                                 "y": "nDQW6XZ7b_u2Sy9slofYLlG03sOEoug3I0aAPQ0exs4"}},
               {"id": "#legacy", "type": "Ed25519VerificationKey2018", "controller": "did:web:example.com",
                "publicKeyBase58": "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS"},
               {"id": "#private", "type": "JsonWebKey", "controller": "did:web:example.com",
                "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "0-e2i2_Ua1S5HbTYnVB0lj2Z2ytXu2-tYmDFf8f5NjU", "d": "AAAA"}},
               {"id": "#eth", "type": "EcdsaSecp256k1RecoveryMethod2020", "controller": "did:web:example.com",
                "blockchainAccountId": "eip155:1:0x89a932207c485f85226d86f7cd486a89a24fcc12"},
               {"id": "#bad-jwk", "type": "JsonWebKey", "controller": "did:web:example.com", "publicKeyJwk": {"kty": "EC"}},
               {"id": "#wrong-2020", "type": "Ed25519VerificationKey2020", "controller": "did:web:example.com",
                "publicKeyMultibase": "zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"}
             ],
             "assertionMethod": ["#key-0", "did:web:example.com#key-2"]}
            """);
        assertEquals(KeyType.ED25519, doc.verificationMethod("#key-0").orElseThrow().publicKey().type());
        assertEquals(KeyType.P256, doc.verificationMethod("#key-2").orElseThrow().publicKey().type());
        assertEquals("z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp", doc.verificationMethod("#legacy").orElseThrow().publicKey().toMultikey());
        assertCode(DecodingException.Code.INVALID_KEY, doc, "#private");
        assertCode(DecodingException.Code.INVALID_KEY_TYPE, doc, "#eth");
        assertCode(DecodingException.Code.INVALID_KEY, doc, "#bad-jwk");
        assertCode(DecodingException.Code.INVALID_KEY_TYPE, doc, "#wrong-2020");
        assertCode(DecodingException.Code.INVALID_KEY_TYPE, doc, "#wrong-2020"); // cached failure is reported again
        assertTrue(doc.verificationMethod("#key-2", Relationship.ASSERTION_METHOD).orElseThrow().authorized());
        assertFalse(doc.verificationMethod("#legacy", Relationship.ASSERTION_METHOD).orElseThrow().authorized());
    }

    private static void assertCode(DecodingException.Code code, DidDocument doc, String id) {
        DecodingException e = assertThrows(DecodingException.class, () -> doc.verificationMethod(id).orElseThrow().publicKey());
        assertEquals(code, e.code(), e.getMessage());
    }

    @Test
    void methodsWithAnotherDidsIdAreNotFound() throws Exception {
        DidDocument doc = DidDocument.parse("""
            {"id": "did:web:evil.example",
             "verificationMethod": [{"id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
               "type": "Multikey", "controller": "did:web:evil.example", "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"},
               {"id": "did:web:evil.example.com#k", "type": "Multikey", "controller": "did:web:evil.example",
                "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],
             "assertionMethod": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
               "did:web:evil.example.com#k"]}
            """);
        assertEquals(Optional.empty(), doc.verificationMethod(DID + "#" + ED, Relationship.ASSERTION_METHOD));
        assertEquals(Optional.empty(), doc.verificationMethod("did:web:evil.example.com#k"));
        assertEquals(2, doc.verificationMethods().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "not json",
        "{}",
        "{\"id\": 5}",
        "{\"id\": \"https://example.com\"}",
        "{\"id\": \"did:ex:1\", \"id\": \"did:ex:2\"}",
        "{\"id\": \"did:ex:1\", \"controller\": \"nope\"}",
        "{\"id\": \"did:ex:1\", \"verificationMethod\": {}}",
        "{\"id\": \"did:ex:1\", \"verificationMethod\": [5]}",
        "{\"id\": \"did:ex:1\", \"verificationMethod\": [{\"id\": \"#k\", \"controller\": \"did:ex:1\"}]}",
        "{\"id\": \"did:ex:1\", \"verificationMethod\": [{\"id\": \"#k\", \"type\": \"Multikey\"}]}",
        "{\"id\": \"did:ex:1\", \"verificationMethod\": [{\"id\": \"k\", \"type\": \"Multikey\", \"controller\": \"did:ex:1\"}]}",
        "{\"id\": \"did:ex:1\", \"verificationMethod\": [{\"id\": \"#k\", \"type\": \"Multikey\", \"controller\": \"did:ex:1\"},"
            + "{\"id\": \"did:ex:1#k\", \"type\": \"Multikey\", \"controller\": \"did:ex:1\"}]}",
        "{\"id\": \"did:ex:1\", \"authentication\": [7]}",
        "{\"id\": \"did:ex:1\", \"authentication\": \"#k\"}",
        "{\"id\": \"did:ex:1\", \"authentication\": [\"#a b\"]}",
        "{\"id\": \"did:ex:1\", \"verificationMethod\": [{\"id\": \"#k\", \"type\": \"Multikey\", \"controller\": \"did:ex:1\", \"publicKeyJwk\": 1}]}"
    })
    void refusesMalformedDocuments(String json) {
        InvalidDidDocumentException e = assertThrows(InvalidDidDocumentException.class, () -> DidDocument.parse(json));
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void refusesTooLargeAndTooDeepDocuments() {
        byte[] big = new byte[DidDocument.MAX_BYTES + 1];
        assertTrue(assertThrows(InvalidDidDocumentException.class, () -> DidDocument.parse(big)).getMessage().contains("limit"));
        String deep = "{\"id\": \"did:ex:1\", \"x\": " + "[".repeat(500) + "]".repeat(500) + "}";
        assertThrows(InvalidDidDocumentException.class, () -> DidDocument.parse(deep));
    }
}
