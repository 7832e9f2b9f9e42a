package dev.mandate.server.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code POST /authorize} treats the audit log (the {@code "audit"} object of the configuration).
 *
 * @param maxUnpersisted how long an answer may wait for its decision to be committed to the audit log; past it
 *                       the request is answered 503 (or, with {@code failOpen}, answered without the commit)
 * @param failOpen       {@code "onFailure": "allow"}: answer decisions even when they cannot be written in time
 *                       (they may then be lost; each one lost is counted and logged). Default false: fail closed
 */
public record AuditConfig(Duration maxUnpersisted, boolean failOpen) {
    /**
     * Checks ranges.
     *
     * @param maxUnpersisted 1 s to 10 min
     * @param failOpen       whether to answer without the commit
     * @throws IllegalArgumentException if {@code maxUnpersisted} is out of range
     */
    public AuditConfig {
        Objects.requireNonNull(maxUnpersisted, "maxUnpersisted");
        if (maxUnpersisted.isNegative() || maxUnpersisted.isZero() || maxUnpersisted.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("audit maxUnpersisted must be 1 s to 10 min: " + maxUnpersisted);
        }
    }

    /** {@return the defaults: 5 seconds, fail closed} */
    public static AuditConfig defaults() {
        return new AuditConfig(Duration.ofSeconds(5), false);
    }
}
