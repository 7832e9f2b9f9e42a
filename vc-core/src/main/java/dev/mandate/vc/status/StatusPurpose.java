package dev.mandate.vc.status;

import java.util.Optional;

/** The {@code statusPurpose} values of Bitstring Status List 1.0. */
public enum StatusPurpose {
    /** Cancels the validity of a credential for good: a set bit is never cleared. */
    REVOCATION("revocation"),
    /** Temporarily prevents acceptance of a credential; reversible (reinstatement). */
    SUSPENSION("suspension"),
    /** Signals that a fresher copy of the credential exists. */
    REFRESH("refresh"),
    /** Carries one of several status messages ({@code statusSize} bits per entry). */
    MESSAGE("message");

    private static final StatusPurpose[] ALL = values(); // values() copies the array on every call
    private final String jsonName;

    StatusPurpose(String jsonName) {
        this.jsonName = jsonName;
    }

    /** {@return the JSON value, e.g. {@code revocation}} */
    public String jsonName() {
        return jsonName;
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
        for (StatusPurpose p : ALL) {
            if (p.jsonName.equals(jsonName)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
