package dev.mandate.vc.json;

import jakarta.json.spi.JsonProvider;
import dev.mandate.vc.json.JsonInputException.Reason;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonConfig;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.CharArrayReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Parses untrusted JSON with bounds checked before the parser builds anything: the input size is
 * checked first (a stream is read at most {@code maxBytes + 1} bytes far), then a linear pre-scan
 * counts the nesting depth of arrays and objects outside strings, and only then does Parsson build
 * the value. A 50 MB document or JSON nested 10,000 deep is refused after reading at most
 * {@code maxBytes + 1} bytes, with memory bounded by {@code maxBytes}.
 *
 * <p>Input must be UTF-8 (RFC 8259 section 8.1; a leading byte order mark is tolerated). Duplicate
 * object keys are refused, since different parsers would disagree about which value counts.
 *
 * <p>Every failure is a {@link JsonInputException} with a one-line message; no other exception
 * escapes for bad input.
 */
public final class BoundedJson {
    // The checks on the raw bytes are in BoundedBytes, the wording of Parsson's errors in ParssonMessages.

    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;


    /**
     * Bounds for one parse.
     *
     * @param maxBytes largest accepted input in UTF-8 bytes, 1 to {@link #MAX_BYTES_CEILING}
     * @param maxDepth deepest accepted nesting of arrays and objects (the top-level value is depth 1),
     *                 1 to {@link #MAX_DEPTH_CEILING}
     */
    public record Limits(int maxBytes, int maxDepth) {
        /** Highest configurable size bound: 16 MiB. */
        public static final int MAX_BYTES_CEILING = 16 * 1024 * 1024;
        /** Highest configurable depth bound. */
        public static final int MAX_DEPTH_CEILING = 512;
        /** 1 MiB and 64 levels: ample for credentials and presentations. */
        public static final Limits DEFAULT = new Limits(1024 * 1024, 64);

        /**
         * Checks both bounds.
         *
         * @param maxBytes largest accepted input in UTF-8 bytes, 1 to {@link #MAX_BYTES_CEILING}
         * @param maxDepth deepest accepted nesting of arrays and objects, 1 to {@link #MAX_DEPTH_CEILING}
         * @throws IllegalArgumentException if a bound is below 1 or above its ceiling
         */
        public Limits {
            if (maxBytes < 1 || maxBytes > MAX_BYTES_CEILING) {
                throw new IllegalArgumentException("maxBytes must be between 1 and " + MAX_BYTES_CEILING + ": " + maxBytes);
            }
            if (maxDepth < 1 || maxDepth > MAX_DEPTH_CEILING) {
                throw new IllegalArgumentException("maxDepth must be between 1 and " + MAX_DEPTH_CEILING + ": " + maxDepth);
            }
        }

        /**
         * These limits with another size bound.
         *
         * @param bytes the size bound, 1 .. {@value #MAX_BYTES_CEILING} bytes
         * @return new limits; these are unchanged
         */
        public Limits withMaxBytes(int bytes) { return new Limits(bytes, maxDepth); }

        /**
         * These limits with another depth bound.
         *
         * @param depth the nesting bound, 1 .. {@value #MAX_DEPTH_CEILING} levels
         * @return new limits; these are unchanged
         */
        public Limits withMaxDepth(int depth) { return new Limits(maxBytes, depth); }
    }

    private static final JsonParserFactory PARSERS = JSON.createParserFactory(Map.of(
            JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE,
            "org.eclipse.parsson.rejectDuplicateKeys", Boolean.TRUE,
            // a second line of defence; the pre-scan already enforces the configured depth
            "org.eclipse.parsson.maxDepth", Limits.MAX_DEPTH_CEILING + 1,
            "org.eclipse.parsson.maxBigIntegerScale", 1000,
            "org.eclipse.parsson.maxBigDecimalLength", 1100));

    /** Object and array builders that refuse a duplicate key, as the parser's own would. */
    private static final JsonBuilderFactory BUILDERS = JSON.createBuilderFactory(Map.of(
            JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE,
            "org.eclipse.parsson.rejectDuplicateKeys", Boolean.TRUE));

    private BoundedJson() {}

    /**
     * Parses a JSON value of any kind within {@link Limits#DEFAULT}.
     *
     * @param json the JSON text
     * @return the value
     * @throws JsonInputException naming the {@link JsonInputException.Reason reason} (too large, too deep, duplicate
     *     key, not JSON) and where
     */
    public static JsonValue parse(String json) throws JsonInputException {
        return parse(json, Limits.DEFAULT);
    }

    /**
     * Parses a JSON value of any kind within {@link Limits#DEFAULT}.
     *
     * @param json the JSON text as UTF-8
     * @return the value
     * @throws JsonInputException naming the {@link JsonInputException.Reason reason} (too large, too deep, duplicate
     *     key, not JSON) and where
     */
    public static JsonValue parse(byte[] json) throws JsonInputException {
        return parse(json, Limits.DEFAULT);
    }

    /**
     * Parses a JSON value of any kind within {@link Limits#DEFAULT}; the stream is not closed.
     *
     * @param json the JSON text as UTF-8
     * @return the value
     * @throws JsonInputException naming the {@link JsonInputException.Reason reason} (too large, too deep, duplicate
     *     key, not JSON) and where
     */
    public static JsonValue parse(InputStream json) throws JsonInputException {
        return parse(json, Limits.DEFAULT);
    }

    /**
     * Parses a JSON value of any kind within {@code limits}.
     *
     * @param json   the JSON text
     * @param limits the size (in UTF-8 bytes) and depth bounds
     * @return the value
     * @throws JsonInputException naming the {@link JsonInputException.Reason reason} (too large, too deep, duplicate
     *     key, not JSON) and where
     */
    public static JsonValue parse(String json, Limits limits) throws JsonInputException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(limits, "limits");
        // every char needs at least one UTF-8 byte: refuse without encoding when obviously too large
        if (json.length() > limits.maxBytes()) {
            throw BoundedBytes.tooLarge(limits);
        }
        return parseChecked(json.getBytes(StandardCharsets.UTF_8), limits);
    }

    /**
     * Parses a JSON value of any kind within {@code limits}.
     *
     * @param json   the JSON text as UTF-8
     * @param limits the size and depth bounds
     * @return the value
     * @throws JsonInputException naming the {@link JsonInputException.Reason reason} (too large, too deep, duplicate
     *     key, not JSON) and where
     */
    public static JsonValue parse(byte[] json, Limits limits) throws JsonInputException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(limits, "limits");
        return parseChecked(json, limits);
    }

    /**
     * Parses a JSON value of any kind within {@code limits}, reading at most {@code maxBytes + 1}
     * bytes from the stream. The stream is not closed.
     *
     * @param json   the JSON text as UTF-8
     * @param limits the size and depth bounds
     * @return the value
     * @throws JsonInputException naming the {@link JsonInputException.Reason reason} (too large, too deep, duplicate
     *     key, not JSON) and where
     */
    public static JsonValue parse(InputStream json, Limits limits) throws JsonInputException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(limits, "limits");
        return parseChecked(BoundedBytes.readBounded(json, limits), limits);
    }

    /**
     * Like {@link #parse(String, Limits)} but requires a JSON object.
     *
     * @param json   the JSON text
     * @param limits the size and depth bounds
     * @return the object
     * @throws JsonInputException as {@link #parse(String, Limits)}, or when the value is not an object
     */
    public static JsonObject parseObject(String json, Limits limits) throws JsonInputException {
        return requireObject(parse(json, limits));
    }

    /**
     * Like {@link #parse(byte[], Limits)} but requires a JSON object.
     *
     * @param json   the JSON text as UTF-8
     * @param limits the size and depth bounds
     * @return the object
     * @throws JsonInputException as {@link #parse(String, Limits)}, or when the value is not an object
     */
    public static JsonObject parseObject(byte[] json, Limits limits) throws JsonInputException {
        return requireObject(parse(json, limits));
    }

    /**
     * Like {@link #parse(InputStream, Limits)} but requires a JSON object.
     *
     * @param json   the JSON text as UTF-8
     * @param limits the size and depth bounds
     * @return the object
     * @throws JsonInputException as {@link #parse(String, Limits)}, or when the value is not an object
     */
    public static JsonObject parseObject(InputStream json, Limits limits) throws JsonInputException {
        return requireObject(parse(json, limits));
    }

    /**
     * Like {@link #parse(String)} but requires a JSON object.
     *
     * @param json the JSON text
     * @return the object
     * @throws JsonInputException as {@link #parse(String, Limits)}, or when the value is not an object
     */
    public static JsonObject parseObject(String json) throws JsonInputException {
        return parseObject(json, Limits.DEFAULT);
    }

    /**
     * Like {@link #parse(byte[])} but requires a JSON object.
     *
     * @param json the JSON text as UTF-8
     * @return the object
     * @throws JsonInputException as {@link #parse(String, Limits)}, or when the value is not an object
     */
    public static JsonObject parseObject(byte[] json) throws JsonInputException {
        return parseObject(json, Limits.DEFAULT);
    }

    /**
     * Like {@link #parse(InputStream)} but requires a JSON object.
     *
     * @param json the JSON text as UTF-8
     * @return the object
     * @throws JsonInputException as {@link #parse(String, Limits)}, or when the value is not an object
     */
    public static JsonObject parseObject(InputStream json) throws JsonInputException {
        return parseObject(json, Limits.DEFAULT);
    }

    private static JsonObject requireObject(JsonValue value) throws JsonInputException {
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new JsonInputException(Reason.WRONG_TYPE,
                    "input is JSON but not an object (found " + describe(value.getValueType()) + ")");
        }
        return value.asJsonObject();
    }

    private static String describe(JsonValue.ValueType type) {
        switch (type) {
            case ARRAY: return "an array";
            case STRING: return "a string";
            case NUMBER: return "a number";
            case TRUE:
            case FALSE: return "a boolean";
            case NULL: return "null";
            default: return "an object";
        }
    }

    /**
     * The value that starts with {@code event}, built from the parser's events. Unlike the parser's own
     * {@code getValue()}, whose strings keep a character buffer and make a new {@code String} at every
     * {@code getString()}, a string here is made once: the verifier reads most strings several times. The depth
     * is bounded by the pre-scan before this recursion starts.
     */
    private static JsonValue build(JsonParser parser, JsonParser.Event event) {
        switch (event) {
            case START_OBJECT: {
                JsonObjectBuilder b = BUILDERS.createObjectBuilder();
                for (JsonParser.Event e = parser.next(); e != JsonParser.Event.END_OBJECT; e = parser.next()) {
                    String key = parser.getString(); // e is KEY_NAME
                    b.add(key, build(parser, parser.next()));
                }
                return b.build();
            }
            case START_ARRAY: {
                JsonArrayBuilder b = BUILDERS.createArrayBuilder();
                for (JsonParser.Event e = parser.next(); e != JsonParser.Event.END_ARRAY; e = parser.next()) {
                    b.add(build(parser, e));
                }
                return b.build();
            }
            case VALUE_STRING:
                return JSON.createValue(parser.getString());
            case VALUE_TRUE:
                return JsonValue.TRUE;
            case VALUE_FALSE:
                return JsonValue.FALSE;
            case VALUE_NULL:
                return JsonValue.NULL;
            default: // VALUE_NUMBER
                return parser.getValue();
        }
    }

    private static JsonValue parseChecked(byte[] bytes, Limits limits) throws JsonInputException {
        if (bytes.length > limits.maxBytes()) {
            throw BoundedBytes.tooLarge(limits);
        }
        int start = BoundedBytes.hasUtf8Bom(bytes) ? 3 : 0;
        BoundedBytes.scanDepth(bytes, start, limits.maxDepth());
        char[] chars = BoundedBytes.decodeUtf8(bytes, start);
        if (BoundedBytes.isBlank(chars)) {
            throw new JsonInputException(Reason.EMPTY, "input is empty");
        }
        try (JsonParser parser = PARSERS.createParser(new CharArrayReader(chars))) {
            JsonValue value = build(parser, parser.next());
            if (parser.hasNext()) { // Parsson throws here for trailing content; be explicit if it does not
                parser.next();
                throw new JsonParsingException("Expected EOF token, but got more", parser.getLocation());
            }
            return value;
        } catch (JsonParsingException e) {
            throw ParssonMessages.notJson(e.getMessage(), e.getLocation());
        } catch (RuntimeException e) {
            // JsonException, and Parsson's limit errors (UnsupportedOperationException for an overlong
            // number, ArithmeticException, NumberFormatException): bad input never escapes unchecked
            throw ParssonMessages.notJson(e.getMessage(), null);
        }
    }
}
