package dev.mandate.agent;

import java.util.Optional;

/**
 * The attested workload an agent runs as. All members are optional; an absent one is not claimed.
 */
public final class Workload {
    private final String codeDigest;
    private final String imageDigest;
    private final String buildProvenance;
    private final String workloadId;

    /**
     * @param codeDigest      digest of the agent's code, e.g. {@code sha256:<hex>}, or empty
     * @param imageDigest     container image digest, e.g. {@code sha256:<hex>}, or empty
     * @param buildProvenance URL of a build provenance attestation (e.g. SLSA), or empty
     * @param workloadId      runtime workload identity URI (e.g. a SPIFFE ID), or empty
     */
    public Workload(String codeDigest, String imageDigest, String buildProvenance, String workloadId) {
        this.codeDigest = codeDigest == null || codeDigest.isEmpty() ? null : codeDigest;
        this.imageDigest = imageDigest == null || imageDigest.isEmpty() ? null : imageDigest;
        this.buildProvenance = buildProvenance == null || buildProvenance.isEmpty() ? null : buildProvenance;
        this.workloadId = workloadId == null || workloadId.isEmpty() ? null : workloadId;
    }

    /** Code digest. */
    public Optional<String> codeDigest() { return Optional.ofNullable(codeDigest); }
    /** Image digest. */
    public Optional<String> imageDigest() { return Optional.ofNullable(imageDigest); }
    /** Build provenance URL. */
    public Optional<String> buildProvenance() { return Optional.ofNullable(buildProvenance); }
    /** Workload id. */
    public Optional<String> workloadId() { return Optional.ofNullable(workloadId); }
    /** True if nothing is claimed. */
    public boolean isEmpty() { return codeDigest == null && imageDigest == null && buildProvenance == null && workloadId == null; }
}
