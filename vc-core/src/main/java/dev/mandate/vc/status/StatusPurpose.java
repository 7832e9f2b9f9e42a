package dev.mandate.vc.status;

import java.util.Locale;
import java.util.Optional;

/** The {@code statusPurpose} values of Bitstring Status List 1.0. */
public enum StatusPurpose {
    /** Cancels the validity of a credential for good: a set bit is never cleared. */
    REVOCATION,
    /** Temporarily prevents acceptance of a credential; reversible (reinstatement). */
    SUSPENSION,
    /** Signals that a fresher copy of the credential exists. */
    REFRESH,
    /** Carries one of several status messages ({@code statusSize} bits per entry). */
    MESSAGE;

    /** {@return the JSON value, e.g. {@code revocation}} */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@return true for purposes whose set value may be changed back to 0 (all but revocation)} */
    public boolean reversible() {
        return this != REVOCATION;
    }

    /**
     * {@return the purpose named by a JSON value, if it is one of the four}
     *
     * @param jsonName e.g. {@code revocation}
     */
    public static Optional<StatusPurpose> of(String jsonName) {
        if (jsonName == null) {
            return Optional.empty();
        }
        for (StatusPurpose p : values()) {
            if (p.jsonName().equals(jsonName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
