package dev.mandate.registry.agents;

import java.util.Objects;

/**
 * The attested workload an agent runs as: a code digest, a container image digest and a runtime workload
 * id (e.g. a SPIFFE ID); each is "" when unknown.
 */
public record Workload(String codeDigest, String imageDigest, String workloadId) {
    /** No workload attested. */
    public static final Workload NONE = new Workload("", "", "");

    /** Null-checks the fields. */
    public Workload {
        Objects.requireNonNull(codeDigest, "codeDigest");
        Objects.requireNonNull(imageDigest, "imageDigest");
        Objects.requireNonNull(workloadId, "workloadId");
    }
}
