package dev.mandate.vc.jsonld;

import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Map;

/** Finds values in a JSON document and returns their JSON Pointer (RFC 6901); "" when not found. */
final class Pointers {
    private Pointers() {
    }

    /** Pointer to the first member named {@code key} (outside {@code @context}). */
    static String findKey(JsonValue root, String key) {
        String p = find(root, "", key, true, false);
        return p == null ? "" : p;
    }

    /** Pointer to the first string equal to {@code value}, inside {@code @context} only if {@code inContext}. */
    static String findString(JsonValue root, String value, boolean inContext) {
        String p = inContext && root.getValueType() == JsonValue.ValueType.OBJECT && root.asJsonObject().containsKey("@context")
                ? find(root.asJsonObject().get("@context"), "/@context", value, false, true)
                : find(root, "", value, false, false);
        return p == null ? "" : p;
    }

    private static String find(JsonValue v, String path, String needle, boolean key, boolean inContext) {
        switch (v.getValueType()) {
            case OBJECT:
                for (Map.Entry<String, JsonValue> e : v.asJsonObject().entrySet()) {
                    if (!inContext && "@context".equals(e.getKey())) {
                        continue;
                    }
                    String p = path + "/" + escape(e.getKey());
                    if (key && e.getKey().equals(needle)) {
                        return p;
                    }
                    String r = find(e.getValue(), p, needle, key, inContext);
                    if (r != null) {
                        return r;
                    }
                }
                return null;
            case ARRAY:
                int i = 0;
                for (JsonValue c : v.asJsonArray()) {
                    String r = find(c, path + "/" + i, needle, key, inContext);
                    if (r != null) {
                        return r;
                    }
                    i++;
                }
                return null;
            case STRING:
                return !key && ((JsonString) v).getString().equals(needle) ? path : null;
            default:
                return null;
        }
    }

    private static String escape(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }
}
