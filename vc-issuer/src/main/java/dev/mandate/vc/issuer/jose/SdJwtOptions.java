package dev.mandate.vc.issuer.jose;

import dev.mandate.did.crypto.PublicKeyValue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an SD-JWT issuance chooses besides the claims and the issuer's key: which claims become selectively
 * disclosable (JSON Pointers), how long the credential is valid ({@code exp}) and the holder's key for
 * {@code cnf.jwk} (key binding). Start from {@link #disclosing(List)} and add the rest with
 * {@link #withValidFor(Duration)} and {@link #withHolderKey(PublicKeyValue)}; a part not set is absent (no
 * {@code exp}, no key binding). Immutable.
 */
public final class SdJwtOptions {
    private final List<String> disclosable;
    private final Duration validFor;
    private final PublicKeyValue holderKey;

    private SdJwtOptions(List<String> disclosable, Duration validFor, PublicKeyValue holderKey) {
        this.disclosable = disclosable;
        this.validFor = validFor;
        this.holderKey = holderKey;
    }

    /**
     * Options making the claims at {@code pointers} selectively disclosable, with no validity period and no key
     * binding. Which pointers are allowed depends on the form (the issuing method says); they are checked when
     * issuing.
     *
     * @param pointers JSON Pointers into the credential or claims, e.g. {@code /credentialSubject/name}; empty
     *                 for none (copied)
     * @return the options
     * @throws NullPointerException if {@code pointers} or one of them is null
     */
    public static SdJwtOptions disclosing(List<String> pointers) {
        return new SdJwtOptions(List.copyOf(Objects.requireNonNull(pointers, "disclosable")), null, null);
    }

    /**
     * These options with a validity period: {@code exp} (and for a VC Data Model credential {@code validUntil}) is
     * issuance time + {@code validFor}.
     *
     * @param validFor how long the credential is valid; positive
     * @return new options; these are unchanged
     * @throws NullPointerException     if {@code validFor} is null
     * @throws IllegalArgumentException if {@code validFor} is zero or negative
     */
    public SdJwtOptions withValidFor(Duration validFor) {
        Objects.requireNonNull(validFor, "validFor");
        if (validFor.isZero() || validFor.isNegative()) {
            throw new IllegalArgumentException("validFor must be positive, not " + validFor);
        }
        return new SdJwtOptions(disclosable, validFor, holderKey);
    }

    /**
     * These options binding the credential to the holder's key: it goes into {@code cnf.jwk}, so presentations
     * need a key binding JWT signed by it.
     *
     * @param holderKey the holder's public key; not null
     * @return new options; these are unchanged
     * @throws NullPointerException if {@code holderKey} is null
     */
    public SdJwtOptions withHolderKey(PublicKeyValue holderKey) {
        return new SdJwtOptions(disclosable, validFor, Objects.requireNonNull(holderKey, "holderKey"));
    }

    /** The options of the deprecated positional forms, which took {@code Optional}s and any duration. */
    static SdJwtOptions positional(List<String> disclosable, Optional<Duration> validFor, Optional<PublicKeyValue> holderKey) {
        return new SdJwtOptions(List.copyOf(Objects.requireNonNull(disclosable, "disclosable")), validFor.orElse(null),
                holderKey.orElse(null));
    }

    /** {@return the JSON Pointers of the selectively disclosable claims; empty for none} */
    public List<String> disclosable() {
        return disclosable;
    }

    /** {@return how long the credential is valid, or empty for no expiry} */
    public Optional<Duration> validFor() {
        return Optional.ofNullable(validFor);
    }

    /** {@return the holder's key for {@code cnf.jwk}, or empty for no key binding} */
    public Optional<PublicKeyValue> holderKey() {
        return Optional.ofNullable(holderKey);
    }

    /** Equal when the pointers, validity and holder key are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SdJwtOptions s && disclosable.equals(s.disclosable) && Objects.equals(validFor, s.validFor)
                && Objects.equals(holderKey, s.holderKey);
    }

    /** A hash of the pointers, validity and holder key. */
    @Override
    public int hashCode() {
        return Objects.hash(disclosable, validFor, holderKey);
    }

    /** Names the pointers, the validity and whether a holder key is set. */
    @Override
    public String toString() {
        return "SdJwtOptions[disclosable=" + disclosable + ", validFor=" + validFor + ", keyBinding=" + (holderKey != null) + "]";
    }
}
