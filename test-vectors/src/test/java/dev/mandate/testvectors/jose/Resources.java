package dev.mandate.testvectors.jose;

import dev.mandate.vc.json.BoundedJson;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the copied vectors from the test classpath (never from /work/shared). */
final class Resources {
    private Resources() {
    }

    static String text(String path) {
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream("vectors/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test vector vectors/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject json(String path) {
        try {
            return BoundedJson.parseObject(text(path));
        } catch (Exception e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
        }
    }
}
