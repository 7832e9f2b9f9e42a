package dev.mandate.vc.proof;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a new proof should say: suite, verification method, purpose, time, and for presentations the
 * verifier's challenge and domain. Build with {@link #builder(String, String)}.
 */
public final class ProofOptions {
    private final String cryptosuite;
    private final String verificationMethod;
    private final String proofPurpose;
    private final Instant created;
    private final Instant expires;
    private final String challenge;
    private final String domain;
    private final String id;
    private final List<String> previousProof;

    private ProofOptions(Builder b) {
        this.cryptosuite = b.cryptosuite;
        this.verificationMethod = b.verificationMethod;
        this.proofPurpose = b.proofPurpose;
        this.created = b.created == null ? Instant.now() : b.created;
        this.expires = b.expires;
        this.challenge = b.challenge;
        this.domain = b.domain;
        this.id = b.id;
        this.previousProof = List.copyOf(b.previousProof);
    }

    /**
     * Starts options for the given suite and verification method (a DID URL). Purpose defaults to assertionMethod.
     *
     * @param cryptosuite        e.g. {@code eddsa-rdfc-2022}
     * @param verificationMethod the signing key's DID URL
     * @return a builder; {@code created} defaults to now
     */
    public static Builder builder(String cryptosuite, String verificationMethod) {
        return new Builder(cryptosuite, verificationMethod);
    }

    /** {@return the cryptosuite name} */
    public String cryptosuite() { return cryptosuite; }
    /** {@return the DID URL of the signing key} */
    public String verificationMethod() { return verificationMethod; }
    /** {@return the proof purpose, e.g. {@code assertionMethod} or {@code authentication}} */
    public String proofPurpose() { return proofPurpose; }
    /** {@return creation time, truncated to whole seconds when written} */
    public Instant created() { return created; }
    /** {@return when the proof expires, or empty for never} */
    public Optional<Instant> expires() { return Optional.ofNullable(expires); }
    /** {@return the verifier's challenge, or empty} */
    public Optional<String> challenge() { return Optional.ofNullable(challenge); }
    /** {@return the verifier's domain, or empty} */
    public Optional<String> domain() { return Optional.ofNullable(domain); }
    /** {@return the proof's {@code id} (needed for proof chains), or empty} */
    public Optional<String> id() { return Optional.ofNullable(id); }
    /** {@return ids of earlier proofs this proof chains to ({@code previousProof}); empty for none} */
    public List<String> previousProof() { return previousProof; }

    /** Builder for {@link ProofOptions}. */
    public static final class Builder {
        private final String cryptosuite;
        private final String verificationMethod;
        private String proofPurpose = "assertionMethod";
        private Instant created;
        private Instant expires;
        private String challenge;
        private String domain;
        private String id;
        private List<String> previousProof = List.of();

        private Builder(String cryptosuite, String verificationMethod) {
            this.cryptosuite = Objects.requireNonNull(cryptosuite, "cryptosuite");
            this.verificationMethod = Objects.requireNonNull(verificationMethod, "verificationMethod");
        }

        /**
         * Sets the proof purpose (default {@code assertionMethod}).
         *
         * @param v the purpose; the verification method must be listed under this relationship
         * @return this builder
         */
        public Builder proofPurpose(String v) { this.proofPurpose = Objects.requireNonNull(v); return this; }
        /**
         * Sets {@code created}, truncated to whole seconds.
         *
         * @param v the creation time
         * @return this builder
         */
        public Builder created(Instant v) { this.created = v.truncatedTo(ChronoUnit.SECONDS); return this; }
        /**
         * Sets {@code expires}, truncated to whole seconds (default: none).
         *
         * @param v the expiry time
         * @return this builder
         */
        public Builder expires(Instant v) { this.expires = v.truncatedTo(ChronoUnit.SECONDS); return this; }
        /**
         * Sets the verifier's challenge (presentations).
         *
         * @param v the challenge, or null for none
         * @return this builder
         */
        public Builder challenge(String v) { this.challenge = v; return this; }
        /**
         * Sets the verifier's domain (presentations).
         *
         * @param v the domain, or null for none
         * @return this builder
         */
        public Builder domain(String v) { this.domain = v; return this; }
        /**
         * Sets the proof's {@code id}.
         *
         * @param v a URL, or null for none
         * @return this builder
         */
        public Builder id(String v) { this.id = v; return this; }
        /**
         * Chains this proof to earlier proofs of the document, by their ids.
         *
         * @param v the ids (copied); empty for none
         * @return this builder
         */
        public Builder previousProof(List<String> v) { this.previousProof = List.copyOf(v); return this; }

        /** {@return the options} */
        public ProofOptions build() { return new ProofOptions(this); }
    }
}
