package dev.mandate.vc.issuer;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.PresentationOptions;
import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.issuer.status.StatusListOptions;
import dev.mandate.vc.jose.JoseException;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusPurpose;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link IssuerKey} + options forms refuse what they cannot sign, with a one-line message naming what is wrong:
 * no key, a key whose verification method is not a method of its DID, a key of another issuer or holder than the
 * document names, a cryptosuite that does not take the key, and "absent" spelled as an empty string, zero or null.
 */
class KeyValueFormsRefuseBadInputTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final JoseIssuer jose = new JoseIssuer(clock);
    final KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
    final String did = DidKey.didFor(key.publicKey());
    final String vm = DidKey.verificationMethodId(key.publicKey());
    final IssuerKey issuerKey = IssuerKey.jose(did, vm, key.signer());
    /** A key whose verification method belongs to another DID: signing with it would mislabel who signed. */
    final IssuerKey foreignKid = IssuerKey.jose(did, "did:key:z6MkOther#z6MkOther", key.signer());
    final SdJwtOptions none = SdJwtOptions.disclosing(List.of());

    static JsonObject credential() throws Exception {
        return BoundedJson.parseObject("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],"
                + "\"credentialSubject\":{\"id\":\"did:example:agent\",\"name\":\"Ada\"}}");
    }

    static JsonObject sdJwtVcClaims() {
        return Json.createObjectBuilder().add("vct", "https://credentials.example/agent").add("agent", "a-1").build();
    }

    static void assertNamed(String what, Executable call) {
        NullPointerException e = assertThrows(NullPointerException.class, call);
        assertEquals(what, e.getMessage());
    }

    static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().isBlank());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aMissingKeyIsNamed() throws Exception {
        String vc = jose.issueJwt(credential(), issuerKey);
        assertNamed("key", () -> jose.issueJwt11(credential(), null));
        assertNamed("key", () -> jose.issueJwt11(credential(), null, Duration.ofDays(1)));
        assertNamed("holder", () -> jose.presentJwt(List.of(vc), null));
        assertNamed("holder", () -> jose.presentJwt(List.of(vc), null, PresentationOptions.none()));
        assertNamed("holder", () -> jose.presentJwt11(List.of(vc), null));
        assertNamed("key", () -> jose.issueSdJwt(credential(), null, none));
        assertNamed("key", () -> jose.issueSdJwtVc(sdJwtVcClaims(), null, none));
        assertNamed("options", () -> jose.issueSdJwt(credential(), issuerKey, null));
        assertNamed("options", () -> jose.issueSdJwtVc(sdJwtVcClaims(), issuerKey, null));
        assertNamed("options", () -> jose.presentJwt11(List.of(vc), issuerKey, null));
        StatusListIssuer lists = new StatusListIssuer(new Issuer(clock));
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        assertNamed("key", () -> lists.sign("https://status.example/l", StatusPurpose.REVOCATION, bits, null));
        assertNamed("options", () -> lists.sign("https://status.example/l", StatusPurpose.REVOCATION, bits,
                new IssuerKey(did, vm, "eddsa-jcs-2022", key.signer()), null));
    }

    @Test
    void aKeyWhoseMethodIsNotOfItsDidIsRefusedByEveryJoseForm() throws Exception {
        String vc = jose.issueJwt(credential(), issuerKey);
        List<Executable> calls = List.of(
                () -> jose.issueJwt11(credential(), foreignKid),
                () -> jose.presentJwt(List.of(vc), foreignKid),
                () -> jose.presentJwt11(List.of(vc), foreignKid, PresentationOptions.of("n", "a")),
                () -> jose.issueSdJwt(credential(), foreignKid, none),
                () -> jose.issueSdJwtVc(sdJwtVcClaims(), foreignKid, none));
        for (Executable call : calls) {
            JoseException e = assertThrows(JoseException.class, call);
            assertEquals(ErrorType.PROOF_GENERATION_ERROR, e.type());
            assertTrue(e.getMessage().contains("is not a verification method of " + did), e.getMessage());
            assertOneLine(e);
        }
    }

    @Test
    void aKeyOfAnotherIssuerOrHolderThanTheDocumentNamesIsRefused() throws Exception {
        JsonObject otherIssuer = Json.createObjectBuilder(credential()).add("issuer", "did:example:other").build();
        for (Executable call : List.<Executable>of(() -> jose.issueJwt11(otherIssuer, issuerKey),
                () -> jose.issueSdJwt(otherIssuer, issuerKey, none))) {
            JoseException e = assertThrows(JoseException.class, call);
            assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type());
            assertEquals("/issuer", e.path());
            assertOneLine(e);
        }
        JsonObject othersPresentation = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(JoseIssuer.CREDENTIALS_V2))
                .add("type", "VerifiablePresentation").add("holder", "did:example:someone-else").build();
        JoseException e = assertThrows(JoseException.class, () -> jose.presentJwt(othersPresentation, issuerKey, PresentationOptions.none()));
        assertEquals("/holder", e.path());
        assertTrue(e.getMessage().contains("would be signed by " + did), e.getMessage());
    }

    @Test
    void aStatusListKeyWhoseSuiteDoesNotTakeItsSignerIsRefused() {
        KeyMaterial p256 = KeyMaterial.generate(KeyType.P256);
        IssuerKey mismatched = new IssuerKey(DidKey.didFor(p256.publicKey()), DidKey.verificationMethodId(p256.publicKey()), "eddsa-jcs-2022",
                p256.signer());
        StatusListIssuer lists = new StatusListIssuer(new Issuer(clock));
        ProofException e = assertThrows(ProofException.class, () -> lists.sign("https://status.example/l", StatusPurpose.REVOCATION,
                StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1), mismatched, StatusListOptions.defaults().withTtl(Duration.ofMinutes(5))));
        assertEquals(ErrorType.PROOF_GENERATION_ERROR, e.type());
        assertOneLine(e);
        // a list too small for group privacy is refused before anything is signed
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> lists.sign("https://status.example/l",
                StatusPurpose.REVOCATION, StatusBitstring.zeros(8, 1), new IssuerKey(did, vm, "eddsa-jcs-2022", key.signer())));
        assertTrue(small.getMessage().contains(String.valueOf(StatusBitstring.MIN_ENTRIES)), small.getMessage());
    }

    @Test
    void absentIsNeverSpelledAsEmptyZeroOrNull() {
        for (Executable call : List.<Executable>of(() -> PresentationOptions.none().withNonce(""),
                () -> PresentationOptions.none().withAudience(""), () -> PresentationOptions.of("", "aud"),
                () -> SdJwtOptions.disclosing(List.of()).withValidFor(Duration.ZERO),
                () -> SdJwtOptions.disclosing(List.of()).withValidFor(Duration.ofMinutes(-1)),
                () -> StatusListOptions.defaults().withTtl(Duration.ZERO),
                () -> StatusListOptions.defaults().withValidFor(Duration.ofSeconds(-5)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().contains("must"), e.getMessage());
        }
        assertNamed("nonce", () -> PresentationOptions.none().withNonce(null));
        assertNamed("audience", () -> PresentationOptions.none().withAudience(null));
        assertNamed("disclosable", () -> SdJwtOptions.disclosing(null));
        assertThrows(NullPointerException.class, () -> SdJwtOptions.disclosing(Arrays.asList("/a", null)));
        assertNamed("holderKey", () -> SdJwtOptions.disclosing(List.of()).withHolderKey(null));
        assertNamed("ttl", () -> StatusListOptions.defaults().withTtl(null));
        assertNamed("validFor", () -> StatusListOptions.defaults().withValidFor(null));
    }

    @Test
    void optionsAreImmutableValues() {
        PresentationOptions none = PresentationOptions.none();
        PresentationOptions nonce = none.withNonce("n");
        assertTrue(none.nonce().isEmpty(), "withNonce leaves the original unchanged");
        assertEquals(PresentationOptions.of("n", "a"), nonce.withAudience("a"));
        SdJwtOptions base = SdJwtOptions.disclosing(List.of("/a"));
        SdJwtOptions timed = base.withValidFor(Duration.ofHours(1));
        assertTrue(base.validFor().isEmpty());
        assertEquals(Duration.ofHours(1), timed.validFor().orElseThrow());
        assertEquals(timed, SdJwtOptions.disclosing(List.of("/a")).withValidFor(Duration.ofHours(1)));
        StatusListOptions d = StatusListOptions.defaults();
        assertTrue(d.withTtl(Duration.ofMinutes(1)).validFor().isEmpty());
        assertTrue(d.ttl().isEmpty());
        assertFalse(timed.toString().contains("PublicKey"), "toString names whether a key is bound, not the key");
    }

    @Test
    void aForbiddenPointerInTheOptionsIsRefusedWithItsPath() throws Exception {
        JoseException e = assertThrows(JoseException.class,
                () -> jose.issueSdJwt(credential(), issuerKey, SdJwtOptions.disclosing(List.of("/issuer"))));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, e.type());
        assertEquals("/issuer", e.path());
        JoseException vct = assertThrows(JoseException.class,
                () -> jose.issueSdJwtVc(sdJwtVcClaims(), issuerKey, SdJwtOptions.disclosing(List.of("/vct"))));
        assertEquals("/vct", vct.path());
        JoseException notPointer = assertThrows(JoseException.class,
                () -> jose.issueSdJwt(credential(), issuerKey, SdJwtOptions.disclosing(List.of("credentialSubject/name"))));
        assertTrue(notPointer.getMessage().contains("must start with '/'"), notPointer.getMessage());
    }
}
