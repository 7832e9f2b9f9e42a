package dev.mandate.vc.model;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.Objects;
import java.util.Optional;

/** The VC Data Model version of a document, told by the first item of its {@code @context}. */
public enum VcVersion {
    /** VC Data Model 1.1: first context {@code https://www.w3.org/2018/credentials/v1}. */
    V1_1("https://www.w3.org/2018/credentials/v1"),
    /** VC Data Model 2.0: first context {@code https://www.w3.org/ns/credentials/v2}. */
    V2_0("https://www.w3.org/ns/credentials/v2"),
    /** Neither base context comes first (or there is no {@code @context}). */
    UNKNOWN(null);

    /** The VC 1.1 base context URL. */
    public static final String V1_CONTEXT = "https://www.w3.org/2018/credentials/v1";
    /** The VC 2.0 base context URL. */
    public static final String V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";

    private final String baseContext;

    VcVersion(String baseContext) {
        this.baseContext = baseContext;
    }

    /** {@return the base context URL that must come first in {@code @context}; empty for {@link #UNKNOWN}} */
    public Optional<String> baseContext() {
        return Optional.ofNullable(baseContext);
    }

    /**
     * {@return the version of {@code document} from the first item of its {@code @context} (a string or an array)}
     *
     * @param document a credential or presentation
     */
    public static VcVersion of(JsonObject document) {
        Objects.requireNonNull(document, "document");
        JsonValue ctx = document.get("@context");
        JsonValue first = ctx;
        if (ctx != null && ctx.getValueType() == JsonValue.ValueType.ARRAY) {
            first = ctx.asJsonArray().isEmpty() ? null : ctx.asJsonArray().get(0);
        }
        if (first instanceof JsonString) {
            String url = ((JsonString) first).getString();
            if (V2_CONTEXT.equals(url)) {
                return V2_0;
            }
            if (V1_CONTEXT.equals(url)) {
                return V1_1;
            }
        }
        return UNKNOWN;
    }
}
