package dev.mandate.vc.verifier.jose;

import dev.mandate.vc.issuer.jose.PresentationOptions;
import dev.mandate.vc.issuer.jose.SdJwtOptions;
import dev.mandate.vc.verifier.Verification;
import dev.mandate.vc.verifier.VerifiedCredential;
import dev.mandate.vc.verifier.VerifiedPresentation;
import dev.mandate.vc.verifier.Verifier;

import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.did.key.DidKey;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.issuer.jose.JoseIssuer;
import dev.mandate.vc.issuer.jose.SdJwtHolder;
import dev.mandate.vc.jose.CompactJws;
import dev.mandate.vc.jose.Disclosure;
import dev.mandate.vc.jose.KeyBinding;
import dev.mandate.vc.jose.SdJwt;
import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.verifier.MethodResolution;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JoseAdapterTest {
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    static final Duration SKEW = Duration.ofSeconds(60);

    final KeyMaterial issuerKey = KeyMaterial.generate(KeyType.ED25519);
    final KeyMaterial holderKey = KeyMaterial.generate(KeyType.P256);
    final String issuer = DidKey.didFor(issuerKey.publicKey());
    final String issuerKid = DidKey.verificationMethodId(issuerKey.publicKey());
    final String holder = DidKey.didFor(holderKey.publicKey());
    final String holderKid = DidKey.verificationMethodId(holderKey.publicKey());
    final IssuerKey issuerSigning = IssuerKey.jose(issuer, issuerKid, issuerKey.signer());
    final IssuerKey holderSigning = IssuerKey.jose(holder, holderKid, holderKey.signer());
    final JoseIssuer jose = new JoseIssuer(CLOCK);
    final Verifier verifier = verifierWith(new DidMethodResolver(DidResolvers.offline()));

    /** The pipeline as the JOSE tests use it: fixed clock and skew, status not read. */
    static Verifier verifierWith(dev.mandate.vc.verifier.MethodResolver resolver) {
        return Verifier.builder(resolver).clock(CLOCK).clockSkew(SKEW).ignoreCredentialStatus().build();
    }

    /** The verified view of a credential or presentation. */
    static Optional<JsonObject> doc(Verification v) {
        return v.credential().map(VerifiedCredential::view).or(() -> v.presentation().map(VerifiedPresentation::view));
    }

    static JsonObject json(String s) {
        try {
            return BoundedJson.parseObject(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    JsonObject agentCredential() {
        return json("{'@context':['https://www.w3.org/ns/credentials/v2','https://www.w3.org/ns/credentials/examples/v2'],'id':'urn:uuid:1c1e3b6a-0000-4000-8000-000000000001',"
                + "'type':['VerifiableCredential','AgentCapabilityCredential'],"
                + "'credentialSubject':{'id':'" + holder + "','name':'invoice-agent',"
                + "'capability':[{'action':'read','resource':'crm'},{'action':'pay','resource':'billing','limit':100},"
                + "{'action':'email','resource':'smtp'}],'owner':{'org':'ACME','contact':'ops@acme.example'}}}");
    }

    static void assertProblem(VerificationResult r, ErrorType type) {
        assertFalse(r.verified(), "should not verify: " + r.toJson());
        assertTrue(r.problems().stream().anyMatch(p -> p.type() == type), "expected " + type + " in " + r.toJson());
    }

    static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String decodePart(String jws, int i) {
        return new String(new Base64URL(jws.split("\\.")[i]).decode(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ vc+jwt

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void vcJwtRoundTripForEveryAlgorithm(KeyType type) throws Exception {
        KeyMaterial key = KeyMaterial.generate(type);
        String did = DidKey.didFor(key.publicKey());
        String jws = jose.issueJwt(agentCredential(), IssuerKey.jose(did, DidKey.verificationMethodId(key.publicKey()), key.signer()), Duration.ofHours(1));
        JsonObject header = json(decodePart(jws, 0));
        assertEquals(type.jwsAlgorithm(), header.getString("alg"));
        assertEquals("vc+jwt", header.getString("typ"));
        assertEquals("vc", header.getString("cty"));
        assertEquals(DidKey.verificationMethodId(key.publicKey()), header.getString("kid"));

        Verification v = verifier.verifyWithView(jws, VerifyOptions.none());
        VerificationResult r = v.result();
        assertTrue(r.verified(), r.toJson().toString());
        assertEquals("vc+jwt", r.format());
        assertEquals("credential", r.kind());
        assertTrue(r.checks().containsAll(List.of("header", "signature", "issuer", "assertionMethod", "jwtTimes", "validityPeriod", "dataModel")),
                r.checks().toString());
        JsonObject doc = doc(v).orElseThrow();
        assertEquals(did, doc.getString("issuer"));
        assertEquals(did, doc.getString("iss"));
        assertEquals(agentCredential().getJsonObject("credentialSubject"), doc.getJsonObject("credentialSubject"));
        assertEquals("2026-06-01T12:00:00Z", doc.getString("validFrom"));
        assertEquals("2026-06-01T13:00:00Z", doc.getString("validUntil"));
    }

    @Test
    void expiredAndNotYetValidCredentials() throws Exception {
        String jws = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()), Duration.ofMinutes(5));
        VerificationResult late = verifier.verify(jws, VerifyOptions.none().at(T0.plus(Duration.ofHours(2))));
        assertProblem(late, ErrorType.VALIDITY_PERIOD_ERROR);
        assertTrue(late.problems().stream().anyMatch(p -> p.path().equals("/validUntil")), late.toJson().toString());
        assertTrue(late.problems().stream().anyMatch(p -> p.path().equals("/exp")), late.toJson().toString());
        // within the skew it is still fine
        assertTrue(verifier.verify(jws, VerifyOptions.none().at(T0.plus(Duration.ofMinutes(5)).plusSeconds(30))).verified());
        VerificationResult early = verifier.verify(jws, VerifyOptions.none().at(T0.minus(Duration.ofHours(1))));
        assertProblem(early, ErrorType.VALIDITY_PERIOD_ERROR);
        assertTrue(early.problems().stream().anyMatch(p -> p.path().equals("/validFrom")));
        assertTrue(early.problems().stream().anyMatch(p -> p.path().equals("/iat")));
    }

    @Test
    void tamperedHeaderPayloadAndSignatureAreDetected() throws Exception {
        String jws = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()));
        String[] parts = jws.split("\\.");
        // header: same key and alg, different typ/cty
        String header = decodePart(jws, 0).replace("\"cty\":\"vc\"", "\"cty\":\"vc+ld+json\"");
        VerificationResult h = verifier.verify(b64(header) + "." + parts[1] + "." + parts[2], VerifyOptions.none());
        assertProblem(h, ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        // payload: raise the agent's payment limit
        String payload = decodePart(jws, 1).replace("\"limit\":100", "\"limit\":1000000");
        VerificationResult p = verifier.verify(parts[0] + "." + b64(payload) + "." + parts[2], VerifyOptions.none());
        assertProblem(p, ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        assertTrue(p.checks().isEmpty() || !p.checks().contains("signature"));
        // signature: flip one bit in the middle
        byte[] sig = new Base64URL(parts[2]).decode();
        sig[20] ^= 0x01;
        VerificationResult s = verifier.verify(parts[0] + "." + parts[1] + "." + Base64URL.encode(sig), VerifyOptions.none());
        assertProblem(s, ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        // truncated signature
        assertProblem(verifier.verify(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 40), VerifyOptions.none()),
                ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
    }

    @Test
    void algNoneIsRejected() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"vc+jwt\",\"kid\":\"" + issuerKid + "\"}");
        String payload = b64(agentCredential().toString());
        assertProblem(verifier.verify(header + "." + payload + ".", VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        String header2 = b64("{\"alg\":\"NONE\",\"typ\":\"vc+jwt\",\"kid\":\"" + issuerKid + "\"}");
        assertProblem(verifier.verify(header2 + "." + payload + ".", VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
    }

    @Test
    void hmacWithThePublicKeyAsSecretIsRejected() throws Exception {
        JsonObject vc = Json.createObjectBuilder(agentCredential()).add("issuer", issuer).build();
        for (JWSAlgorithm hs : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512)) {
            JWSObject forged = new JWSObject(new JWSHeader.Builder(hs).type(new JOSEObjectType("vc+jwt")).keyID(issuerKid).build(),
                    new Payload(vc.toString()));
            byte[] secret = hs == JWSAlgorithm.HS256 ? issuerKey.publicKey().bytes()
                    : (issuerKid + issuerKid).getBytes(StandardCharsets.US_ASCII);
            forged.sign(new MACSigner(secret));
            VerificationResult r = verifier.verify(forged.serialize(), VerifyOptions.none());
            assertProblem(r, ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
            assertTrue(r.problems().get(0).message().contains("HMAC"), r.toJson().toString());
        }
    }

    @Test
    void es256HeaderOnAnEd25519KeyIsRejected() throws Exception {
        JsonObject vc = Json.createObjectBuilder(agentCredential()).add("issuer", issuer).build();
        // a real ES256 signature by another key, labelled with the Ed25519 issuer's kid
        KeyMaterial p256 = KeyMaterial.generate(KeyType.P256);
        String forged = CompactJws.sign(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("vc+jwt")).keyID(issuerKid).build(),
                vc.toString().getBytes(StandardCharsets.UTF_8), p256.signer());
        VerificationResult r = verifier.verify(forged, VerifyOptions.none());
        assertProblem(r, ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        assertTrue(r.problems().get(0).message().contains("does not match"), r.toJson().toString());
        // a genuine Ed25519 signature relabelled ES256
        String genuine = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()));
        String relabelled = b64(decodePart(genuine, 0).replace("EdDSA", "ES256")) + genuine.substring(genuine.indexOf('.'));
        assertProblem(verifier.verify(relabelled, VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
    }

    @Test
    void issuerMustControlTheSigningKey() throws Exception {
        KeyMaterial mallory = KeyMaterial.generate(KeyType.ED25519);
        // claims the honest issuer, signs with mallory's own (resolvable) key
        JsonObject vc = Json.createObjectBuilder(agentCredential()).add("issuer", issuer).add("validFrom", "2026-01-01T00:00:00Z").build();
        String forged = CompactJws.sign(CompactJws.headerFor(mallory.signer()).type(new JOSEObjectType("vc+jwt"))
                .keyID(DidKey.verificationMethodId(mallory.publicKey())).build(), vc.toString().getBytes(StandardCharsets.UTF_8), mallory.signer());
        VerificationResult r = verifier.verify(forged, VerifyOptions.none());
        assertProblem(r, ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        assertEquals("/issuer", r.problems().get(0).path());
        // iss disagreeing with issuer
        JsonObject vc2 = Json.createObjectBuilder(vc).add("iss", "did:example:other").build();
        String signed = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vc+jwt")).keyID(issuerKid).build(),
                vc2.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        VerificationResult r2 = verifier.verify(signed, VerifyOptions.none());
        assertProblem(r2, ErrorType.MALFORMED_VALUE_ERROR);
        assertTrue(r2.problems().stream().anyMatch(p -> p.path().equals("/iss")));
        // the issuer refuses to sign for someone else
        JsonObject claimsOther = Json.createObjectBuilder(agentCredential()).add("issuer", "did:example:other").build();
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, org.junit.jupiter.api.Assertions.assertThrows(dev.mandate.vc.jose.JoseException.class,
                () -> jose.issueJwt(claimsOther, IssuerKey.jose(issuer, issuerKid, issuerKey.signer()))).type());
    }

    @Test
    void relationshipKidAndResolverFailures() throws Exception {
        String jws = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()));
        Verifier authOnly = verifierWith(onlyRelationships(Set.of("authentication")));
        assertProblem(authOnly.verify(jws, VerifyOptions.none()), ErrorType.INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD);

        Verifier down = verifierWith(url -> new MethodResolution.Failed(Problem.of(ErrorType.RESOLUTION_ERROR, "resolver down")));
        VerificationResult r = down.verify(jws, VerifyOptions.none());
        assertProblem(r, ErrorType.RESOLUTION_ERROR);
        assertTrue(r.operationalFailure());

        Verifier throwing = verifierWith(url -> { throw new IllegalStateException("boom"); });
        assertProblem(throwing.verify(jws, VerifyOptions.none()), ErrorType.RESOLUTION_ERROR);

        JsonObject vc = Json.createObjectBuilder(agentCredential()).add("issuer", issuer).build();
        for (String kid : new String[] {null, "", "https://example.com/key", "#frag-on-non-did"}) {
            JWSHeader.Builder h = CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vc+jwt"));
            if (kid != null) h.keyID(kid);
            JsonObject payload = "#frag-on-non-did".equals(kid) ? Json.createObjectBuilder(vc).add("issuer", "https://issuer.example").build() : vc;
            String s = CompactJws.sign(h.build(), payload.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
            assertProblem(verifier.verify(s, VerifyOptions.none()), ErrorType.INVALID_VERIFICATION_METHOD_URL);
        }
        // a relative kid is resolved against a DID issuer
        String rel = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vc+jwt"))
                .keyID("#" + issuerKey.publicKey().toMultikey()).build(), vc.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        assertTrue(verifier.verify(rel, VerifyOptions.none()).verified());
    }

    @Test
    void headerPolicyAndShape() throws Exception {
        JsonObject vc = Json.createObjectBuilder(agentCredential()).add("issuer", issuer).build();
        byte[] body = vc.toString().getBytes(StandardCharsets.UTF_8);
        String crit = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vc+jwt")).keyID(issuerKid)
                .criticalParams(Set.of("urn:example:ext")).customParam("urn:example:ext", 1).build(), body, issuerKey.signer());
        assertProblem(verifier.verify(crit, VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        String kbTyp = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("kb+jwt")).keyID(issuerKid).build(),
                body, issuerKey.signer());
        assertProblem(verifier.verify(kbTyp, VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        JsonObject withVc = Json.createObjectBuilder(vc).add("vc", Json.createObjectBuilder()).build();
        String vcClaim = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vc+jwt")).keyID(issuerKid).build(),
                withVc.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        assertProblem(verifier.verify(vcClaim, VerifyOptions.none()), ErrorType.MALFORMED_VALUE_ERROR);
        JsonObject noSubject = Json.createObjectBuilder(vc).remove("credentialSubject").build();
        String bad = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vc+jwt")).keyID(issuerKid).build(),
                noSubject.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        VerificationResult r = verifier.verify(bad, VerifyOptions.none());
        assertProblem(r, ErrorType.MALFORMED_VALUE_ERROR);
        assertTrue(r.checks().contains("signature"));
        // untyped JWT whose payload is a credential is treated as vc+jwt
        String untyped = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).keyID(issuerKid).build(), body, issuerKey.signer());
        VerificationResult u = verifier.verify(untyped, VerifyOptions.none());
        assertTrue(u.verified(), u.toJson().toString());
        assertEquals("vc+jwt", u.format());
    }

    @Test
    void garbageNeverThrowsAndSizeIsBounded() throws Exception {
        for (String s : new String[] {null, "", "   ", "{}", "[1,2]", "a.b.c", "a.b", "~", "a.b.c~", "eyJ.eyJ.eyJ", "....",
                "a.b.c~~", "\u0000\u0001", b64("{\"alg\":\"EdDSA\"}") + "." + b64("[]") + ".AA"}) {
            VerificationResult r = verifier.verify(s, VerifyOptions.none());
            assertFalse(r.verified(), String.valueOf(s));
            assertFalse(r.problems().isEmpty());
        }
        String huge = "e".repeat(JoseAdapter.DEFAULT_MAX_CHARS + 1);
        assertProblem(verifier.verify(huge, VerifyOptions.none()), ErrorType.LIMIT_EXCEEDED_ERROR);
        String deep = b64("{\"alg\":\"EdDSA\",\"typ\":\"vc+jwt\",\"kid\":\"" + issuerKid + "\"}") + "." + b64("[".repeat(5000) + "]".repeat(5000)) + ".AA";
        assertFalse(verifier.verify(deep, VerifyOptions.none()).verified());

        String valid = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()));
        Random random = new Random(42);
        String alphabet = "ABCxyz019-_.~=+/{}\" ";
        for (int i = 0; i < 2000; i++) {
            StringBuilder m = new StringBuilder(valid);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(m.length());
                switch (random.nextInt(3)) {
                    case 0: m.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                    case 1: m.deleteCharAt(at); break;
                    default: m.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            VerificationResult r = verifier.verify(m.toString(), VerifyOptions.none());
            assertTrue(r.verified() || !r.problems().isEmpty());
        }
    }

    @Test
    void looksLikeJose() throws Exception {
        String valid = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()));
        assertTrue(JoseAdapter.looksLikeJose(valid));
        assertTrue(JoseAdapter.looksLikeJose("  " + valid + "\n"));
        assertTrue(JoseAdapter.looksLikeJose(valid + "~WyJhIiwiYiJd~"));
        assertFalse(JoseAdapter.looksLikeJose("{\"@context\":[]}"));
        assertFalse(JoseAdapter.looksLikeJose("abc"));
        assertFalse(JoseAdapter.looksLikeJose(null));
        assertFalse(JoseAdapter.looksLikeJose("a b.c.d"));
        assertTrue(JoseAdapter.looksLikeJose("data:application/vc+jwt," + valid));
        assertFalse(JoseAdapter.looksLikeJose("data:application/vc+cose;base64,0oREo"));
        assertTrue(verifier.verify("data:application/vc+jwt," + valid, VerifyOptions.none()).verified());
        assertProblem(verifier.verify("data:text/plain,hello", VerifyOptions.none()), ErrorType.PARSING_ERROR);
    }

    // ------------------------------------------------------------------ vp+jwt

    @Test
    void presentationWithEnvelopedCredentials() throws Exception {
        String vcJwt = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()), Duration.ofHours(1));
        String sdJwt = jose.issueSdJwt(agentCredential(), issuerSigning, SdJwtOptions.disclosing(List.of("/credentialSubject/name")));
        String vp = jose.presentJwt(List.of(vcJwt, sdJwt), holderSigning, PresentationOptions.of("n-123", "https://bank.example"));
        JsonObject header = json(decodePart(vp, 0));
        assertEquals("vp+jwt", header.getString("typ"));
        assertEquals("vp", header.getString("cty"));
        JsonObject payload = json(decodePart(vp, 1));
        assertEquals("data:application/vc+jwt," + vcJwt, payload.getJsonArray("verifiableCredential").getJsonObject(0).getString("id"));
        assertEquals("EnvelopedVerifiableCredential", payload.getJsonArray("verifiableCredential").getJsonObject(1).getString("type"));

        VerifyOptions ok = VerifyOptions.none().withChallenge("n-123").withDomain("https://bank.example");
        VerificationResult r = verifier.verify(vp, ok);
        assertTrue(r.verified(), r.toJson().toString());
        assertEquals("vp+jwt", r.format());
        assertEquals("presentation", r.kind());
        assertTrue(r.checks().containsAll(List.of("authentication", "challenge", "domain", "credentials", "holder")), r.checks().toString());
        assertEquals(2, r.credentialResults().size());
        assertEquals("vc+jwt", r.credentialResults().get(0).format());
        assertEquals("sd-jwt", r.credentialResults().get(1).format());

        assertProblem(verifier.verify(vp, VerifyOptions.none().withChallenge("other")), ErrorType.INVALID_CHALLENGE_ERROR);
        assertProblem(verifier.verify(vp, VerifyOptions.none().withDomain("https://evil.example")), ErrorType.INVALID_DOMAIN_ERROR);
        String noNonce = jose.presentJwt(List.of(vcJwt), holderSigning);
        assertProblem(verifier.verify(noNonce, ok), ErrorType.INVALID_CHALLENGE_ERROR);
    }

    @Test
    void presentationReportsWhichCredentialFailed() throws Exception {
        String good = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()));
        String expired = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()), Duration.ofSeconds(1));
        JoseIssuer later = new JoseIssuer(Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        String vp = later.presentJwt(List.of(good, expired), holderSigning);
        VerificationResult r = verifier.verify(vp, VerifyOptions.none().at(T0.plus(Duration.ofHours(1))));
        assertFalse(r.verified());
        // the presentation says which credential failed (one problem, at its path), as for Data Integrity presentations
        assertEquals(1, r.problems().size(), r.toJson().toString());
        assertEquals("/verifiableCredential/1", r.problems().get(0).path());
        assertTrue(r.credentialResults().get(0).verified());
        assertProblem(r.credentialResults().get(1), ErrorType.VALIDITY_PERIOD_ERROR);
        // a presentation signed with the issuer's key but naming the holder is refused
        String wrongSigner = jose.presentJwt(List.of(good), issuerSigning);
        JsonObject p = json(decodePart(wrongSigner, 1));
        JsonObject forged = Json.createObjectBuilder(p).add("holder", holder).add("iss", holder).build();
        String f = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vp+jwt")).keyID(issuerKid).build(),
                forged.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        assertProblem(verifier.verify(f, VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        // a plain (unsecured) credential inside a vp+jwt is not accepted: it re-enters the pipeline, which finds no proof
        JsonObject plain = Json.createObjectBuilder(p).add("verifiableCredential", Json.createArrayBuilder().add(agentCredential())).build();
        String pl = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vp+jwt")).keyID(issuerKid).build(),
                plain.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        VerificationResult pr = verifier.verify(pl, VerifyOptions.none());
        assertFalse(pr.verified());
        assertProblem(pr.credentialResults().get(0), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
    }

    // ------------------------------------------------------------------ VC-JWT 1.1

    @Test
    void vcJwt11RoundTrip() throws Exception {
        JsonObject v1 = json("{'@context':['https://www.w3.org/2018/credentials/v1','https://www.w3.org/2018/credentials/examples/v1'],'id':'http://example.edu/credentials/3732',"
                + "'type':['VerifiableCredential','UniversityDegreeCredential'],"
                + "'credentialSubject':{'id':'" + holder + "','degree':{'type':'BachelorDegree','name':'Bachelor of Science'}}}");
        String jwt = jose.issueJwt11(v1, issuerSigning, Duration.ofDays(1));
        JsonObject claims = json(decodePart(jwt, 1));
        assertEquals(issuer, claims.getString("iss"));
        assertEquals(holder, claims.getString("sub"));
        assertEquals("http://example.edu/credentials/3732", claims.getString("jti"));
        assertEquals(T0.getEpochSecond(), claims.getJsonNumber("nbf").longValue());
        assertEquals(T0.plus(Duration.ofDays(1)).getEpochSecond(), claims.getJsonNumber("exp").longValue());
        assertFalse(claims.getJsonObject("vc").containsKey("issuer"));
        assertEquals("JWT", json(decodePart(jwt, 0)).getString("typ"));

        Verification v = verifier.verifyWithView(jwt, VerifyOptions.none());
        assertTrue(v.result().verified(), v.result().toJson().toString());
        assertEquals("vc-jwt-1.1", v.result().format());
        JsonObject doc = doc(v).orElseThrow();
        assertEquals(issuer, doc.getString("issuer"));
        assertEquals("http://example.edu/credentials/3732", doc.getString("id"));
        assertEquals(holder, doc.getJsonObject("credentialSubject").getString("id"));
        assertEquals("2026-06-01T12:00:00Z", doc.getString("issuanceDate"));
        assertEquals("2026-06-02T12:00:00Z", doc.getString("expirationDate"));
        assertProblem(verifier.verify(jwt, VerifyOptions.none().at(T0.plus(Duration.ofDays(2)))), ErrorType.VALIDITY_PERIOD_ERROR);

        // a 2.0 credential in the 1.1 form maps to validFrom/validUntil
        String jwt2 = jose.issueJwt11(agentCredential(), issuerSigning, Duration.ofDays(1));
        Verification v2 = verifier.verifyWithView(jwt2, VerifyOptions.none());
        assertTrue(v2.result().verified(), v2.result().toJson().toString());
        assertEquals("2026-06-02T12:00:00Z", doc(v2).orElseThrow().getString("validUntil"));

        String vp = jose.presentJwt11(List.of(jwt, jwt2), holderSigning, PresentationOptions.of("abc", "did:example:verifier"));
        VerificationResult pr = verifier.verify(vp, VerifyOptions.none().withChallenge("abc").withDomain("did:example:verifier"));
        assertTrue(pr.verified(), pr.toJson().toString());
        assertEquals("vp-jwt-1.1", pr.format());
        assertEquals(List.of("vc-jwt-1.1", "vc-jwt-1.1"), pr.credentialResults().stream().map(VerificationResult::format).toList());
        assertProblem(verifier.verify(vp, VerifyOptions.none().withChallenge("xyz")), ErrorType.INVALID_CHALLENGE_ERROR);

        // vc.issuer contradicting iss
        JsonObject tampered = Json.createObjectBuilder(claims).add("vc", Json.createObjectBuilder(claims.getJsonObject("vc"))
                .add("issuer", "did:example:someone-else")).build();
        String t = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(JOSEObjectType.JWT).keyID(issuerKid).build(),
                tampered.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        assertProblem(verifier.verify(t, VerifyOptions.none()), ErrorType.MALFORMED_VALUE_ERROR);
    }

    // ------------------------------------------------------------------ SD-JWT

    String issueAgentSdJwt() throws Exception {
        return jose.withDecoyDigests(2).issueSdJwt(agentCredential(), issuerSigning,
                SdJwtOptions.disclosing(List.of("/credentialSubject/name", "/credentialSubject/capability/0", "/credentialSubject/capability/1",
                        "/credentialSubject/capability/2", "/credentialSubject/owner", "/credentialSubject/owner/contact"))
                        .withValidFor(Duration.ofDays(30)).withHolderKey(holderKey.publicKey()));
    }

    @Test
    void sdJwtSelectivePresentationWithKeyBinding() throws Exception {
        String issued = issueAgentSdJwt();
        assertEquals("vc+sd-jwt", json(decodePart(SdJwt.parse(issued).issuerSignedJwt(), 0)).getString("typ"));
        // the holder decodes what it could disclose
        SdJwtHolder.Decoded decoded = SdJwtHolder.decode(issued);
        assertTrue(decoded.disclosable().containsKey("/credentialSubject/capability/1"));
        assertEquals(agentCredential().getJsonObject("credentialSubject"), decoded.claims().getJsonObject("credentialSubject"));

        SdJwtHolder holderSide = new SdJwtHolder(CLOCK);
        String presented = holderSide.present(issued, List.of("/credentialSubject/capability/1"), "nonce-42", "https://partner.example",
                holderKey.signer());
        assertEquals(1, SdJwt.parse(presented).disclosures().size(), "only the chosen capability is disclosed");

        VerifyOptions opts = VerifyOptions.none().withChallenge("nonce-42").withDomain("https://partner.example");
        Verification v = verifier.verifyWithView(presented, opts);
        assertTrue(v.result().verified(), v.result().toJson().toString());
        assertEquals("sd-jwt", v.result().format());
        assertTrue(v.result().checks().containsAll(List.of("disclosures", "keyBinding", "challenge", "domain", "dataModel")));
        JsonObject subject = doc(v).orElseThrow().getJsonObject("credentialSubject");
        assertEquals(1, subject.getJsonArray("capability").size());
        assertEquals("pay", subject.getJsonArray("capability").getJsonObject(0).getString("action"));
        assertFalse(subject.containsKey("name"));
        assertFalse(subject.containsKey("owner"));

        // nested: choosing the contact pulls in its owner container too
        String withContact = holderSide.present(issued, List.of("/credentialSubject/owner/contact"), "n", "a", holderKey.signer());
        JsonObject owner = doc(verifier.verifyWithView(withContact, VerifyOptions.none().withChallenge("n").withDomain("a")))
                .orElseThrow().getJsonObject("credentialSubject").getJsonObject("owner");
        assertEquals(json("{'org':'ACME','contact':'ops@acme.example'}"), owner);
        // and the owner without its contact
        String ownerOnly = holderSide.presentWithoutKeyBinding(issued, List.of());
        assertEquals(0, SdJwt.parse(ownerOnly).disclosures().size());
        assertTrue(verifier.verify(ownerOnly, VerifyOptions.none()).verified(), "no challenge: key binding not required");
    }

    @Test
    void sdJwtTamperingIsDetected() throws Exception {
        String issued = issueAgentSdJwt();
        SdJwtHolder holderSide = new SdJwtHolder(CLOCK);
        VerifyOptions opts = VerifyOptions.none().withChallenge("n1").withDomain("aud1");
        String presented = holderSide.present(issued, List.of("/credentialSubject/capability/1"), "n1", "aud1", holderKey.signer());
        SdJwt sd = SdJwt.parse(presented);
        String kb = sd.keyBindingJwt().orElseThrow();
        Disclosure pay = Disclosure.parse(sd.disclosures().get(0));

        // disclosure altered (a higher limit), KB re-signed by the holder so only the disclosure check can catch it
        JsonObject richer = Json.createObjectBuilder(pay.value().asJsonObject()).add("limit", 1_000_000).build();
        Disclosure forged = Disclosure.forArrayElement(pay.salt(), richer);
        SdJwt forgedSd = SdJwt.of(sd.issuerSignedJwt(), List.of(forged.encoded()));
        String forgedPresentation = forgedSd.withKeyBinding(KeyBinding.sign(forgedSd, "n1", "aud1", T0, holderKey.signer())).serialize();
        VerificationResult r = verifier.verify(forgedPresentation, opts);
        assertProblem(r, ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        assertTrue(r.problems().get(0).message().contains("not referenced"), r.toJson().toString());

        // duplicate disclosure
        SdJwt dup = SdJwt.of(sd.issuerSignedJwt(), List.of(pay.encoded(), pay.encoded()));
        assertProblem(verifier.verify(dup.withKeyBinding(KeyBinding.sign(dup, "n1", "aud1", T0, holderKey.signer())).serialize(), opts),
                ErrorType.MALFORMED_VALUE_ERROR);

        // a disclosure added after the holder signed: sd_hash no longer matches
        Disclosure name = Disclosure.parse(SdJwt.parse(issued).disclosures().stream()
                .filter(d -> { try { return Disclosure.parse(d).claimName().orElse("").equals("name"); } catch (Exception e) { return false; } })
                .findFirst().orElseThrow());
        String added = SdJwt.of(sd.issuerSignedJwt(), List.of(pay.encoded(), name.encoded())).withKeyBinding(kb).serialize();
        assertProblem(verifier.verify(added, opts), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);

        // KB-JWT payload tampered (nonce swapped without re-signing)
        String[] kbParts = kb.split("\\.");
        String kbPayload = decodePart(kb, 1).replace("\"n1\"", "\"n2\"");
        String kbTampered = kbParts[0] + "." + b64(kbPayload) + "." + kbParts[2];
        assertProblem(verifier.verify(sd.withKeyBinding(kbTampered).serialize(), VerifyOptions.none().withChallenge("n2").withDomain("aud1")),
                ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        // KB-JWT signature tampered
        byte[] sig = new Base64URL(kbParts[2]).decode();
        sig[10] ^= 0x40;
        assertProblem(verifier.verify(sd.withKeyBinding(kbParts[0] + "." + kbParts[1] + "." + Base64URL.encode(sig)).serialize(), opts),
                ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        // KB-JWT signed by someone other than the cnf holder
        KeyMaterial thief = KeyMaterial.generate(KeyType.P256);
        SdJwt bare = SdJwt.of(sd.issuerSignedJwt(), sd.disclosures());
        assertProblem(verifier.verify(bare.withKeyBinding(KeyBinding.sign(bare, "n1", "aud1", T0, thief.signer())).serialize(), opts),
                ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        // issuer-signed JWT payload tampered
        String[] jwtParts = sd.issuerSignedJwt().split("\\.");
        String jwtPayload = decodePart(sd.issuerSignedJwt(), 1).replace(holder, "did:example:mallory");
        SdJwt badJwt = SdJwt.of(jwtParts[0] + "." + b64(jwtPayload) + "." + jwtParts[2], sd.disclosures());
        assertProblem(verifier.verify(badJwt.withKeyBinding(KeyBinding.sign(badJwt, "n1", "aud1", T0, holderKey.signer())).serialize(), opts),
                ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
    }

    @Test
    void sdJwtKeyBindingPolicy() throws Exception {
        String issued = issueAgentSdJwt();
        SdJwtHolder holderSide = new SdJwtHolder(CLOCK);
        String presented = holderSide.present(issued, List.of(), "n1", "aud1", holderKey.signer());
        assertTrue(verifier.verify(presented, VerifyOptions.none().withChallenge("n1").withDomain("aud1")).verified());
        assertProblem(verifier.verify(presented, VerifyOptions.none().withChallenge("n2")), ErrorType.INVALID_CHALLENGE_ERROR);
        assertProblem(verifier.verify(presented, VerifyOptions.none().withDomain("aud2")), ErrorType.INVALID_DOMAIN_ERROR);
        // no KB-JWT while the verifier asks for one
        String bearer = holderSide.presentWithoutKeyBinding(issued, List.of("/credentialSubject/name"));
        assertProblem(verifier.verify(bearer, VerifyOptions.none().withChallenge("n1")), ErrorType.INVALID_CHALLENGE_ERROR);
        // stale and future KB-JWTs
        assertProblem(verifier.verify(presented, VerifyOptions.none().withChallenge("n1").at(T0.plus(Duration.ofMinutes(30)))),
                ErrorType.VALIDITY_PERIOD_ERROR);
        assertProblem(verifier.verify(presented, VerifyOptions.none().withChallenge("n1").at(T0.minus(Duration.ofMinutes(30)))),
                ErrorType.VALIDITY_PERIOD_ERROR);
        assertTrue(Verifier.builder(new DidMethodResolver(DidResolvers.offline())).clock(CLOCK).clockSkew(SKEW).ignoreCredentialStatus().keyBindingMaxAge(Duration.ofHours(1)).build()
                .verify(presented, VerifyOptions.none().withChallenge("n1").at(T0.plus(Duration.ofMinutes(30)))).verified());
        // the holder refuses a signer whose key type differs from cnf
        KeyMaterial ed = KeyMaterial.generate(KeyType.ED25519);
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, org.junit.jupiter.api.Assertions.assertThrows(dev.mandate.vc.jose.JoseException.class,
                () -> holderSide.present(issued, List.of(), "n", "a", ed.signer())).type());
    }

    @Test
    void sdJwtIssuanceRefusesValidationCriticalClaims() {
        for (String p : List.of("/@context", "/type", "/issuer", "/validFrom", "/credentialSubject", "/cnf", "/credentialStatus/id",
                "/credentialSchema")) {
            assertEquals(ErrorType.MALFORMED_VALUE_ERROR, org.junit.jupiter.api.Assertions.assertThrows(dev.mandate.vc.jose.JoseException.class,
                    () -> jose.issueSdJwt(agentCredential(), issuerSigning, SdJwtOptions.disclosing(List.of(p))), p).type());
        }
    }

    @Test
    void sdJwtVcWithDcTyp() throws Exception {
        JsonObject claims = json("{'vct':'https://mandate.dev/vct/agent','agent':'invoice-agent','scopes':['crm:read','billing:pay']}");
        String issued = jose.issueSdJwtVc(claims, issuerSigning, SdJwtOptions.disclosing(List.of("/agent", "/scopes/1"))
                .withValidFor(Duration.ofDays(1)).withHolderKey(holderKey.publicKey()));
        assertEquals("dc+sd-jwt", json(decodePart(SdJwt.parse(issued).issuerSignedJwt(), 0)).getString("typ"));
        String presented = new SdJwtHolder(CLOCK).present(issued, List.of("/scopes/1"), "n", "a", holderKey.signer());
        Verification v = verifier.verifyWithView(presented, VerifyOptions.none().withChallenge("n").withDomain("a"));
        assertTrue(v.result().verified(), v.result().toJson().toString());
        assertEquals(List.of("crm:read", "billing:pay"), doc(v).orElseThrow().getJsonArray("scopes").getValuesAs(
                jakarta.json.JsonString::getString));
        assertFalse(doc(v).orElseThrow().containsKey("agent"));
        assertEquals(ErrorType.MALFORMED_VALUE_ERROR, org.junit.jupiter.api.Assertions.assertThrows(dev.mandate.vc.jose.JoseException.class,
                () -> jose.issueSdJwtVc(claims, issuerSigning, SdJwtOptions.disclosing(List.of("/vct")))).type());
    }

    @Test
    void sdJwtWithWrongTypOrUnsupportedHashIsRejected() throws Exception {
        JsonObject payload = Json.createObjectBuilder(agentCredential()).add("issuer", issuer).add("_sd_alg", "sha-512").build();
        String jwt = CompactJws.sign(CompactJws.headerFor(issuerKey.signer()).type(new JOSEObjectType("vc+sd-jwt")).keyID(issuerKid).build(),
                payload.toString().getBytes(StandardCharsets.UTF_8), issuerKey.signer());
        assertProblem(verifier.verify(jwt + "~", VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        String vcJwt = jose.issueJwt(agentCredential(), IssuerKey.jose(issuer, issuerKid, issuerKey.signer()));
        assertProblem(verifier.verify(vcJwt + "~", VerifyOptions.none()), ErrorType.CRYPTOGRAPHIC_SECURITY_ERROR);
        String sd = issueAgentSdJwt();
        assertProblem(verifier.verify(SdJwt.parse(sd).issuerSignedJwt(), VerifyOptions.none()), ErrorType.PARSING_ERROR);
    }

    /** The real did:key resolver, reporting only the given relationships for every method. */
    static dev.mandate.vc.verifier.MethodResolver onlyRelationships(Set<String> relationships) {
        dev.mandate.vc.verifier.MethodResolver real = new DidMethodResolver(DidResolvers.offline());
        return url -> real.resolve(url) instanceof dev.mandate.vc.verifier.MethodResolution.Found f
                ? new dev.mandate.vc.verifier.MethodResolution.Found(new dev.mandate.vc.verifier.ResolvedMethod(f.method().id(),
                        f.method().controller(), f.method().type(), f.method().key(), relationships))
                : real.resolve(url);
    }
}
