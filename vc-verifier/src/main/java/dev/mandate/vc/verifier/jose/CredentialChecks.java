package dev.mandate.vc.verifier.jose;

import dev.mandate.vc.model.Credential;
import dev.mandate.vc.model.DataModelValidator;
import dev.mandate.vc.verify.Problem;
import dev.mandate.vc.verify.ValidityPeriod;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The payload checks the JOSE verifier shares with the Data Integrity pipeline: the VC data model
 * ({@link DataModelValidator}) and the credential's own validity period ({@link ValidityPeriod}).
 */
final class CredentialChecks {
    static final String V2 = "https://www.w3.org/ns/credentials/v2";

    private CredentialChecks() {
    }

    /** Data model problems of a credential or presentation (VC 1.1 or 2.0). */
    static List<Problem> dataModel(JsonObject doc, boolean presentation) {
        return presentation ? DataModelValidator.validatePresentation(doc) : DataModelValidator.validateCredential(doc);
    }

    /**
     * The credential's validFrom/validUntil (VC 2.0) or issuanceDate/expirationDate (VC 1.1) at
     * {@code now} with {@code skew}. Adds problems; true if all passed.
     */
    static boolean validityPeriod(JsonObject vc, Instant now, Duration skew, List<Problem> problems) {
        List<Problem> found = ValidityPeriod.check(new Credential(vc), now, skew);
        problems.addAll(found);
        return found.isEmpty();
    }

    static boolean hasType(JsonValue type, String name) {
        if (type instanceof JsonString) {
            return ((JsonString) type).getString().equals(name);
        }
        if (type instanceof JsonArray) {
            for (JsonValue t : (JsonArray) type) {
                if (t instanceof JsonString && ((JsonString) t).getString().equals(name)) return true;
            }
        }
        return false;
    }
}
