package dev.mandate.vc.verify;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * The validity period a verified credential states and whether the verification time was inside it.
 *
 * @param validFrom  the start as written (validFrom, or issuanceDate for VC 1.1), "" when none
 * @param validUntil the end as written (validUntil, or expirationDate for VC 1.1), "" when none
 * @param valid      true when the verification time (with the clock skew) lies within the period
 */
public record ValidityCheck(String validFrom, String validUntil, boolean valid) {
    /** No validity period was checked (a presentation, or a credential that could not be authenticated). */
    public static final ValidityCheck NOT_CHECKED = new ValidityCheck("", "", false);

    /**
     * Checks that both dates are present ("" when absent).
     *
     * @param validFrom  the start as written (validFrom, or issuanceDate for VC 1.1), "" when none
     * @param validUntil the end as written (validUntil, or expirationDate for VC 1.1), "" when none
     * @param valid      true when the verification time (with the clock skew) lies within the period
     */
    public ValidityCheck {
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
    }

    /** {@return {@code {validFrom?, validUntil?, valid}}} */
    public JsonObject toJson() {
        return dev.mandate.vc.json.JsonSink.Tree.object(this::members);
    }

    /**
     * Writes the members of {@link #toJson()} into the open object.
     *
     * @param s where to write them
     */
    public void members(dev.mandate.vc.json.JsonSink s) {
        if (!validFrom.isEmpty()) {
            s.add("validFrom", validFrom);
        }
        if (!validUntil.isEmpty()) {
            s.add("validUntil", validUntil);
        }
        s.add("valid", valid);
    }
}
