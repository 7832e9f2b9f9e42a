package dev.mandate.server;

import java.util.Optional;

/**
 * One dependency {@code GET /health/ready} checks (register with
 * {@link MandateServer.Builder#readinessCheck(String, ReadinessCheck)}): empty when healthy, else what is
 * wrong in one line without secrets. A check that throws or takes longer than two seconds counts as failed.
 */
@FunctionalInterface
public interface ReadinessCheck {
    /**
     * Checks the dependency now; called from the readiness handler with a two-second bound.
     *
     * @return what is wrong, in one line without secrets, or empty when healthy
     * @throws Exception any failure, which counts as "not ready" (its message is reported)
     */
    Optional<String> problem() throws Exception;
}
