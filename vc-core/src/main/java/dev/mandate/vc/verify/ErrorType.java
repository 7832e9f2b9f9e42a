package dev.mandate.vc.verify;

/**
 * The error types of the W3C specifications (VC Data Model 2.0, VC Data Integrity 1.0, Controlled
 * Identifiers 1.0, Bitstring Status List 1.0), plus a few of Mandate's own for conditions the
 * specs name but do not number. Each maps to a problem-details {@code type} URL and a code.
 */
public enum ErrorType {
    // VC Data Model 2.0
    /** The input could not be parsed (VC Data Model 2.0 §7.1 {@code PARSING_ERROR}, -64). */
    PARSING_ERROR("https://www.w3.org/TR/vc-data-model#PARSING_ERROR", -64, false),
    /** A securing mechanism check failed, e.g. a refused algorithm or a bad JWS signature (VC Data Model 2.0, -65). */
    CRYPTOGRAPHIC_SECURITY_ERROR("https://www.w3.org/TR/vc-data-model#CRYPTOGRAPHIC_SECURITY_ERROR", -65, false),
    /** A value does not have the form the data model requires (VC Data Model 2.0, -66). */
    MALFORMED_VALUE_ERROR("https://www.w3.org/TR/vc-data-model#MALFORMED_VALUE_ERROR", -66, false),
    /** A value is outside its allowed range (VC Data Model 2.0, -67). */
    RANGE_ERROR("https://www.w3.org/TR/vc-data-model#RANGE_ERROR", -67, false),
    // VC Data Integrity 1.0
    /** A proof could not be created (VC Data Integrity 1.0, -16). */
    PROOF_GENERATION_ERROR("https://w3id.org/security#PROOF_GENERATION_ERROR", -16, false),
    /** A proof did not verify, or its shape is wrong (VC Data Integrity 1.0, -17). */
    PROOF_VERIFICATION_ERROR("https://w3id.org/security#PROOF_VERIFICATION_ERROR", -17, false),
    /** The document could not be transformed (canonicalized) for its proof (VC Data Integrity 1.0, -18). */
    PROOF_TRANSFORMATION_ERROR("https://w3id.org/security#PROOF_TRANSFORMATION_ERROR", -18, false),
    /** A proof's {@code domain} is not the one the verifier expects (VC Data Integrity 1.0, -19). */
    INVALID_DOMAIN_ERROR("https://w3id.org/security#INVALID_DOMAIN_ERROR", -19, false),
    /** A proof's {@code challenge} is not the one the verifier issued (VC Data Integrity 1.0, -20). */
    INVALID_CHALLENGE_ERROR("https://w3id.org/security#INVALID_CHALLENGE_ERROR", -20, false),
    // Controlled Identifiers 1.0
    /** A verification method URL is missing or malformed (Controlled Identifiers 1.0, -21). */
    INVALID_VERIFICATION_METHOD_URL("https://w3id.org/security#INVALID_VERIFICATION_METHOD_URL", -21, false),
    /** A resolved document's {@code id} is not the identifier asked for (Controlled Identifiers 1.0, -22). */
    INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID("https://w3id.org/security#INVALID_CONTROLLED_IDENTIFIER_DOCUMENT_ID", -22, false),
    /** A resolved DID document is not valid (Controlled Identifiers 1.0, -23). */
    INVALID_CONTROLLED_IDENTIFIER_DOCUMENT("https://w3id.org/security#INVALID_CONTROLLED_IDENTIFIER_DOCUMENT", -23, false),
    /**
     * A verification method is missing or not usable, e.g. an unknown key encoding (Controlled Identifiers 1.0, -24).
     */
    INVALID_VERIFICATION_METHOD("https://w3id.org/security#INVALID_VERIFICATION_METHOD", -24, false),
    /**
     * The verification method is not listed under the relationship the proof purpose needs (Controlled Identifiers
     * 1.0, -25).
     */
    INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD("https://w3id.org/security#INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD", -25, false),
    // Bitstring Status List 1.0
    /** A status list could not be retrieved; operational (Bitstring Status List 1.0, -128). */
    STATUS_RETRIEVAL_ERROR("https://www.w3.org/ns/credentials/status-list#STATUS_RETRIEVAL_ERROR", -128, true),
    /** A status list credential did not verify, or does not match the entry (Bitstring Status List 1.0, -129). */
    STATUS_VERIFICATION_ERROR("https://www.w3.org/ns/credentials/status-list#STATUS_VERIFICATION_ERROR", -129, false),
    /** A status list is shorter than the entry's index needs (Bitstring Status List 1.0, -130). */
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

    /** {@return the problem-details {@code type} URL} */
    public String typeUrl() { return typeUrl; }
    /** {@return the numeric code the specification assigns (Mandate's own are below -1000)} */
    public int code() { return code; }
    /**
     * {@return true when this error means "could not verify" (a dependency failed) rather than "verified as invalid"}
     * The CLI maps operational failures to exit code 3.
     */
    public boolean operational() { return operational; }
}
