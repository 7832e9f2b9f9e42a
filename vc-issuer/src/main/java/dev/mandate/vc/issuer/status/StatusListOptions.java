package dev.mandate.vc.issuer.status;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a signed {@code BitstringStatusListCredential} may be used: how long verifiers may cache it (its
 * {@code ttl}) and how long the list credential itself is valid ({@code validUntil}). Start from
 * {@link #defaults()} (no {@code ttl} member, open-ended) and add with {@link #withTtl(Duration)} and
 * {@link #withValidFor(Duration)}. Immutable.
 */
public final class StatusListOptions {
    private static final StatusListOptions DEFAULTS = new StatusListOptions(null, null);

    private final Duration ttl;
    private final Duration validFor;

    private StatusListOptions(Duration ttl, Duration validFor) {
        this.ttl = ttl;
        this.validFor = validFor;
    }

    /** {@return options with no {@code ttl} member and an open-ended list credential} */
    public static StatusListOptions defaults() {
        return DEFAULTS;
    }

    /**
     * These options with a {@code ttl}: verifiers may cache the list this long (written in milliseconds).
     *
     * @param ttl the cache lifetime; positive
     * @return new options; these are unchanged
     * @throws NullPointerException     if {@code ttl} is null
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    public StatusListOptions withTtl(Duration ttl) {
        return new StatusListOptions(positive(ttl, "ttl"), validFor);
    }

    /**
     * These options with a validity period: the list credential's {@code validUntil} is signing time +
     * {@code validFor}.
     *
     * @param validFor how long the list credential is valid; positive
     * @return new options; these are unchanged
     * @throws NullPointerException     if {@code validFor} is null
     * @throws IllegalArgumentException if {@code validFor} is zero or negative
     */
    public StatusListOptions withValidFor(Duration validFor) {
        return new StatusListOptions(ttl, positive(validFor, "validFor"));
    }

    /** The options of the deprecated positional form: a zero or negative ttl meant none, any validity was taken. */
    static StatusListOptions positional(Duration ttl, Optional<Duration> validFor) {
        Objects.requireNonNull(ttl, "ttl");
        return new StatusListOptions(ttl.isZero() || ttl.isNegative() ? null : ttl, validFor.orElse(null));
    }

    /** {@return how long verifiers may cache the list, or empty for no {@code ttl} member} */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** {@return how long the list credential is valid, or empty for open-ended} */
    public Optional<Duration> validFor() {
        return Optional.ofNullable(validFor);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, not " + d);
        }
        return d;
    }

    /** Equal when the ttl and validity are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StatusListOptions s && Objects.equals(ttl, s.ttl) && Objects.equals(validFor, s.validFor);
    }

    /** A hash of the ttl and validity. */
    @Override
    public int hashCode() {
        return Objects.hash(ttl, validFor);
    }

    /** Names the ttl and validity. */
    @Override
    public String toString() {
        return "StatusListOptions[ttl=" + ttl + ", validFor=" + validFor + "]";
    }
}
