package dev.mandate.testvectors.did;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the vectors copied under src/test/resources/vectors (see each folder's PROVENANCE.md). */
final class Vectors {
    private Vectors() {}

    static String text(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) throw new IllegalStateException("missing vector " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject json(String path) {
        return parse(text(path));
    }

    static JsonObject parse(String json) {
        try (JsonReader r = Json.createReader(new StringReader(json))) {
            return r.readObject();
        }
    }

    static JsonObject without(JsonObject o, String member) {
        return Json.createObjectBuilder(o).remove(member).build();
    }
}
