package dev.mandate.vc.verify;

import jakarta.json.JsonObject;

import java.util.Objects;

/**
 * The status one {@code credentialStatus} entry of a verified credential was found to have.
 *
 * @param statusListCredential the list's URL
 * @param statusListIndex      the entry's index in the list
 * @param statusPurpose        {@code revocation}, {@code suspension}, {@code message} or {@code refresh}
 * @param value                the value read from the list
 * @param source               where the list came from: {@code fetched} (retrieved for this check),
 *                             {@code cached} (a cached copy within its ttl) or {@code pushed} (retrieved
 *                             again because the issuer's change stream announced a change)
 * @param valid                false when the value makes the credential unacceptable (revoked, suspended)
 */
public record StatusCheck(String statusListCredential, long statusListIndex, String statusPurpose, int value,
                          String source, boolean valid) {
    /**
     * Checks that the strings are present.
     *
     * @param statusListCredential the list's URL
     * @param statusListIndex      the entry's index in the list
     * @param statusPurpose        {@code revocation}, {@code suspension}, {@code message} or {@code refresh}
     * @param value                the value read from the list
     * @param source               {@code fetched}, {@code cached} or {@code pushed}
     * @param valid                false when the value makes the credential unacceptable (revoked, suspended)
     */
    public StatusCheck {
        Objects.requireNonNull(statusListCredential, "statusListCredential");
        Objects.requireNonNull(statusPurpose, "statusPurpose");
        Objects.requireNonNull(source, "source");
    }

    /** {@return {@code {statusListCredential, statusListIndex, statusPurpose, value, source, valid}}} */
    public JsonObject toJson() {
        return dev.mandate.vc.json.JsonSink.Tree.object(this::members);
    }

    /**
     * Writes the members of {@link #toJson()} into the open object.
     *
     * @param s where to write them
     */
    public void members(dev.mandate.vc.json.JsonSink s) {
        s.add("statusListCredential", statusListCredential);
        s.add("statusListIndex", statusListIndex);
        s.add("statusPurpose", statusPurpose);
        s.add("value", value);
        s.add("source", source);
        s.add("valid", valid);
    }
}
