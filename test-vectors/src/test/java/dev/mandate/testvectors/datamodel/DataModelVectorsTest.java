package dev.mandate.testvectors.datamodel;

import dev.mandate.vc.json.BoundedJson;
import dev.mandate.vc.json.JsonInputException;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.model.DocumentKind;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every fixture of the W3C VC Data Model 2.0 test suite ({@code vectors/vc-data-model-2.0-test-suite/input},
 * see PROVENANCE.md there) through {@link DataModelValidator}: each {@code *-ok.json} must be accepted and each
 * {@code *-fail.json} rejected for the reason its name gives, checked as the JSON Pointer of the problem, its
 * error type and a phrase of its message.
 *
 * <p>The fixtures are written for the suite's issuer test, which first fills in the issuer's own id when
 * {@code issuer} (or {@code issuer.id}) is absent, and replaces the {@code PAST DATE} / {@code FUTURE DATE}
 * placeholders. This runner does the same (see {@link #asTheSuiteSendsIt}); the fixture testing a missing
 * issuer is left as it is.
 */
class DataModelVectorsTest {
    static final String ROOT = "/vectors/vc-data-model-2.0-test-suite/input";
    static final String SUITE_ISSUER = "did:key:z6MkhTNL7i2etLerDK8Acz5t528giE5KA4p75T6ka1E1D74r";

    record Expected(String path, ErrorType type, String phrase) {}

    static Expected malformed(String path, String phrase) {
        return new Expected(path, ErrorType.MALFORMED_VALUE_ERROR, phrase);
    }

    /** Why each failing fixture must fail, as its name says. */
    static final Map<String, Expected> WHY = Map.ofEntries(
            entry("credential-context-combo3-fail.json", malformed("/@context/1", "is not a URL")),
            entry("credential-context-combo4-fail.json", malformed("/@context/1", "must be URLs or objects")),
            entry("credential-evidence-missing-type-fail.json", malformed("/evidence/type", "evidence has no type")),
            entry("credential-id-multi-fail.json", malformed("/id", "must be a single URL")),
            entry("credential-id-nonidentifier-fail.json", malformed("/id", "must be a URL; found null")),
            entry("credential-id-not-url-fail.json", malformed("/id", "id is not a URL")),
            entry("credential-id-subject-multi-fail.json", malformed("/credentialSubject/id", "must be a single URL")),
            entry("credential-issuer-no-url-fail.json", malformed("/issuer", "issuer is not a URL")),
            entry("credential-issuer-null-fail.json", malformed("/issuer", "found null")),
            entry("credential-issuer-object-id-no-url-fail.json", malformed("/issuer/id", "issuer id is not a URL")),
            entry("credential-issuer-object-id-null-fail.json", malformed("/issuer/id", "must be a URL; found null")),
            entry("credential-missing-base-context-fail-or-inject.json", malformed("/@context/0", "first @context item must be")),
            entry("credential-missing-required-type-fail.json", malformed("/type", "must include \"VerifiableCredential\"")),
            entry("credential-no-context-fail-or-inject.json", malformed("/@context", "@context is missing")),
            entry("credential-no-issuer-fail.json", malformed("/issuer", "credential has no issuer")),
            entry("credential-no-subject-fail.json", malformed("/credentialSubject", "has no credentialSubject")),
            entry("credential-no-type-fail.json", malformed("/type", "credential has no type")),
            entry("credential-proof-missing-type-fail.json", malformed("/proof/type", "proof has no type")),
            entry("credential-redef-type-fail.json", malformed("/@context/1/VerifiableCredential", "redefines the protected term")),
            entry("credential-redef-type2-fail.json", malformed("/@context/2/ExampleVerifiableCredential", "redefines the protected term")),
            entry("credential-refresh-no-type-fail.json", malformed("/refreshService/type", "refreshService has no type")),
            entry("credential-schema-no-id-fail.json", malformed("/credentialSchema/id", "credentialSchema has no id")),
            entry("credential-schema-no-type-fail.json", malformed("/credentialSchema/type", "credentialSchema has no type")),
            entry("credential-schema-non-url-id-fail.json", malformed("/credentialSchema/id", "id is not a URL")),
            entry("credential-status-missing-type-fail.json", malformed("/credentialStatus/type", "credentialStatus has no type")),
            entry("credential-status-multiple-id-fail.json", malformed("/credentialStatus/id", "must be a single URL")),
            entry("credential-status-nonurl-id-fail.json", malformed("/credentialStatus/id", "id is not a URL")),
            entry("credential-status-type-nonurl-fail.json", malformed("/credentialStatus/type", "must be a string or an array of strings")),
            entry("credential-subject-multiple-empty-fail.json", malformed("/credentialSubject/1", "makes no claims")),
            entry("credential-subject-no-claims-fail.json", malformed("/credentialSubject", "makes no claims")),
            entry("credential-termsofuse-missing-type-fail.json", malformed("/termsOfUse/type", "termsOfUse has no type")),
            entry("credential-termsofuse-no-type-fail.json", malformed("/termsOfUse/type", "termsOfUse has no type")),
            entry("credential-type-mapped-nonurl-fail.json", malformed("/@context/1/ExampleTestCredential", "which is not an IRI")),
            entry("credential-type-unmapped-fail.json", malformed("/type/1", "neither a URL nor a term defined by the @context")),
            entry("credential-validUntil-validFrom-fail.json", new Expected("/validUntil", ErrorType.RANGE_ERROR, "is earlier than validFrom")),
            entry("credential-validfrom-invalid-fail.json", malformed("/validFrom", "is not an XML Schema dateTimeStamp")),
            entry("credential-validuntil-invalid-fail.json", malformed("/validUntil", "is not an XML Schema dateTimeStamp")),
            entry("names-and-descriptions/credential-description-extra-prop-en-fail.json", malformed("/description/url", "may only hold @value, @language and @direction")),
            entry("names-and-descriptions/credential-name-extra-prop-en-fail.json", malformed("/name/url", "may only hold @value, @language and @direction")),
            entry("names-and-descriptions/issuer-description-extra-prop-en-fail.json", malformed("/issuer/description/url", "may only hold @value, @language and @direction")),
            entry("names-and-descriptions/issuer-name-extra-prop-en-fail.json", malformed("/issuer/name/url", "may only hold @value, @language and @direction")),
            entry("presentation-context-order-fail.json", malformed("/@context/0", "first @context item must be")),
            entry("presentation-enveloped-vc-missing-type-fail.json", malformed("/verifiableCredential/0/type", "it must be \"EnvelopedVerifiableCredential\"")),
            entry("presentation-holder-fail.json", malformed("/holder", "holder is not a URL")),
            entry("presentation-holder-name-fail.json", malformed("/holder/id", "holder object has no id")),
            entry("presentation-holder-object-fail.json", malformed("/holder/id", "holder id is not a URL")),
            entry("presentation-missing-base-context-fail.json", malformed("/@context/0", "first @context item must be")),
            entry("presentation-missing-required-type-fail.json", malformed("/type", "\"VerifiablePresentation\"")),
            entry("presentation-no-context-fail-or-inject.json", malformed("/@context", "@context is missing")),
            entry("presentation-no-type-fail.json", malformed("/type", "type is missing")),
            entry("presentation-vc-as-string-fail.json", malformed("/verifiableCredential/0", "must be objects")),
            entry("presentation-vc-missing-required-type-fail.json", malformed("/verifiableCredential/0/type", "type is an empty array")));

    /** The self-asserted fixtures, whose names carry no verdict, judged for a presentation secured by {@link #VP_SIGNER}. */
    static final String VP_SIGNER = "did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj";
    static final Map<String, Expected> SELF_ASSERTED = Map.of(
            "presentation-self-asserted-vc-ok.json", new Expected("", null, ""),
            "presentation-self-asserted-vc-no-holder.json", malformed("/holder", "must have a holder"),
            "presentation-self-asserted-vc-holder-mismatch.json", malformed("/holder", "is not the issuer"),
            "presentation-self-asserted-vc-issuer-mismatch.json", malformed("/verifiableCredential/0/issuer", "nothing secures it"));

    static Path root() {
        URL url = DataModelVectorsTest.class.getResource(ROOT);
        if (url == null) {
            throw new AssertionError("test resources missing: " + ROOT);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static List<String> all() {
        Path root = root();
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<String> okFiles() {
        return all().stream().filter(n -> n.endsWith("-ok.json"));
    }

    static Stream<String> failFiles() {
        return all().stream().filter(n -> n.contains("-fail"));
    }

    static JsonObject load(String name) throws IOException, JsonInputException {
        try (InputStream in = DataModelVectorsTest.class.getResourceAsStream(ROOT + "/" + name)) {
            return BoundedJson.parseObject(in, BoundedJson.Limits.DEFAULT);
        }
    }

    /**
     * What the W3C suite sends to an issuer: placeholder dates replaced (a year before and after now) and, for a
     * credential, the issuer's id filled in when {@code issuer} or {@code issuer.id} is absent, except in the
     * fixture whose point is the missing issuer.
     */
    static JsonObject asTheSuiteSendsIt(String name, JsonObject doc) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        var b = Json.createObjectBuilder(doc);
        for (String key : List.of("validFrom", "validUntil")) {
            if (doc.get(key) instanceof jakarta.json.JsonString s) {
                if (s.getString().equals("PAST DATE")) {
                    b.add(key, now.minus(365, ChronoUnit.DAYS).toString());
                } else if (s.getString().equals("FUTURE DATE")) {
                    b.add(key, now.plus(365, ChronoUnit.DAYS).toString());
                }
            }
        }
        if (DocumentKind.detect(doc) == DocumentKind.CREDENTIAL && !name.contains("no-issuer")) {
            JsonValue issuer = doc.get("issuer");
            if (issuer == null) {
                b.add("issuer", SUITE_ISSUER);
            } else if (issuer.getValueType() == JsonValue.ValueType.OBJECT && !issuer.asJsonObject().containsKey("id")) {
                b.add("issuer", Json.createObjectBuilder(issuer.asJsonObject()).add("id", SUITE_ISSUER));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("okFiles")
    void okFixtureIsAccepted(String name) throws Exception {
        List<Problem> problems = DataModelValidator.validate(asTheSuiteSendsIt(name, load(name)));
        assertEquals(List.of(), problems, name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failFiles")
    void failFixtureIsRejectedForTheReasonItsNameGives(String name) throws Exception {
        Expected why = WHY.get(name);
        assertTrue(why != null, "no expected reason listed for " + name);
        List<Problem> problems = DataModelValidator.validate(asTheSuiteSendsIt(name, load(name)));
        assertTrue(problems.stream().anyMatch(p -> p.path().equals(why.path()) && p.type() == why.type()
                        && p.message().contains(why.phrase())),
                () -> name + ": expected " + why + " among " + problems);
    }

    /** The accepted credential fixtures that rely on the suite filling in the issuer. */
    static Stream<String> okFilesWithoutIssuer() {
        return okFiles().filter(name -> {
            try {
                JsonObject raw = load(name);
                JsonValue issuer = raw.get("issuer");
                return DocumentKind.detect(raw) == DocumentKind.CREDENTIAL && (issuer == null
                        || (issuer.getValueType() == JsonValue.ValueType.OBJECT && !issuer.asJsonObject().containsKey("id")));
            } catch (IOException | JsonInputException e) {
                throw new AssertionError(name, e);
            }
        });
    }

    /** Shows that filling in the issuer is the only adaptation: without it, the missing issuer is the only problem. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("okFilesWithoutIssuer")
    void withoutTheIssuerFilledInOnlyTheIssuerIsMissing(String name) throws Exception {
        List<Problem> problems = DataModelValidator.validate(asTheSuiteSendsIt("no-issuer", load(name)));
        assertEquals(1, problems.size(), () -> name + ": " + problems);
        assertTrue(problems.get(0).path().equals("/issuer") || problems.get(0).path().equals("/issuer/id"), problems.toString());
        assertTrue(problems.get(0).message().contains("no issuer") || problems.get(0).message().contains("issuer object has no id"),
                problems.toString());
    }

    @Test
    void selfAssertedFixtures() throws Exception {
        for (Map.Entry<String, Expected> e : SELF_ASSERTED.entrySet()) {
            JsonObject vp = load(e.getKey());
            assertEquals(List.of(), DataModelValidator.validate(vp), e.getKey() + " conforms to the data model by itself");
            List<Problem> problems = DataModelValidator.validateSelfAsserted(vp, VP_SIGNER);
            Expected why = e.getValue();
            if (why.type() == null) {
                assertEquals(List.of(), problems, e.getKey());
            } else {
                assertEquals(1, problems.size(), () -> e.getKey() + ": " + problems);
                Problem p = problems.get(0);
                assertEquals(why.path(), p.path(), e.getKey());
                assertEquals(why.type(), p.type(), e.getKey());
                assertTrue(p.message().contains(why.phrase()), () -> e.getKey() + ": " + p.message());
            }
        }
    }

    @Test
    void everyFixtureIsAccountedFor() {
        List<String> all = all();
        long ok = all.stream().filter(n -> n.endsWith("-ok.json")).count();
        long fail = all.stream().filter(n -> n.contains("-fail")).count();
        Set<String> other = all.stream().filter(n -> !n.endsWith("-ok.json") && !n.contains("-fail"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(120, all.size());
        assertEquals(65, ok);
        assertEquals(52, fail);
        assertEquals(SELF_ASSERTED.keySet().stream().filter(n -> !n.endsWith("-ok.json")).collect(Collectors.toCollection(TreeSet::new)), other);
        assertEquals(new TreeSet<>(WHY.keySet()), all.stream().filter(n -> n.contains("-fail")).collect(Collectors.toCollection(TreeSet::new)));
    }
}
