package dev.mandate.did.resolve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.crypto.Multibase;
import dev.mandate.did.jwk.DidJwk;
import dev.mandate.did.key.DidKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DidValidationTest {

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void theDidKeyAndDidJwkOfEverySupportedKeyAreAccepted(KeyType type) {
        KeyMaterial k = KeyMaterial.generate(type);
        assertEquals(Optional.empty(), DidValidation.problem(DidKey.didFor(k.publicKey())));
        assertEquals(Optional.empty(), DidValidation.problem(DidJwk.didFor(k.publicKey())));
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:example.com", "did:web:example.com%3A8443:agents:a1", "did:web:127.0.0.1%3A8443", "did:web:%5B%3A%3A1%5D",
        "did:example:123456789abcdefghi", "did:ex:a::b", "did:ion:EiClkZMDxPKqC9c-umQfTkR8vvZ9JPhl_xLDI9Nfk38w5w",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"})
    void wellFormedDidsAreAccepted(String did) {
        assertEquals(Optional.empty(), DidValidation.problem(did));
    }

    @Test
    void thePlaceholderFromTheDocsIsNotADid() {
        String p = DidValidation.problem("did:key:z6Mk\u2026").orElseThrow();
        assertEquals("not a DID (the method-specific id has a character that is not allowed: '\u2026' (U+2026) at position 12)", p);
        assertTrue(DidValidation.problem("did:key:z6Mk...").orElseThrow().startsWith("not a valid did:key ("),
                () -> DidValidation.problem("did:key:z6Mk...").orElseThrow());
        assertTrue(DidValidation.problem("did:key:AGENT").orElseThrow().contains("'z'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AGENT", "did:key", "did:key:", "did:Key:z6Mk", "did::x", "did:key:a b", "did:key:%zz", "did:key:abc:",
        "did:key:abc#frag", "did:key:\u202eabc", "did:key:z6Mk\u2026"})
    void syntaxErrorsAreNotADid(String text) {
        assertTrue(DidValidation.problem(text).orElseThrow().startsWith("not a DID ("), () -> DidValidation.problem(text).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:key:AGENT", "did:key:z6Mk", "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do",
        "did:key:z6LSbysY2xFMRpGMhb7tFTLMpeuPRaqaWM1yECx2AtzE3KCc", // X25519: key agreement, cannot sign
        "did:key:zUC7EK3ZakmukHhuncwkbySmomv3FmrkmS36E4Ks5rsb6VQSRpoCrx6Hb8e2Nk6UvJFSdyw9NK1scFXJp21gNNYFjVWNgaqyGnkyhtagagCpQb5B7tagJu3HDbjQ8h5ypoHjwBb", // BLS
        "did:key:1:2:z6Mk", "did:key:mAAAA"})
    void didKeysThatDoNotDecodeToASupportedSignatureKeyAreRefused(String did) {
        assertTrue(DidValidation.problem(did).orElseThrow().startsWith("not a valid did:key ("), () -> DidValidation.problem(did).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}", "{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}",
        "{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}", "not json", "[]"})
    void didJwksThatDoNotDecodeToASupportedSignatureKeyAreRefused(String json) {
        String did = "did:jwk:" + Multibase.encode(Multibase.Base.BASE64URL, json.getBytes(StandardCharsets.UTF_8)).substring(1);
        assertTrue(DidValidation.problem(did).orElseThrow().startsWith("not a valid did:jwk ("), () -> DidValidation.problem(did).orElseThrow());
    }

    @Test
    void anEncryptionOnlyDidJwkIsRefused() {
        KeyMaterial k = KeyMaterial.generate(KeyType.P256);
        String json = k.publicKey().toJwk().toJSONObject().entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        String did = "did:jwk:" + Multibase.encode(Multibase.Base.BASE64URL, ("{" + json + ",\"use\":\"enc\"}").getBytes(StandardCharsets.UTF_8)).substring(1);
        assertTrue(DidValidation.problem(did).orElseThrow().contains("encryption key"), () -> DidValidation.problem(did).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"did:web:exa_mple.com", "did:web:127.1", "did:web:0x7f000001", "did:web:example.com%3A0", "did:web:example.com:..",
        "did:web:%5B0%3A%3A1%5D"})
    void badDidWebsAreRefusedWithoutTheNetwork(String did) {
        assertTrue(DidValidation.problem(did).orElseThrow().startsWith("not a valid did:web ("), () -> DidValidation.problem(did).orElseThrow());
    }
}
