package dev.mandate.vc.canon;

import com.apicatalog.rdf.api.RdfConsumerException;
import com.apicatalog.rdf.nquads.NQuadsReader;
import com.apicatalog.rdf.nquads.NQuadsReaderException;
import dev.mandate.vc.jsonld.Expander;
import dev.mandate.vc.jsonld.JsonLdException;
import dev.mandate.vc.verify.ErrorType;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.util.Objects;

/**
 * RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents and N-Quads, as the {@code *-rdfc-*}
 * Data Integrity cryptosuites use it.
 *
 * <p>A JSON-LD document is expanded offline (only the contexts of {@link RdfcOptions#contexts()}), with a
 * null base IRI, in safe mode unless turned off, converted to RDF (no generalized RDF, RDF direction
 * {@code i18n-datatype}) and canonicalized. The result is the canonical N-Quads document as a string; hash
 * its UTF-8 bytes. Thread-safe; processed contexts are cached per {@link dev.mandate.vc.jsonld.ContextRegistry}.
 *
 * <p>Every failure is a {@link JsonLdException} with a spec error type: {@code UNKNOWN_CONTEXT_ERROR},
 * {@code DATA_LOSS_DETECTION_ERROR}, {@code LIMIT_EXCEEDED_ERROR} (too deep, or the RDFC-1.0 work limit) or
 * {@code PARSING_ERROR}.
 */
public final class Rdfc {

    /** Largest N-Quads input accepted by {@link #canonicalizeNQuads}, in characters. */
    public static final int MAX_NQUADS_CHARS = 16 * 1024 * 1024;

    private Rdfc() {
    }

    /**
     * Canonicalizes a JSON-LD document with {@link RdfcOptions#defaults()} (the process's contexts, safe mode,
     * SHA-256).
     *
     * @param document the JSON-LD document (a credential, a proof configuration)
     * @return the canonical N-Quads (empty if the document yields no quads)
     * @throws JsonLdException as {@link #canonicalize(JsonObject, RdfcOptions)}
     */
    public static String canonicalize(JsonObject document) throws JsonLdException {
        return canonicalize(document, RdfcOptions.defaults());
    }

    /**
     * Canonicalizes a JSON-LD document: JSON-LD to RDF, then RDFC-1.0.
     *
     * @param document the JSON-LD document
     * @param options  contexts, safe mode, hash algorithm and work limit
     * @return the canonical N-Quads (empty if the document yields no quads)
     * @throws JsonLdException a context that is not registered, data that safe mode refuses
     *                         ({@code DATA_LOSS_DETECTION_ERROR}), invalid JSON-LD, or the work limit exceeded
     *                         ({@code LIMIT_EXCEEDED_ERROR})
     */
    public static String canonicalize(JsonObject document, RdfcOptions options) throws JsonLdException {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(options, "options");
        Rdfc10 canon = new Rdfc10(options.hashAlgorithm(), options.workLimit());
        Expander.toRdf(document, options.contexts(), options.safeMode(), new QuadSink(canon));
        return run(canon).nquads();
    }

    /**
     * Canonicalizes a JSON-LD document as {@link #canonicalize(JsonObject, RdfcOptions)} does and returns the
     * canonical N-Quads as UTF-8, the bytes the {@code *-rdfc-*} cryptosuites hash, without making the string first.
     *
     * @param document the JSON-LD document
     * @param options  contexts, safe mode, hash algorithm and work limit
     * @return the canonical N-Quads in UTF-8 (empty if the document yields no quads)
     * @throws JsonLdException as {@link #canonicalize(JsonObject, RdfcOptions)}
     */
    public static byte[] canonicalUtf8(JsonObject document, RdfcOptions options) throws JsonLdException {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(options, "options");
        Rdfc10 canon = new Rdfc10(options.hashAlgorithm(), options.workLimit());
        Expander.toRdf(document, options.contexts(), options.safeMode(), new QuadSink(canon));
        try {
            return canon.canonicalUtf8();
        } catch (Rdfc10.WorkLimitExceeded e) {
            throw new JsonLdException(ErrorType.LIMIT_EXCEEDED_ERROR, e.getMessage(), "");
        }
    }

    /**
     * Canonicalizes an RDF dataset given as N-Quads.
     *
     * @param nquads  the dataset, one quad per line
     * @param options the hash algorithm and work limit (contexts and safe mode are not used)
     * @return the canonical N-Quads and the blank node labels issued
     * @throws JsonLdException PARSING_ERROR for malformed N-Quads, LIMIT_EXCEEDED_ERROR if the input exceeds
     *                         {@link #MAX_NQUADS_CHARS} or the work limit
     */
    public static CanonicalDataset canonicalizeNQuads(String nquads, RdfcOptions options) throws JsonLdException {
        Objects.requireNonNull(nquads, "nquads");
        Objects.requireNonNull(options, "options");
        if (nquads.length() > MAX_NQUADS_CHARS) {
            throw new JsonLdException(ErrorType.LIMIT_EXCEEDED_ERROR,
                    "N-Quads input has " + nquads.length() + " characters, more than " + MAX_NQUADS_CHARS, "");
        }
        Rdfc10 canon = new Rdfc10(options.hashAlgorithm(), options.workLimit());
        try {
            new NQuadsReader(new StringReader(nquads)).provide(new QuadSink(canon));
        } catch (NQuadsReaderException | RdfConsumerException | RuntimeException e) {
            throw new JsonLdException(ErrorType.PARSING_ERROR, "malformed N-Quads: " + e.getMessage(), e);
        }
        return run(canon);
    }

    private static CanonicalDataset run(Rdfc10 canon) throws JsonLdException {
        try {
            String out = canon.canonicalize();
            return new CanonicalDataset(out, canon.issuedIdentifiers());
        } catch (Rdfc10.WorkLimitExceeded e) {
            throw new JsonLdException(ErrorType.LIMIT_EXCEEDED_ERROR, e.getMessage(), "");
        }
    }

}
