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

    /** Starts options for the given suite and verification method (a DID URL). Purpose defaults to assertionMethod. */
    public static Builder builder(String cryptosuite, String verificationMethod) {
        return new Builder(cryptosuite, verificationMethod);
    }

    public String cryptosuite() { return cryptosuite; }
    public String verificationMethod() { return verificationMethod; }
    public String proofPurpose() { return proofPurpose; }
    /** Creation time, truncated to whole seconds when written. */
    public Instant created() { return created; }
    public Optional<Instant> expires() { return Optional.ofNullable(expires); }
    public Optional<String> challenge() { return Optional.ofNullable(challenge); }
    public Optional<String> domain() { return Optional.ofNullable(domain); }
    public Optional<String> id() { return Optional.ofNullable(id); }
    /** Ids of earlier proofs this proof chains to ({@code previousProof}); empty for none. */
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

        public Builder proofPurpose(String v) { this.proofPurpose = Objects.requireNonNull(v); return this; }
        public Builder created(Instant v) { this.created = v.truncatedTo(ChronoUnit.SECONDS); return this; }
        public Builder expires(Instant v) { this.expires = v.truncatedTo(ChronoUnit.SECONDS); return this; }
        public Builder challenge(String v) { this.challenge = v; return this; }
        public Builder domain(String v) { this.domain = v; return this; }
        public Builder id(String v) { this.id = v; return this; }
        public Builder previousProof(List<String> v) { this.previousProof = List.copyOf(v); return this; }

        public ProofOptions build() { return new ProofOptions(this); }
    }
}
