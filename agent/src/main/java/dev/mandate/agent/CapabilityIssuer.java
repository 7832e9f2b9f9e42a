package dev.mandate.agent;

import dev.mandate.vc.model.Workload;

import dev.mandate.did.crypto.Signer;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.proof.ProofException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues capability credentials (root grants) and delegation credentials (narrower links for
 * sub-agents) through the shared {@link Issuer}. Thread-safe.
 */
public final class CapabilityIssuer {
    /** Default cryptosuite: eddsa-jcs-2022 (needs no JSON-LD processor). */
    public static final String DEFAULT_SUITE = "eddsa-jcs-2022";
    private final Issuer issuer;
    private final Clock clock;

    /** Uses the system clock. */
    public CapabilityIssuer() { this(Clock.systemUTC()); }

    /**
     * An issuer on its own clock (for tests and for servers that inject one).
     *
     * @param clock read for {@code validFrom}, {@code validUntil} and the proof's {@code created}; not null
     */
    public CapabilityIssuer(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        this.issuer = new Issuer(clock);
    }

    /**
     * What a grant says.
     *
     * @param subjectDid      the agent's DID
     * @param capabilities    at least one capability
     * @param delegationDepth how many delegation levels below this grant are allowed (0 = none)
     * @param workload        the agent's attested workload (may be empty)
     * @param validFor        how long the grant is valid (short: minutes to days)
     */
    public record Grant(String subjectDid, List<Capability> capabilities, int delegationDepth, Workload workload, Duration validFor) {
        /**
         * Validates the grant and copies the capabilities.
         *
         * @param subjectDid      the agent's DID
         * @param capabilities    at least one capability
         * @param delegationDepth from 0 to {@link CapabilityCredential#MAX_DEPTH}
         * @param workload        the workload, {@link Workload#NONE} for none
         * @param validFor        positive
         * @throws NullPointerException     if an argument is null
         * @throws IllegalArgumentException if there is no capability, or the depth or validity is out of range
         */
        public Grant {
            Objects.requireNonNull(subjectDid);
            capabilities = List.copyOf(capabilities);
            Objects.requireNonNull(workload);
            Objects.requireNonNull(validFor);
            if (capabilities.isEmpty()) throw new IllegalArgumentException("a grant needs at least one capability");
            if (delegationDepth < 0 || delegationDepth > CapabilityCredential.MAX_DEPTH) throw new IllegalArgumentException("delegationDepth out of range");
            if (validFor.isNegative() || validFor.isZero()) throw new IllegalArgumentException("validFor must be positive");
        }
    }

    /**
     * Signs an AgentCapabilityCredential: the organisation grants {@code grant} to its subject agent.
     *
     * @param grant what the agent may do, for how long
     * @param org   the organisation's key: {@code eddsa-jcs-2022} and {@code ecdsa-jcs-2019} need no JSON-LD
     *              processor; {@code eddsa-rdfc-2022} needs {@code vc-jsonld} on the class path
     * @return the signed credential
     * @throws ProofException if the suite is unavailable or does not take the key
     */
    public JsonObject grant(Grant grant, IssuerKey org) throws ProofException {
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(org, "org");
        return issuer.issue(unsigned(CapabilityCredential.CAPABILITY_TYPE, grant, "", ""), org, grant.validFor());
    }

    /**
     * Derives a narrower AgentDelegationCredential from {@code parent} for a sub-agent, signed by the
     * parent's subject. Its validUntil is the earlier of now + validFor and the parent's validUntil.
     *
     * @param parent the holder's own capability or delegation credential
     * @param grant  what the sub-agent may do: within the parent, for at most the parent's remaining validity
     * @param holder the parent's subject's key (the delegating agent)
     * @return the signed delegation
     * @throws CapabilityException if the parent does not parse, {@code holder} is not its subject, or the
     *                             delegation would be wider than the parent (nothing is signed)
     * @throws ProofException      if the suite is unavailable or does not take the key
     */
    public JsonObject delegate(JsonObject parent, Grant grant, IssuerKey holder) throws CapabilityException, ProofException {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(grant, "grant");
        Objects.requireNonNull(holder, "holder");
        String holderDid = holder.did();
        CapabilityCredential p = CapabilityCredential.parseUnverified(parent);
        if (!p.subject().equals(holderDid)) throw new CapabilityException("only the parent's subject " + p.subject() + " may delegate it, not " + holderDid);
        Instant now = clock.instant();
        Instant until = now.plus(grant.validFor());
        if (p.validUntil().isPresent() && p.validUntil().get().isBefore(until)) until = p.validUntil().get();
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder(unsigned(CapabilityCredential.DELEGATION_TYPE, grant,
                p.id(), CapabilityCredential.digestOf(parent)));
        b.add("validFrom", dev.mandate.vc.proof.DataIntegrity.format(p.validFrom().filter(f -> f.isAfter(now)).orElse(now)));
        b.add("validUntil", dev.mandate.vc.proof.DataIntegrity.format(until));
        JsonObject unsigned = b.build();
        Optional<String> why = p.whyNotAttenuatedBy(CapabilityCredential.parseUnverified(withIssuer(unsigned, holderDid)));
        if (why.isPresent()) throw new CapabilityException("refusing to delegate: " + why.get());
        return issuer.issue(unsigned, holder);
    }

    /**
     * Positional form of {@link #grant(Grant, IssuerKey)}. Signs an AgentCapabilityCredential.
     *
     * @param grant     what the agent may do, for how long
     * @param issuerDid the organisation's DID
     * @param vm        its verification method (assertionMethod)
     * @param suite     {@code eddsa-jcs-2022}, {@code eddsa-rdfc-2022} (needs vc-jsonld), {@code ecdsa-jcs-2019}, ...
     * @param signer    the private key of {@code vm}
     * @return the signed credential
     * @throws ProofException if the suite is unavailable or does not take the key
     * @deprecated three Strings in a row are easy to swap; pass the organisation's key as one value:
     *     {@link #grant(Grant, IssuerKey)} with {@code new IssuerKey(issuerDid, vm, suite, signer)}.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public JsonObject grant(Grant grant, String issuerDid, String vm, String suite, Signer signer) throws ProofException {
        return grant(grant, new IssuerKey(issuerDid, vm, suite, signer));
    }

    /**
     * The unsigned AgentCapabilityCredential of a grant (an {@code urn:uuid} id, no issuer, validity or
     * proof), for issuers that add more before signing, such as status list entries.
     *
     * @param grant what the agent may do
     * @return a new unsigned credential with a fresh id
     */
    public JsonObject unsignedGrant(Grant grant) {
        return unsigned(CapabilityCredential.CAPABILITY_TYPE, grant, "", "");
    }

    /**
     * Positional form of {@link #delegate(JsonObject, Grant, IssuerKey)}.
     *
     * @param parent    the holder's own capability or delegation credential
     * @param grant     what the sub-agent may do
     * @param holderDid the parent's subject (the delegating agent's DID)
     * @param vm        the holder's verification method (assertionMethod)
     * @param suite     the cryptosuite, as for {@link #grant(Grant, IssuerKey)}
     * @param signer    the private key of {@code vm}
     * @return the signed delegation
     * @throws CapabilityException as {@link #delegate(JsonObject, Grant, IssuerKey)}
     * @throws ProofException      if the suite is unavailable or does not take the key
     * @deprecated three Strings in a row are easy to swap; pass the holder's key as one value:
     *     {@link #delegate(JsonObject, Grant, IssuerKey)} with {@code new IssuerKey(holderDid, vm, suite, signer)}.
     */
    @Deprecated(since = "0.1.0", forRemoval = false)
    public JsonObject delegate(JsonObject parent, Grant grant, String holderDid, String vm, String suite, Signer signer)
            throws CapabilityException, ProofException {
        return delegate(parent, grant, new IssuerKey(holderDid, vm, suite, signer));
    }

    private static JsonObject withIssuer(JsonObject o, String issuer) {
        return Jsonp.PROVIDER.createObjectBuilder(o).add("issuer", issuer).build();
    }

    /** The unsigned credential (no issuer, validity or proof yet). */
    static JsonObject unsigned(String type, Grant g, String parentId, String parentDigest) {
        JsonObjectBuilder subj = Jsonp.PROVIDER.createObjectBuilder()
                .add("id", g.subjectDid())
                .add("type", "Agent")
                .add("capability", CapabilityJson.toJson(g.capabilities()));
        if (g.delegationDepth() > 0) subj.add("delegationDepth", g.delegationDepth());
        if (!parentId.isEmpty()) {
            subj.add("parentCredential", parentId).add("parentCredentialDigest", parentDigest);
        }
        if (!g.workload().isEmpty()) subj.add("workload", CapabilityJson.toJson(g.workload()));
        return Jsonp.PROVIDER.createObjectBuilder()
                .add("@context", Jsonp.PROVIDER.createArrayBuilder().add(Issuer.CREDENTIALS_V2).add(CapabilityCredential.CONTEXT))
                .add("id", "urn:uuid:" + UUID.randomUUID())
                .add("type", Jsonp.PROVIDER.createArrayBuilder().add("VerifiableCredential").add(type))
                .add("credentialSubject", subj)
                .build();
    }
}
