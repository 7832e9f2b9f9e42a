package dev.mandate.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Challenges from {@code POST /challenges}.
 *
 * @param ttl            how long an unused challenge stays valid
 * @param maxOutstanding how many unused challenges are kept at most (then 503 until some are used or expire)
 * @param requireIssued  true (default): a presentation must answer a challenge from {@code POST /challenges};
 *                       false: {@code POST /presentations/verify} checks it against {@code options.challenge} as
 *                       the relying party gives it (still required, and still usable once within {@code ttl})
 */
public record ChallengeConfig(Duration ttl, int maxOutstanding, boolean requireIssued) {
    /**
     * Challenges that must have been issued by this server.
     *
     * @param ttl            how long an unused challenge stays valid
     * @param maxOutstanding most unused challenges kept
     */
    public ChallengeConfig(Duration ttl, int maxOutstanding) {
        this(ttl, maxOutstanding, true);
    }

    /**
     * Checks ranges.
     *
     * @param ttl            positive
     * @param maxOutstanding 1 to 10 000 000
     * @param requireIssued  whether challenges must come from {@code POST /challenges}
     * @throws IllegalArgumentException if a value is out of range
     */
    public ChallengeConfig {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("challenge ttl must be positive");
        }
        if (maxOutstanding < 1 || maxOutstanding > 10_000_000) {
            throw new IllegalArgumentException("maxOutstanding must be 1 to 10000000: " + maxOutstanding);
        }
    }

    /** {@return the defaults: 5 minutes, at most 10,000 outstanding, issued by this server} */
    public static ChallengeConfig defaults() {
        return new ChallengeConfig(Duration.ofMinutes(5), 10_000, true);
    }
}
