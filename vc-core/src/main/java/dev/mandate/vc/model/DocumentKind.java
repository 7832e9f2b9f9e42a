package dev.mandate.vc.model;

import jakarta.json.JsonObject;

import java.util.List;
import java.util.Objects;

/** What a JSON document claims to be, detected from its {@code type} (and, failing that, its properties). */
public enum DocumentKind {
    /** {@code type} includes {@code VerifiableCredential}. */
    CREDENTIAL,
    /** {@code type} includes {@code VerifiablePresentation}. */
    PRESENTATION,
    /** {@code type} includes {@code EnvelopedVerifiableCredential}. */
    ENVELOPED_CREDENTIAL,
    /** {@code type} includes {@code EnvelopedVerifiablePresentation}. */
    ENVELOPED_PRESENTATION,
    /** None of the above can be told. */
    UNKNOWN;

    /**
     * Detects the kind of {@code document}: by {@code type} first ({@code VerifiablePresentation} wins
     * over {@code VerifiableCredential}); without a telling type, a document with
     * {@code verifiableCredential} or {@code holder} is taken for a presentation and one with
     * {@code credentialSubject} or {@code issuer} for a credential, so that the validator can say
     * what is missing.
     *
     * @param document a JSON object
     * @return the kind, or {@code UNKNOWN}
     */
    public static DocumentKind detect(JsonObject document) {
        Objects.requireNonNull(document, "document");
        List<String> types = JsonValues.strings(document.get("type"));
        if (types.contains("VerifiablePresentation")) {
            return PRESENTATION;
        }
        if (types.contains("VerifiableCredential")) {
            return CREDENTIAL;
        }
        if (types.contains("EnvelopedVerifiablePresentation")) {
            return ENVELOPED_PRESENTATION;
        }
        if (types.contains("EnvelopedVerifiableCredential")) {
            return ENVELOPED_CREDENTIAL;
        }
        if (document.containsKey("verifiableCredential") || document.containsKey("holder")) {
            return PRESENTATION;
        }
        if (document.containsKey("credentialSubject") || document.containsKey("issuer")) {
            return CREDENTIAL;
        }
        return UNKNOWN;
    }
}
