package dev.mandate.vc.json;

import jakarta.json.spi.JsonProvider;
import dev.mandate.vc.json.JsonInputException.Reason;
import jakarta.json.Json;
import jakarta.json.JsonConfig;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;

import java.io.CharArrayReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern PARSSON_LOCATION =
            Pattern.compile("\\s*at \\(line no=\\d+, column no=\\d+, offset=-?\\d+\\)");
    private static final Pattern PARSSON_UNEXPECTED_CHAR = Pattern.compile("^Unexpected char (-?\\d+)(.*)$");

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
            throw tooLarge(limits);
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
        return parseChecked(readBounded(json, limits), limits);
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

    private static byte[] readBounded(InputStream in, Limits limits) throws JsonInputException {
        int cap = limits.maxBytes() + 1;
        byte[] buf = new byte[Math.min(cap, 8192)];
        int len = 0;
        try {
            while (true) {
                if (len == buf.length) {
                    if (buf.length == cap) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min((long) cap, buf.length * 2L));
                }
                int n = in.read(buf, len, buf.length - len);
                if (n < 0) {
                    break;
                }
                len += n;
            }
        } catch (IOException e) {
            throw new JsonInputException(Reason.IO, "could not read input: " + oneLine(String.valueOf(e.getMessage())));
        }
        if (len > limits.maxBytes()) {
            throw tooLarge(limits);
        }
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    private static JsonValue parseChecked(byte[] bytes, Limits limits) throws JsonInputException {
        if (bytes.length > limits.maxBytes()) {
            throw tooLarge(limits);
        }
        int start = hasUtf8Bom(bytes) ? 3 : 0;
        scanDepth(bytes, start, limits.maxDepth());
        char[] chars = decodeUtf8(bytes, start);
        if (isBlank(chars)) {
            throw new JsonInputException(Reason.EMPTY, "input is empty");
        }
        try (JsonParser parser = PARSERS.createParser(new CharArrayReader(chars))) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) { // Parsson throws here for trailing content; be explicit if it does not
                parser.next();
                throw new JsonParsingException("Expected EOF token, but got more", parser.getLocation());
            }
            return value;
        } catch (JsonParsingException e) {
            throw notJson(e.getMessage(), e.getLocation());
        } catch (RuntimeException e) {
            // JsonException, and Parsson's limit errors (UnsupportedOperationException for an overlong
            // number, ArithmeticException, NumberFormatException): bad input never escapes unchecked
            throw notJson(e.getMessage(), null);
        }
    }

    private static boolean hasUtf8Bom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF;
    }

    /**
     * Counts the nesting of arrays and objects outside strings. Brackets are ASCII, and ASCII bytes
     * never occur inside multi-byte UTF-8 sequences, so scanning bytes is exact. Malformed JSON is
     * left to the parser; this scan only refuses excessive depth.
     */
    static void scanDepth(byte[] b, int start, int maxDepth) throws JsonInputException {
        int depth = 0;
        boolean inString = false;
        int line = 1;
        int lineStart = start;
        for (int i = start; i < b.length; i++) {
            byte c = b[i];
            if (inString) {
                if (c == '\\') {
                    i++; // skip the escaped character (an escaped quote must not end the string)
                } else if (c == '"') {
                    inString = false;
                } else if (c == '\n') {
                    line++;
                    lineStart = i + 1;
                }
                continue;
            }
            switch (c) {
                case '"':
                    inString = true;
                    break;
                case '[':
                case '{':
                    if (++depth > maxDepth) {
                        throw new JsonInputException(Reason.TOO_DEEP, "JSON nested deeper than " + maxDepth
                                + " levels (at line " + line + " column " + (i - lineStart + 1) + ")");
                    }
                    break;
                case ']':
                case '}':
                    if (depth > 0) {
                        depth--;
                    }
                    break;
                case '\n':
                    line++;
                    lineStart = i + 1;
                    break;
                default:
                    break;
            }
        }
    }

    private static char[] decodeUtf8(byte[] bytes, int start) throws JsonInputException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        try {
            CharBuffer out = decoder.decode(in);
            char[] chars = new char[out.remaining()];
            out.get(chars);
            return chars;
        } catch (MalformedInputException e) {
            throw new JsonInputException(Reason.NOT_UTF8, "input is not UTF-8: invalid byte sequence at byte " + in.position());
        } catch (CharacterCodingException e) {
            throw new JsonInputException(Reason.NOT_UTF8, "input is not UTF-8");
        }
    }

    private static boolean isBlank(char[] chars) {
        for (char c : chars) {
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
        }
        return true;
    }

    private static JsonInputException tooLarge(Limits limits) {
        return new JsonInputException(Reason.TOO_LARGE, "input larger than " + limits.maxBytes() + " bytes");
    }

    private static JsonInputException notJson(String parserMessage, JsonLocation location) {
        String detail = parserMessage == null ? "syntax error" : PARSSON_LOCATION.matcher(parserMessage).replaceAll("");
        detail = rewordParsson(oneLine(detail));
        StringBuilder msg = new StringBuilder("input is not JSON: ").append(detail);
        if (location != null && location.getLineNumber() > 0) {
            msg.append(" at line ").append(location.getLineNumber()).append(" column ").append(location.getColumnNumber());
        }
        return new JsonInputException(Reason.NOT_JSON, msg.toString());
    }

    /** Turns Parsson's messages into plainer words without losing their content. */
    private static String rewordParsson(String detail) {
        Matcher m = PARSSON_UNEXPECTED_CHAR.matcher(detail);
        if (m.matches()) {
            int code = Integer.parseInt(m.group(1));
            String what = code < 0 ? "end of input" : "character " + quoteChar(code);
            String rest = m.group(2).replaceFirst("^, expecting '(.*)'$", " (expected '$1')");
            return "unexpected " + what + rest;
        }
        if (detail.startsWith("Invalid token=")) {
            String token = detail.substring("Invalid token=".length()).split("[ .]", 2)[0];
            String expected = detail.contains("Expected tokens are: ")
                    ? detail.substring(detail.indexOf("Expected tokens are: ") + "Expected tokens are: ".length())
                    : "";
            return "unexpected " + tokenWord(token).replaceFirst("^a ", "") + expectedTokens(expected);
        }
        if (detail.startsWith("Expected EOF token, but got ")) {
            return "unexpected " + tokenWord(detail.substring("Expected EOF token, but got ".length())).replaceFirst("^a ", "")
                    + " after the JSON value";
        }
        if (detail.startsWith("Duplicate key ")) {
            return "duplicate key " + detail.substring("Duplicate key ".length()).replace(" is not allowed", "");
        }
        return detail.isEmpty() ? "syntax error" : Character.toLowerCase(detail.charAt(0)) + detail.substring(1);
    }

    private static String expectedTokens(String list) {
        String inner = list.replaceAll("[\\[\\]]", "").trim();
        if (inner.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        String[] tokens = inner.split("\\s*,\\s*");
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                b.append(i == tokens.length - 1 ? " or " : ", ");
            }
            b.append(tokenWord(tokens[i]));
        }
        return " (expected " + b + ")";
    }

    private static String tokenWord(String token) {
        switch (token) {
            case "CURLYOPEN": return "'{'";
            case "CURLYCLOSE": return "'}'";
            case "SQUAREOPEN": return "'['";
            case "SQUARECLOSE": return "']'";
            case "COLON": return "':'";
            case "COMMA": return "','";
            case "STRING": return "a string";
            case "NUMBER": return "a number";
            case "TRUE": return "true";
            case "FALSE": return "false";
            case "NULL": return "null";
            case "EOF": return "end of input";
            default: return token.toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static String quoteChar(int code) {
        if (code >= 0x20 && code < 0x7f) {
            return "'" + (char) code + "'";
        }
        return String.format(java.util.Locale.ROOT, "U+%04X", code);
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ").trim();
    }
}
