package dev.mandate.did.resolve;

import dev.mandate.did.document.DidDocument;
import dev.mandate.did.document.VerificationMethod;
import dev.mandate.did.internal.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of dereferencing a DID URL (DID Core 1.0 section 7.2): the resource it names (the DID
 * document itself, a verification method or a service) or an error. Immutable.
 */
public final class DereferenceResult {
    private final JsonObject content;             // null on error
    private final DidDocument document;           // the resolved document; null on error
    private final VerificationMethod method;      // non-null when the content is a verification method
    private final ErrorCode error;
    private final String errorMessage;

    private DereferenceResult(JsonObject content, DidDocument document, VerificationMethod method, ErrorCode error, String errorMessage) {
        this.content = content;
        this.document = document;
        this.method = method;
        this.error = error;
        this.errorMessage = errorMessage;
    }

    /**
     * {@return the whole DID document (a DID URL without path, query or fragment)}
     *
     * @param document the resolved document
     */
    public static DereferenceResult ofDocument(DidDocument document) {
        return new DereferenceResult(document.toJson(), document, null, null, null);
    }

    /**
     * {@return a verification method of {@code document}}
     *
     * @param document the resolved document
     * @param method   the verification method the fragment names
     */
    public static DereferenceResult ofMethod(DidDocument document, VerificationMethod method) {
        return new DereferenceResult(method.toJson(), Objects.requireNonNull(document, "document"), method, null, null);
    }

    /**
     * Another resource (e.g. a service) of {@code document}.
     *
     * @param document the resolved document
     * @param resource the JSON object the fragment names
     * @return a successful result
     */
    public static DereferenceResult ofResource(DidDocument document, JsonObject resource) {
        return new DereferenceResult(Objects.requireNonNull(resource, "resource"), Objects.requireNonNull(document, "document"), null, null, null);
    }

    /**
     * {@return a failed result with a one-line message}
     *
     * @param error   the DID Resolution error code
     * @param message one line naming the DID URL and what was wrong
     */
    public static DereferenceResult error(ErrorCode error, String message) {
        return new DereferenceResult(null, null, null, Objects.requireNonNull(error, "error"), Objects.requireNonNull(message, "message"));
    }

    /** {@return the dereferenced resource as JSON, if found} */
    public Optional<JsonObject> content() { return Optional.ofNullable(content); }

    /** {@return the verification method, if the DID URL named one} */
    public Optional<VerificationMethod> verificationMethod() { return Optional.ofNullable(method); }

    /** {@return the DID document the resource came from, if dereferencing succeeded} */
    public Optional<DidDocument> didDocument() { return Optional.ofNullable(document); }

    /** {@return the error, if dereferencing failed} */
    public Optional<ErrorCode> error() { return Optional.ofNullable(error); }

    /** {@return the one-line error message, if dereferencing failed} */
    public Optional<String> errorMessage() { return Optional.ofNullable(errorMessage); }

    /** {@return true if a resource was found} */
    public boolean isSuccess() { return content != null; }

    /** {@return true if dereferencing failed because a dependency failed} */
    public boolean isDependencyFailure() {
        return error != null && error.category() == ErrorCode.Category.DEPENDENCY_FAILED;
    }

    /**
     * {@return the DID URL dereferencing result in its JSON shape: {@code contentStream}, {@code
     * dereferencingMetadata}, {@code contentMetadata}}
     */
    public JsonObject toJson() {
        JsonObjectBuilder meta = Json.object();
        if (content != null) {
            meta.add("contentType", content == document.toJson() && content.containsKey("@context")
                    ? ResolutionResult.DID_LD_JSON : content == document.toJson() ? ResolutionResult.DID_JSON : "application/json");
        } else {
            meta.add("error", error.code()).add("errorMessage", errorMessage);
        }
        return Json.object()
                .add("@context", ResolutionResult.RESOLUTION_CONTEXT)
                .add("contentStream", content == null ? JsonValue.NULL : content)
                .add("dereferencingMetadata", meta)
                .add("contentMetadata", JsonValue.EMPTY_JSON_OBJECT)
                .build();
    }

    @Override public String toString() { return toJson().toString(); }
}
