package dev.mandate.vc.issuer;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.key.DidKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.PresentationOptions;
import dev.mandate.vc.issuer.jose.SdJwtHolder;
import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.issuer.status.StatusListIssuer;
import dev.mandate.vc.issuer.status.StatusListOptions;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.status.StatusBitstring;
import dev.mandate.vc.status.StatusPurpose;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deprecated positional forms of the JOSE presentations, VC-JWT 1.1, SD-JWT and status list signing, and their
 * {@link IssuerKey} + options replacements, give the same output. The clock is fixed and Ed25519 is deterministic,
 * so outputs without random parts are byte-identical; a presentation's random {@code id}/{@code jti} and SD-JWT
 * salts are left out of the comparison, which then compares header, payload (or decoded claims) and verifies both
 * signatures.
 */
@SuppressWarnings("deprecation") // calling the deprecated forms is the point of this test
class DeprecatedJoseAndStatusFormsTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    final JoseIssuer jose = new JoseIssuer(clock);
    final KeyMaterial key = KeyMaterial.generate(KeyType.ED25519);
    final String did = DidKey.didFor(key.publicKey());
    final String vm = DidKey.verificationMethodId(key.publicKey());
    final IssuerKey issuerKey = IssuerKey.jose(did, vm, key.signer());
    final KeyMaterial holder = KeyMaterial.generate(KeyType.P256);
    final String holderDid = DidKey.didFor(holder.publicKey());
    final String holderVm = DidKey.verificationMethodId(holder.publicKey());
    final IssuerKey holderKey = IssuerKey.jose(holderDid, holderVm, holder.signer());

    static JsonObject credential() throws Exception {
        return BoundedJson.parseObject("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],"
                + "\"id\":\"urn:uuid:5f1c\",\"credentialSubject\":{\"id\":\"did:example:agent\",\"name\":\"Ada\",\"scope\":[\"a\",\"b\"]}}");
    }

    static JsonObject payload(String jws) throws Exception {
        return CompactJws.parse(jws).payloadObject(BoundedJson.Limits.DEFAULT);
    }

    static JsonObject without(JsonObject o, String member) {
        return Json.createObjectBuilder(o).remove(member).build();
    }

    /** Same header, same payload apart from {@code randomMember}, and both signed by {@code signer}. */
    static void assertSameJwtApartFrom(String old, String now, String randomMember, KeyMaterial signer) throws Exception {
        CompactJws o = CompactJws.parse(old);
        CompactJws n = CompactJws.parse(now);
        assertEquals(o.header().toJSONObject(), n.header().toJSONObject());
        assertEquals(without(payload(old), randomMember), without(payload(now), randomMember));
        assertTrue(o.verifySignature(signer.publicKey().verifier()));
        assertTrue(n.verifySignature(signer.publicKey().verifier()));
    }

    @Test
    void issueJwt11GivesTheSameJwt() throws Exception {
        String old = jose.issueJwt11(credential(), did, vm, Optional.of(Duration.ofDays(1)), key.signer());
        String now = jose.issueJwt11(credential(), issuerKey, Duration.ofDays(1));
        assertEquals(old, now);
        assertEquals(T0.plus(Duration.ofDays(1)).getEpochSecond(), payload(now).getJsonNumber("exp").longValue());
        assertEquals(jose.issueJwt11(credential(), did, vm, Optional.empty(), key.signer()), jose.issueJwt11(credential(), issuerKey));
        assertFalse(payload(jose.issueJwt11(credential(), issuerKey)).containsKey("exp"));
        assertNotEquals(now, jose.issueJwt11(credential(), issuerKey, Duration.ofDays(2)), "the comparison notices another validity");
    }

    @Test
    void presentJwtGivesTheSamePresentation() throws Exception {
        String vc = jose.issueJwt(credential(), issuerKey);
        String old = jose.presentJwt(List.of(vc), holderDid, holderVm, Optional.of("n-1"), Optional.of("https://v.example"), holder.signer());
        String now = jose.presentJwt(List.of(vc), holderKey, PresentationOptions.of("n-1", "https://v.example"));
        assertSameJwtApartFrom(old, now, "id", holder);
        assertEquals("n-1", payload(now).getString("nonce"));
        assertEquals("https://v.example", payload(now).getString("aud"));

        String oldNonceOnly = jose.presentJwt(List.of(vc), holderDid, holderVm, Optional.of("n-2"), Optional.empty(), holder.signer());
        String nowNonceOnly = jose.presentJwt(List.of(vc), holderKey, PresentationOptions.none().withNonce("n-2"));
        assertSameJwtApartFrom(oldNonceOnly, nowNonceOnly, "id", holder);
        assertFalse(payload(nowNonceOnly).containsKey("aud"));

        String oldAudOnly = jose.presentJwt(List.of(vc), holderDid, holderVm, Optional.empty(), Optional.of("v"), holder.signer());
        String nowAudOnly = jose.presentJwt(List.of(vc), holderKey, PresentationOptions.none().withAudience("v"));
        assertSameJwtApartFrom(oldAudOnly, nowAudOnly, "id", holder);
        assertFalse(payload(nowAudOnly).containsKey("nonce"));

        String oldBare = jose.presentJwt(List.of(vc), holderDid, holderVm, Optional.empty(), Optional.empty(), holder.signer());
        assertSameJwtApartFrom(oldBare, jose.presentJwt(List.of(vc), holderKey), "id", holder);
        assertSameJwtApartFrom(jose.presentJwt(List.of(vc), holderKey, PresentationOptions.none()), jose.presentJwt(List.of(vc), holderKey),
                "id", holder);
    }

    @Test
    void presentJwtOfAnAssembledPresentationGivesTheSameJwt() throws Exception {
        JsonObject vp = Json.createObjectBuilder()
                .add("@context", Json.createArrayBuilder().add(JoseIssuer.CREDENTIALS_V2))
                .add("id", "urn:uuid:fixed")
                .add("type", "VerifiablePresentation")
                .add("verifiableCredential", Json.createArrayBuilder().add(JoseIssuer.envelope(jose.issueJwt(credential(), issuerKey))))
                .build();
        // the caller's presentation has no random part: P-256 signatures are randomised, so compare the signed parts
        String old = jose.presentJwt(vp, holderDid, holderVm, Optional.of("c"), Optional.of("d"), holder.signer());
        String now = jose.presentJwt(vp, holderKey, PresentationOptions.of("c", "d"));
        assertEquals(old.substring(0, old.lastIndexOf('.')), now.substring(0, now.lastIndexOf('.')));
        assertTrue(CompactJws.parse(now).verifySignature(holder.publicKey().verifier()));
        assertEquals(holderDid, payload(now).getString("holder"));
    }

    @Test
    void presentJwt11GivesTheSamePresentation() throws Exception {
        String vc = jose.issueJwt11(credential(), issuerKey, Duration.ofDays(1));
        String old = jose.presentJwt11(List.of(vc), holderDid, holderVm, Optional.of("n"), Optional.of("aud"), holder.signer());
        String now = jose.presentJwt11(List.of(vc), holderKey, PresentationOptions.of("n", "aud"));
        assertSameJwtApartFrom(old, now, "jti", holder);
        assertEquals(vc, payload(now).getJsonObject("vp").getJsonArray("verifiableCredential").getString(0));
        String oldBare = jose.presentJwt11(List.of(vc), holderDid, holderVm, Optional.empty(), Optional.empty(), holder.signer());
        String nowBare = jose.presentJwt11(List.of(vc), holderKey);
        assertSameJwtApartFrom(oldBare, nowBare, "jti", holder);
        assertFalse(payload(nowBare).containsKey("nonce"));
        assertFalse(payload(nowBare).containsKey("aud"));
    }

    /** Same header, the same claims after undoing the disclosures, the same disclosable claims, and a valid signature. */
    static void assertSameSdJwt(String old, String now, KeyMaterial signer) throws Exception {
        CompactJws o = CompactJws.parse(SdJwt.parse(old).issuerSignedJwt());
        CompactJws n = CompactJws.parse(SdJwt.parse(now).issuerSignedJwt());
        assertEquals(o.header().toJSONObject(), n.header().toJSONObject());
        assertTrue(o.verifySignature(signer.publicKey().verifier()));
        assertTrue(n.verifySignature(signer.publicKey().verifier()));
        SdJwtHolder.Decoded od = SdJwtHolder.decode(old);
        SdJwtHolder.Decoded nd = SdJwtHolder.decode(now);
        assertEquals(od.claims(), nd.claims());
        assertEquals(od.disclosable(), nd.disclosable());
        assertEquals(SdJwt.parse(old).disclosures().size(), SdJwt.parse(now).disclosures().size());
    }

    @Test
    void issueSdJwtGivesTheSameCredential() throws Exception {
        List<String> pointers = List.of("/credentialSubject/name", "/credentialSubject/scope/1");
        String old = jose.issueSdJwt(credential(), did, vm, Optional.of(Duration.ofHours(1)), pointers, Optional.of(holder.publicKey()),
                key.signer());
        String now = jose.issueSdJwt(credential(), issuerKey,
                SdJwtOptions.disclosing(pointers).withValidFor(Duration.ofHours(1)).withHolderKey(holder.publicKey()));
        assertSameSdJwt(old, now, key);
        JsonObject claims = SdJwtHolder.decode(now).claims();
        assertEquals(T0.plus(Duration.ofHours(1)).getEpochSecond(), claims.getJsonNumber("exp").longValue());
        assertTrue(claims.containsKey("cnf"));
        assertEquals(List.of("/credentialSubject/name", "/credentialSubject/scope/1"),
                SdJwtHolder.decode(now).disclosable().keySet().stream().sorted().toList());

        String oldPlain = jose.issueSdJwt(credential(), did, vm, Optional.empty(), pointers, Optional.empty(), key.signer());
        String nowPlain = jose.issueSdJwt(credential(), issuerKey, SdJwtOptions.disclosing(pointers));
        assertSameSdJwt(oldPlain, nowPlain, key);
        assertFalse(SdJwtHolder.decode(nowPlain).claims().containsKey("exp"));
        assertFalse(SdJwtHolder.decode(nowPlain).claims().containsKey("cnf"));
    }

    @Test
    void issueSdJwtVcGivesTheSameCredential() throws Exception {
        JsonObject claims = Json.createObjectBuilder().add("vct", "https://credentials.example/agent").add("agent", "a-1")
                .add("scopes", Json.createArrayBuilder().add("read").add("pay")).build();
        List<String> pointers = List.of("/agent", "/scopes/1");
        String old = jose.issueSdJwtVc(claims, did, vm, Optional.of(Duration.ofDays(1)), pointers, Optional.of(holder.publicKey()), key.signer());
        String now = jose.issueSdJwtVc(claims, issuerKey,
                SdJwtOptions.disclosing(pointers).withValidFor(Duration.ofDays(1)).withHolderKey(holder.publicKey()));
        assertSameSdJwt(old, now, key);
        assertEquals("dc+sd-jwt", CompactJws.parse(SdJwt.parse(now).issuerSignedJwt()).typ().orElseThrow());
        String oldPlain = jose.issueSdJwtVc(claims, did, vm, Optional.empty(), List.of(), Optional.empty(), key.signer());
        String nowPlain = jose.issueSdJwtVc(claims, issuerKey, SdJwtOptions.disclosing(List.of()));
        assertSameSdJwt(oldPlain, nowPlain, key);
        assertEquals(0, SdJwt.parse(nowPlain).disclosures().size());
    }

    @Test
    void statusListSignGivesTheSameListCredential() throws Exception {
        StatusListIssuer lists = new StatusListIssuer(new Issuer(clock));
        IssuerKey jcs = new IssuerKey(did, vm, "eddsa-jcs-2022", key.signer());
        StatusBitstring bits = StatusBitstring.zeros(StatusBitstring.MIN_ENTRIES, 1);
        bits.set(42, 1);
        String url = "https://status.example/lists/1";
        JsonObject old = lists.sign(url, StatusPurpose.REVOCATION, bits, Duration.ofMinutes(5), Optional.of(Duration.ofDays(7)), jcs);
        JsonObject now = lists.sign(url, StatusPurpose.REVOCATION, bits, jcs,
                StatusListOptions.defaults().withTtl(Duration.ofMinutes(5)).withValidFor(Duration.ofDays(7)));
        assertEquals(old, now);
        assertEquals(300_000, now.getJsonObject("credentialSubject").getJsonNumber("ttl").longValue());
        assertEquals("2026-03-08T08:00:00Z", now.getString("validUntil"));
        assertTrue(DataIntegrity.verifyProof(now, now.getJsonObject("proof"), "/proof", key.publicKey().verifier()).isEmpty());

        JsonObject oldBare = lists.sign(url, StatusPurpose.REVOCATION, bits, Duration.ZERO, Optional.empty(), jcs);
        JsonObject nowBare = lists.sign(url, StatusPurpose.REVOCATION, bits, jcs);
        assertEquals(oldBare, nowBare);
        assertEquals(nowBare, lists.sign(url, StatusPurpose.REVOCATION, bits, jcs, StatusListOptions.defaults()));
        assertFalse(nowBare.getJsonObject("credentialSubject").containsKey("ttl"));
        assertFalse(nowBare.containsKey("validUntil"));
        assertNotEquals(now, nowBare, "the comparison notices the options");
    }
}
