package dev.mandate.agent;

import dev.mandate.vc.model.Workload;

import dev.mandate.did.crypto.Multibase;
import dev.mandate.vc.jcs.JcsException;
import dev.mandate.vc.jcs.Jcs;
import dev.mandate.vc.model.DateTimeStamp;
import dev.mandate.vc.verifier.VerifiedCredential;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed {@code AgentCapabilityCredential} (a root grant) or {@code AgentDelegationCredential} (a
 * link derived from a parent), read from the <em>verified view</em> of a {@link VerifiedCredential}: the
 * JSON its proof covers. There is deliberately no public way to read one from unverified JSON, so a
 * capability, issuer, validity or delegation depth can only come from signed content.
 */
public final class CapabilityCredential {
    /** The vocabulary's context URL. */
    public static final String CONTEXT = "https://mandate.dev/ns/agent/v1";
    /** Type of a root grant. */
    public static final String CAPABILITY_TYPE = "AgentCapabilityCredential";
    /** Type of a delegated link. */
    public static final String DELEGATION_TYPE = "AgentDelegationCredential";
    /** Largest {@code delegationDepth} accepted. */
    public static final int MAX_DEPTH = 16;

    private final JsonObject json;
    private final String id;
    private final String issuer;
    private final String subject;
    private final boolean delegation;
    private final List<Capability> capabilities;
    private final int delegationDepth;
    private final Instant validFrom;
    private final Instant validUntil;
    private final String parentCredential;
    private final String parentDigest;
    private final Workload workload;

    private CapabilityCredential(JsonObject json, String id, String issuer, String subject, boolean delegation,
                                 List<Capability> capabilities, int delegationDepth, Instant validFrom, Instant validUntil,
                                 String parentCredential, String parentDigest, Workload workload) {
        this.json = json;
        this.id = id;
        this.issuer = issuer;
        this.subject = subject;
        this.delegation = delegation;
        this.capabilities = capabilities;
        this.delegationDepth = delegationDepth;
        this.validFrom = validFrom;
        this.validUntil = validUntil;
        this.parentCredential = parentCredential;
        this.parentDigest = parentDigest;
        this.workload = workload;
    }

    /**
     * Reads a capability or delegation credential from a credential the {@code Verifier} pipeline admitted.
     * The issuer is the authenticated issuer; every other member comes from the verified view.
     *
     * @param verified a credential every stage of the pipeline passed
     * @return the capability or delegation credential
     * @throws NullPointerException if {@code verified} is null
     * @throws CapabilityException naming the member that is missing or malformed, or an issuer other than the
     *                             authenticated one
     */
    public static CapabilityCredential parse(VerifiedCredential verified) throws CapabilityException {
        Objects.requireNonNull(verified, "verified");
        CapabilityCredential c = parseUnverified(verified.view());
        if (!c.issuer.equals(verified.issuer())) {
            throw new CapabilityException("issuer " + c.issuer + " is not the authenticated issuer " + verified.issuer());
        }
        return c;
    }

    /**
     * Reads a credential whose proof nobody checked: only for the issuing side (a holder checking its own
     * draft delegation against its parent before signing), never for a decision.
     */
    static CapabilityCredential parseUnverified(JsonObject vc) throws CapabilityException {
        Objects.requireNonNull(vc, "vc");
        JsonValue typeValue = vc.get("type");
        boolean cap = hasType(typeValue, CAPABILITY_TYPE);
        boolean del = hasType(typeValue, DELEGATION_TYPE);
        if (cap == del) throw new CapabilityException("type must include exactly one of " + CAPABILITY_TYPE + " and " + DELEGATION_TYPE);
        if (!hasContext(vc.get("@context"))) throw new CapabilityException("@context must include " + CONTEXT);
        String id = CapabilityJson.string(vc, "id", true);
        String issuer;
        JsonValue iv = vc.get("issuer");
        if (iv instanceof JsonString s) issuer = s.getString();
        else if (iv instanceof JsonObject o && o.get("id") instanceof JsonString s) issuer = s.getString();
        else throw new CapabilityException("issuer must be a DID");
        if (!(vc.get("credentialSubject") instanceof JsonObject subj)) throw new CapabilityException("credentialSubject must be one object");
        String subject = CapabilityJson.string(subj, "id", true);
        if (!subject.startsWith("did:")) throw new CapabilityException("credentialSubject.id must be the agent's DID");
        if (!subj.containsKey("capability")) throw new CapabilityException("credentialSubject.capability is missing");
        List<Capability> caps;
        try {
            caps = CapabilityJson.parseCapabilities(subj.get("capability"));
        } catch (CapabilityException e) {
            throw new CapabilityException("credentialSubject." + e.getMessage());
        }
        int depth = 0;
        if (subj.containsKey("delegationDepth")) {
            if (!(subj.get("delegationDepth") instanceof JsonNumber n) || !n.isIntegral() || n.bigDecimalValue().signum() < 0
                    || n.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(MAX_DEPTH)) > 0) {
                throw new CapabilityException("credentialSubject.delegationDepth must be an integer from 0 to " + MAX_DEPTH);
            }
            depth = n.intValue();
        }
        Instant from = time(vc, "validFrom");
        Instant until = time(vc, "validUntil");
        String parent = CapabilityJson.string(subj, "parentCredential", false);
        String digest = CapabilityJson.string(subj, "parentCredentialDigest", false);
        if (del && (parent.isEmpty() || digest.isEmpty())) throw new CapabilityException("a delegation credential needs credentialSubject.parentCredential and parentCredentialDigest");
        if (cap && (!parent.isEmpty() || !digest.isEmpty())) throw new CapabilityException("a root capability credential must not name a parentCredential");
        Workload w = subj.containsKey("workload") ? CapabilityJson.parseWorkload(subj.get("workload")) : Workload.NONE;
        return new CapabilityCredential(vc, id, issuer, subject, del, caps, depth, from, until, parent, digest, w);
    }

    /**
     * A human-readable outline of a credential or chain (root first) for display only: nothing is verified,
     * and only text comes out, so it can never feed a decision (use the {@code Verifier} and
     * {@link #parse(VerifiedCredential)} for that).
     *
     * @param chain the credentials, root first
     * @return several lines per link: id, issuer, agent, validity, depth, workload and capabilities, indented by depth
     * @throws CapabilityException naming the link and member that is missing or malformed
     */
    public static String describeUnverified(List<JsonObject> chain) throws CapabilityException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            CapabilityCredential c;
            try {
                c = parseUnverified(chain.get(i));
            } catch (CapabilityException e) {
                throw new CapabilityException("link " + i + ": " + e.getMessage());
            }
            String indent = "  ".repeat(i);
            b.append(indent).append(i == 0 ? "grant " : "└─ delegation ").append(c.id()).append('\n');
            b.append(indent).append("   issuer:  ").append(c.issuer()).append('\n');
            b.append(indent).append("   agent:   ").append(c.subject()).append('\n');
            b.append(indent).append("   valid:   ").append(c.validFrom().map(Object::toString).orElse("-")).append(" .. ")
                    .append(c.validUntil().map(Object::toString).orElse("(no end)")).append('\n');
            b.append(indent).append("   may delegate ").append(c.delegationDepth()).append(" more level(s)").append('\n');
            c.workload().workloadId().ifPresent(w -> b.append(indent).append("   workload: ").append(w).append('\n'));
            for (Capability cap : c.capabilities()) {
                b.append(indent).append("   - ").append(cap.action()).append(' ').append(cap.resource());
                if (!cap.constraints().isEmpty()) b.append(' ').append(cap.constraints());
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static Instant time(JsonObject vc, String key) throws CapabilityException {
        if (!vc.containsKey(key)) return null;
        String s = CapabilityJson.string(vc, key, true);
        return DateTimeStamp.parse(s).orElseThrow(() -> new CapabilityException(key + " is not an XML Schema dateTimeStamp"));
    }

    private static boolean hasType(JsonValue v, String t) {
        if (v instanceof JsonString s) return s.getString().equals(t);
        if (v instanceof JsonArray a) return a.stream().anyMatch(x -> x instanceof JsonString s && s.getString().equals(t));
        return false;
    }

    private static boolean hasContext(JsonValue v) {
        return v instanceof JsonArray a && a.stream().anyMatch(x -> x instanceof JsonString s && s.getString().equals(CONTEXT));
    }

    /**
     * The {@code parentCredentialDigest} of a credential: multibase base58btc ({@code z}) of the sha2-256
     * multihash ({@code 0x12 0x20} + digest) of the JCS (RFC 8785) canonical form of the whole credential,
     * proof included.
     *
     * @param credential the parent credential as signed
     * @return the digest, starting with {@code z}
     * @throws CapabilityException if the credential cannot be canonicalized with JCS (e.g. a number JCS cannot write)
     */
    public static String digestOf(JsonObject credential) throws CapabilityException {
        try {
            byte[] d = sha256(Jcs.canonicalizeToUtf8(credential));
            byte[] mh = new byte[34];
            mh[0] = 0x12;
            mh[1] = 0x20;
            System.arraycopy(d, 0, mh, 2, 32);
            return Multibase.encode(Multibase.Base.BASE58BTC, mh);
        } catch (JcsException e) {
            throw new CapabilityException("credential cannot be canonicalized with JCS: " + e.getMessage());
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** {@return the credential JSON: the verified view (or, for an unverified parse, the JSON as given)} */
    public JsonObject json() { return json; }
    /** {@return the credential's {@code id}} */
    public String id() { return id; }
    /** {@return the issuer DID} */
    public String issuer() { return issuer; }
    /** {@return the agent DID ({@code credentialSubject.id})} */
    public String subject() { return subject; }
    /** {@return true for an {@code AgentDelegationCredential}, false for a root capability credential} */
    public boolean isDelegation() { return delegation; }
    /** {@return the capabilities granted, in the credential's order; immutable} */
    public List<Capability> capabilities() { return capabilities; }
    /** {@return how many further delegation levels the subject may create (0 = none)} */
    public int delegationDepth() { return delegationDepth; }
    /** {@return the start of validity ({@code validFrom}), or empty when the credential has none} */
    public Optional<Instant> validFrom() { return Optional.ofNullable(validFrom); }
    /** {@return the end of validity ({@code validUntil}), or empty when the credential has none} */
    public Optional<Instant> validUntil() { return Optional.ofNullable(validUntil); }
    /** {@return the parent credential's id, or empty for a root capability credential} */
    public Optional<String> parentCredential() { return parentCredential.isEmpty() ? Optional.empty() : Optional.of(parentCredential); }
    /** {@return the parent credential's digest ({@link #digestOf}), or empty for a root capability credential} */
    public Optional<String> parentCredentialDigest() { return parentDigest.isEmpty() ? Optional.empty() : Optional.of(parentDigest); }
    /** {@return the attested workload, {@link Workload#NONE} when the credential names none} */
    public Workload workload() { return workload; }

    /**
     * Explains why {@code child} is not an attenuation of this credential (capabilities, validity,
     * depth), or empty if it is. Does not check signatures, issuer linkage or digests.
     *
     * @param child the delegation that claims this credential as its parent
     * @return one line naming the capability, validity bound or depth that widens, or empty
     */
    public Optional<String> whyNotAttenuatedBy(CapabilityCredential child) {
        for (int i = 0; i < child.capabilities.size(); i++) {
            Capability c = child.capabilities.get(i);
            String closest = null;
            boolean ok = false;
            for (Capability p : capabilities) {
                Optional<String> why = p.whyNotCovering(c);
                if (why.isEmpty()) { ok = true; break; }
                if (closest == null || p.action().equals(c.action())) closest = why.get();
            }
            if (!ok) return Optional.of("capability[" + i + "] (" + c.action() + " " + c.resource() + ") is not within the parent: " + closest);
        }
        if (validFrom != null && (child.validFrom == null || child.validFrom.isBefore(validFrom))) {
            return Optional.of("validFrom " + (child.validFrom == null ? "(none)" : child.validFrom) + " is before the parent's " + validFrom);
        }
        if (validUntil != null && (child.validUntil == null || child.validUntil.isAfter(validUntil))) {
            return Optional.of("validUntil " + (child.validUntil == null ? "(none)" : child.validUntil) + " is after the parent's " + validUntil);
        }
        if (delegationDepth < 1) return Optional.of("the parent's delegationDepth is 0: it may not be delegated");
        if (child.delegationDepth > delegationDepth - 1) {
            return Optional.of("delegationDepth " + child.delegationDepth + " exceeds the parent's " + delegationDepth + " minus one");
        }
        return Optional.empty();
    }
}
