package dev.mandate.did.resolve;

import dev.mandate.did.crypto.DecodingException;
import java.util.Optional;

/** DID Resolution / dereferencing error codes (DID Core 1.0 section 7, DID Resolution, DID Extensions). */
public enum ErrorCode {
    /** The DID is not valid DID syntax, or not valid for its method. */
    INVALID_DID("invalidDid", Category.INVALID),
    /** The DID URL is not valid DID URL syntax. */
    INVALID_DID_URL("invalidDidUrl", Category.INVALID),
    /** The DID (or the resource a DID URL names) does not exist. */
    NOT_FOUND("notFound", Category.NOT_FOUND),
    /** The DID method is not supported by this resolver. */
    METHOD_NOT_SUPPORTED("methodNotSupported", Category.INVALID),
    /** The requested representation is not supported. */
    REPRESENTATION_NOT_SUPPORTED("representationNotSupported", Category.INVALID),
    /** The public key in the DID is not a valid key (e.g. not a point on the curve). */
    INVALID_PUBLIC_KEY("invalidPublicKey", Category.INVALID),
    /** The public key in the DID has the wrong length for its type. */
    INVALID_PUBLIC_KEY_LENGTH("invalidPublicKeyLength", Category.INVALID),
    /** The public key type in the DID is not supported or not allowed. */
    INVALID_PUBLIC_KEY_TYPE("invalidPublicKeyType", Category.INVALID),
    /** The requested public key format is not known. */
    UNSUPPORTED_PUBLIC_KEY_TYPE("unsupportedPublicKeyType", Category.INVALID),
    /** The DID document obtained is malformed, too large, or not the document of this DID. */
    INVALID_DID_DOCUMENT("invalidDidDocument", Category.NOT_FOUND),
    /** Resolution failed for a reason outside the input: network, timeout, TLS, server error, refused address. */
    INTERNAL_ERROR("internalError", Category.DEPENDENCY_FAILED);

    /** What an error means for the caller. */
    public enum Category {
        /** The DID or DID URL itself is malformed or unsupported (CLI exit 2). */
        INVALID,
        /** The DID is well-formed but there is no valid document or resource for it (a negative answer, CLI exit 1). */
        NOT_FOUND,
        /** Resolution could not be completed: a dependency (network, host, resolver) failed (CLI exit 3). */
        DEPENDENCY_FAILED
    }

    private final String code;
    private final Category category;

    ErrorCode(String code, Category category) {
        this.code = code;
        this.category = category;
    }

    /** {@return the code as it appears in {@code didResolutionMetadata.error}, e.g. {@code notFound}} */
    public String code() { return code; }

    /** {@return what kind of failure this is} */
    public Category category() { return category; }

    /**
     * {@return the error with this code}
     *
     * @param code a DID Resolution error code such as {@code notFound}
     */
    public static Optional<ErrorCode> fromCode(String code) {
        for (ErrorCode e : values()) if (e.code.equals(code)) return Optional.of(e);
        return Optional.empty();
    }

    /**
     * {@return the resolution error for a key decoding failure (INVALID_ENCODING maps to {@link #INVALID_DID})}
     *
     * @param code the decoding failure
     */
    public static ErrorCode of(DecodingException.Code code) {
        switch (code) {
            case INVALID_KEY_LENGTH: return INVALID_PUBLIC_KEY_LENGTH;
            case INVALID_KEY_TYPE: return INVALID_PUBLIC_KEY_TYPE;
            case INVALID_KEY: return INVALID_PUBLIC_KEY;
            default: return INVALID_DID;
        }
    }
}
