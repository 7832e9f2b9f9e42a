package dev.mandate.vc.verifier.jose;

import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.verify.ErrorType;
import dev.mandate.vc.verify.Problem;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload checks the JOSE verifier shares with the Data Integrity pipeline: the data model and
 * the credential's own validity period. Until the data-model validator
 * ({@code dev.mandate.vc.model.DataModelValidator}) and {@code ValidityPeriod} land in vc-core, these are
 * the minimal checks below; each entry point is the one place to swap in the shared implementation.
 */
final class CredentialChecks {
    static final String V2 = "https://www.w3.org/ns/credentials/v2";
    static final String V1 = "https://www.w3.org/2018/credentials/v1";

    private CredentialChecks() {
    }

    /** Data model problems of a credential or presentation (swap for DataModelValidator.validate). */
    static List<Problem> dataModel(JsonObject doc, boolean presentation) {
        List<Problem> out = new ArrayList<>();
        JsonValue ctx = doc.get("@context");
        String first = ctx instanceof JsonString ? ((JsonString) ctx).getString()
                : ctx instanceof JsonArray && !((JsonArray) ctx).isEmpty() && ((JsonArray) ctx).get(0) instanceof JsonString
                ? ((JsonArray) ctx).getString(0) : null;
        if (first == null || !(first.equals(V2) || first.equals(V1))) {
            out.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "@context must start with " + V2 + " (or " + V1 + " for VC 1.1)", "/@context"));
        }
        String required = presentation ? "VerifiablePresentation" : "VerifiableCredential";
        if (!hasType(doc.get("type"), required)) {
            out.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "type must include " + required, "/type"));
        }
        if (!presentation) {
            JsonValue issuer = doc.get("issuer");
            if (!(issuer instanceof JsonString || issuer instanceof JsonObject && ((JsonObject) issuer).get("id") instanceof JsonString)) {
                out.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "issuer must be a URL or an object with an id", "/issuer"));
            }
            JsonValue subject = doc.get("credentialSubject");
            if (!(subject instanceof JsonObject || subject instanceof JsonArray && !((JsonArray) subject).isEmpty())) {
                out.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, "credentialSubject must be an object or a non-empty array", "/credentialSubject"));
            }
        }
        return out;
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

    /**
     * The credential's validFrom/validUntil (VCDM 2.0) or issuanceDate/expirationDate (VCDM 1.1) at
     * {@code now} with {@code skew} (swap for ValidityPeriod). Adds problems; true if all passed.
     */
    static boolean validityPeriod(JsonObject vc, Instant now, Duration skew, List<Problem> problems) {
        boolean ok = true;
        for (String from : new String[] {"validFrom", "issuanceDate"}) {
            JsonValue v = vc.get(from);
            if (v == null) continue;
            Instant t = instant(v, from, problems);
            if (t == null) {
                ok = false;
            } else if (now.plus(skew).isBefore(t)) {
                problems.add(new Problem(ErrorType.VALIDITY_PERIOD_ERROR, "credential is not valid before " + t + " (" + from + ")", "/" + from));
                ok = false;
            }
        }
        for (String until : new String[] {"validUntil", "expirationDate"}) {
            JsonValue v = vc.get(until);
            if (v == null) continue;
            Instant t = instant(v, until, problems);
            if (t == null) {
                ok = false;
            } else if (now.minus(skew).isAfter(t)) {
                problems.add(new Problem(ErrorType.VALIDITY_PERIOD_ERROR, "credential expired at " + t + " (" + until + ")", "/" + until));
                ok = false;
            }
        }
        return ok;
    }

    private static Instant instant(JsonValue v, String name, List<Problem> problems) {
        if (v instanceof JsonString && DataIntegrity.DATE_TIME_STAMP.matcher(((JsonString) v).getString()).matches()) {
            try {
                return OffsetDateTime.parse(((JsonString) v).getString()).toInstant();
            } catch (DateTimeParseException e) {
                // falls through to the problem below
            }
        }
        problems.add(new Problem(ErrorType.MALFORMED_VALUE_ERROR, name + " is not an XML Schema dateTimeStamp", "/" + name));
        return null;
    }
}
