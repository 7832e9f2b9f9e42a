package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdOptions;
import com.apicatalog.jsonld.JsonLdVersion;
import com.apicatalog.jsonld.context.ActiveContext;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.expansion.Expansion;
import com.apicatalog.jsonld.processor.ExpansionProcessor;
import com.apicatalog.jsonld.processor.ProcessingRuntime;
import com.apicatalog.jsonld.uri.UriValidationPolicy;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON-LD processing state of one {@link ContextRegistry}: Titanium options and, for each distinct
 * top-level {@code @context} value seen, the processed active context, so that a context such as
 * credentials v2 (hundreds of term definitions) is processed once instead of once per document.
 *
 * <p>Expanding with a cached active context gives the same result as Titanium's own expansion: the
 * expansion algorithm's first use of a top-level {@code @context} (step 9 of Expansion) is exactly the
 * context processing we cache, the active context is never mutated by expansion (every change creates a copy),
 * and we bypass the cache for contexts whose processing yields a non-propagated context (a previous context).
 */
final class ContextCache {
    static {
        TitaniumLogging.install();
    }

    /** Upper bound of cached contexts per registry and mode; the cache is cleared when it overflows. */
    static final int MAX_ENTRIES = 512;

    /** Looked up once: {@code Json.createXxx} searches the service loader on every call. */
    static final JsonProvider JSON = JsonProvider.provider();

    private final Mode safe;
    private final Mode lenient;

    ContextCache(ContextRegistry registry) {
        this.safe = new Mode(options(registry, true));
        this.lenient = new Mode(options(registry, false));
    }

    /** Options used for JSON-LD processing: offline loader, null base, JSON-LD 1.1, jsonld.js-compatible IRI checks. */
    static JsonLdOptions options(ContextRegistry registry, boolean safeMode) {
        JsonLdOptions o = new JsonLdOptions(registry.loader());
        o.setBase(null);
        o.setProcessingMode(JsonLdVersion.V1_1);
        o.setOrdered(false);
        o.setProduceGeneralizedRdf(false);
        o.setRdfDirection(JsonLdOptions.RdfDirection.I18N_DATATYPE);
        // Titanium's caches are not thread-safe and the registry already holds parsed documents
        o.setContextCache(null);
        o.setDocumentCache(null);
        // like jsonld.js: an absolute IRI is one that starts with a scheme (whitespace is checked by us)
        o.setUriValidation(UriValidationPolicy.SchemeOnly);
        o.setUndefinedTermsPolicy(safeMode ? JsonLdOptions.ProcessingPolicy.Fail : JsonLdOptions.ProcessingPolicy.Ignore);
        return o;
    }

    /** The options for a mode (shared; callers must not modify them). */
    JsonLdOptions options(boolean safeMode) {
        return (safeMode ? safe : lenient).options;
    }

    /** Expands a document (JSON-LD 1.1 Expansion with a null base IRI). */
    JsonArray expand(JsonObject document, boolean safeMode) throws JsonLdError {
        Mode mode = safeMode ? safe : lenient;
        FastContext root = root(document, safeMode);
        if (root == null) {
            // a non-propagated top-level context: let Titanium run the whole algorithm
            return ExpansionProcessor.expand(JsonDocument.of(document), mode.options, false);
        }
        JsonObject body = document.containsKey("@context") ? withoutContext(document) : document;
        return finish(Expansion.with(root.ac, body, null, null).ordered(false).compute());
    }

    /**
     * The processed top-level context of {@code document} (its {@code @context}, or the empty context), cached
     * by value; null if that context has a previous context (then the cache must not be used).
     */
    FastContext root(JsonObject document, boolean safeMode) throws JsonLdError {
        Mode mode = safeMode ? safe : lenient;
        JsonValue localContext = document.get("@context");
        if (localContext == null) {
            return mode.empty;
        }
        FastContext active = mode.contexts.get(localContext);
        if (active == null) {
            ActiveContext ac = new ActiveContext(null, null, mode.runtime).newContext().create(localContext, null);
            if (ac.getPreviousContext() != null) {
                return null;
            }
            active = new FastContext(ac);
            if (mode.contexts.size() >= MAX_ENTRIES) {
                mode.contexts.clear();
            }
            FastContext raced = mode.contexts.putIfAbsent(localContext, active);
            if (raced != null) {
                active = raced;
            }
        }
        return active;
    }

    private static JsonObject withoutContext(JsonObject document) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        for (Map.Entry<String, JsonValue> e : document.entrySet()) {
            if (!"@context".equals(e.getKey())) {
                b.add(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    /** Steps 8.1 to 8.3 of the JSON-LD API's expand(). */
    private static JsonArray finish(JsonValue expanded) {
        if (expanded == null || expanded.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (expanded.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject o = expanded.asJsonObject();
            if (o.size() == 1 && o.containsKey("@graph")) {
                expanded = o.get("@graph");
            }
        }
        if (expanded.getValueType() == JsonValue.ValueType.ARRAY) {
            return expanded.asJsonArray();
        }
        return JSON.createArrayBuilder().add(expanded).build();
    }

    private static final class Mode {
        final JsonLdOptions options;
        final ProcessingRuntime runtime;
        final Map<JsonValue, FastContext> contexts = new ConcurrentHashMap<>();
        final FastContext empty;

        Mode(JsonLdOptions options) {
            this.options = options;
            this.runtime = ProcessingRuntime.of(options);
            this.empty = new FastContext(new ActiveContext(null, null, runtime));
        }
    }
}
