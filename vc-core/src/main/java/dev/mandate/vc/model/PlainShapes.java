package dev.mandate.vc.model;

import dev.mandate.vc.json.JsonPointers;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Rule 3 of {@link JsonLdIntegrity}: single-valued members that the verifier and Mandate's consumers read
 * must have their plain JSON shape (a date a string, {@code delegationDepth} a number, ...), where
 * {@link DataModelValidator} does not already say so. An array or a value object around them is the same
 * RDF, so the proof still holds, but a reader looking for the plain value finds nothing.
 */
final class PlainShapes {
    private static final String[] ALL_DATES = {"validFrom", "validUntil", "issuanceDate", "expirationDate", "created", "expires"};
    /** Dates not checked by {@link DataModelValidator} in a VC 2.0 (or unknown version) credential. */
    private static final String[] V2_CREDENTIAL_DATES = {"issuanceDate", "expirationDate", "created", "expires"};
    /** Dates not checked by {@link DataModelValidator} in a VC 1.1 credential. */
    private static final String[] V1_CREDENTIAL_DATES = {"created", "expires"};

    private final BiConsumer<String, String> report;

    /** @param report takes a JSON pointer and a one-line message */
    PlainShapes(BiConsumer<String, String> report) {
        this.report = report;
    }

    /** Reports every member of {@code doc} (and its embedded credentials and proofs) without its plain shape. */
    void shapes(JsonObject doc) {
        switch (DocumentKind.detect(doc)) {
            case CREDENTIAL:
                credentialShapes(doc, JsonPointers.ROOT);
                break;
            case PRESENTATION:
                dates(doc, JsonPointers.ROOT, ALL_DATES);
                proofs(doc, JsonPointers.ROOT);
                verifiableCredentials(doc);
                break;
            default:
                dates(doc, JsonPointers.ROOT, ALL_DATES);
                proofs(doc, JsonPointers.ROOT);
                break;
        }
    }

    private void credentialShapes(JsonObject vc, String path) {
        dates(vc, path, VcVersion.of(vc) == VcVersion.V1_1 ? V1_CREDENTIAL_DATES : V2_CREDENTIAL_DATES);
        proofs(vc, path);
        JsonValue subject = vc.get("credentialSubject");
        String sp = JsonPointers.child(path, "credentialSubject");
        if (subject instanceof JsonObject o) {
            agentTerms(o, sp);
        } else if (subject instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) instanceof JsonObject o) {
                    agentTerms(o, JsonPointers.index(sp, i));
                }
            }
        }
    }

    /** Mandate's single-valued agent terms must have their plain shape, as the dates must. */
    private void agentTerms(JsonObject subject, String path) {
        JsonValue depth = subject.get("delegationDepth");
        if (depth != null && depth.getValueType() != JsonValue.ValueType.NUMBER) {
            report.accept(JsonPointers.child(path, "delegationDepth"), "delegationDepth must be a plain number, found " + JsonValues.show(depth)
                    + "; an array or value object is the same ProtectedVocabulary.RDF but hides the value from readers of delegationDepth");
        }
        for (String name : new String[] {"parentCredential", "parentCredentialDigest"}) {
            JsonValue v = subject.get(name);
            if (v != null && !(v instanceof JsonString)) {
                report.accept(JsonPointers.child(path, name), name + " must be a plain string, found " + JsonValues.show(v)
                        + "; an array or value object is the same ProtectedVocabulary.RDF but hides the value from readers of " + name);
            }
        }
    }

    /** The credentials of a presentation, told apart from enveloped ones as {@link DataModelValidator} does. */
    private void verifiableCredentials(JsonObject vp) {
        JsonValue v = vp.get("verifiableCredential");
        if (v == null) {
            return;
        }
        String p = JsonPointers.child(JsonPointers.ROOT, "verifiableCredential");
        if (v.getValueType() == JsonValue.ValueType.OBJECT) {
            embeddedCredential(v.asJsonObject(), p);
        } else if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray a = v.asJsonArray();
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).getValueType() == JsonValue.ValueType.OBJECT) {
                    embeddedCredential(a.get(i).asJsonObject(), JsonPointers.index(p, i));
                }
            }
        }
    }

    private void embeddedCredential(JsonObject o, String path) {
        List<String> types = JsonValues.strings(o.get("type"));
        boolean enveloped = types.contains("EnvelopedVerifiableCredential")
                || (!o.containsKey("type") && JsonValues.string(o, "id").filter(Urls::isDataUrl).isPresent());
        if (enveloped) {
            dates(o, path, ALL_DATES);
            proofs(o, path);
        } else {
            credentialShapes(o, path);
        }
    }

    private void proofs(JsonObject o, String path) {
        JsonValue v = o.get("proof");
        if (v == null) {
            return;
        }
        if (v.getValueType() == JsonValue.ValueType.OBJECT) {
            proof(v.asJsonObject(), JsonPointers.child(path, "proof"));
        } else if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArray a = v.asJsonArray();
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).getValueType() == JsonValue.ValueType.OBJECT) {
                    proof(a.get(i).asJsonObject(), JsonPointers.index(JsonPointers.child(path, "proof"), i));
                }
            }
        }
    }

    private void proof(JsonObject proof, String path) {
        dates(proof, path, ALL_DATES);
        if (proof.containsKey("expiration")) {
            report.accept(JsonPointers.child(path, "expiration"), "proof member \"expiration\" has the IRI of \"expires\""
                    + " (security#expiration) under another name, hiding it from readers of expires; write \"expires\"");
        }
    }

    private void dates(JsonObject o, String path, String[] names) {
        for (String name : names) {
            JsonValue v = o.get(name);
            if (v != null && !(v instanceof JsonString)) {
                report.accept(JsonPointers.child(path, name), name + " must be a plain date-time string, found " + JsonValues.show(v)
                        + "; an array or value object is the same ProtectedVocabulary.RDF but hides the value from readers of " + name);
            }
        }
    }
}
