package dev.mandate.vc.jsonld;

import dev.mandate.vc.json.Jsonp;
import jakarta.json.spi.JsonProvider;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.http.media.MediaType;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of JSON-LD contexts, each served under its canonical URL, that JSON-LD processing may
 * use. Nothing else is ever loaded: there is no network access.
 *
 * <p>{@link #bundled()} holds the contexts shipped in this jar (VC v1/v2 and their examples, Data Integrity
 * v1/v2, Multikey, JWK, DID v1, Ed25519 2018/2020, Security v1/v2, Bitstring Status List, Status List
 * 2021; see {@code dev/mandate/contexts/PROVENANCE.md}). To add your own, start from it:
 * <pre>{@code
 * ContextRegistry contexts = ContextRegistry.bundled().toBuilder()
 *         .register("https://example.com/agent/v1", jsonObject)          // from code
 *         .registerFile("https://example.com/other/v1", Path.of("other.jsonld"))
 *         .registerDirectory(Path.of("contexts"))                        // reads contexts/index.json
 *         .build();
 * }</pre>
 *
 * <p>Each context is parsed once per process and the parsed, immutable document is shared by every use;
 * the processed (expanded) form of each distinct top-level {@code @context} is cached per registry, so keep
 * and reuse one registry rather than building one per document. Instances are thread-safe.
 */
public final class ContextRegistry {
    /** The JSON-P provider, looked up once ({@code Json.createX} looks it up on every call, which is slow). */
    private static final JsonProvider JSON = Jsonp.PROVIDER;


    /** Largest context file accepted, in bytes. */
    public static final int MAX_CONTEXT_BYTES = 2 * 1024 * 1024;

    /** Name of the index file in a context directory: a JSON object mapping URL to file name. */
    public static final String INDEX_FILE = "index.json";

    private static final String BUNDLED_FOLDER = "/dev/mandate/contexts/";

    private final Map<String, Entry> entries;
    private final OfflineDocumentLoader loader;
    private volatile ContextCache cache;

    private ContextRegistry(Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        this.loader = new OfflineDocumentLoader(this);
    }

    /** {@return the contexts bundled with Mandate (one shared instance per process)} */
    public static ContextRegistry bundled() {
        return Bundled.INSTANCE;
    }

    private static volatile ContextRegistry processDefault;

    /**
     * {@return the registry the RDFC cryptosuites use ({@link dev.mandate.vc.canon.RdfcOptions#defaults()}): the
     * bundled contexts unless {@link #setProcessDefault(ContextRegistry)} chose another}
     */
    public static ContextRegistry processDefault() {
        ContextRegistry r = processDefault;
        return r == null ? bundled() : r;
    }

    /**
     * Makes {@code registry} the one the RDFC cryptosuites use in this process, e.g. the bundled contexts
     * plus an application's own ({@code bundled().toBuilder().registerDirectory(dir).build()}). The CLI does
     * this for {@code --context-dir} / {@code MANDATE_CONTEXT_DIR}.
     *
     * @param registry the registry; not null
     */
    public static void setProcessDefault(ContextRegistry registry) {
        processDefault = Objects.requireNonNull(registry, "registry");
    }

    /** {@return a builder that starts with no contexts at all; see {@link #toBuilder()} to extend the bundled set} */
    public static Builder builder() {
        return new Builder(Map.of());
    }

    /** {@return a builder that starts with this registry's contexts} */
    public Builder toBuilder() {
        return new Builder(entries);
    }

    /**
     * {@return true if {@code url} is served by this registry}
     *
     * @param url a context URL; null gives false
     */
    public boolean contains(String url) {
        return url != null && entries.containsKey(url);
    }

    /** {@return the URLs served by this registry, in registration order} */
    public Set<String> urls() {
        return entries.keySet();
    }

    /**
     * The context document served for {@code url} (an object with an {@code @context} entry), parsed once
     * per process.
     *
     * @param url a context URL; null gives empty
     * @return the document, or empty when this registry does not serve {@code url}
     */
    public Optional<JsonObject> get(String url) {
        Entry e = url == null ? null : entries.get(url);
        return e == null ? Optional.empty() : Optional.of(e.document().getJsonContent().orElseThrow().asJsonObject());
    }

    /** {@return the Titanium document loader that serves this registry's contexts and fails for any other URL} */
    public OfflineDocumentLoader loader() {
        return loader;
    }

    /** The parsed document for a URL, or null; used by the loader. */
    JsonDocument document(String url) {
        Entry e = entries.get(url);
        return e == null ? null : e.document();
    }

    /** Per-registry cache of processed contexts (created on first use). */
    ContextCache cache() {
        ContextCache c = cache;
        if (c == null) {
            synchronized (this) {
                c = cache;
                if (c == null) {
                    c = new ContextCache(this);
                    cache = c;
                }
            }
        }
        return c;
    }

    @Override
    public String toString() {
        return "ContextRegistry" + entries.keySet();
    }

    /** Collects contexts; {@link #build()} makes an immutable registry. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Entry> entries;

        private Builder(Map<String, Entry> initial) {
            this.entries = new LinkedHashMap<>(initial);
        }

        /**
         * Adds every bundled context (already present if the builder came from {@link #bundled()}).
         *
         * @return this builder
         */
        public Builder registerBundled() {
            entries.putAll(Bundled.INSTANCE.entries);
            return this;
        }

        /**
         * Registers a context from code.
         *
         * @param url      the absolute URL documents use to reference it
         * @param document the context document: a JSON object with an {@code @context} entry
         * @return this builder
         * @throws IllegalArgumentException if the URL is not absolute or the document has no {@code @context}
         */
        public Builder register(String url, JsonObject document) {
            String u = checkUrl(url);
            Objects.requireNonNull(document, "document");
            if (!document.containsKey("@context")) {
                throw new IllegalArgumentException("context document for " + u + " has no @context entry");
            }
            entries.put(u, Entry.of(u, document));
            return this;
        }

        /**
         * Registers a context read from a file (parsed now, once).
         *
         * @param url  the absolute URL documents use to reference it
         * @param file a JSON file holding an object with an {@code @context} entry
         * @return this builder
         * @throws IOException if the file cannot be read, is larger than {@link #MAX_CONTEXT_BYTES}, or is not a
         *                     JSON object with an {@code @context} entry (the message names the file)
         * @throws IllegalArgumentException if the URL is not absolute
         */
        public Builder registerFile(String url, Path file) throws IOException {
            String u = checkUrl(url);
            entries.put(u, Entry.of(u, readContextFile(file)));
            return this;
        }

        /**
         * Registers every context listed in {@code directory/index.json}, a JSON object mapping each context
         * URL to a file name in that directory (keys starting with {@code _} are comments), for example
         * {@code {"https://example.com/agent/v1": "agent-v1.jsonld"}}. Several URLs may name one file.
         * Either every listed context is added or, on an error, none.
         *
         * @param directory the folder holding {@code index.json} and the context files
         * @return this builder
         * @throws IOException if the index or a listed file cannot be read or parsed, or a file name leaves the
         *                     directory (the message names the file)
         */
        public Builder registerDirectory(Path directory) throws IOException {
            Path dir = directory.toAbsolutePath().normalize();
            Path index = dir.resolve(INDEX_FILE);
            JsonObject idx = readJsonObject(index);
            Map<String, JsonObject> byFile = new HashMap<>();
            Map<String, Entry> added = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> m : idx.entrySet()) {
                if (m.getKey().startsWith("_")) {
                    continue;
                }
                if (!(m.getValue() instanceof JsonString)) {
                    throw new IOException(index + ": the value for " + m.getKey() + " must be a file name");
                }
                String name = ((JsonString) m.getValue()).getString();
                Path file = dir.resolve(name).normalize();
                if (!file.startsWith(dir) || file.equals(dir)) {
                    throw new IOException(index + ": file " + name + " is outside " + dir);
                }
                String u;
                try {
                    u = checkUrl(m.getKey());
                } catch (IllegalArgumentException e) {
                    throw new IOException(index + ": " + e.getMessage(), e);
                }
                JsonObject doc = byFile.get(name);
                if (doc == null) {
                    doc = readContextFile(file);
                    byFile.put(name, doc);
                }
                added.put(u, Entry.of(u, doc));
            }
            entries.putAll(added);
            return this;
        }

        /** {@return the immutable registry} */
        public ContextRegistry build() {
            return new ContextRegistry(entries);
        }
    }

    private static String checkUrl(String url) {
        Objects.requireNonNull(url, "url");
        URI u;
        try {
            u = new URI(url);
        } catch (Exception e) {
            throw new IllegalArgumentException("context URL is not a URI: " + url);
        }
        if (!u.isAbsolute()) {
            throw new IllegalArgumentException("context URL is not absolute: " + url);
        }
        return url;
    }

    private static JsonObject readContextFile(Path file) throws IOException {
        JsonObject o = readJsonObject(file);
        if (!o.containsKey("@context")) {
            throw new IOException(file + " is not a JSON-LD context document: it has no @context entry");
        }
        return o;
    }

    private static JsonObject readJsonObject(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_CONTEXT_BYTES) {
            throw new IOException(file + " is too large for a context (" + size + " bytes, limit " + MAX_CONTEXT_BYTES + ")");
        }
        return parseObject(Files.readAllBytes(file), file.toString());
    }

    static JsonObject parseObject(byte[] bytes, String name) throws IOException {
        try (JsonReader r = JSON.createReader(new ByteArrayInputStream(bytes))) {
            JsonValue v = r.readValue();
            if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new IOException(name + " is not a JSON object");
            }
            return v.asJsonObject();
        } catch (JsonParsingException e) {
            throw new IOException(name + " is not valid JSON: " + e.getMessage(), e);
        } catch (JsonException e) {
            throw new IOException(name + " could not be read: " + e.getMessage(), e);
        }
    }

    /** One served context; the parsed document is created once and then shared. */
    static final class Entry {
        private final String url;
        private final String resource; // bundled: classpath resource read lazily; else null
        private volatile JsonDocument document;

        private Entry(String url, String resource, JsonDocument document) {
            this.url = url;
            this.resource = resource;
            this.document = document;
        }

        static Entry of(String url, JsonObject json) {
            return new Entry(url, null, toDocument(url, json));
        }

        static Entry bundled(String url, String resource) {
            return new Entry(url, resource, null);
        }

        JsonDocument document() {
            JsonDocument d = document;
            if (d == null) {
                synchronized (this) {
                    d = document;
                    if (d == null) {
                        d = toDocument(url, readResource(resource));
                        document = d;
                    }
                }
            }
            return d;
        }

        private static JsonDocument toDocument(String url, JsonObject json) {
            JsonDocument d = JsonDocument.of(MediaType.JSON_LD, json);
            d.setDocumentUrl(URI.create(url));
            return d;
        }
    }

    private static JsonObject readResource(String resource) {
        try (InputStream in = ContextRegistry.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled context resource missing from the jar: " + resource);
            }
            return parseObject(in.readAllBytes(), resource);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled context resource unreadable: " + resource, e);
        }
    }

    private static final class Bundled {
        static final ContextRegistry INSTANCE = load();

        private static ContextRegistry load() {
            JsonObject index = readResource(BUNDLED_FOLDER + INDEX_FILE);
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> m : index.entrySet()) {
                if (m.getKey().startsWith("_")) {
                    continue;
                }
                String file = ((JsonString) m.getValue()).getString();
                entries.put(m.getKey(), Entry.bundled(m.getKey(), BUNDLED_FOLDER + file));
            }
            return new ContextRegistry(entries);
        }
    }
}
