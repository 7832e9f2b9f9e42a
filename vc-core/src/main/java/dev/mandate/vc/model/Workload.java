package dev.mandate.vc.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The attested workload an agent runs as: what a capability credential claims about the agent's code and
 * runtime, and what the agent registry records. Every member is optional; an absent one is not claimed
 * (read as {@link Optional#empty()}). The one type for both uses; build it with {@link #builder()}, or use
 * {@link #NONE}.
 */
public final class Workload {
    /** Nothing claimed. */
    public static final Workload NONE = new Workload(new Builder());

    private final String codeDigest;
    private final String imageDigest;
    private final String buildProvenance;
    private final String workloadId;

    private Workload(Builder b) {
        this.codeDigest = b.codeDigest;
        this.imageDigest = b.imageDigest;
        this.buildProvenance = b.buildProvenance;
        this.workloadId = b.workloadId;
    }

    /**
     * Starts a workload that claims nothing yet.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return digest of the agent's code, e.g. {@code sha256:<hex>}} */
    public Optional<String> codeDigest() { return Optional.ofNullable(codeDigest); }

    /** {@return container image digest, e.g. {@code sha256:<hex>}} */
    public Optional<String> imageDigest() { return Optional.ofNullable(imageDigest); }

    /** {@return URL of a build provenance attestation (e.g. SLSA)} */
    public Optional<String> buildProvenance() { return Optional.ofNullable(buildProvenance); }

    /** {@return runtime workload identity URI (e.g. a SPIFFE ID)} */
    public Optional<String> workloadId() { return Optional.ofNullable(workloadId); }

    /** {@return true if nothing is claimed} */
    public boolean isEmpty() {
        return codeDigest == null && imageDigest == null && buildProvenance == null && workloadId == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Workload w && Objects.equals(codeDigest, w.codeDigest) && Objects.equals(imageDigest, w.imageDigest)
                && Objects.equals(buildProvenance, w.buildProvenance) && Objects.equals(workloadId, w.workloadId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(codeDigest, imageDigest, buildProvenance, workloadId);
    }

    @Override
    public String toString() {
        return "Workload[codeDigest=" + codeDigest + ", imageDigest=" + imageDigest + ", buildProvenance=" + buildProvenance
                + ", workloadId=" + workloadId + "]";
    }

    /**
     * Builds a {@link Workload}. Each setter claims one member; a {@code null} or empty value leaves the
     * member unclaimed, so optional inputs (a form field, a command-line option) can be passed straight through.
     * The values are checked where they are used (the registry checks digest and URI syntax).
     */
    public static final class Builder {
        private String codeDigest;
        private String imageDigest;
        private String buildProvenance;
        private String workloadId;

        private Builder() {
        }

        /**
         * Claims the digest of the agent's code.
         *
         * @param v the digest, e.g. {@code sha256:<hex>}; null or "" claims none
         * @return this builder
         */
        public Builder codeDigest(String v) { this.codeDigest = claim(v); return this; }

        /**
         * Claims the digest of the agent's container image.
         *
         * @param v the digest, e.g. {@code sha256:<hex>}; null or "" claims none
         * @return this builder
         */
        public Builder imageDigest(String v) { this.imageDigest = claim(v); return this; }

        /**
         * Claims a build provenance attestation.
         *
         * @param v its URL; null or "" claims none
         * @return this builder
         */
        public Builder buildProvenance(String v) { this.buildProvenance = claim(v); return this; }

        /**
         * Claims the runtime workload identity.
         *
         * @param v the identity URI (e.g. a SPIFFE ID); null or "" claims none
         * @return this builder
         */
        public Builder workloadId(String v) { this.workloadId = claim(v); return this; }

        /** @return the workload */
        public Workload build() {
            return new Workload(this);
        }

        private static String claim(String v) {
            return v == null || v.isEmpty() ? null : v;
        }
    }
}
