package dev.mandate.did.resolve;

import dev.mandate.did.DidSyntaxException;
import dev.mandate.did.DidUrl;
import dev.mandate.did.document.DidDocument;
import java.util.Optional;

/**
 * Resolves DIDs to DID documents. Implementations never throw for any input: every failure is a
 * {@link ResolutionResult} with an {@link ErrorCode}. Implementations in did-core are thread-safe.
 */
public interface DidResolver {

    /**
     * Resolves {@code did} (a DID, not a DID URL).
     *
     * @param did the DID to resolve; a malformed one gives an {@code invalidDid} result, not an exception
     * @return the document and metadata, or the DID Resolution error (operational when a dependency failed)
     */
    ResolutionResult resolve(String did);

    /**
     * Dereferences a DID URL: a bare DID gives the document, {@code did#fragment} the verification method
     * or service with that id. Paths and queries are not supported ({@code notFound}).
     *
     * @param didUrl the DID URL
     * @return the document, method or service, or the error
     */
    default DereferenceResult dereference(String didUrl) {
        DidUrl url;
        try {
            url = DidUrl.parse(didUrl);
        } catch (DidSyntaxException e) {
            return DereferenceResult.error(ErrorCode.INVALID_DID_URL, e.getMessage());
        }
        ResolutionResult r = resolve(url.did().toString());
        if (!r.isSuccess()) {
            return DereferenceResult.error(r.error().orElse(ErrorCode.INTERNAL_ERROR), r.errorMessage().orElse("resolution failed"));
        }
        DidDocument doc = r.didDocument().orElseThrow();
        if (!url.path().isEmpty() || url.query().isPresent()) {
            return DereferenceResult.error(ErrorCode.NOT_FOUND, "DID URL " + didUrl + ": paths and queries are not supported, only fragments");
        }
        Optional<String> fragment = url.fragment();
        if (fragment.isEmpty()) return DereferenceResult.ofDocument(doc);
        String id = doc.id() + "#" + fragment.get();
        return doc.verificationMethod(id).map(m -> DereferenceResult.ofMethod(doc, m))
                .or(() -> doc.resource(id).map(o -> DereferenceResult.ofResource(doc, o)))
                .orElseGet(() -> DereferenceResult.error(ErrorCode.NOT_FOUND, "DID document of " + doc.id() + " has no resource with id " + id));
    }
}
