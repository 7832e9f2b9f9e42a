package dev.mandate.vc.model;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Lenient accessors over JSON-P values that never throw for unexpected shapes. */
final class JsonValues {
    private JsonValues() {}

    /** The elements of an array, the value itself otherwise, nothing for null/absent. */
    static List<JsonValue> items(JsonValue v) {
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            return v.asJsonArray();
        }
        return List.of(v);
    }

    /** The string items of a string or array value; other items are skipped. */
    static List<String> strings(JsonValue v) {
        List<String> out = new ArrayList<>();
        for (JsonValue item : items(v)) {
            if (item instanceof JsonString) {
                out.add(((JsonString) item).getString());
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The object items of an object or array value; other items are skipped. */
    static List<JsonObject> objects(JsonValue v) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue item : items(v)) {
            if (item.getValueType() == JsonValue.ValueType.OBJECT) {
                out.add(item.asJsonObject());
            }
        }
        return Collections.unmodifiableList(out);
    }

    static Optional<String> string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonString ? Optional.of(((JsonString) v).getString()) : Optional.empty();
    }

    static boolean isString(JsonValue v) {
        return v instanceof JsonString;
    }

    static boolean isObject(JsonValue v) {
        return v != null && v.getValueType() == JsonValue.ValueType.OBJECT;
    }

    static boolean isArray(JsonValue v) {
        return v != null && v.getValueType() == JsonValue.ValueType.ARRAY;
    }

    /** A short one-line rendering of a value for messages: strings quoted and cut at 80 characters. */
    static String show(JsonValue v) {
        if (v == null) {
            return "nothing";
        }
        switch (v.getValueType()) {
            case STRING: return quote(((JsonString) v).getString());
            case NULL: return "null";
            case TRUE: return "true";
            case FALSE: return "false";
            case NUMBER: return "the number " + cut(v.toString());
            case ARRAY: return ((JsonArray) v).isEmpty() ? "an empty array" : "an array of " + ((JsonArray) v).size();
            default: return ((JsonObject) v).isEmpty() ? "an empty object" : "an object";
        }
    }

    /** A JSON-style quoted, escaped and shortened string for messages. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        String cut = s.length() > 80 ? s.substring(0, 77) : s;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (cut.length() < s.length()) {
            b.append("...");
        }
        return b.append('"').toString();
    }

    private static String cut(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    static String kindOf(JsonValue v) {
        if (v == null) {
            return "nothing";
        }
        switch (v.getValueType()) {
            case STRING: return "a string";
            case NUMBER: return "a number";
            case TRUE:
            case FALSE: return "a boolean";
            case NULL: return "null";
            case ARRAY: return "an array";
            default: return "an object";
        }
    }
}
