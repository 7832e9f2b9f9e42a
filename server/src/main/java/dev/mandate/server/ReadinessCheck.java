package dev.mandate.server;

import java.util.Optional;

/**
 * One dependency {@code GET /health/ready} checks (register with
 * {@link MandateServer.Builder#readinessCheck(String, ReadinessCheck)}): empty when healthy, else what is
 * wrong in one line without secrets. A check that throws or takes longer than two seconds counts as failed.
 */
@FunctionalInterface
public interface ReadinessCheck {
    /** What is wrong with the dependency now, or empty. */
    Optional<String> problem() throws Exception;
}
