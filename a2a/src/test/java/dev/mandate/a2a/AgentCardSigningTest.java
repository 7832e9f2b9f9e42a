package dev.mandate.a2a;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import dev.mandate.did.Did;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.Relationship;
import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.key.DidKey;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing and verifying A2A Agent Cards with real keys and real signatures: did:key, did:jwk and the refusals. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentCardSigningTest {
    static final String CARD = """
            {
              "name": "Procurement Agent",
              "description": "Buys office supplies within a budget.",
              "supportedInterfaces": [{"url": "https://agents.example.com/procurement/a2a", "protocolBinding": "JSONRPC",
                                       "protocolVersion": "1.0"}],
              "provider": {"organization": "Example Corp", "url": "https://example.com"},
              "version": "1.2.0",
              "capabilities": {"streaming": true, "pushNotifications": false},
              "defaultInputModes": ["application/json", "text/plain"],
              "defaultOutputModes": ["application/json"],
              "skills": [{"id": "order-supplies", "name": "Order supplies", "description": "Orders from approved suppliers.",
                          "tags": ["procurement", "orders"], "examples": ["Order 10 reams of A4 paper"]}]
            }""";

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    static final dev.mandate.vc.verifier.MethodResolver OFFLINE = new dev.mandate.vc.verifier.DidMethodResolver(DidResolvers.offline());

    final AgentCardVerifier verifier = AgentCardVerifier.builder(OFFLINE).build();

    static JsonObject card() throws Exception {
        return BoundedJson.parseObject(CARD);
    }

    static String didKeyKid(KeyMaterial key) {
        return DidKey.didFor(key.publicKey()) + "#" + key.publicKey().toMultikey();
    }

    static JsonObject with(JsonObject o, String name, JsonValue v) {
        return Jsonp.PROVIDER.createObjectBuilder(o).add(name, v).build();
    }

    static JsonObject signatureAt(JsonObject card, int i) {
        return card.getJsonArray("signatures").getJsonObject(i);
    }

    static JsonObject header(JsonObject signature) throws Exception {
        return BoundedJson.parseObject(Base64.getUrlDecoder().decode(signature.getString("protected")));
    }

    /** A card whose only signature is {@code {"protected": B64(headerJson), "signature": sig}}. */
    static JsonObject withSignature(JsonObject card, String headerJson, String sig) {
        JsonObject s = Jsonp.PROVIDER.createObjectBuilder().add("protected", B64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)))
                .add("signature", sig).build();
        return with(card, "signatures", Jsonp.PROVIDER.createArrayBuilder().add(s).build());
    }

    static byte[] input(String protectedB64, JsonObject card) throws Exception {
        return (protectedB64 + "." + B64.encodeToString(AgentCards.payload(card))).getBytes(StandardCharsets.US_ASCII);
    }

    static Problem only(AgentCardVerification v) {
        assertFalse(v.verified(), v.result().toJson().toString());
        assertEquals(1, v.result().problems().size(), v.result().toJson().toString());
        assertTrue(v.signers().isEmpty());
        assertTrue(v.card().isEmpty());
        return v.result().problems().get(0);
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void roundTripWithADidKeyOfEveryKeyType(KeyType type) throws Exception {
        KeyMaterial key = KeyMaterial.generate(type);
        String kid = didKeyKid(key);
        JsonObject signed = new AgentCardSigner(key.signer(), kid).sign(card());

        JsonObject h = header(signatureAt(signed, 0));
        assertEquals(type.jwsAlgorithm(), h.getString("alg"));
        assertEquals("JOSE", h.getString("typ"));
        assertEquals(kid, h.getString("kid"));
        assertEquals(3, h.size());
        assertEquals(2, signatureAt(signed, 0).size(), "no unprotected header is written");

        AgentCardVerification v = verifier.verify(signed.toString());
        assertTrue(v.verified(), v.result().toJson().toString());
        assertEquals(List.of(DidKey.didFor(key.publicKey())), v.signers());
        assertEquals(signed, v.card().orElseThrow());
        VerificationResult r = v.result();
        assertEquals("agent-card", r.kind());
        assertEquals("a2a-jws", r.format());
        assertEquals(List.of("signatures", "signature", "verificationRelationship"), r.checks());
        assertEquals(1, r.proofs().size());
        assertEquals(kid, r.proofs().get(0).verificationMethod());
        assertEquals("assertionMethod", r.proofs().get(0).purpose());
        assertEquals(type.jwsAlgorithm(), r.proofs().get(0).suite());
        assertTrue(r.proofs().get(0).verified());
        assertTrue(r.toJson().getBoolean("verified"));
    }

    @Test
    void roundTripWithADidJwk() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.P256);
        String did = DidJwk.didFor(key.publicKey());
        JsonObject signed = new AgentCardSigner(key.signer(), did + "#0").sign(card());
        AgentCardVerification v = verifier.verify(signed);
        assertTrue(v.verified(), v.result().toJson().toString());
        assertEquals(List.of(did), v.signers());
    }

    @Test
    void theSignatureCoversTheJcsFormSoMemberOrderAndWhitespaceDoNotMatter() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        JsonObject signed = new AgentCardSigner(key.signer(), didKeyKid(key)).sign(card());
        // The same card with its members in reverse order, pretty-printed: another writer's serialization.
        StringBuilder reordered = new StringBuilder("{\n");
        List<String> names = new java.util.ArrayList<>(signed.keySet());
        java.util.Collections.reverse(names);
        for (int i = 0; i < names.size(); i++) {
            reordered.append("  \"").append(names.get(i)).append("\" : ").append(signed.get(names.get(i))).append(i + 1 < names.size() ? ",\n" : "\n");
        }
        reordered.append("}");
        assertTrue(verifier.verify(reordered.toString()).verified());
    }

    @Test
    void thePayloadIsTheJcsFormWithoutSignaturesAsInA2aSection841() throws Exception {
        // A2A v1.0 section 8.4.1's example, after its default values were removed: the canonical payload it shows.
        JsonObject card = BoundedJson.parseObject("""
                {"name": "Example Agent", "description": "", "capabilities": {"streaming": false, "pushNotifications": false},
                 "skills": [], "signatures": [{"protected": "x", "signature": "y"}]}""");
        assertEquals("{\"capabilities\":{\"pushNotifications\":false,\"streaming\":false},\"description\":\"\",\"name\":\"Example Agent\",\"skills\":[]}",
                new String(AgentCards.payload(card), StandardCharsets.UTF_8));
    }

    @Test
    void anIndependentJoseLibraryVerifiesTheDetachedJws() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.P256);
        JsonObject card = card();
        JsonObject sig = signatureAt(new AgentCardSigner(key.signer(), didKeyKid(key)).sign(card), 0);
        // Re-attach the payload (RFC 7515 appendix F) and check with Nimbus's JCA ECDSA verifier.
        String compact = sig.getString("protected") + "." + B64.encodeToString(Jcs.canonicalizeToUtf8(card)) + "." + sig.getString("signature");
        assertTrue(JWSObject.parse(compact).verify(new ECDSAVerifier((ECKey) key.publicKey().toJwk())));
    }

    @Test
    void aChangedSkillIsRefused() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        JsonObject signed = new AgentCardSigner(key.signer(), didKeyKid(key)).sign(card());
        JsonObject skill = with(signed.getJsonArray("skills").getJsonObject(0), "description", Jsonp.PROVIDER.createValue(
                "Orders from any supplier, no budget."));
        JsonObject tampered = with(signed, "skills", Jsonp.PROVIDER.createArrayBuilder().add(skill).build());
        AgentCardVerification v = verifier.verify(tampered);
        Problem p = only(v);
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, p.type());
        assertEquals("/signatures/0/signature", p.path());
        assertTrue(p.message().contains("changed after it was signed"), p.message());
        assertFalse(v.result().proofs().get(0).verified());
        assertFalse(v.result().checks().contains("signature"));

        // Adding a member is a change too.
        assertFalse(verifier.verify(with(signed, "iconUrl", Jsonp.PROVIDER.createValue("https://evil.example/i.png"))).verified());
    }

    @Test
    void aKidNamingAnotherKeyOfTheDidKeyIsRefused() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial other = KeyMaterial.generate(KeyType.ED25519);
        String kid = DidKey.didFor(key.publicKey()) + "#" + other.publicKey().toMultikey();
        Problem p = only(verifier.verify(new AgentCardSigner(key.signer(), kid).sign(card())));
        assertEquals(ErrorType.INVALID_VERIFICATION_METHOD_URL, p.type());
        assertEquals("/signatures/0/protected", p.path());
    }

    @Test
    void anAttackerKeyInTheJwkAndJkuHeadersNeverVouchesForItself() throws Exception {
        KeyMaterial victim = KeyMaterial.generate(KeyType.P256);
        KeyMaterial attacker = KeyMaterial.generate(KeyType.P256);
        String attackerJwk = attacker.publicKey().toJwk().toJSONString();
        // The attacker signs a card with its own key, names the victim's kid, and embeds its own key in the header.
        String header = "{\"alg\":\"ES256\",\"typ\":\"JOSE\",\"kid\":\"" + didKeyKid(victim) + "\",\"jwk\":" + attackerJwk
                + ",\"jku\":\"https://attacker.invalid/jwks.json\",\"x5u\":\"https://attacker.invalid/cert.pem\"}";
        String protectedB64 = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8));
        JsonObject card = card();
        String sig = B64.encodeToString(attacker.signer().sign(input(protectedB64, card)));
        AgentCardVerification v = verifier.verify(withSignature(card, header, sig));
        Problem p = only(v);
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, p.type());
        assertTrue(p.message().contains("does not verify with " + didKeyKid(victim)), p.message());

        // The same in the unprotected header: ignored too.
        JsonObject s = Jsonp.PROVIDER.createObjectBuilder().add("protected", B64.encodeToString(("{\"alg\":\"ES256\",\"typ\":\"JOSE\",\"kid\":\""
                + didKeyKid(victim) + "\"}").getBytes(StandardCharsets.UTF_8))).add("signature", sig)
                .add("header", BoundedJson.parseObject("{\"jwk\":" + attackerJwk + "}")).build();
        assertFalse(verifier.verify(with(card, "signatures", Jsonp.PROVIDER.createArrayBuilder().add(s).build())).verified());

        // A genuine signature stays valid with such headers present: they are ignored, not trusted and not fatal.
        JsonObject genuine = signatureAt(new AgentCardSigner(victim.signer(), didKeyKid(victim)).sign(card), 0);
        JsonObject decorated = Jsonp.PROVIDER.createObjectBuilder(genuine).add("header", BoundedJson.parseObject("{\"jwk\":" + attackerJwk
                + ",\"jku\":\"https://attacker.invalid/jwks.json\"}")).build();
        assertTrue(verifier.verify(with(card, "signatures", Jsonp.PROVIDER.createArrayBuilder().add(decorated).build())).verified());
    }

    @Test
    void algNoneAndHmacAreRefusedBeforeAnyKeyIsLookedUp() throws Exception {
        KeyMaterial victim = KeyMaterial.generate(KeyType.ED25519);
        String kid = didKeyKid(victim);
        JsonObject card = card();
        int[] lookups = {0};
        AgentCardVerifier counting = AgentCardVerifier.builder(url -> {
            lookups[0]++;
            return OFFLINE.resolve(url);
        }).build();

        Problem none = only(counting.verify(withSignature(card, "{\"alg\":\"none\",\"typ\":\"JOSE\",\"kid\":\"" + kid + "\"}", "")));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, none.type());
        assertTrue(none.message().contains("'none' refused"), none.message());

        // HS256 keyed with the victim's public key (the classic algorithm confusion).
        String h = "{\"alg\":\"HS256\",\"typ\":\"JOSE\",\"kid\":\"" + kid + "\"}";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(victim.publicKey().bytes(), "HmacSHA256"));
        String hmac = B64.encodeToString(mac.doFinal(input(B64.encodeToString(h.getBytes(StandardCharsets.UTF_8)), card)));
        Problem hs = only(counting.verify(withSignature(card, h, hmac)));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, hs.type());
        assertTrue(hs.message().contains("HMAC"), hs.message());
        assertEquals(0, lookups[0]);

        // An allowed algorithm that does not fit the key: ES256 on an Ed25519 key.
        String es = "{\"alg\":\"ES256\",\"typ\":\"JOSE\",\"kid\":\"" + kid + "\"}";
        String esSig = B64.encodeToString(victim.signer().sign(input(B64.encodeToString(es.getBytes(StandardCharsets.UTF_8)), card)));
        Problem mismatch = only(counting.verify(withSignature(card, es, esSig)));
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, mismatch.type());
        assertTrue(mismatch.message().contains("does not match"), mismatch.message());
    }

    @Test
    void nonCanonicalBase64urlIsRefused() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        JsonObject signed = new AgentCardSigner(key.signer(), didKeyKid(key)).sign(card());
        JsonObject sig = signatureAt(signed, 0);
        String s = sig.getString("signature");
        // 64 bytes = 86 characters whose last one carries 2 spare bits: set one of them.
        char last = s.charAt(s.length() - 1);
        String respelled = s.substring(0, s.length() - 1) + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                .charAt("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".indexOf(last) | 1);
        assertArrayEquals(Base64.getUrlDecoder().decode(s), Base64.getUrlDecoder().decode(respelled), "decodes to the same bytes");
        for (String bad : List.of(respelled, s + "==", s.replace('-', '+').replace('_', '/') + (s.contains("-") || s.contains("_") ? "" : "+"))) {
            JsonObject card = with(signed, "signatures", Jsonp.PROVIDER.createArrayBuilder()
                    .add(with(sig, "signature", Jsonp.PROVIDER.createValue(bad))).build());
            Problem p = only(verifier.verify(card));
            assertEquals(ErrorType.PARSING_ERROR, p.type(), bad);
            assertEquals("/signatures/0/signature", p.path());
        }
        Problem padded = only(verifier.verify(with(signed, "signatures", Jsonp.PROVIDER.createArrayBuilder()
                .add(with(sig, "protected", Jsonp.PROVIDER.createValue(sig.getString("protected") + "="))).build())));
        assertEquals(ErrorType.PARSING_ERROR, padded.type());
        assertEquals("/signatures/0/protected", padded.path());
    }

    @Test
    void theHeaderPolicy() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        String kid = didKeyKid(key);
        JsonObject card = card();
        record Case(String header, ErrorType type, String says) { }
        for (Case c : List.of(
                new Case("{\"alg\":\"EdDSA\",\"kid\":\"" + kid + "\"}", ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "has no typ"),
                new Case("{\"alg\":\"EdDSA\",\"typ\":\"vc+jwt\",\"kid\":\"" + kid + "\"}", ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "typ is 'vc+jwt'"),
                new Case("{\"alg\":\"EdDSA\",\"typ\":\"JOSE\"}", ErrorType.INVALID_VERIFICATION_METHOD_URL, "has no kid"),
                new Case("{\"alg\":\"EdDSA\",\"typ\":\"JOSE\",\"kid\":\"key-1\"}", ErrorType.INVALID_VERIFICATION_METHOD_URL, "not a DID URL"),
                new Case("{\"alg\":\"EdDSA\",\"typ\":\"JOSE\",\"kid\":\"#" + key.publicKey().toMultikey() + "\"}",
                        ErrorType.INVALID_VERIFICATION_METHOD_URL, "not a DID URL"),
                new Case("{\"alg\":\"EdDSA\",\"typ\":\"JOSE\",\"kid\":\"" + DidKey.didFor(key.publicKey()) + "\"}",
                        ErrorType.INVALID_VERIFICATION_METHOD_URL, "no #fragment"),
                new Case("{\"alg\":\"EdDSA\",\"typ\":\"JOSE\",\"kid\":\"" + kid + "\",\"crit\":[\"exp\"],\"exp\":1}",
                        ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "crit"),
                new Case("{\"alg\":\"EdDSA\",\"typ\":\"JOSE\",\"kid\":\"" + kid + "\",\"b64\":false}", ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, "b64"),
                new Case("{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\",\"typ\":\"JOSE\",\"kid\":\"" + kid + "\"}", ErrorType.PARSING_ERROR, "duplicate"),
                new Case("[\"EdDSA\"]", ErrorType.PARSING_ERROR, "not a JSON object"))) {
            String protectedB64 = B64.encodeToString(c.header.getBytes(StandardCharsets.UTF_8));
            String sig = B64.encodeToString(key.signer().sign(input(protectedB64, card)));
            Problem p = only(verifier.verify(withSignature(card, c.header, sig)));
            assertEquals(c.type, p.type(), c.header + " -> " + p);
            assertTrue(p.message().contains(c.says), c.header + " -> " + p.message());
            assertEquals("/signatures/0/protected", p.path());
        }
    }

    @Test
    void theUnprotectedHeaderMustNotRepeatOrOverrideTheProtectedOne() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial other = KeyMaterial.generate(KeyType.ED25519);
        JsonObject card = card();
        JsonObject sig = signatureAt(new AgentCardSigner(key.signer(), didKeyKid(key)).sign(card), 0);
        for (String h : List.of("{\"kid\":\"" + didKeyKid(other) + "\"}", "{\"alg\":\"none\"}", "{\"crit\":[\"b64\"]}")) {
            JsonObject s = with(sig, "header", BoundedJson.parseObject(h));
            Problem p = only(verifier.verify(with(card, "signatures", Jsonp.PROVIDER.createArrayBuilder().add(s).build())));
            assertTrue(p.path().startsWith("/signatures/0/header/"), p.toString());
        }
        Problem extra = only(verifier.verify(with(card, "signatures", Jsonp.PROVIDER.createArrayBuilder()
                .add(with(sig, "payload", Jsonp.PROVIDER.createValue("e30"))).build())));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, extra.type());
        assertEquals("/signatures/0/payload", extra.path());
    }

    @Test
    void unsignedAndMalformedCardsAreNotVerifiedAndNothingIsThrown() throws Exception {
        JsonObject card = card();
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, only(verifier.verify(card)).type());
        assertEquals(ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR, only(verifier.verify(with(card, "signatures", JsonValue.EMPTY_JSON_ARRAY))).type());
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, only(verifier.verify(with(card, "signatures", JsonValue.EMPTY_JSON_OBJECT))).type());
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, only(verifier.verify(with(card, "signatures",
                Jsonp.PROVIDER.createArrayBuilder().add("a.b.c").build()))).type());
        assertEquals(ErrorType.PARSING_ERROR, only(verifier.verify("{\"name\": ")).type());
        assertEquals(ErrorType.PARSING_ERROR, only(verifier.verify("[1]")).type());
        assertEquals(ErrorType.PARSING_ERROR, only(verifier.verify("{\"name\":\"a\",\"name\":\"b\"}")).type());
        assertEquals(ErrorType.PARSING_ERROR, only(verifier.verify((String) null)).type());

        var many = Jsonp.PROVIDER.createArrayBuilder();
        for (int i = 0; i < AgentCardVerifier.DEFAULT_MAX_SIGNATURES + 1; i++) {
            many.add(Jsonp.PROVIDER.createObjectBuilder().add("protected", "e30").add("signature", "AA"));
        }
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, only(verifier.verify(with(card, "signatures", many.build()))).type());
    }

    @Test
    void theSignerAddsToExistingSignaturesAndReplacesItsOwn() throws Exception {
        KeyMaterial a = KeyMaterial.generate(KeyType.ED25519);
        KeyMaterial b = KeyMaterial.generate(KeyType.P256);
        AgentCardSigner sa = new AgentCardSigner(a.signer(), didKeyKid(a));
        AgentCardSigner sb = new AgentCardSigner(b.signer(), didKeyKid(b));
        JsonObject both = sb.sign(sa.sign(card()));
        assertEquals(2, both.getJsonArray("signatures").size());
        JsonObject again = sa.sign(both);
        JsonArray sigs = again.getJsonArray("signatures");
        assertEquals(2, sigs.size(), "signing again with the same kid replaces that signature");
        assertEquals(didKeyKid(b), header(sigs.getJsonObject(0)).getString("kid"));
        assertEquals(didKeyKid(a), header(sigs.getJsonObject(1)).getString("kid"));
        AgentCardVerification v = verifier.verify(again);
        assertTrue(v.verified(), v.result().toJson().toString());
        assertEquals(List.of(DidKey.didFor(b.publicKey()), DidKey.didFor(a.publicKey())), v.signers());

        JsonObject alone = sb.signReplacing(again);
        assertEquals(1, alone.getJsonArray("signatures").size());
        assertTrue(verifier.verify(alone).verified());

        assertThrows(IllegalArgumentException.class, () -> new AgentCardSigner(a.signer(), "did:key:z6Mk"));
        assertThrows(IllegalArgumentException.class, () -> new AgentCardSigner(a.signer(), "https://example.com/keys#1"));
        AgentCardException notArray = assertThrows(AgentCardException.class, () -> sa.sign(with(card(), "signatures", JsonValue.TRUE)));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, notArray.type());
        assertEquals("/signatures", notArray.path());
        AgentCardException wrongLength = assertThrows(AgentCardException.class, () -> new AgentCardSigner(new dev.mandate.did.crypto.Signer() {
            @Override public KeyType keyType() { return KeyType.ED25519; }
            @Override public byte[] sign(byte[] data) { return new byte[3]; }
        }, didKeyKid(a)).sign(card()));
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, wrongLength.type());
    }

    @Test
    void theAgentDirectoryDecidesWhetherAVerifiedSignerCounts() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        String did = DidKey.didFor(key.publicKey());
        JsonObject signed = new AgentCardSigner(key.signer(), didKeyKid(key)).sign(card());
        List<String[]> asked = new java.util.ArrayList<>();
        AgentCardVerification active = AgentCardVerifier.builder(OFFLINE)
                .agentDirectory((d, vm) -> { asked.add(new String[] {d, vm}); return AgentStanding.active(); }).build().verify(signed);
        assertTrue(active.verified(), active.result().toJson().toString());
        assertTrue(active.result().checks().contains("agentRegistry"));
        assertEquals(did, asked.get(0)[0]);
        assertEquals(didKeyKid(key), asked.get(0)[1]);

        Problem suspended = only(AgentCardVerifier.builder(OFFLINE).agentDirectory((d, vm) -> AgentStanding.inactive("suspended"))
                .build().verify(signed));
        assertEquals(ErrorType.UNTRUSTED_ISSUER_ERROR, suspended.type());
        assertTrue(suspended.message().contains("not active (suspended)"), suspended.message());

        Problem unknown = only(AgentCardVerifier.builder(OFFLINE).agentDirectory((d, vm) -> AgentStanding.unknown())
                .build().verify(signed));
        assertEquals(ErrorType.UNTRUSTED_ISSUER_ERROR, unknown.type());
        assertTrue(unknown.message().contains("not a registered agent"), unknown.message());

        AgentCardVerification down = AgentCardVerifier.builder(OFFLINE).agentDirectory((d, vm) -> {
            throw new IllegalStateException("database is down");
        }).build().verify(signed);
        assertEquals(ErrorType.RESOLUTION_ERROR, only(down).type());
        assertTrue(down.result().operationalFailure());

        // An invalid signature is refused before the directory is asked.
        asked.clear();
        AgentCardVerifier.builder(OFFLINE).agentDirectory((d, vm) -> { asked.add(new String[] {d}); return AgentStanding.active(); })
                .build().verify(with(signed, "name", Jsonp.PROVIDER.createValue("Other")));
        assertTrue(asked.isEmpty());
    }

    @Test
    void aKeyListedOnlyForKeyAgreementOrInvocationIsRefused() throws Exception {
        KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
        Did did = Did.parse("did:web:agents.example.com:a1");
        DidDocument doc = DidDocument.builder(did).verificationMethod("k1", key.publicKey(), Relationship.CAPABILITY_INVOCATION).build();
        dev.mandate.vc.verifier.MethodResolver fromDoc = url -> {
            var m = doc.verificationMethod(url).orElseThrow();
            java.util.Set<String> rels = new java.util.HashSet<>();
            for (Relationship r : Relationship.values()) {
                if (doc.relationship(r).contains(m.id())) rels.add(r.jsonName());
            }
            try {
                return new dev.mandate.vc.verifier.MethodResolution.Found(new dev.mandate.vc.verifier.ResolvedMethod(m.id(), m.controller(),
                        m.type(), m.publicKey().verifier(), rels));
            } catch (dev.mandate.did.crypto.DecodingException e) {
                throw new AssertionError(e);
            }
        };
        JsonObject signed = new AgentCardSigner(key.signer(), did + "#k1").sign(card());
        Problem p = only(AgentCardVerifier.builder(fromDoc).build().verify(signed));
        assertEquals(ErrorType.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD, p.type());
    }
}
