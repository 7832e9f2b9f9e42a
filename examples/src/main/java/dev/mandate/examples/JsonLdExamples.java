package dev.mandate.examples;

import com.apicatalog.rdf.api.RdfQuadConsumer;
import dev.mandate.MandateException;
import dev.mandate.vc.canon.CanonicalDataset;
import dev.mandate.vc.canon.Rdfc;
import dev.mandate.vc.canon.RdfcOptions;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.jsonld.ContextRegistry;
import dev.mandate.vc.jsonld.Expander;
import dev.mandate.vc.jsonld.OfflineDocumentLoader;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Bundled and registered JSON-LD contexts, expansion, RDFC-1.0 and JCS (docs/jsonld.md). */
public final class JsonLdExamples {
    private JsonLdExamples() {
    }

    /**
     * The bundled contexts and their Titanium document loader.
     *
     * @return the loader
     */
    public static OfflineDocumentLoader bundled() {
        // tag::bundled[]
        ContextRegistry contexts = ContextRegistry.bundled();          // one shared instance
        OfflineDocumentLoader loader = contexts.loader();              // a Titanium DocumentLoader, if you call Titanium yourself
        // end::bundled[]
        return loader;
    }

    /**
     * The bundled contexts plus one from code, one file ({@code dir/other.jsonld}) and a folder ({@code dir/contexts}).
     *
     * @param jsonObject the context document registered from code
     * @param dir the folder holding other.jsonld and contexts/index.json
     * @return the registry
     * @throws IOException if a file is unreadable or not a context
     */
    public static ContextRegistry register(JsonObject jsonObject, Path dir) throws IOException {
        // tag::register[]
        ContextRegistry contexts = ContextRegistry.bundled().toBuilder()
                .register("https://example.com/agent/v1", jsonObject)                      // from code
                .registerFile("https://example.com/other/v1", dir.resolve("other.jsonld")) // one file
                .registerDirectory(dir.resolve("contexts"))                                // contexts/index.json
                .build();
        // end::register[]
        return contexts;
    }

    /**
     * Expands {@code document} twice (bundled contexts, then {@code contexts}) and converts it to RDF.
     *
     * @param document a JSON-LD document
     * @param contexts the registry for the second expansion and the RDF conversion
     * @param safeMode whether anything JSON-LD would drop is an error
     * @param quadConsumer receives the quads
     * @return both expansions
     * @throws MandateException as the expansion ({@code JsonLdException})
     */
    public static List<JsonArray> expand(JsonObject document, ContextRegistry contexts, boolean safeMode, RdfQuadConsumer quadConsumer)
            throws MandateException {
        // tag::expand[]
        JsonArray expanded = Expander.expand(document);                         // bundled contexts, safe mode
        JsonArray expandedWith = Expander.expand(document, contexts, safeMode);
        Expander.toRdf(document, contexts, safeMode, quadConsumer);             // JSON-LD to RDF, quad by quad
        // end::expand[]
        return List.of(expanded, expandedWith);
    }

    /**
     * Canonicalizes {@code document} with the defaults and with every option, and {@code nquadsText}.
     *
     * @param document a JSON-LD document
     * @param contexts the registry for the second canonicalization
     * @param nquadsText N-Quads to canonicalize
     * @return the canonical N-Quads of the document (defaults, then options), then of {@code nquadsText}
     * @throws MandateException as the canonicalization ({@code JsonLdException})
     */
    public static List<String> canonicalize(JsonObject document, ContextRegistry contexts, String nquadsText) throws MandateException {
        // tag::rdfc[]
        String nquads = Rdfc.canonicalize(document);                            // what eddsa-rdfc-2022 hashes (UTF-8)
        String withOptions = Rdfc.canonicalize(document, RdfcOptions.defaults()
                .withContexts(contexts)          // default: ContextRegistry.bundled()
                .withSafeMode(true)              // default: true
                .withHashAlgorithm("SHA-384")    // default: SHA-256 (RDFC-1.0's hash; ecdsa-rdfc-2019 uses SHA-384 for P-384)
                .withWorkLimit(1024));           // default: 1024 calls of Hash N-Degree Quads
        CanonicalDataset c = Rdfc.canonicalizeNQuads(nquadsText, RdfcOptions.defaults());
        c.nquads(); c.issuedIdentifiers();       // e.g. {"e0": "c14n0", ...}
        // end::rdfc[]
        return List.of(nquads, withOptions, c.nquads());
    }

    /**
     * The JCS text of {@code jsonValue}, checked against its UTF-8 form.
     *
     * @param jsonValue any JSON value
     * @return the canonical text
     * @throws MandateException if the value has no JCS form ({@code JcsException})
     */
    public static String jcs(JsonValue jsonValue) throws MandateException {
        // tag::jcs[]
        String text = Jcs.canonicalize(jsonValue);        // dev.mandate.vc.jcs
        byte[] utf8 = Jcs.canonicalizeToUtf8(jsonValue);  // what eddsa-jcs-2022 and ecdsa-jcs-2019 hash
        // end::jcs[]
        if (!text.equals(new String(utf8, StandardCharsets.UTF_8))) throw new IllegalStateException("JCS text and bytes differ");
        return text;
    }
}
