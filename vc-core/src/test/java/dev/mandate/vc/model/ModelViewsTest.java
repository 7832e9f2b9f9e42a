package dev.mandate.vc.model;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.mandate.vc.model.DataModelValidatorTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelViewsTest {

    @Test
    void credentialAccessors() {
        Credential vc = new Credential(json(DataModelValidatorTest.FULL_V2));
        assertEquals(VcVersion.V2_0, vc.version());
        assertEquals(DocumentKind.CREDENTIAL, vc.kind());
        assertEquals(Optional.of("urn:uuid:0c07c1ce-57cb-41af-bef2-1b932b986873"), vc.id());
        assertEquals(List.of("VerifiableCredential", "AgentCapabilityCredential"), vc.types());
        assertTrue(vc.hasType("AgentCapabilityCredential"));
        assertEquals(Optional.of("did:web:org.example"), vc.issuerId());
        assertEquals(JsonValue.ValueType.OBJECT, vc.issuer().orElseThrow().getValueType());
        assertEquals(List.of("did:key:z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj"), vc.subjectIds());
        assertEquals(Optional.of(Instant.parse("2025-01-01T00:00:00Z")), vc.validFrom());
        assertEquals(Optional.of(Instant.parse("2025-01-01T00:05:00Z")), vc.validUntil());
        assertEquals(Optional.empty(), vc.issuanceDate());
        assertEquals("BitstringStatusListEntry", vc.credentialStatus().get(0).getString("type"));
        assertEquals(1, vc.credentialSchemas().size());
        assertEquals(1, vc.evidence().size());
        assertEquals(1, vc.termsOfUse().size());
        assertEquals(1, vc.refreshServices().size());
        assertEquals(2, vc.relatedResources().size());
        assertEquals("DataIntegrityProof", vc.proofs().get(0).getString("type"));
        assertEquals(List.of("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"), vc.contextUrls());
        assertFalse(vc.isEnveloped());
        JsonObject unsecured = vc.withoutProof();
        assertFalse(unsecured.containsKey("proof"));
        assertEquals(vc.json().size() - 1, unsecured.size());
        assertEquals(Optional.empty(), vc.envelopedDataUrl());
    }

    @Test
    void lenientWithBadShapes() {
        Credential vc = new Credential(json("""
                {"@context": 5, "type": [1, "VerifiableCredential"], "issuer": null, "id": ["a"],
                 "credentialSubject": ["x", {"id": 3}, {"id": "did:example:s"}], "validFrom": "yesterday", "proof": "z"}"""));
        assertEquals(VcVersion.UNKNOWN, vc.version());
        assertEquals(List.of("VerifiableCredential"), vc.types());
        assertEquals(Optional.empty(), vc.issuer());
        assertEquals(Optional.empty(), vc.issuerId());
        assertEquals(Optional.empty(), vc.id());
        assertEquals(2, vc.credentialSubjects().size());
        assertEquals(List.of("did:example:s"), vc.subjectIds());
        assertEquals(Optional.empty(), vc.validFrom());
        assertEquals(List.of(), vc.proofs());
        assertEquals(List.of(), vc.contextUrls());
    }

    @Test
    void vc11Dates() {
        Credential vc = new Credential(json(DataModelValidatorTest.V11));
        assertEquals(VcVersion.V1_1, vc.version());
        assertEquals(Optional.of(Instant.parse("2010-01-01T19:23:24Z")), vc.issuanceDate());
        assertEquals(Optional.of(Instant.parse("2030-01-01T19:23:24Z")), vc.expirationDate());
        assertEquals(Optional.of("https://example.edu/issuers/565049"), vc.issuerId());
    }

    @Test
    void presentationAccessors() {
        Presentation vp = new Presentation(json("""
                {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiablePresentation",
                 "holder": {"id": "did:example:holder"},
                 "verifiableCredential": [
                   {"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential",
                    "id": "data:application/vc+jwt,eyJ.eyJ.c2ln"},
                   "a string",
                   {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": "did:example:i"}
                 ]}"""));
        assertEquals(Optional.of("did:example:holder"), vp.holderId());
        assertEquals(3, vp.verifiableCredentialValues().size());
        List<Credential> creds = vp.credentials();
        assertEquals(2, creds.size());
        assertTrue(creds.get(0).isEnveloped());
        assertEquals(Optional.of("data:application/vc+jwt,eyJ.eyJ.c2ln"), creds.get(0).envelopedDataUrl());
        assertEquals(Optional.of("did:example:i"), creds.get(1).issuerId());
        assertEquals(DocumentKind.PRESENTATION, vp.kind());
    }

    @Test
    void documentOfDetectsKind() {
        assertInstanceOf(Presentation.class, VcDocument.of(json("{\"type\": \"VerifiablePresentation\"}")).orElseThrow());
        assertInstanceOf(Credential.class, VcDocument.of(json("{\"credentialSubject\": {}}")).orElseThrow());
        assertInstanceOf(Presentation.class, VcDocument.of(json("{\"holder\": \"did:example:h\"}")).orElseThrow());
        assertEquals(Optional.empty(), VcDocument.of(json("{\"type\": \"Thing\"}")));
        assertEquals(DocumentKind.PRESENTATION,
                DocumentKind.detect(json("{\"type\": [\"VerifiableCredential\", \"VerifiablePresentation\"]}")));
    }
}
