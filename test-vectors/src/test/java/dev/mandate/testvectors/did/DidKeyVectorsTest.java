package dev.mandate.testvectors.did;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.crypto.PublicKeyValue;
import dev.mandate.did.crypto.X25519;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.ErrorCode;
import dev.mandate.did.resolve.ResolutionResult;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * did:key vectors: the current spec's Multikey examples and the legacy test-vectors (whose documents use
 * older verification method types: for those we assert the key material, ids and relationships, not the
 * document shape, since the current spec produces Multikey documents).
 */
class DidKeyVectorsTest {
    private static final DidKey RESOLVER = new DidKey();
    private static final Map<String, KeyType> GROUPS = Map.of("Ed25519", KeyType.ED25519, "secp256k1", KeyType.SECP256K1,
            "P-256", KeyType.P256, "P-384", KeyType.P384);
    private static final List<Relationship> SIGNING = List.of(Relationship.AUTHENTICATION, Relationship.ASSERTION_METHOD,
            Relationship.CAPABILITY_INVOCATION, Relationship.CAPABILITY_DELEGATION);

    static Stream<Arguments> specDids() {
        JsonObject byType = Vectors.json("did-key/spec-examples-multikey.json").getJsonObject("byKeyType");
        List<Arguments> out = new ArrayList<>();
        for (String group : byType.keySet()) {
            for (JsonString did : byType.getJsonArray(group).getValuesAs(JsonString.class)) {
                out.add(Arguments.of(Named.of(group + " " + did.getString(), group), did.getString()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specDids")
    void specDidsResolve(String group, String did) throws Exception {
        ResolutionResult r = RESOLVER.resolve(did);
        if (!GROUPS.containsKey(group)) {
            assertEquals(ErrorCode.INVALID_PUBLIC_KEY_TYPE, r.error().orElseThrow(), group + " is not a supported key type");
            return;
        }
        assertTrue(r.isSuccess(), r.toString());
        DidDocument doc = r.didDocument().orElseThrow();
        String mb = did.substring("did:key:".length());
        VerificationMethod vm = doc.verificationMethod(did + "#" + mb).orElseThrow();
        assertEquals("Multikey", vm.type());
        assertEquals(mb, vm.publicKeyMultibase().orElseThrow());
        assertEquals(GROUPS.get(group), vm.publicKey().type());
        for (Relationship rel : SIGNING) assertEquals(List.of(vm.id()), doc.relationship(rel));
        assertEquals(did, DidKey.didFor(vm.publicKey()));
    }

    static Stream<Arguments> specDocuments() {
        return Vectors.json("did-key/spec-examples-multikey.json").getJsonArray("multikeyDidDocuments").getValuesAs(JsonObject.class)
                .stream().map(d -> Arguments.of(d.getString("id"), d));
    }

    /** The spec's literal Multikey documents equal our expansion, member for member, except @context (spec: did/v1.1, not bundled; ours: did/v1 + multikey/v1). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("specDocuments")
    void specDocumentsMatch(String did, JsonObject expected) {
        JsonObject actual = RESOLVER.resolve(did).didDocument().orElseThrow().toJson();
        assertEquals(Vectors.without(expected, "@context"), Vectors.without(actual, "@context"));
    }

    static Stream<Arguments> legacy(String file) {
        JsonObject all = Vectors.json("did-key/test-vectors-legacy/" + file);
        if (file.equals("x25519.json")) all = all.getJsonObject("didDocument");
        JsonObject finalAll = all;
        return all.keySet().stream().map(did -> Arguments.of(did, finalAll.getJsonObject(did)));
    }

    static Stream<Arguments> ed25519() { return legacy("ed25519-x25519.json"); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ed25519")
    void legacyEd25519WithDerivedX25519(String did, JsonObject vector) throws Exception {
        KeyMaterial km = KeyMaterial.fromPrivateKey(KeyType.ED25519, HexFormat.of().parseHex(vector.getString("seed")));
        assertEquals(did, DidKey.didFor(km.publicKey()));
        DidDocument doc = RESOLVER.resolve(did).didDocument().orElseThrow();
        JsonObject sig = vector.getJsonObject("verificationKeyPair");
        VerificationMethod vm = doc.verificationMethod(sig.getString("id")).orElseThrow();
        assertEquals(expectedPublic(sig, KeyType.ED25519), vm.publicKey());
        privateKey(sig, KeyType.ED25519).ifPresent(p -> assertEquals(km.publicKey(), p.publicKey()));
        JsonObject ka = vector.getJsonObject("keyAgreementKeyPair");
        VerificationMethod kavm = doc.verificationMethod(ka.getString("id"), Relationship.KEY_AGREEMENT).filter(m -> m.authorized())
                .orElseThrow().method();
        assertArrayEquals(rawKey(ka), X25519.fromMultikey(kavm.publicKeyMultibase().orElseThrow()));
        assertRelationshipsMatch(vector.getJsonObject("didDocument"), doc, SIGNING);
        assertEquals(vector.getJsonObject("didDocument").getJsonArray("keyAgreement"), jsonIds(doc.relationship(Relationship.KEY_AGREEMENT)));
    }

    static Stream<Arguments> secp256k1() { return legacy("secp256k1.json"); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secp256k1")
    void legacySecp256k1(String did, JsonObject vector) throws Exception {
        DidDocument doc = RESOLVER.resolve(did).didDocument().orElseThrow();
        JsonObject kp = vector.getJsonObject("verificationKeyPair");
        PublicKeyValue key = doc.verificationMethod(kp.getString("id")).orElseThrow().publicKey();
        assertEquals(expectedPublic(kp, KeyType.SECP256K1), key);
        // the vector's own legacy method (EcdsaSecp256k1VerificationKey2019 or JsonWebKey2020) decodes to the same key
        assertEquals(key, DidDocument.from(vector.getJsonObject("didDocument")).verificationMethods().get(0).publicKey());
        assertEquals(did, DidKey.didFor(privateKey(kp, KeyType.SECP256K1).orElseThrow().publicKey()));
        if (vector.containsKey("seed")) {
            assertEquals(key, KeyMaterial.fromPrivateKey(KeyType.SECP256K1, HexFormat.of().parseHex(vector.getString("seed"))).publicKey());
        }
        assertRelationshipsMatch(vector.getJsonObject("didDocument"), doc, SIGNING);
    }

    static Stream<Arguments> nist() { return legacy("nist-curves.json"); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nist")
    void legacyNistCurves(String did, JsonObject vector) throws Exception {
        JsonObject kp = vector.getJsonObject("verificationMethod");
        ResolutionResult r = RESOLVER.resolve(did);
        if (kp.containsKey("publicKeyJwk") && kp.getJsonObject("publicKeyJwk").getString("crv").equals("P-521")) {
            assertEquals(ErrorCode.INVALID_PUBLIC_KEY_TYPE, r.error().orElseThrow(), "P-521 is not supported");
            return;
        }
        DidDocument doc = r.didDocument().orElseThrow();
        PublicKeyValue key = doc.verificationMethod(kp.getString("id")).orElseThrow().publicKey();
        KeyType type = key.type();
        assertEquals(expectedPublic(kp, type), key);
        if (kp.containsKey("publicKeyJwk")) {
            ECKey jwk = (ECKey) key.toJwk();
            assertEquals(kp.getJsonObject("publicKeyJwk").getString("x"), jwk.getX().toString());
            assertEquals(kp.getJsonObject("publicKeyJwk").getString("y"), jwk.getY().toString());
            // the vector's JsonWebKey2020 method decodes to the same key
            assertEquals(key, DidDocument.from(vector.getJsonObject("didDocument")).verificationMethods().get(0).publicKey());
        }
        assertEquals(did, DidKey.didFor(privateKey(kp, type).orElseThrow().publicKey()));
        assertRelationshipsMatch(vector.getJsonObject("didDocument"), doc, SIGNING);
    }

    /** The public key a legacy key-pair object states (publicKeyJwk, or publicKeyBase58 raw bytes). */
    private static PublicKeyValue expectedPublic(JsonObject kp, KeyType type) throws Exception {
        if (kp.containsKey("publicKeyJwk")) return PublicKeyValue.fromJwk(JWK.parse(kp.getJsonObject("publicKeyJwk").toString()));
        return PublicKeyValue.of(type, Multibase.decodeBase58Btc(kp.getString("publicKeyBase58"), 200));
    }

    /** The raw public key bytes of a legacy key-pair object (for X25519). */
    private static byte[] rawKey(JsonObject kp) throws Exception {
        if (kp.containsKey("publicKeyJwk")) return com.nimbusds.jose.util.Base64URL.from(kp.getJsonObject("publicKeyJwk").getString("x")).decode();
        return Multibase.decodeBase58Btc(kp.getString("publicKeyBase58"), 200);
    }

    /** The private key of a legacy key-pair object, if it has one (privateKeyJwk, or privateKeyBase58 raw scalar). */
    private static java.util.Optional<KeyMaterial> privateKey(JsonObject kp, KeyType type) throws Exception {
        if (kp.containsKey("privateKeyJwk")) return java.util.Optional.of(KeyMaterial.fromJwk(JWK.parse(kp.getJsonObject("privateKeyJwk").toString())));
        if (kp.containsKey("privateKeyBase58")) {
            return java.util.Optional.of(KeyMaterial.fromPrivateKey(type, Multibase.decodeBase58Btc(kp.getString("privateKeyBase58"), 200)));
        }
        return java.util.Optional.empty();
    }

    static Stream<Arguments> x25519() { return legacy("x25519.json"); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("x25519")
    void legacyX25519KeyAgreementOnly(String did, JsonObject vector) throws Exception {
        DidDocument doc = RESOLVER.resolve(did).didDocument().orElseThrow();
        JsonObject vm = vector.getJsonArray("verificationMethod").getJsonObject(0);
        byte[] expected = rawKey(vm);
        VerificationMethod ours = doc.verificationMethod(vm.getString("id"), Relationship.KEY_AGREEMENT).orElseThrow().method();
        assertArrayEquals(expected, X25519.fromMultikey(ours.publicKeyMultibase().orElseThrow()));
        assertEquals(vector.getJsonArray("keyAgreement"), jsonIds(doc.relationship(Relationship.KEY_AGREEMENT)));
        for (Relationship rel : SIGNING) assertTrue(doc.relationship(rel).isEmpty());
    }

    static Stream<Arguments> unsupported() {
        return Stream.concat(legacy("bls12381.json"), legacy("rsa.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unsupported")
    void unsupportedKeyTypesFailCleanly(String did, JsonObject vector) {
        ResolutionResult r = RESOLVER.resolve(did);
        assertFalse(r.isSuccess());
        assertEquals(ErrorCode.INVALID_PUBLIC_KEY_TYPE, r.error().orElseThrow(), r.toString());
        assertFalse(r.isDependencyFailure());
    }

    private static void assertRelationshipsMatch(JsonObject expectedDoc, DidDocument doc, List<Relationship> rels) {
        for (Relationship rel : rels) {
            assertEquals(expectedDoc.getJsonArray(rel.jsonName()), jsonIds(doc.relationship(rel)), rel.jsonName());
        }
    }

    private static JsonValue jsonIds(List<String> ids) {
        var b = jakarta.json.Json.createArrayBuilder();
        ids.forEach(b::add);
        return b.build();
    }
}
