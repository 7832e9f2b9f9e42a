package dev.mandate.cli;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** JSON on stdout: one compact line by default, indented with {@code --pretty}. */
public final class JsonOutput {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;

    private static final JsonWriterFactory COMPACT = JSON.createWriterFactory(Map.of());
    private static final JsonWriterFactory PRETTY = JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private JsonOutput() {
    }

    /** Prints {@code value} followed by a newline and flushes. */
    public static void print(PrintWriter out, JsonValue value, boolean pretty) {
        out.println(toString(value, pretty));
        out.flush();
    }

    /** {@code value} as JSON text without a trailing newline. */
    public static String toString(JsonValue value, boolean pretty) {
        StringWriter sw = new StringWriter();
        try (JsonWriter w = (pretty ? PRETTY : COMPACT).createWriter(sw)) {
            w.write(value);
        }
        return sw.toString().strip();
    }

    /** Converts a JSON object held as a map (as Nimbus gives JWKs) to JSON-P. */
    public static JsonObject fromMap(Map<String, ?> map) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        for (Map.Entry<String, ?> e : map.entrySet()) {
            b.add(e.getKey(), toValue(e.getValue()));
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static JsonValue toValue(Object o) {
        if (o == null) {
            return JsonValue.NULL;
        } else if (o instanceof JsonValue) {
            return (JsonValue) o;
        } else if (o instanceof String) {
            return JSON.createValue((String) o);
        } else if (o instanceof Boolean) {
            return (Boolean) o ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (o instanceof Integer || o instanceof Long) {
            return JSON.createValue(((Number) o).longValue());
        } else if (o instanceof Number) {
            return JSON.createValue(((Number) o).doubleValue());
        } else if (o instanceof Map) {
            return fromMap((Map<String, ?>) o);
        } else if (o instanceof List) {
            JsonArrayBuilder a = JSON.createArrayBuilder();
            for (Object item : (List<?>) o) {
                a.add(toValue(item));
            }
            return a.build();
        }
        return JSON.createValue(o.toString());
    }
}
