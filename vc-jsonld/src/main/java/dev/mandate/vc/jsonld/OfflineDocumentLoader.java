package dev.mandate.vc.jsonld;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;

import java.net.URI;
import java.util.Objects;

/**
 * A Titanium {@link DocumentLoader} that serves only the contexts of one {@link ContextRegistry} and never
 * touches the network. Any other URL fails with a {@link JsonLdError} whose message names the URL; the
 * processing entry points of this module ({@link Expander}, {@code Rdfc}) turn it into a
 * {@link JsonLdException} of type {@code UNKNOWN_CONTEXT_ERROR}.
 *
 * <p>The documents returned are shared, parsed once per process; callers must not modify them. Use
 * {@link ContextRegistry#loader()} to obtain one. Thread-safe.
 */
public final class OfflineDocumentLoader implements DocumentLoader {

    private final ContextRegistry registry;

    OfflineDocumentLoader(ContextRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** {@return the registry this loader serves} */
    public ContextRegistry registry() {
        return registry;
    }

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
        String key = url == null ? "null" : url.toString();
        Document d = url == null ? null : registry.document(key);
        if (d == null) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, UnknownContext.message(key),
                    new UnknownContext(key));
        }
        return d;
    }

    /** Marks, in a Titanium error's cause chain, that a URL was not served. */
    static final class UnknownContext extends Exception {
        private static final long serialVersionUID = 1L;
        final String url;

        UnknownContext(String url) {
            super(message(url), null, false, false);
            this.url = url;
        }

        static String message(String url) {
            return "JSON-LD context " + url + " is not bundled or registered (network loading is disabled;"
                    + " register it: ContextRegistry in code, --context-dir or MANDATE_CONTEXT_DIR on the command line)";
        }
    }
}
