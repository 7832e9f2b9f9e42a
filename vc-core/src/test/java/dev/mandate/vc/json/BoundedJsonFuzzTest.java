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

import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
