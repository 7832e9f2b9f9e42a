package dev.mandate.vc.model;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view over a credential or presentation held as a JSON-P object. Accessors are lenient:
 * a value of the wrong shape reads as absent (use {@link DataModelValidator} to find out what is
 * wrong). Nothing here throws for bad data.
 */
public sealed interface VcDocument permits Credential, Presentation {

    /** {@return the underlying JSON object, unchanged} */
    JsonObject json();

    /**
     * {@return a view of {@code document}: a {@link Presentation} when it is detected as a (possibly enveloped)
     * presentation, a {@link Credential} when detected as a (possibly enveloped) credential, empty otherwise (see
     * {@link DocumentKind#detect(JsonObject)})}
     *
     * @param document a JSON object
     */
    static Optional<VcDocument> of(JsonObject document) {
        switch (DocumentKind.detect(document)) {
            case PRESENTATION:
            case ENVELOPED_PRESENTATION:
                return Optional.of(new Presentation(document));
            case CREDENTIAL:
            case ENVELOPED_CREDENTIAL:
                return Optional.of(new Credential(document));
            default:
                return Optional.empty();
        }
    }

    /** {@return the data model version, by the first {@code @context} item} */
    default VcVersion version() {
        return VcVersion.of(json());
    }

    /** {@return what the document is, by its type (see {@link DocumentKind#detect(JsonObject)})} */
    default DocumentKind kind() {
        return DocumentKind.detect(json());
    }

    /** {@return the string items of {@code @context}, in order (inline context objects are skipped)} */
    default List<String> contextUrls() {
        return JsonValues.strings(json().get("@context"));
    }

    /** {@return the {@code id} if it is a string} */
    default Optional<String> id() {
        return JsonValues.string(json(), "id");
    }

    /** {@return the string values of {@code type} (a single string or an array)} */
    default List<String> types() {
        return JsonValues.strings(json().get("type"));
    }

    /**
     * {@return true if {@code type} includes {@code type}}
     *
     * @param type a type name such as {@code VerifiableCredential}
     */
    default boolean hasType(String type) {
        return types().contains(Objects.requireNonNull(type, "type"));
    }

    /**
     * {@return true for an {@code EnvelopedVerifiableCredential} or {@code EnvelopedVerifiablePresentation} object}
     */
    default boolean isEnveloped() {
        List<String> t = types();
        return t.contains("EnvelopedVerifiableCredential") || t.contains("EnvelopedVerifiablePresentation");
    }

    /** {@return the embedded proofs ({@code proof} as one object or an array; non-objects skipped)} */
    default List<JsonObject> proofs() {
        return JsonValues.objects(json().get("proof"));
    }

    /** {@return the {@code termsOfUse} objects} */
    default List<JsonObject> termsOfUse() {
        return JsonValues.objects(json().get("termsOfUse"));
    }

    /** {@return the document without its {@code proof} property: what an embedded proof secures} */
    default JsonObject withoutProof() {
        if (!json().containsKey("proof")) {
            return json();
        }
        JsonObjectBuilder b = dev.mandate.vc.json.Jsonp.PROVIDER.createObjectBuilder();
        for (var e : json().entrySet()) {
            if (!"proof".equals(e.getKey())) {
                b.add(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    /**
     * {@return the value of {@code property}, if present (possibly JSON null)}
     *
     * @param property a top-level member name
     */
    default Optional<JsonValue> get(String property) {
        return Optional.ofNullable(json().get(Objects.requireNonNull(property, "property")));
    }
}
