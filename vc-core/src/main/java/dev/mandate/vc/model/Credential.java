package dev.mandate.vc.model;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of a verifiable credential (VC Data Model 2.0 or 1.1) or of an
 * {@code EnvelopedVerifiableCredential} object. Construction never validates; see
 * {@link DataModelValidator#validate(JsonObject)}.
 *
 * @param json the credential as JSON
 */
public record Credential(JsonObject json) implements VcDocument {
    /**
     * A view of a credential JSON object (not validated: see {@link DataModelValidator}).
     *
     * @param json the credential as JSON
     */
    public Credential {
        Objects.requireNonNull(json, "json");
    }

    /** {@return the {@code issuer} value as given (a URL string or an object), if present and not null} */
    public Optional<JsonValue> issuer() {
        JsonValue v = json.get("issuer");
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? Optional.empty() : Optional.of(v);
    }

    /**
     * {@return the issuer's identifier: {@code issuer} if it is a string, else {@code issuer.id} if that is a string}
     */
    public Optional<String> issuerId() {
        JsonValue v = json.get("issuer");
        if (JsonValues.isString(v)) {
            return JsonValues.string(json, "issuer");
        }
        if (JsonValues.isObject(v)) {
            return JsonValues.string(v.asJsonObject(), "id");
        }
        return Optional.empty();
    }

    /** {@return the {@code credentialSubject} objects (one object or an array; non-objects skipped)} */
    public List<JsonObject> credentialSubjects() {
        return JsonValues.objects(json.get("credentialSubject"));
    }

    /** {@return the {@code id} of each credential subject that has a string id, in order} */
    public List<String> subjectIds() {
        return credentialSubjects().stream().map(s -> JsonValues.string(s, "id")).flatMap(Optional::stream).toList();
    }

    /** {@return VC 2.0 {@code validFrom} as an instant, if present and a valid dateTimeStamp} */
    public Optional<Instant> validFrom() {
        return JsonValues.string(json, "validFrom").flatMap(DateTimeStamp::parse);
    }

    /** {@return VC 2.0 {@code validUntil} as an instant, if present and a valid dateTimeStamp} */
    public Optional<Instant> validUntil() {
        return JsonValues.string(json, "validUntil").flatMap(DateTimeStamp::parse);
    }

    /** {@return VC 1.1 {@code issuanceDate} as an instant (time zone optional, UTC assumed), if present and valid} */
    public Optional<Instant> issuanceDate() {
        return JsonValues.string(json, "issuanceDate").flatMap(DateTimeStamp::parseDateTime);
    }

    /**
     * {@return VC 1.1 {@code expirationDate} as an instant (time zone optional, UTC assumed), if present and valid}
     */
    public Optional<Instant> expirationDate() {
        return JsonValues.string(json, "expirationDate").flatMap(DateTimeStamp::parseDateTime);
    }

    /** {@return the {@code credentialStatus} objects} */
    public List<JsonObject> credentialStatus() {
        return JsonValues.objects(json.get("credentialStatus"));
    }

    /** {@return the {@code credentialSchema} objects} */
    public List<JsonObject> credentialSchemas() {
        return JsonValues.objects(json.get("credentialSchema"));
    }

    /** {@return the {@code evidence} objects} */
    public List<JsonObject> evidence() {
        return JsonValues.objects(json.get("evidence"));
    }

    /** {@return the {@code refreshService} objects} */
    public List<JsonObject> refreshServices() {
        return JsonValues.objects(json.get("refreshService"));
    }

    /** {@return the {@code relatedResource} objects (VC 2.0)} */
    public List<JsonObject> relatedResources() {
        return JsonValues.objects(json.get("relatedResource"));
    }

    /**
     * {@return the {@code id} of an {@code EnvelopedVerifiableCredential}, the {@code data:} URL holding the
     * secured credential; empty for any other credential}
     */
    public Optional<String> envelopedDataUrl() {
        return isEnveloped() ? id().filter(Urls::isDataUrl) : Optional.empty();
    }
}
