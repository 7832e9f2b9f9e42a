package dev.mandate.did.resolve;

import dev.mandate.did.document.DidDocument;
import dev.mandate.did.internal.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of DID resolution (DID Core 1.0 section 7.1): a document and its metadata, or an error code
 * with a one-line message. Immutable.
 */
public final class ResolutionResult {
    /** Media type of a DID document in JSON-LD form. */
    public static final String DID_LD_JSON = "application/did+ld+json";
    /** Media type of a DID document in plain JSON form (no {@code @context}). */
    public static final String DID_JSON = "application/did+json";
    /** The DID Resolution JSON-LD context used by {@link #toJson()}. */
    public static final String RESOLUTION_CONTEXT = "https://w3id.org/did-resolution/v1";

    private final DidDocument document;      // null on error
    private final ErrorCode error;           // null on success
    private final String errorMessage;       // null on success
    private final JsonObject documentMetadata;

    private ResolutionResult(DidDocument document, ErrorCode error, String errorMessage, JsonObject documentMetadata) {
        this.document = document;
        this.error = error;
        this.errorMessage = errorMessage;
        this.documentMetadata = documentMetadata;
    }

    /**
     * {@return a successful result with empty document metadata}
     *
     * @param document the resolved document
     */
    public static ResolutionResult success(DidDocument document) {
        return success(document, JsonValue.EMPTY_JSON_OBJECT);
    }

    /**
     * {@return a successful result with the given {@code didDocumentMetadata}}
     *
     * @param document         the resolved document
     * @param documentMetadata the DID document metadata
     */
    public static ResolutionResult success(DidDocument document, JsonObject documentMetadata) {
        return new ResolutionResult(Objects.requireNonNull(document, "document"), null, null,
                Objects.requireNonNull(documentMetadata, "documentMetadata"));
    }

    /**
     * {@return a failed result: {@code message} is one line naming the input and what was wrong}
     *
     * @param error   the DID Resolution error code
     * @param message one line naming the input and what was wrong
     */
    public static ResolutionResult error(ErrorCode error, String message) {
        return new ResolutionResult(null, Objects.requireNonNull(error, "error"), Objects.requireNonNull(message, "message"),
                JsonValue.EMPTY_JSON_OBJECT);
    }

    /** {@return the document, if resolution succeeded} */
    public Optional<DidDocument> didDocument() { return Optional.ofNullable(document); }

    /** {@return the error, if resolution failed} */
    public Optional<ErrorCode> error() { return Optional.ofNullable(error); }

    /** {@return the one-line error message, if resolution failed} */
    public Optional<String> errorMessage() { return Optional.ofNullable(errorMessage); }

    /** {@return true if a document was resolved} */
    public boolean isSuccess() { return document != null; }

    /**
     * {@return true if resolution failed because a dependency failed (network, host, timeout), not because of the
     * DID}
     */
    public boolean isDependencyFailure() {
        return error != null && error.category() == ErrorCode.Category.DEPENDENCY_FAILED;
    }

    /**
     * {@return the media type of the document: {@value #DID_LD_JSON} if it has an {@code @context}, else {@value
     * #DID_JSON}; empty on error}
     */
    public Optional<String> contentType() {
        if (document == null) return Optional.empty();
        return Optional.of(document.toJson().containsKey("@context") ? DID_LD_JSON : DID_JSON);
    }

    /**
     * {@return the {@code didResolutionMetadata} object: {@code contentType} on success, {@code error} and {@code
     * errorMessage} on failure}
     */
    public JsonObject didResolutionMetadata() {
        JsonObjectBuilder b = Json.object();
        contentType().ifPresent(ct -> b.add("contentType", ct));
        if (error != null) {
            b.add("error", error.code());
            b.add("errorMessage", errorMessage);
        }
        return b.build();
    }

    /** {@return the {@code didDocumentMetadata} object (empty for did:key and did:jwk)} */
    public JsonObject didDocumentMetadata() { return documentMetadata; }

    /**
     * {@return the DID Resolution result in its JSON shape: {@code didDocument} (or null), {@code
     * didResolutionMetadata}, {@code didDocumentMetadata}}
     */
    public JsonObject toJson() {
        return Json.object()
                .add("@context", RESOLUTION_CONTEXT)
                .add("didDocument", document == null ? JsonValue.NULL : document.toJson())
                .add("didResolutionMetadata", didResolutionMetadata())
                .add("didDocumentMetadata", documentMetadata)
                .build();
    }

    @Override public String toString() { return toJson().toString(); }
}
