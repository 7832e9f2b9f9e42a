package dev.mandate.vc.json;

import dev.mandate.vc.model.DataModelValidator;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Arbitrary input yields a value or a {@link JsonInputException} with a one-line message, never anything else. */
class BoundedJsonFuzzTest {

    @Property(tries = 1000)
    void randomBytesNeverEscapeUnchecked(@ForAll @Size(max = 300) byte[] bytes) {
        try {
            assertNotNull(BoundedJson.parse(bytes, BoundedJson.Limits.DEFAULT.withMaxDepth(8)));
        } catch (JsonInputException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\",:\\ 01e.-+truefalsnl\u00e9\t\n").ofMaxLength(200);
    }

    @Property(tries = 2000)
    void jsonLikeTextNeverEscapesUncheckedAndValidatesSafely(@ForAll("jsonish") String text) {
        try {
            JsonValue v = BoundedJson.parse(text, BoundedJson.Limits.DEFAULT.withMaxDepth(8));
            if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                JsonObject o = v.asJsonObject();
                assertNotNull(DataModelValidator.validate(o));
            }
        } catch (JsonInputException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /**
     * The tree is built from the parser's events (so each string is made once); it must be the value Parsson's own
     * {@code getValue()} builds, for any text Parsson accepts.
     */
    @Provide
    Arbitrary<String> validJson() {
        // through UTF-8 and back, as BoundedJson reads text: a lone surrogate becomes '?' for both parsers
        return CompactJsonTest.jsonValues().map(v -> new String(CompactJson.utf8(v), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 1000)
    void theTreeIsTheOneParssonBuildsForValidJson(@ForAll("validJson") String text) {
        theTreeIsTheOneParssonBuilds(text);
    }

    @Property(tries = 2000)
    void theTreeIsTheOneParssonBuilds(@ForAll("jsonish") String text) {
        JsonValue expected;
        try (jakarta.json.stream.JsonParser p = Jsonp.PROVIDER.createParser(new java.io.StringReader(text))) {
            p.next();
            expected = p.getValue();
            if (p.hasNext()) {
                return; // trailing content: refused by both (the error is tested elsewhere)
            }
        } catch (RuntimeException e) {
            return; // not JSON, or a duplicate key: refused by both (see the other properties and BoundedJsonTest)
        }
        try {
            JsonValue actual = BoundedJson.parse(text, BoundedJson.Limits.DEFAULT.withMaxDepth(8));
            assertEquals(expected, actual, text);
            assertEquals(expected.toString(), actual.toString(), text);
        } catch (JsonInputException e) {
            assertTrue(e.getMessage().contains("deeper") || e.getMessage().contains("depth") || e.getMessage().contains("duplicate"),
                    text + ": " + e.getMessage());
        }
    }
}
