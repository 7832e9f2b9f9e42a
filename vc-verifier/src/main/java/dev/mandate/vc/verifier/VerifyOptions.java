package dev.mandate.vc.verifier;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call verification options: the challenge and domain a presentation must carry, and the time
 * to verify at (defaults to the verifier's clock).
 */
public final class VerifyOptions {
    private static final VerifyOptions NONE = new VerifyOptions(null, null, null);

    private final String challenge;
    private final String domain;
    private final Instant at;

    private VerifyOptions(String challenge, String domain, Instant at) {
        this.challenge = challenge;
        this.domain = domain;
        this.at = at;
    }

    /** {@return no challenge, no domain, verify now} */
    public static VerifyOptions none() {
        return NONE;
    }

    /**
     * {@return options with the expected challenge (these options are unchanged)}
     *
     * @param c the challenge the verifier issued; a presentation's proof (or a KB-JWT's / vp+jwt's {@code nonce})
     *          must carry exactly it; not null or empty (options that expect none simply do not set it)
     * @throws NullPointerException     if {@code c} is null
     * @throws IllegalArgumentException if {@code c} is empty
     */
    public VerifyOptions withChallenge(String c) { return new VerifyOptions(nonEmpty(c, "challenge"), domain, at); }

    /**
     * {@return options with the expected domain (these options are unchanged)}
     *
     * @param d the verifier's domain; a presentation's proof {@code domain} (or {@code aud}) must match it; not null
     *          or empty (options that expect none simply do not set it)
     * @throws NullPointerException     if {@code d} is null
     * @throws IllegalArgumentException if {@code d} is empty
     */
    public VerifyOptions withDomain(String d) { return new VerifyOptions(challenge, nonEmpty(d, "domain"), at); }

    /**
     * {@return options verifying at the given time instead of now (these options are unchanged)}
     *
     * @param t the instant validity periods, proof times and JWT claims are checked at; not null (options that
     *          verify at the verifier's clock simply do not set it)
     * @throws NullPointerException if {@code t} is null
     */
    public VerifyOptions at(Instant t) { return new VerifyOptions(challenge, domain, Objects.requireNonNull(t, "at")); }

    private static String nonEmpty(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty; leave it unset to expect none");
        }
        return value;
    }

    /** {@return the challenge a presentation must carry, or empty when none is expected} */
    public Optional<String> challenge() { return Optional.ofNullable(challenge); }

    /** {@return the domain a presentation must carry, or empty when none is expected} */
    public Optional<String> domain() { return Optional.ofNullable(domain); }

    /** {@return the time to verify at, or empty for the verifier's clock} */
    public Optional<Instant> time() { return Optional.ofNullable(at); }
}
