package dev.mandate.vc.model;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of a verifiable presentation (VC Data Model 2.0 or 1.1) or of an
 * {@code EnvelopedVerifiablePresentation} object. Construction never validates; see
 * {@link DataModelValidator#validate(JsonObject)}.
 *
 * @param json the presentation as JSON
 */
public record Presentation(JsonObject json) implements VcDocument {
    /**
     * A view of a presentation JSON object (not validated: see {@link DataModelValidator}).
     *
     * @param json the presentation as JSON
     */
    public Presentation {
        Objects.requireNonNull(json, "json");
    }

    /** {@return the {@code holder} value as given (a URL string or an object), if present and not null} */
    public Optional<JsonValue> holder() {
        JsonValue v = json.get("holder");
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? Optional.empty() : Optional.of(v);
    }

    /**
     * {@return the holder's identifier: {@code holder} if it is a string, else {@code holder.id} if that is a string}
     */
    public Optional<String> holderId() {
        JsonValue v = json.get("holder");
        if (JsonValues.isString(v)) {
            return JsonValues.string(json, "holder");
        }
        if (JsonValues.isObject(v)) {
            return JsonValues.string(v.asJsonObject(), "id");
        }
        return Optional.empty();
    }

    /**
     * {@return the raw items of {@code verifiableCredential} in order (one value or an array)} In VC 2.0 each
     * must be an object; VC 1.1 also allows strings (for example a JWT credential).
     */
    public List<JsonValue> verifiableCredentialValues() {
        return JsonValues.items(json.get("verifiableCredential"));
    }

    /**
     * {@return the object items of {@code verifiableCredential} as credential views, in order; enveloped credentials
     * are included (see {@link Credential#isEnveloped()}), non-objects are skipped} Use
     * {@link #verifiableCredentialValues()} for positions matching problem paths.
     */
    public List<Credential> credentials() {
        return JsonValues.objects(json.get("verifiableCredential")).stream().map(Credential::new).toList();
    }
}
