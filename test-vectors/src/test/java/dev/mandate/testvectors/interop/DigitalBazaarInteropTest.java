package dev.mandate.testvectors.interop;

import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import dev.mandate.vc.verifier.VerifyOptions;
import dev.mandate.vc.verify.VerificationResult;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two-way interop with Digital Bazaar's {@code @digitalbazaar/vc} and its Data Integrity cryptosuites, from
 * committed fixtures (test-vectors/interop/digitalbazaar makes them; see its README):
 * <ul>
 * <li>credentials and presentations Digital Bazaar signed with eddsa-rdfc-2022, eddsa-jcs-2022,
 *     ecdsa-rdfc-2019 and ecdsa-jcs-2019 (P-256 and P-384) verify with Mandate, and attacked copies fail;</li>
 * <li>Mandate's own credentials and presentations for the same suites were verified by Digital Bazaar
 *     (verdicts recorded by the script in {@code mandate/db-verdicts.json}, tampered copies refused), and
 *     still verify with this build of Mandate.</li>
 * </ul>
 */
class DigitalBazaarInteropTest {
    static final Set<String> SUITES = Set.of("eddsa-rdfc-2022/Ed25519", "eddsa-jcs-2022/Ed25519", "ecdsa-rdfc-2019/P-256",
            "ecdsa-rdfc-2019/P-384", "ecdsa-jcs-2019/P-256", "ecdsa-jcs-2019/P-384");
    static final Instant AT = Instant.parse("2027-01-01T00:00:00Z");
    static final Verifier VERIFIER = Verifier.builder(new DidMethodResolver(DidResolvers.offline())).build();

    /** One fixture file: who made it, with which suite, and what a verifier must be told. */
    record Fixture(String file, String suite, String curve, String kind, JsonObject document, String challenge, String domain) {
        static Fixture read(String dir, String file) {
            JsonObject f = json(text("/interop/" + dir + "/" + file));
            return new Fixture(file, f.getString("suite"), f.getString("curve"), f.getString("kind"), f.getJsonObject("document"),
                    f.getString("challenge", null), f.getString("domain", null));
        }

        boolean presentation() {
            return kind.equals("presentation");
        }

        VerifyOptions options() {
            VerifyOptions o = VerifyOptions.none().at(AT);
            return presentation() ? o.withChallenge(challenge).withDomain(domain) : o;
        }

        Fixture with(JsonObject changed) {
            return new Fixture(file, suite, curve, kind, changed, challenge, domain);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static String text(String resource) {
        try (InputStream in = DigitalBazaarInteropTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(String s) {
        return Json.createReader(new StringReader(s)).readObject();
    }

    static List<String> files(String dir) {
        String index = text("/interop/" + dir + "/index.txt");
        return index.lines().filter(l -> !l.isBlank()).toList();
    }

    static Stream<Fixture> digitalBazaar() {
        return files("digitalbazaar").stream().map(f -> Fixture.read("digitalbazaar", f));
    }

    static Stream<Fixture> mandate() {
        return files("mandate").stream().map(f -> Fixture.read("mandate", f));
    }

    static VerificationResult verify(Fixture f) {
        return VERIFIER.verify(f.document(), f.options());
    }

    @Test
    void bothSetsCoverEverySuiteAndCurveForCredentialsAndPresentations() {
        for (List<Fixture> set : List.of(digitalBazaar().toList(), mandate().toList())) {
            Set<String> credentials = new TreeSet<>();
            Set<String> presentations = new TreeSet<>();
            for (Fixture f : set) {
                (f.presentation() ? presentations : credentials).add(f.suite() + "/" + f.curve());
            }
            assertEquals(new TreeSet<>(SUITES), credentials, set::toString);
            assertEquals(new TreeSet<>(SUITES), presentations, set::toString);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("digitalBazaar")
    void digitalBazaarsFixturesVerifyWithMandate(Fixture f) {
        VerificationResult r = verify(f);
        assertTrue(r.verified(), () -> f + ": " + r.toJson());
        assertEquals(f.presentation() ? "presentation" : "credential", r.kind());
        JsonObject proof = proof(f.document());
        assertEquals(f.suite(), proof.getString("cryptosuite"));
        if (f.suite().contains("jcs")) {
            assertEquals(f.document().get("@context"), proof.get("@context"), "Digital Bazaar's JCS proofs carry proof.@context");
        }
    }

    /** A named change that must make verification fail. */
    record Attack(String name, UnaryOperator<JsonObject> change) {
    }

    static List<Attack> attacksOn(Fixture f) {
        List<Attack> attacks = new ArrayList<>();
        attacks.add(new Attack("subject changed", doc -> f.presentation()
                ? replaceFirstCredential(doc, vc -> set(vc, "credentialSubject", Json.createObjectBuilder().add("id", "did:example:mallory").build()))
                : set(doc, "credentialSubject", Json.createObjectBuilder().add("id", "did:example:mallory").build())));
        attacks.add(new Attack("proof created changed", doc -> set(doc, "proof", set(proof(doc), "created", Json.createValue("2026-06-01T00:00:00Z")))));
        attacks.add(new Attack("cryptosuite renamed", doc -> set(doc, "proof", set(proof(doc), "cryptosuite",
                Json.createValue(f.suite().contains("jcs") ? f.suite().replace("jcs", "rdfc") : f.suite().replace("rdfc", "jcs"))))));
        if (f.suite().contains("jcs")) {
            JsonArray longer = Json.createArrayBuilder(contexts(doc(f))).add("https://w3id.org/security/multikey/v1").build();
            attacks.add(new Attack("proof.@context differs", doc -> set(doc, "proof", set(proof(doc), "@context",
                    Json.createArrayBuilder().add("https://www.w3.org/ns/credentials/examples/v2").build()))));
            attacks.add(new Attack("proof.@context longer than the document's", doc -> set(doc, "proof", set(proof(doc), "@context", longer))));
            attacks.add(new Attack("context appended to the document", doc -> set(doc, "@context", longer)));
        }
        return attacks;
    }

    static JsonObject doc(Fixture f) {
        return f.document();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("digitalBazaar")
    void attackedCopiesOfDigitalBazaarsFixturesFail(Fixture f) {
        for (Attack a : attacksOn(f)) {
            VerificationResult r = verify(f.with(a.change().apply(f.document())));
            assertFalse(r.verified(), () -> f + " with " + a.name() + " must fail: " + r.toJson());
        }
        if (f.presentation()) {
            VerificationResult wrongChallenge = VERIFIER.verify(f.document(), VerifyOptions.none().at(AT).withChallenge("another").withDomain(f.domain()));
            assertFalse(wrongChallenge.verified(), f::toString);
            VerificationResult wrongDomain = VERIFIER.verify(f.document(), VerifyOptions.none().at(AT).withChallenge(f.challenge()).withDomain("evil.example"));
            assertFalse(wrongDomain.verified(), f::toString);
        }
    }

    @Test
    void theP384RdfcPresentationIsOneWhereTheRdfcHashDecides() throws Exception {
        // this fixture guards ecdsa-rdfc-2019's P-384 canonicalization: its blank nodes order differently under
        // RDFC-1.0 with SHA-256 and with SHA-384, and Digital Bazaar signed the SHA-384 form
        Fixture f = Fixture.read("digitalbazaar", "ecdsa-rdfc-2019-p-384-presentation.json");
        JsonObject unsecured = Json.createObjectBuilder(f.document()).remove("proof").build();
        var t = dev.mandate.vc.proof.Cryptosuites.byName("ecdsa-rdfc-2019").orElseThrow().transformation();
        assertFalse(java.util.Arrays.equals(t.canonicalize(unsecured), t.canonicalize(unsecured, dev.mandate.did.crypto.KeyType.P384)));
        assertTrue(verify(f).verified());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mandate")
    void mandatesFixturesStillVerifyWithMandate(Fixture f) {
        VerificationResult r = verify(f);
        assertTrue(r.verified(), () -> f + ": " + r.toJson());
    }

    @Test
    void digitalBazaarVerifiedEveryMandateFixtureAndRefusedEveryTamperedCopy() {
        JsonObject recorded = json(text("/interop/mandate/db-verdicts.json"));
        JsonObject verdicts = recorded.getJsonObject("verdicts");
        List<String> fixtures = files("mandate");
        int attacked = 0;
        for (String file : fixtures) {
            JsonObject v = verdicts.getJsonObject(file);
            assertTrue(v != null && v.getBoolean("verified"), () -> "Digital Bazaar did not verify " + file + ": " + v);
        }
        for (Map.Entry<String, JsonValue> e : verdicts.entrySet()) {
            String name = e.getKey();
            int hash = name.indexOf('#');
            String file = hash < 0 ? name : name.substring(0, hash);
            assertTrue(fixtures.contains(file), () -> "a verdict for a fixture that is not committed: " + name);
            if (hash >= 0) {
                attacked++;
                assertFalse(e.getValue().asJsonObject().getBoolean("verified"), () -> "Digital Bazaar accepted " + name);
            }
        }
        assertTrue(attacked >= 2 * fixtures.size(), "each Mandate fixture was also attacked: " + attacked);
    }

    @Test
    void theVerdictsCameFromThePinnedPackages() throws IOException {
        JsonObject pkg = json(Files.readString(Path.of(System.getProperty("user.dir"), "interop/digitalbazaar/package.json")));
        JsonObject recorded = json(text("/interop/mandate/db-verdicts.json")).getJsonObject("packages");
        for (Map.Entry<String, JsonValue> dep : pkg.getJsonObject("dependencies").entrySet()) {
            String version = ((jakarta.json.JsonString) dep.getValue()).getString();
            assertTrue(version.matches("\\d+\\.\\d+\\.\\d+"), () -> dep.getKey() + " must be pinned exactly, not " + version);
            assertEquals(version, recorded.getString(dep.getKey(), "(missing)"), dep.getKey());
        }
    }

    static JsonObject proof(JsonObject doc) {
        JsonValue p = doc.get("proof");
        return p instanceof JsonArray a ? a.getJsonObject(0) : (JsonObject) p;
    }

    static JsonArray contexts(JsonObject doc) {
        JsonValue c = doc.get("@context");
        return c instanceof JsonArray a ? a : Json.createArrayBuilder().add(c).build();
    }

    static JsonObject set(JsonObject o, String member, JsonValue value) {
        JsonObjectBuilder b = Json.createObjectBuilder(o);
        b.add(member, value);
        return b.build();
    }

    static JsonObject replaceFirstCredential(JsonObject vp, UnaryOperator<JsonObject> change) {
        JsonArray vcs = vp.getJsonArray("verifiableCredential");
        var b = Json.createArrayBuilder();
        for (int i = 0; i < vcs.size(); i++) {
            b.add(i == 0 ? change.apply(vcs.getJsonObject(0)) : vcs.get(i));
        }
        return set(vp, "verifiableCredential", b.build());
    }
}
