package dev.mandate.vc.jcs;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JcsPropertiesTest {

    private static final JsonProvider JSON = JsonProvider.provider();

    @Property(tries = 500)
    void canonicalizationIsIdempotent(@ForAll("json") JsonValue x) throws JcsException {
        String once = Jcs.canonicalize(x);
        assertEquals(once, Jcs.canonicalize(parse(once)));
    }

    @Property(tries = 500)
    void parsingTheCanonicalFormGivesTheSameValue(@ForAll("json") JsonValue x) throws JcsException {
        assertTrue(same(x, parse(Jcs.canonicalize(x))), () -> x.toString());
    }

    @Property(tries = 300)
    void memberOrderDoesNotMatter(@ForAll("objects") JsonObject x) throws JcsException {
        List<Map.Entry<String, JsonValue>> entries = new ArrayList<>(x.entrySet());
        Collections.reverse(entries);
        JsonObjectBuilder b = JSON.createObjectBuilder();
        entries.forEach(e -> b.add(e.getKey(), e.getValue()));
        assertEquals(Jcs.canonicalize(x), Jcs.canonicalize(b.build()));
    }

    @Property(tries = 5000)
    void numbersRoundTripAndAreNoLongerThanJavasOwn(@ForAll("doubles") double d) {
        String s = Jcs.toEcmaScriptString(d);
        assertEquals(d == 0 ? 0.0 : d, Double.parseDouble(s) == 0 ? 0.0 : Double.parseDouble(s), s);
        assertTrue(significantDigits(s) <= significantDigits(Double.toString(Math.abs(d))), s + " vs " + d);
        assertTrue(s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?(e[+-][1-9][0-9]*)?"), s);
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<Double> doubles() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite),
                Arbitraries.doubles(),
                Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 1000.0));
    }

    @Provide
    Arbitrary<JsonValue> json() {
        return value(3);
    }

    @Provide
    Arbitrary<JsonObject> objects() {
        return object(2).map(JsonValue::asJsonObject);
    }

    private Arbitrary<JsonValue> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, scalar()),
                net.jqwik.api.Tuple.of(1, array(depth - 1)),
                net.jqwik.api.Tuple.of(1, object(depth - 1)));
    }

    private Arbitrary<JsonValue> array(int depth) {
        return value(depth).list().ofMaxSize(5).map(items -> {
            JsonArrayBuilder b = JSON.createArrayBuilder();
            items.forEach(b::add);
            return b.build();
        });
    }

    private Arbitrary<JsonValue> object(int depth) {
        return Arbitraries.maps(text(), value(depth)).ofMaxSize(6).map(m -> {
            JsonObjectBuilder b = JSON.createObjectBuilder();
            m.forEach(b::add);
            return b.build();
        });
    }

    private Arbitrary<JsonValue> scalar() {
        return Arbitraries.oneOf(
                text().map(JSON::createValue),
                doubles().map(d -> JSON.createValue(new BigDecimal(d))),
                Arbitraries.longs().map(JSON::createValue),
                Arbitraries.of(JsonValue.TRUE, JsonValue.FALSE, JsonValue.NULL));
    }

    private Arbitrary<String> text() {
        Arbitrary<String> bmp = Arbitraries.strings()
                .withCharRange('\u0000', '\u00ff').withCharRange('\u0100', '\ud7ff').withCharRange('\ue000', '\uffff')
                .ofMaxLength(12);
        return Arbitraries.oneOf(bmp, bmp.map(s -> s + "\ud83d\ude00" + s)); // with a supplementary character
    }

    // ------------------------------------------------------------------ helpers

    private static JsonValue parse(String s) {
        try (JsonReader r = JSON.createReader(new StringReader(s))) {
            return r.readValue();
        }
    }

    /** JSON equality with numbers compared as the IEEE 754 doubles JCS defines them to be. */
    private static boolean same(JsonValue a, JsonValue b) {
        if (a.getValueType() != b.getValueType()) {
            return false;
        }
        switch (a.getValueType()) {
            case NUMBER:
                return ((JsonNumber) a).doubleValue() == ((JsonNumber) b).doubleValue();
            case STRING:
                return ((JsonString) a).getString().equals(((JsonString) b).getString());
            case ARRAY:
                if (a.asJsonArray().size() != b.asJsonArray().size()) {
                    return false;
                }
                for (int i = 0; i < a.asJsonArray().size(); i++) {
                    if (!same(a.asJsonArray().get(i), b.asJsonArray().get(i))) {
                        return false;
                    }
                }
                return true;
            case OBJECT:
                if (!a.asJsonObject().keySet().equals(b.asJsonObject().keySet())) {
                    return false;
                }
                for (String k : a.asJsonObject().keySet()) {
                    if (!same(a.asJsonObject().get(k), b.asJsonObject().get(k))) {
                        return false;
                    }
                }
                return true;
            default:
                return true;
        }
    }

    private static int significantDigits(String s) {
        String m = s.replace("-", "");
        int e = m.indexOf('e') >= 0 ? m.indexOf('e') : m.indexOf('E');
        if (e >= 0) {
            m = m.substring(0, e);
        }
        m = m.replace(".", "").replaceFirst("^0+", "").replaceFirst("0+$", "");
        return Math.max(1, m.length());
    }
}
