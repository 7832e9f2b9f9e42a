package dev.mandate.vc.json;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link CompactJson} writes what the JSON-P writer writes, byte for byte. */
class CompactJsonTest {

    private static byte[] parsson(JsonValue v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonWriter w = Jsonp.PROVIDER.createWriterFactory(Map.of()).createWriter(out, StandardCharsets.UTF_8)) {
            w.write(v);
        }
        return out.toByteArray();
    }

    @Test
    void escapesWhatRfc8259RequiresAndKeepsMemberOrder() throws Exception {
        JsonValue v = BoundedJson.parse("{\"z\":\"a\\\"b\\\\c\\u0001\\u001f\\b\\f\\n\\r\\t/\u007f\u00e9\u20ac\ud83d\ude00\","
                + "\"a\":[1,-2.50,1E+3,true,false,null,{}],\"m\":{}}");
        String text = CompactJson.text(v);
        assertEquals("{\"z\":\"a\\\"b\\\\c\\u0001\\u001f\\b\\f\\n\\r\\t/\u007f\u00e9\u20ac\ud83d\ude00\","
                + "\"a\":[1,-2.50,1E+3,true,false,null,{}],\"m\":{}}", text);
        assertArrayEquals(parsson(v), CompactJson.utf8(v));
    }

    @Test
    void aLoneSurrogateIsEncodedAsTheWriterEncodesIt() {
        JsonValue v = Jsonp.PROVIDER.createArrayBuilder().add("x\ud800y").add("\udc00").build();
        assertArrayEquals(parsson(v), CompactJson.utf8(v));
    }

    @Provide
    Arbitrary<JsonValue> values() {
        return jsonValues();
    }

    /** Any JSON value up to 4 levels deep: strings of any characters, integers, decimals, literals. */
    static Arbitrary<JsonValue> jsonValues() {
        Arbitrary<String> strings = Arbitraries.strings().all().ofMaxLength(12);
        Arbitrary<JsonValue> scalars = Arbitraries.oneOf(
                strings.map(s -> (JsonValue) Jsonp.PROVIDER.createValue(s)),
                Arbitraries.longs().map(n -> (JsonValue) Jsonp.PROVIDER.createValue(n)),
                Arbitraries.bigDecimals().ofScale(3).map(n -> (JsonValue) Jsonp.PROVIDER.createValue(n)),
                Arbitraries.of(JsonValue.TRUE, JsonValue.FALSE, JsonValue.NULL));
        return Arbitraries.recursive(() -> scalars, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(CompactJsonTest::array),
                Arbitraries.maps(strings, inner).ofMaxSize(4).map(CompactJsonTest::object)), 0, 4);
    }

    private static JsonValue array(List<JsonValue> items) {
        JsonArrayBuilder b = Jsonp.PROVIDER.createArrayBuilder();
        items.forEach(b::add);
        return b.build();
    }

    private static JsonValue object(Map<String, JsonValue> members) {
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder();
        members.forEach(b::add);
        return b.build();
    }

    @Property(tries = 500)
    void writesTheSameBytesAsTheJsonPWriter(@ForAll("values") JsonValue v) {
        assertArrayEquals(parsson(v), CompactJson.utf8(v), () -> CompactJson.text(v));
    }

    @Test
    void aNumberIsWrittenAsItsJsonNumberText() {
        JsonValue v = Jsonp.PROVIDER.createValue(new BigDecimal("1.000E-7"));
        assertEquals(v.toString(), CompactJson.text(v));
    }
}
