package dev.mandate.server.config;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One JSON object of the configuration file and where it is in the file ({@code limits}, {@code issuers[2]}): typed
 * field readers whose errors name the field by that location.
 */
final class ConfigObject {
    final JsonObject json;
    final String at;

    ConfigObject(JsonObject json, String at) {
        this.json = json;
        this.at = at;
    }

    String field(String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    ServerConfigException error(String name, String what) {
        return new ServerConfigException(field(name) + ": " + what);
    }

    boolean has(String name) {
        return json.containsKey(name) && json.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    void only(String... allowed) throws ServerConfigException {
        Set<String> ok = Set.of(allowed);
        for (String k : json.keySet()) {
            if (!ok.contains(k)) {
                throw error(k, "unknown field (allowed: " + String.join(", ", allowed) + ")");
            }
        }
    }

    String string(String name, String dflt) throws ServerConfigException {
        if (!has(name)) {
            return dflt;
        }
        if (!(json.get(name) instanceof JsonString s)) {
            throw error(name, "must be a string");
        }
        return s.getString();
    }

    String requiredString(String name) throws ServerConfigException {
        if (!has(name)) {
            throw error(name, "is required");
        }
        return string(name, "");
    }

    long integer(String name, long dflt, long min, long max) throws ServerConfigException {
        if (!has(name)) {
            return dflt;
        }
        if (!(json.get(name) instanceof JsonNumber n) || !n.isIntegral()) {
            throw error(name, "must be a whole number");
        }
        long v;
        try {
            v = n.bigIntegerValueExact().longValueExact();
        } catch (ArithmeticException e) {
            throw error(name, "must be " + min + " to " + max);
        }
        if (v < min || v > max) {
            throw error(name, "must be " + min + " to " + max + " (is " + v + ")");
        }
        return v;
    }

    boolean bool(String name, boolean dflt) throws ServerConfigException {
        if (!has(name)) {
            return dflt;
        }
        JsonValue v = json.get(name);
        if (v == JsonValue.TRUE) {
            return true;
        }
        if (v == JsonValue.FALSE) {
            return false;
        }
        throw error(name, "must be true or false");
    }

    ConfigObject object(String name) throws ServerConfigException {
        if (!(json.get(name) instanceof JsonObject o)) {
            throw error(name, "must be an object");
        }
        return new ConfigObject(o, field(name));
    }

    List<ConfigObject> objects(String name) throws ServerConfigException {
        if (!has(name)) {
            return List.of();
        }
        if (!(json.get(name) instanceof JsonArray a)) {
            throw error(name, "must be a list of objects");
        }
        List<ConfigObject> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof JsonObject o)) {
                throw new ServerConfigException(field(name) + "[" + i + "]: must be an object");
            }
            out.add(new ConfigObject(o, field(name) + "[" + i + "]"));
        }
        return out;
    }

    List<String> strings(String name) throws ServerConfigException {
        if (!has(name)) {
            return List.of();
        }
        if (!(json.get(name) instanceof JsonArray a)) {
            throw error(name, "must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonValue v : a) {
            if (!(v instanceof JsonString s)) {
                throw error(name, "must be a list of strings");
            }
            out.add(s.getString());
        }
        return out;
    }
}
