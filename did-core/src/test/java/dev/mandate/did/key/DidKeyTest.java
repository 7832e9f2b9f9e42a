package dev.mandate.did.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.crypto.Multicodec;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.did.internal.Json;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DidKeyTest {
    static final String ED = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    final DidKey resolver = new DidKey();

    @Test
    void ed25519DocumentMatchesTheSpecExampleApartFromContext() {
        // w3c-ccg/did-key-spec index.html Multikey example (context there: did/v1.1, not bundled; ours: did/v1 + multikey/v1)
        String expected = """
            {"id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
             "verificationMethod": [{"id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
               "type": "Multikey", "controller": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
               "publicKeyMultibase": "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}],
             "authentication": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
             "assertionMethod": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
             "capabilityDelegation": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
             "capabilityInvocation": ["did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"],
             "keyAgreement": [{"id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p",
               "type": "Multikey", "controller": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
               "publicKeyMultibase": "z6LSj72tK8brWgZja8NLRwPigth2T9QRiG1uH9oKZuKjdh9p"}]}
            """;
        ResolutionResult r = resolver.resolve("did:key:" + ED);
        assertTrue(r.isSuccess(), r.toString());
        JsonObject doc = r.didDocument().orElseThrow().toJson();
        assertEquals(List.of(DidDocument.DID_CONTEXT_V1, DidDocument.MULTIKEY_CONTEXT_V1),
                doc.getJsonArray("@context").getValuesAs(jakarta.json.JsonString::getString));
        JsonObject withoutContext = Json.PROVIDER.createObjectBuilder(doc).remove("@context").build();
        assertEquals(Json.parseObject(expected.getBytes(StandardCharsets.UTF_8)), withoutContext);
        assertEquals(ResolutionResult.DID_LD_JSON, r.contentType().orElseThrow());
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void everyKeyTypeExpandsToAMultikeyDocument(KeyType type) throws Exception {
        PublicKeyValue key = KeyMaterial.generate(type).publicKey();
        String did = DidKey.didFor(key);
        DidDocument doc = resolver.resolve(did).didDocument().orElseThrow();
        assertEquals(did, doc.id());
        VerificationMethod vm = doc.verificationMethod(DidKey.verificationMethodId(key), Relationship.ASSERTION_METHOD).orElseThrow().method();
        assertEquals("Multikey", vm.type());
        assertEquals(key, vm.publicKey());
        for (Relationship r : List.of(Relationship.AUTHENTICATION, Relationship.ASSERTION_METHOD, Relationship.CAPABILITY_DELEGATION,
                Relationship.CAPABILITY_INVOCATION)) {
            assertEquals(List.of(vm.id()), doc.relationship(r));
        }
        assertEquals(type == KeyType.ED25519 ? 1 : 0, doc.relationship(Relationship.KEY_AGREEMENT).size());
        assertEquals(doc, DidKey.documentFor(key));
    }

    @Test
    void x25519DidKeyHasOnlyKeyAgreement() {
        // w3c-ccg/did-key-spec test-vectors/x25519.json
        String did = "did:key:z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F";
        DidDocument doc = resolver.resolve(did).didDocument().orElseThrow();
        assertEquals(List.of(did + "#z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F"), doc.relationship(Relationship.KEY_AGREEMENT));
        assertTrue(doc.relationship(Relationship.ASSERTION_METHOD).isEmpty());
        assertTrue(doc.verificationMethods().isEmpty());
    }

    @Test
    void versionedForm() {
        assertTrue(resolver.resolve("did:key:1:" + ED).isSuccess());
        assertError(ErrorCode.INVALID_DID, "did:key:0:" + ED);
        assertError(ErrorCode.INVALID_DID, "did:key:x:" + ED);
        assertError(ErrorCode.INVALID_DID, "did:key:1:2:" + ED);
    }

    @Test
    void badKeysGetTheirErrorCodes() {
        assertError(ErrorCode.INVALID_DID, "did:key:");
        assertError(ErrorCode.INVALID_DID, "did:key:u7QE");                          // not base58btc
        assertError(ErrorCode.INVALID_DID, "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0"); // '0' not in alphabet
        assertError(ErrorCode.INVALID_DID, "did:key:z" + "2".repeat(3000));         // over the length bound
        assertError(ErrorCode.INVALID_DID, "did:key:z");                            // no multicodec header
        assertError(ErrorCode.METHOD_NOT_SUPPORTED, "did:web:example.com");
        byte[] ed = Arrays.copyOfRange(decode(ED), 2, 34);
        assertError(ErrorCode.INVALID_PUBLIC_KEY_LENGTH, "did:key:" + mk(0xed, Arrays.copyOf(ed, 31)));
        assertError(ErrorCode.INVALID_PUBLIC_KEY_LENGTH, "did:key:" + mk(0xed, Arrays.copyOf(ed, 40)));
        assertError(ErrorCode.INVALID_PUBLIC_KEY_LENGTH, "did:key:" + mk(0xec, Arrays.copyOf(ed, 31)));
        assertError(ErrorCode.INVALID_PUBLIC_KEY_LENGTH, "did:key:" + mk(0x1200, ed));
        byte[] small = new byte[32];
        small[0] = 1; // the identity point
        assertError(ErrorCode.INVALID_PUBLIC_KEY, "did:key:" + mk(0xed, small));
        byte[] offCurve = new byte[33];
        offCurve[0] = 0x02;
        offCurve[32] = 5;
        ResolutionResult r = resolver.resolve("did:key:" + mk(0xe7, offCurve));
        assertTrue(r.error().orElseThrow() == ErrorCode.INVALID_PUBLIC_KEY, r.toString());
        // BLS12-381 G2 (spec example), RSA and P-521 (legacy vectors): unsupported types
        assertError(ErrorCode.INVALID_PUBLIC_KEY_TYPE, "did:key:zUC7EK3ZakmukHhuncwkbySmomv3FmrkmS36E4Ks5rsb6VQSRpoCrx6Hb8e2Nk6UvJFSdyw9NK1scFXJp21gNNYFjVWNgaqyGnkyhtagagCpQb5B7tagJu3HDbjQ8h5ypoHjwBb");
        assertError(ErrorCode.INVALID_PUBLIC_KEY_TYPE, "did:key:z2J9gaYxrKVpdoG9A4gRnmpnRCcxU6agDtFVVBVdn1JedouoZN7SzcyREXXzWgt3gGiwpoHq7K68X4m32D8HgzG8wv3sY5j7");
        assertError(ErrorCode.INVALID_PUBLIC_KEY_TYPE, "did:key:" + mk(0x1300, ed)); // a secret key header
    }

    private void assertError(ErrorCode code, String did) {
        ResolutionResult r = resolver.resolve(did);
        assertFalse(r.isSuccess());
        assertEquals(code, r.error().orElseThrow(), r.errorMessage().orElse(""));
        assertFalse(r.isDependencyFailure());
        assertEquals(code.code(), r.toJson().getJsonObject("didResolutionMetadata").getString("error"));
        assertTrue(r.toJson().isNull("didDocument"));
    }

    private static byte[] decode(String mb) {
        try {
            return Multibase.decode(mb);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String mk(int code, byte[] key) {
        return Multibase.encode(Multibase.Base.BASE58BTC, Multicodec.prefix(code, key));
    }
}
