package dev.mandate.vc.issuer.jose;

import java.util.Objects;
import java.util.Optional;

/**
 * What binds a JWT presentation ({@code vp+jwt} or VC-JWT 1.1) to one verifier request: the verifier's
 * {@code nonce} (its challenge) and {@code aud} (its domain). Each is optional: start from {@link #none()} and add
 * what the verifier asked for with {@link #withNonce(String)} and {@link #withAudience(String)}, or use
 * {@link #of(String, String)} for both. Immutable; an absent value is one that was not set (an empty string is
 * refused, never read as "none").
 */
public final class PresentationOptions {
    private static final PresentationOptions NONE = new PresentationOptions(null, null);

    private final String nonce;
    private final String audience;

    private PresentationOptions(String nonce, String audience) {
        this.nonce = nonce;
        this.audience = audience;
    }

    /** {@return options with neither a nonce nor an audience} */
    public static PresentationOptions none() {
        return NONE;
    }

    /**
     * Options with both the verifier's nonce and its audience.
     *
     * @param nonce    the verifier's challenge; not null or empty
     * @param audience the verifier's domain or identifier; not null or empty
     * @return the options
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if either is empty
     */
    public static PresentationOptions of(String nonce, String audience) {
        return none().withNonce(nonce).withAudience(audience);
    }

    /**
     * These options with the verifier's nonce (the {@code nonce} claim).
     *
     * @param nonce the verifier's challenge; not null or empty
     * @return new options; these are unchanged
     * @throws NullPointerException     if {@code nonce} is null
     * @throws IllegalArgumentException if {@code nonce} is empty
     */
    public PresentationOptions withNonce(String nonce) {
        return new PresentationOptions(nonEmpty(nonce, "nonce"), audience);
    }

    /**
     * These options with the verifier's audience (the {@code aud} claim).
     *
     * @param audience the verifier's domain or identifier; not null or empty
     * @return new options; these are unchanged
     * @throws NullPointerException     if {@code audience} is null
     * @throws IllegalArgumentException if {@code audience} is empty
     */
    public PresentationOptions withAudience(String audience) {
        return new PresentationOptions(nonce, nonEmpty(audience, "audience"));
    }

    /** The options of the deprecated positional forms, which took {@code Optional}s and wrote an empty string as given. */
    static PresentationOptions positional(Optional<String> nonce, Optional<String> audience) {
        return new PresentationOptions(nonce.orElse(null), audience.orElse(null));
    }

    /** {@return the verifier's nonce, or empty for none} */
    public Optional<String> nonce() {
        return Optional.ofNullable(nonce);
    }

    /** {@return the verifier's audience, or empty for none} */
    public Optional<String> audience() {
        return Optional.ofNullable(audience);
    }

    private static String nonEmpty(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty; leave it unset for none");
        }
        return value;
    }

    /** Equal when both nonce and audience are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PresentationOptions p && Objects.equals(nonce, p.nonce) && Objects.equals(audience, p.audience);
    }

    /** A hash of nonce and audience. */
    @Override
    public int hashCode() {
        return Objects.hash(nonce, audience);
    }

    /** Names nonce and audience. */
    @Override
    public String toString() {
        return "PresentationOptions[nonce=" + nonce + ", audience=" + audience + "]";
    }
}
