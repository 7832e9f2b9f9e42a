package dev.mandate.did.internal;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;

/**
 * JSON-P plumbing shared by did-core: one cached provider (looking the provider up per call is slow),
 * a bounded reader (depth 64, duplicate keys refused). Not part of the supported API.
 */
public final class Json {
    /** The provider, looked up once. */
    public static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of(
            "org.eclipse.parsson.maxDepth", 64,
            "org.eclipse.parsson.rejectDuplicateKeys", true));
    private static final JsonWriterFactory PRETTY = PROVIDER.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private Json() {}

    /** {@return a new object builder} */
    public static JsonObjectBuilder object() { return PROVIDER.createObjectBuilder(); }

    /** {@return a new array builder} */
    public static JsonArrayBuilder array() { return PROVIDER.createArrayBuilder(); }

    /**
     * {@return a JSON string value}
     *
     * @param s the text
     */
    public static JsonString string(String s) { return PROVIDER.createValue(s); }

    /**
     * Parses a JSON object from UTF-8 bytes.
     *
     * @param utf8 the JSON text as UTF-8
     * @return the object
     * @throws IllegalArgumentException with a one-line message if the bytes are not a JSON object
     */
    public static JsonObject parseObject(byte[] utf8) {
        try (JsonReader reader = READERS.createReader(new ByteArrayInputStream(utf8))) {
            JsonValue v = reader.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IllegalArgumentException("expected a JSON object but found " + v.getValueType().name().toLowerCase(java.util.Locale.ROOT));
            }
            return v.asJsonObject();
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(e.getMessage()));
        } catch (JsonException e) {
            throw new IllegalArgumentException("not valid JSON: " + firstLine(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) { // parsson reports the depth limit and some limits as plain RuntimeExceptions
            throw new IllegalArgumentException("not acceptable JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * {@return the string member {@code name}, if present and a string}
     *
     * @param o    the object
     * @param name the member name
     */
    public static Optional<String> string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        return v instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    /**
     * Pretty-printed JSON text.
     *
     * @param value the value
     * @return the JSON text, indented
     */
    public static String pretty(JsonValue value) {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = PRETTY.createWriter(sw)) {
            w.write(value);
        }
        return sw.toString().strip() + "\n";
    }

    private static String firstLine(String s) {
        if (s == null) return "parse error";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
