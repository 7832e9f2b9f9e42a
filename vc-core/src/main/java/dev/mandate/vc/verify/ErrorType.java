package dev.mandate.vc.verify;

/**
 * The error types of the W3C specifications (VC Data Model 2.0, VC Data Integrity 1.0, Controlled
 * Identifiers 1.0, Bitstring Status List 1.0), plus a few of Mandate's own for conditions the
 * specs name but do not number. Each maps to a problem-details {@code type} URL and a code.
 */
public enum ErrorType {
    // VC Data Model 2.0
    PARSING_ERROR("https://www.w3.org/TR/vc-data-model#PARSING_ERROR", -64, false),
    CRYPTOGRAPHIC_SECURITY_ERROR("https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR", -65, false),
    MALFORMED_VALUE_ERROR("https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR", -66, false),
    RANGE_ERROR("https://www.w3.org/TR/vc-data-model#RANGE_ERROR", -67, false),
    // VC Data Integrity 1.0
    PROOF_GENERATION_ERROR("https://w3id.org/security#PROOF_GENERATION_ERROR", -16, false),
    PROOF_VERIFICATION_ERROR("https://w3id.org/security#PROOF_VERIFICATION_ERROR", -17, false),
    PROOF_TRANSFORMATION_ERROR("https://w3id.org/security#PROOF_TRANSFORMATION_ERROR", -18, false),
    INVALID_DOMAIN_ERROR("https://w3id.org/security#INVALID_DOMAIN_ERROR", -19, false),
    INVALID_CHALLENGE_ERROR("https://w3id.org/security#INVALID_CHALLENGE_ERROR", -20, false),
    // Controlled Identifiers 1.0
    INVALID_VERIFICATION_METHOD_URL("https://w3id.org/security#INVALID_VERIFICATION_METHOD_URL", -21, false),
    INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID("https://w3id.org/security#INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID", -22, false),
    INVALID_CONTROLLED_IDENTIFIER_DOCUMENT("https://w3id.org/security#INVALID_CONTROLLED_IDENTIFIER_DOCUMENT", -23, false),
    INVALID_VERIFICATION_METHOD("https://w3id.org/security#INVALID_VERIFICATION_METHOD", -24, false),
    INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD("https://w3id.org/security#INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD", -25, false),
    // Bitstring Status List 1.0
    STATUS_RETRIEVAL_ERROR("https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR", -128, true),
    STATUS_VERIFICATION_ERROR("https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR", -129, false),
    STATUS_LIST_LENGTH_ERROR("https://www.w3.org/ns/credentials/status-list#STATUS_LIST_LENGTH_ERROR", -130, false),
    // Mandate's own (no number in the specs)
    /** JSON-LD expansion dropped a term or an undefined term was used (safe mode). */
    DATA_LOSS_DETECTION_ERROR("https://mandate.dev/errors#DATA_LOSS_DETECTION_ERROR", -1001, false),
    /** A JSON-LD context is not bundled or registered (offline loader). */
    UNKNOWN_CONTEXT_ERROR("https://mandate.dev/errors#UNKNOWN_CONTEXT_ERROR", -1002, false),
    /** The credential's validity period does not include the verification time. */
    VALIDITY_PERIOD_ERROR("https://mandate.dev/errors#VALIDITY_PERIOD_ERROR", -1003, false),
    /** A DID or verification method could not be resolved because a dependency failed (network, resolver). */
    RESOLUTION_ERROR("https://mandate.dev/errors#RESOLUTION_ERROR", -1004, true),
    /** The credential's issuer is not among the verifier's trusted issuers. */
    UNTRUSTED_ISSUER_ERROR("https://mandate.dev/errors#UNTRUSTED_ISSUER_ERROR", -1008, false),
    /** The input exceeds a configured bound (size, depth, count). */
    LIMIT_EXCEEDED_ERROR("https://mandate.dev/errors#LIMIT_EXCEEDED_ERROR", -1005, false),
    /** The credential's revocation status entry is set: it was revoked by its issuer. */
    CREDENTIAL_REVOKED("https://mandate.dev/errors#CREDENTIAL_REVOKED", -1006, false),
    /** The credential's suspension status entry is set: it is suspended until reinstated. */
    CREDENTIAL_SUSPENDED("https://mandate.dev/errors#CREDENTIAL_SUSPENDED", -1007, false);

    private final String typeUrl;
    private final int code;
    private final boolean operational;

    ErrorType(String typeUrl, int code, boolean operational) {
        this.typeUrl = typeUrl;
        this.code = code;
        this.operational = operational;
    }

    /** The problem-details {@code type} URL. */
    public String typeUrl() { return typeUrl; }
    /** The numeric code the specification assigns (Mandate's own are below -1000). */
    public int code() { return code; }
    /**
     * True when this error means "could not verify" (a dependency failed) rather than "verified as
     * invalid". The CLI maps operational failures to exit code 3.
     */
    public boolean operational() { return operational; }
}
