package dev.mandate.testvectors;

import dev.mandate.vc.canon.CanonicalDataset;
import dev.mandate.vc.canon.Rdfc;
import dev.mandate.vc.canon.RdfcOptions;
import dev.mandate.vc.jsonld.JsonLdException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The W3C RDFC-1.0 test suite (vectors/rdf-canon), driven by its manifest: every evaluation test must
 * produce the expected N-Quads byte for byte, every map test the expected issued identifiers map, and the
 * negative (poison graph) test must be refused by the work limit.
 */
class RdfCanonSuiteTest {

    private static final String ROOT = "/vectors/rdf-canon/";

    static List<JsonObject> entries(String type) throws IOException {
        JsonObject manifest = json(read("manifest.jsonld")).asJsonObject();
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : manifest.getJsonArray("entries")) {
            JsonObject e = v.asJsonObject();
            if (e.getString("type").equals(type)) {
                out.add(e);
            }
        }
        return out;
    }

    static Stream<Arguments> evalTests() throws IOException {
        return entries("rdfc:RDFC10EvalTest").stream().map(e -> Arguments.of(e.getString("id"), e.getString("name"), e));
    }

    static Stream<Arguments> mapTests() throws IOException {
        return entries("rdfc:RDFC10MapTest").stream().map(e -> Arguments.of(e.getString("id"), e.getString("name"), e));
    }

    @Test
    void manifestHasTheWholeSuite() throws IOException {
        assertEquals(64, entries("rdfc:RDFC10EvalTest").size());
        assertEquals(21, entries("rdfc:RDFC10MapTest").size());
        assertEquals(1, entries("rdfc:RDFC10NegativeEvalTest").size());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("evalTests")
    void eval(String id, String name, JsonObject test) throws Exception {
        CanonicalDataset result = Rdfc.canonicalizeNQuads(read(test.getString("action")), options(test));
        assertEquals(read(test.getString("result")), result.nquads());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("mapTests")
    void map(String id, String name, JsonObject test) throws Exception {
        String input = read(test.getString("action"));
        CanonicalDataset result = Rdfc.canonicalizeNQuads(input, options(test));
        Map<String, String> expected = new TreeMap<>();
        json(read(test.getString("result"))).asJsonObject()
                .forEach((k, v) -> expected.put(k, ((jakarta.json.JsonString) v).getString()));
        assertEquals(expected, new TreeMap<>(result.issuedIdentifiers()));
    }

    @Test
    void poisonGraphIsRefusedByTheWorkLimit() throws Exception {
        JsonObject test = entries("rdfc:RDFC10NegativeEvalTest").get(0);
        String input = read(test.getString("action"));
        JsonLdException e = assertThrows(JsonLdException.class,
                () -> Rdfc.canonicalizeNQuads(input, options(test)));
        assertEquals(ErrorType.LIMIT_EXCEEDED_ERROR, e.type());
        assertTrue(e.getMessage().contains("Hash N-Degree Quads"), e.getMessage());
    }

    @Test
    void poisonGraphIsRefusedEvenWithALowLimit() throws Exception {
        JsonObject test = entries("rdfc:RDFC10NegativeEvalTest").get(0);
        String input = read(test.getString("action"));
        assertThrows(JsonLdException.class,
                () -> Rdfc.canonicalizeNQuads(input, options(test).withWorkLimit(10)));
    }

    private static RdfcOptions options(JsonObject test) {
        String alg = test.getString("hashAlgorithm", "SHA256");
        return RdfcOptions.defaults().withHashAlgorithm(alg.equals("SHA384") ? "SHA-384" : "SHA-256");
    }

    static String read(String path) throws IOException {
        try (InputStream in = RdfCanonSuiteTest.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IOException("missing test resource " + ROOT + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonValue json(String s) {
        try (JsonReader r = Json.createReader(new StringReader(s))) {
            return r.readValue();
        }
    }
}
