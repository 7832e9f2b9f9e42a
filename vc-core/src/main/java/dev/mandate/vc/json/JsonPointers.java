package dev.mandate.vc.json;

import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Small JSON Pointer (RFC 6901) helper for building the {@code path} of problems and for looking
 * values up without exceptions. The root pointer is {@code ""}.
 */
public final class JsonPointers {
    private JsonPointers() {}

    /** The pointer to the whole document. */
    public static final String ROOT = "";

    /**
     * Escapes one reference token: {@code ~} becomes {@code ~0} and {@code /} becomes {@code ~1}.
     *
     * @param token an unescaped reference token
     * @return the escaped token
     */
    public static String escape(String token) {
        Objects.requireNonNull(token, "token");
        if (token.indexOf('~') < 0 && token.indexOf('/') < 0) {
            return token;
        }
        return token.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Reverses {@link #escape(String)}.
     *
     * @param token an escaped reference token
     * @return the unescaped token
     */
    public static String unescape(String token) {
        Objects.requireNonNull(token, "token");
        if (token.indexOf('~') < 0) {
            return token;
        }
        return token.replace("~1", "/").replace("~0", "~");
    }

    /**
     * {@return the pointer to member {@code key} of the object at {@code parent}}
     *
     * @param parent the object's pointer ("" for the root)
     * @param key    the member name (escaped here)
     */
    public static String child(String parent, String key) {
        return Objects.requireNonNull(parent, "parent") + "/" + escape(key);
    }

    /**
     * {@return the pointer to element {@code index} of the array at {@code parent}}
     *
     * @param parent the array's pointer ("" for the root)
     * @param index  the element index
     */
    public static String index(String parent, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative index: " + index);
        }
        return Objects.requireNonNull(parent, "parent") + "/" + index;
    }

    /**
     * {@return a pointer from unescaped tokens; {@code of("credentialSubject", "a/b")} is {@code
     * /credentialSubject/a~1b}}
     *
     * @param tokens the unescaped tokens; none gives "" (the root)
     */
    public static String of(String... tokens) {
        StringBuilder b = new StringBuilder();
        for (String t : tokens) {
            b.append('/').append(escape(t));
        }
        return b.toString();
    }

    /**
     * {@return the unescaped tokens of a pointer, or empty if {@code pointer} is not a valid JSON Pointer (non-empty
     * and not starting with {@code /}, or a {@code ~} not followed by 0 or 1)}
     *
     * @param pointer the JSON Pointer
     */
    public static Optional<List<String>> tokens(String pointer) {
        Objects.requireNonNull(pointer, "pointer");
        List<String> out = new ArrayList<>();
        if (pointer.isEmpty()) {
            return Optional.of(out);
        }
        if (pointer.charAt(0) != '/') {
            return Optional.empty();
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            for (int i = 0; i < raw.length(); i++) {
                if (raw.charAt(i) == '~' && (i + 1 >= raw.length() || (raw.charAt(i + 1) != '0' && raw.charAt(i + 1) != '1'))) {
                    return Optional.empty();
                }
            }
            out.add(unescape(raw));
        }
        return Optional.of(out);
    }

    /**
     * {@return the value {@code pointer} refers to inside {@code root}, or empty when it does not exist or the
     * pointer is malformed} Never throws for bad pointers or missing values.
     *
     * @param root    the document
     * @param pointer the JSON Pointer
     */
    public static Optional<JsonValue> get(JsonValue root, String pointer) {
        Objects.requireNonNull(root, "root");
        Optional<List<String>> tokens = tokens(pointer);
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        JsonValue current = root;
        for (String token : tokens.get()) {
            switch (current.getValueType()) {
                case OBJECT:
                    current = current.asJsonObject().get(token);
                    if (current == null) {
                        return Optional.empty();
                    }
                    break;
                case ARRAY:
                    int i = arrayIndex(token);
                    if (i < 0 || i >= current.asJsonArray().size()) {
                        return Optional.empty();
                    }
                    current = current.asJsonArray().get(i);
                    break;
                default:
                    return Optional.empty();
            }
        }
        return Optional.of(current);
    }

    private static int arrayIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }
}
