package dev.mandate.testvectors;

import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jcs.JcsException;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8785 vectors (vectors/jcs): the authors' test data, Appendix B, and ECMAScript number output. */
class JcsVectorsTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    @ParameterizedTest
    @ValueSource(strings = {"arrays", "french", "structures", "unicode", "values", "weird"})
    void authorsTestData(String name) throws Exception {
        JsonValue input = parse(read("input/" + name + ".json"));
        byte[] expected = bytes("output/" + name + ".json");
        assertArrayEquals(expected, Jcs.canonicalizeToUtf8(input), name);
        assertEquals(new String(expected, StandardCharsets.UTF_8), Jcs.canonicalize(input));
    }

    @Test
    void appendixBNumberSamples() throws Exception {
        List<String[]> rows = rows("rfc8785-appendix-b.txt");
        assertEquals(24, rows.size());
        for (String[] r : rows) {
            assertEquals(r[1], canonicalNumber(r[0]), r[0]);
        }
    }

    @Test
    void ecmaScriptNumberOutput() throws Exception {
        List<String[]> rows = rows("es6-numbers.txt");
        assertTrue(rows.size() > 10_000);
        for (String[] r : rows) {
            assertEquals(r[1], canonicalNumber(r[0]), r[0]);
        }
    }

    @Test
    void numbersWrittenInOtherWaysCanonicalizeAlike() throws Exception {
        // RFC 8785 section 3.2.4: 333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001
        assertEquals("[333333333.3333333,1e+30,4.5,0.002,1e-27]",
                Jcs.canonicalize(parse("[333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]")));
        assertEquals("[0,0,1e-7,100,-1]", Jcs.canonicalize(parse("[-0, 0.0, 1E-7, 1e2, -1.0]")));
    }

    @Test
    void outOfRangeNumberIsAnError() {
        JcsException e = org.junit.jupiter.api.Assertions.assertThrows(JcsException.class,
                () -> Jcs.canonicalize(parse("{\"a\": [1, 1e400]}")));
        assertEquals("/a/1", e.path());
    }

    /** The canonical text of the double whose IEEE 754 bits are given in hex, built as a JSON number. */
    private static String canonicalNumber(String hex) throws JcsException {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(hex, 16));
        // a JSON number holding exactly this double (BigDecimal(double) is exact)
        return Jcs.canonicalize(JSON.createValue(new BigDecimal(d)));
    }

    private static List<String[]> rows(String file) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : read(file).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.split(",", 2));
            }
        }
        return out;
    }

    private static JsonValue parse(String s) {
        try (JsonReader r = Json.createReader(new StringReader(s))) {
            return r.readValue();
        }
    }

    private static String read(String path) throws IOException {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String path) throws IOException {
        try (InputStream in = JcsVectorsTest.class.getResourceAsStream("/vectors/jcs/" + path)) {
            if (in == null) {
                throw new IOException("missing test resource /vectors/jcs/" + path);
            }
            return in.readAllBytes();
        }
    }
}
