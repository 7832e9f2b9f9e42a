package dev.mandate.vc.verifier;

import java.time.Instant;
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

    /** No challenge, no domain, verify now. */
    public static VerifyOptions none() {
        return NONE;
    }

    /** Returns options with the expected challenge. */
    public VerifyOptions withChallenge(String c) { return new VerifyOptions(c, domain, at); }
    /** Returns options with the expected domain. */
    public VerifyOptions withDomain(String d) { return new VerifyOptions(challenge, d, at); }
    /** Returns options verifying at the given time instead of now. */
    public VerifyOptions at(Instant t) { return new VerifyOptions(challenge, domain, t); }

    public Optional<String> challenge() { return Optional.ofNullable(challenge); }
    public Optional<String> domain() { return Optional.ofNullable(domain); }
    public Optional<Instant> time() { return Optional.ofNullable(at); }
}
