package dev.mandate.vc.model;

import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonObject;

import java.util.List;

/** Placeholder replaced by the JSON-LD integrity rule (branch h-jsonld). */
public final class JsonLdIntegrity {
    private JsonLdIntegrity() {}

    public static List<Problem> check(JsonObject document) {
        return List.of();
    }
}
