package dev.mandate.agent;

import dev.mandate.vc.model.Workload;

import dev.mandate.did.crypto.KeyMaterial;
import dev.mandate.did.crypto.KeyType;
import dev.mandate.did.resolve.DidResolvers;
import dev.mandate.vc.issuer.Issuer;
import dev.mandate.vc.issuer.IssuerKey;
import dev.mandate.vc.json.Jsonp;
import dev.mandate.vc.proof.DataIntegrity;
import dev.mandate.vc.proof.ProofException;
import dev.mandate.vc.verifier.DidMethodResolver;
import dev.mandate.vc.verifier.Verifier;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Shared test parties, clock and helpers. */
public final class Fixtures {
    public static final Instant NOW = Instant.parse("2026-03-02T10:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final DidMethodResolver RESOLVER = new DidMethodResolver(DidResolvers.offline());
    public static final Verifier VERIFIER = Verifier.builder(RESOLVER).clock(CLOCK).build();
    public static final CapabilityIssuer ISSUER = new CapabilityIssuer(CLOCK);
    public static final String SUITE = "eddsa-jcs-2022";

    private Fixtures() {}

    /** A party with a did:key. */
    public record Party(KeyMaterial key, String did, String vm) {
        public static Party of(KeyType type) {
            KeyMaterial k = KeyMaterial.generate(type);
            String mk = k.publicKey().toMultikey();
            return new Party(k, "did:key:" + mk, "did:key:" + mk + "#" + mk);
        }
        public static Party ed() { return of(KeyType.ED25519); }
        /** This party's key signing with {@link Fixtures#SUITE}. */
        public IssuerKey signing() { return signing(SUITE); }
        /** This party's key signing with {@code suite}. */
        public IssuerKey signing(String suite) { return new IssuerKey(did, vm, suite, key.signer()); }
    }

    public static Capability cap(String action, String resource, Constraints c) {
        try {
            return Capability.of(action, resource, c);
        } catch (CapabilityException e) {
            throw new AssertionError(e);
        }
    }

    public static Constraints.Builder cons() { return Constraints.builder(); }

    public static CapabilityIssuer.Grant grant(Party subject, int depth, Duration validFor, Capability... caps) {
        return new CapabilityIssuer.Grant(subject.did(), List.of(caps), depth, Workload.NONE, validFor);
    }

    public static JsonObject root(Party org, Party agent, int depth, Capability... caps) throws ProofException {
        return ISSUER.grant(grant(agent, depth, Duration.ofHours(1), caps), org.signing());
    }

    public static JsonObject delegate(JsonObject parent, Party holder, Party sub, int depth, Capability... caps) throws Exception {
        return ISSUER.delegate(parent, grant(sub, depth, Duration.ofMinutes(30), caps), holder.signing());
    }

    /**
     * Signs a delegation link WITHOUT the issuer-side attenuation check, to forge escalations.
     * {@code edit} may change the unsigned credential before signing.
     */
    public static JsonObject forgeDelegation(JsonObject parent, Party signer, Party sub, int depth, Instant validUntil,
                                             java.util.function.UnaryOperator<JsonObject> edit, Capability... caps) throws Exception {
        CapabilityCredential p = CapabilityCredential.parseUnverified(parent);
        JsonObject unsigned = CapabilityIssuer.unsigned(CapabilityCredential.DELEGATION_TYPE,
                grant(sub, depth, Duration.ofMinutes(1), caps), p.id(), CapabilityCredential.digestOf(parent));
        JsonObjectBuilder b = Jsonp.PROVIDER.createObjectBuilder(unsigned)
                .add("validFrom", DataIntegrity.format(NOW))
                .add("validUntil", DataIntegrity.format(validUntil));
        return new Issuer(CLOCK).issue(edit.apply(b.build()), signer.signing());
    }

    /** Parses a signed capability credential the only way decisions may: through the verifier's verified view. */
    public static CapabilityCredential parseVerified(JsonObject signed) throws CapabilityException {
        dev.mandate.vc.verifier.Verification v = VERIFIER.verifyWithView(signed, dev.mandate.vc.verifier.VerifyOptions.none());
        return CapabilityCredential.parse(v.credential().orElseThrow(() -> new AssertionError("does not verify: " + v.result().toJson())));
    }

    /** Replaces credentialSubject.{key} with value. */
    public static JsonObject withSubjectMember(JsonObject vc, String key, jakarta.json.JsonValue value) {
        JsonObject subj = vc.getJsonObject("credentialSubject");
        return Jsonp.PROVIDER.createObjectBuilder(vc)
                .add("credentialSubject", Jsonp.PROVIDER.createObjectBuilder(subj).add(key, value)).build();
    }
}
