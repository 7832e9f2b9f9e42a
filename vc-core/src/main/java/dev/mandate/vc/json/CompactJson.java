package dev.mandate.vc.json;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a JSON value as compact JSON text (no white space, members in their order), as the JSON-P writer does, for
 * the answers of a busy server: the writer makes a generator, a character buffer and an output stream for each
 * value, about 10 KB for a 1 KB answer, where this makes one builder and the bytes.
 *
 * <p>Strings are escaped as RFC 8259 requires and the JSON-P writer does: quotation mark, reverse solidus and the
 * control characters U+0000 to U+001F ({@code \b \f \n \r \t} by name, the others as {@code &#92;u00XX}); every other
 * character as it is. Numbers are written as {@link JsonNumber#toString()} gives them. A lone surrogate becomes
 * {@code ?} in the UTF-8 bytes, as in the writer's encoder. The depth is that of the value given, which callers
 * build themselves (results, problems) or have parsed within {@link BoundedJson}'s depth limit.
 */
public final class CompactJson {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CompactJson() {
    }

    /**
     * {@return the value as compact JSON text in UTF-8}
     *
     * @param value any JSON value; not null
     */
    public static byte[] utf8(JsonValue value) {
        return text(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * {@return the value as compact JSON text}
     *
     * @param value any JSON value; not null
     */
    public static String text(JsonValue value) {
        StringBuilder b = new StringBuilder(512);
        write(value, b);
        return b.toString();
    }

    private static void write(JsonValue v, StringBuilder b) {
        switch (v.getValueType()) {
            case OBJECT: {
                b.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonValue> e : ((JsonObject) v).entrySet()) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    appendQuoted(e.getKey(), b);
                    b.append(':');
                    write(e.getValue(), b);
                }
                b.append('}');
                return;
            }
            case ARRAY: {
                b.append('[');
                boolean first = true;
                for (JsonValue e : (JsonArray) v) {
                    if (!first) {
                        b.append(',');
                    }
                    first = false;
                    write(e, b);
                }
                b.append(']');
                return;
            }
            case STRING:
                appendQuoted(((JsonString) v).getString(), b);
                return;
            case NUMBER:
                b.append(v.toString());
                return;
            case TRUE:
                b.append("true");
                return;
            case FALSE:
                b.append("false");
                return;
            default:
                b.append("null");
        }
    }

    /**
     * Appends a string as a JSON string: in quotation marks, with the quotation mark, reverse solidus and control
     * characters escaped as this class writes them (which is also the escaping of JCS, RFC 8785, for a string without
     * lone surrogates), every other character as it is.
     *
     * @param s the string; not null
     * @param b where to append it
     */
    public static void appendQuoted(String s, StringBuilder b) {
        b.append('"');
        int run = 0; // start of the characters not yet appended, appended in one go up to the next escape
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                default: b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        b.append(s, run, s.length()).append('"');
    }
}
